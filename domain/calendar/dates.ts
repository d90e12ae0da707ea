/**
 * Plain date arithmetic in Asia/Shanghai: no calendar data, no astronomy, so workflow code can
 * import it without pulling the working-day calendar into the sandbox bundle.
 *
 * Pure: no clock, no time zone database. China has kept UTC+08:00 without DST since 1991, so
 * Shanghai dates are plain offset arithmetic.
 */

/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type LocalDate = string;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a real 'YYYY-MM-DD', else undefined. */
export function parseLocalDate(d: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return undefined;
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches that.
  return fromDayNumber(n) === d ? n : undefined;
}

export function dayNumber(d: LocalDate): number {
  const n = parseLocalDate(d);
  if (n === undefined) throw new RangeError(`invalid local date '${d}': expected a real date as YYYY-MM-DD`);
  return n;
}

export function fromDayNumber(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function yearOf(d: LocalDate): number {
  return Number(d.slice(0, 4));
}

/**
 * Parses an ISO 8601 instant with an explicit offset or Z and returns its date in Shanghai. An
 * instant without an offset is rejected: Date.parse would read it in the host's time zone.
 */
export function toShanghaiDate(instant: string): LocalDate {
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i.exec(instant);
  const ms = Date.parse(instant);
  // Date.parse may roll an impossible date such as 02-30 forward; the calendar part must be real.
  if (!m || parseLocalDate(m[1] ?? '') === undefined || Number.isNaN(ms)) {
    throw new RangeError(`invalid instant '${instant}': expected ISO 8601 with an offset, e.g. 2026-07-15T09:30:00+08:00`);
  }
  return fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** The last millisecond of the day in Shanghai, as an ISO instant with +08:00. */
export function endOfShanghaiDay(d: LocalDate): string {
  // Validates only: an invalid date must not be formatted into an instant.
  dayNumber(d);
  return `${d}T23:59:59.999+08:00`;
}

/**
 * The instant `hours` clock hours after `instant`, as an ISO timestamp in UTC. For emergency
 * deadlines, which count clock hours, not working days.
 */
export function addHours(instant: string, hours: number): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`invalid instant '${instant}'`);
  return new Date(ms + hours * 3_600_000).toISOString();
}

/**
 * The same day `months` calendar months later, clamped to the month's end (31 Aug + 6 months is
 * 28 Feb or 29 Feb). For targets in months such as "employed within 6 months of graduation", which
 * count calendar months, not working days.
 */
export function addMonths(d: LocalDate, months: number): LocalDate {
  dayNumber(d);
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}
