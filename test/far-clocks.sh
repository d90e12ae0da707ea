#!/usr/bin/env bash
# The unit, workflow and replay tiers with the machine's clock set far ahead, as a guard against
# tests that pass only on the day they were written (a fixture deadline that passes with the
# calendar, a span that reaches a year without a holiday notice). libfaketime moves the clocks of
# every process under it, Node and the Java time-skipping test server alike, by a fixed offset that
# lands on each date: an offset (not a frozen or restarted clock) keeps time running, and shifting
# the monotonic clock by the same constant keeps timers right (leaving it real made the JVM start
# seven times slower, past the SDK's 5 s wait). Dates: one in a year without a bundled notice, one
# further out with a leap day ahead.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then
  echo "far-clock tests need libfaketime: apt-get install faketime" >&2
  exit 1
fi
for now in '2027-06-01 09:00:00' '2028-03-01 09:00:00'; do
  offset=$(($(date -u -d "$now" +%s) - $(date -u +%s)))
  echo "== unit, workflow and replay tests with the clock at $now (UTC), ${offset} s ahead"
  faketime -f "+${offset}" npx vitest run --project unit
done
