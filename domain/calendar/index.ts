/**
 * Chinese working-day calendar for Asia/Shanghai. Deadlines in the policy documents count working
 * days (e.g. Fujian 闽人社文〔2021〕156号 三(一)1: registration within 10 working days), which are
 * weekdays minus statutory holidays plus make-up working days, both set each year by the State
 * Council. The rules are here; the years are data files under ./data. A date in a year without data
 * throws instead of falling back to weekends: a guessed deadline that lands inside a holiday week is
 * a wrong answer given to a citizen.
 *
 * Pure: no clock, no time zone database. China has kept UTC+08:00 without DST since 1991, so
 * Shanghai dates are plain offset arithmetic.
 */
import { cn2024 } from './data/cn-2024.js';
import { cn2025 } from './data/cn-2025.js';
import { cn2026 } from './data/cn-2026.js';
import type { CalendarYearData } from './types.js';

export type { CalendarYearData } from './types.js';

/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type LocalDate = string;

export class CalendarDataMissingError extends Error {
  readonly year: number;
  constructor(year: number, covered: readonly number[]) {
    super(`no working-day calendar data for ${year} (covered: ${covered.join(', ') || 'none'}); add domain/calendar/data/cn-${year}.ts from the State Council notice`);
    this.name = 'CalendarDataMissingError';
    this.year = year;
  }
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a real 'YYYY-MM-DD', else undefined. */
function parseLocalDate(d: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return undefined;
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches that.
  return fromDayNumber(n) === d ? n : undefined;
}

function dayNumber(d: LocalDate): number {
  const n = parseLocalDate(d);
  if (n === undefined) throw new RangeError(`invalid local date '${d}': expected a real date as YYYY-MM-DD`);
  return n;
}

function fromDayNumber(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function yearOf(d: LocalDate): number {
  return Number(d.slice(0, 4));
}

type YearIndex = { off: ReadonlySet<string>; makeUp: ReadonlySet<string> };

/** Rejects data that cannot be a transcription of a notice, so a typo fails at module load. */
function indexYear(data: CalendarYearData): YearIndex {
  const where = `calendar data ${data.year}`;
  if (!Number.isInteger(data.year)) throw new Error(`${where}: year must be an integer`);
  const inYear = (d: string): number => {
    const n = dayNumber(d);
    if (yearOf(d) !== data.year) throw new Error(`${where}: ${d} is outside the year`);
    return n;
  };
  const off = new Set<string>();
  for (const h of data.holidays) {
    if (h.dates.length === 0) throw new Error(`${where}: holiday ${h.name} has no dates`);
    let previous: number | undefined;
    for (const d of h.dates) {
      const n = inYear(d);
      // A holiday block is consecutive days in order; a gap means a mistyped date.
      if (previous !== undefined && n !== previous + 1) throw new Error(`${where}: ${h.name} is not consecutive at ${d}`);
      if (off.has(d)) throw new Error(`${where}: ${d} is listed twice`);
      off.add(d);
      previous = n;
    }
  }
  const makeUp = new Set<string>();
  for (const d of data.makeUpWorkdays) {
    const wd = weekday(inYear(d));
    // Make-up working days only ever move a weekend day to work.
    if (wd !== 0 && wd !== 6) throw new Error(`${where}: make-up working day ${d} is not a weekend day`);
    if (off.has(d)) throw new Error(`${where}: ${d} is both a holiday and a make-up working day`);
    makeUp.add(d);
  }
  return { off, makeUp };
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

export class WorkingDayCalendar {
  /** Identifies the data set, e.g. 'cn:2024,2025,2026', for audit records of computed deadlines. */
  readonly version: string;
  private readonly years: ReadonlyMap<number, YearIndex>;

  constructor(years: readonly CalendarYearData[]) {
    const map = new Map<number, YearIndex>();
    for (const y of years) {
      if (map.has(y.year)) throw new Error(`calendar data ${y.year} is given twice`);
      map.set(y.year, indexYear(y));
    }
    this.years = map;
    this.version = `cn:${this.coveredYears().join(',')}`;
  }

  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  private yearIndex(d: LocalDate): YearIndex {
    const y = yearOf(d);
    const index = this.years.get(y);
    if (!index) throw new CalendarDataMissingError(y, this.coveredYears());
    return index;
  }

  private isWorkingDayNumber(n: number): boolean {
    const d = fromDayNumber(n);
    const { off, makeUp } = this.yearIndex(d);
    if (makeUp.has(d)) return true;
    if (off.has(d)) return false;
    const wd = weekday(n);
    return wd !== 0 && wd !== 6;
  }

  isWorkingDay(d: LocalDate): boolean {
    return this.isWorkingDayNumber(dayNumber(d));
  }

  /**
   * The n-th working day after `start` (start itself not counted), as "within n working days of"
   * reads in the policy documents. n = 0 gives `start` if it is a working day, else the next one.
   */
  addWorkingDays(start: LocalDate, n: number): LocalDate {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
    let day = dayNumber(start);
    // The start year must be covered even when only later days are looked at: a start in an
    // uncovered year means the caller's data is stale.
    this.yearIndex(start);
    if (n === 0) {
      while (!this.isWorkingDayNumber(day)) day++;
      return fromDayNumber(day);
    }
    let left = n;
    while (left > 0) {
      day++;
      if (this.isWorkingDayNumber(day)) left--;
    }
    return fromDayNumber(day);
  }

  /**
   * Working days in (from, to], negative when to < from, so that addWorkingDays(a, n) = b implies
   * workingDaysBetween(a, b) = n for n ≥ 1 (and for n = 0 when a is a working day).
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    this.yearIndex(from);
    this.yearIndex(to);
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let day = lo + 1; day <= hi; day++) if (this.isWorkingDayNumber(day)) count++;
    // 0 - count, not -count: a backwards span with no working day is 0, never -0.
    return sign === 1 ? count : 0 - count;
  }

  /** The first working day strictly after `d`. */
  nextWorkingDay(d: LocalDate): LocalDate {
    return this.addWorkingDays(d, 1);
  }

  /**
   * Due date n working days after the Shanghai date of `startInstant`, due at the end of that day:
   * a handover at 23:30 UTC on 14 July is 15 July in Shanghai, and the count starts from there.
   */
  deadline(startInstant: string, n: number): { dueDate: LocalDate; dueAt: string } {
    const dueDate = this.addWorkingDays(toShanghaiDate(startInstant), n);
    return { dueDate, dueAt: endOfShanghaiDay(dueDate) };
  }
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

/** Every bundled year. Add a year by adding its data file here (see README.md). */
export const chinaCalendar = new WorkingDayCalendar([cn2024, cn2025, cn2026]);
