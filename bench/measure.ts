/** Small statistics and pacing helpers for the bench. */
import { setTimeout as sleep } from 'node:timers/promises';

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile: with 100 values, p99 is the 99th smallest. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Calls `fn` `perSecond` times a second for `seconds`, each call on its own schedule whether or
 * not earlier ones finished (an open system, as events arrive), and resolves with every result.
 */
export async function paced<T>(perSecond: number, seconds: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const count = Math.round(perSecond * seconds);
  const start = performance.now();
  const calls: Promise<T>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    calls.push(fn(i));
  }
  return Promise.all(calls);
}

/** Polls until `done` says yes or the time is up; resolves with the time it said yes (performance.now()). */
export async function until(what: string, done: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await done()) return performance.now();
    if (performance.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}
