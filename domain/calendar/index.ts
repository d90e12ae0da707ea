/**
 * Chinese working-day calendar for Asia/Shanghai. Deadlines in the policy documents count working
 * days (e.g. Fujian 闽人社文〔2021〕156号 三(一)1: registration within 10 working days), which are
 * weekdays minus statutory holidays plus make-up working days, both set each year by the State
 * Council. The rules are here; the years are data files under ./data.
 *
 * The State Council publishes next year's notice only in November or December, while deadlines
 * run into the next year all autumn. A year without a notice is therefore provisional: weekends
 * and the statutory holidays of 《全国年节及纪念日放假办法》 computed for that year (./statutory.ts),
 * without make-up working days, which no rule predicts. A deadline that counts through such a year
 * says so (`provisional`), and running cases recompute it once the notice is added. Nothing waits
 * for data; nothing is guessed silently.
 */
import cn2024 from './data/cn-2024.json' with { type: 'json' };
import cn2025 from './data/cn-2025.json' with { type: 'json' };
import cn2026 from './data/cn-2026.json' with { type: 'json' };
import { dayNumber, endOfShanghaiDay, fromDayNumber, toShanghaiDate, weekday, yearOf, type LocalDate } from './dates.js';
import { holidayRulesFor, statutoryHolidays, type StatutoryHoliday } from './statutory.js';
import { CalendarYearData } from './types.js';

export { CalendarYearData } from './types.js';
export { addMonths, endOfShanghaiDay, toShanghaiDate, type LocalDate } from './dates.js';

export class CalendarDataMissingError extends Error {
  readonly year: number;
  constructor(year: number, covered: readonly number[], why?: string) {
    super(
      `no working-day calendar data for ${year} (covered: ${covered.join(', ') || 'none'})${why ? `: ${why}` : ''}; add domain/calendar/data/cn-${year}.ts from the State Council notice`,
    );
    this.name = 'CalendarDataMissingError';
    this.year = year;
  }
}

type YearIndex = { off: ReadonlySet<string>; makeUp: ReadonlySet<string>; provisional: boolean };

/** Rejects data that cannot be a transcription of a notice, so a typo fails at module load. */
function indexYear(data: CalendarYearData, provisional: boolean): YearIndex {
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
  return { off, makeUp, provisional };
}

/**
 * The provisional year: the statutory holidays under the rules in force that year, no make-up
 * working days. Throws for years before the oldest rules the project knows.
 */
export function provisionalYearData(year: number): CalendarYearData {
  const rules = holidayRulesFor(year);
  return {
    year,
    source: {
      title: `《全国年节及纪念日放假办法》（${rules.revision}）法定节假日推算，未含调休（预计）`,
      documentNumber: rules.source,
      issued: `${rules.inForceFrom}-01-01`,
      url: '',
    },
    holidays: mergeOverlapping(statutoryHolidays(year)),
    makeUpWorkdays: [],
  };
}

/**
 * Two festivals can share a day (Mid-Autumn on 1–3 October, as in 2020 and 2028): the day is off
 * once, in one block named for both. Whatever extra day a notice then grants is not guessed.
 */
function mergeOverlapping(holidays: readonly StatutoryHoliday[]): CalendarYearData['holidays'] {
  const merged: CalendarYearData['holidays'] = [];
  for (const h of [...holidays].sort((a, b) => (a.dates[0] ?? '').localeCompare(b.dates[0] ?? ''))) {
    const last = merged.at(-1);
    if (last && h.dates.some((d) => last.dates.includes(d))) {
      last.name = `${last.name} / ${h.name}`;
      last.nameZh = `${last.nameZh}、${h.nameZh}`;
      last.dates = [...new Set([...last.dates, ...h.dates])].sort();
    } else {
      merged.push({ name: h.name, nameZh: h.nameZh, dates: [...h.dates] });
    }
  }
  return merged;
}

export interface WorkingDayCalendarOptions {
  /**
   * How a year without a notice is counted. Without it such a year throws
   * CalendarDataMissingError (useful in tests that pin a data set).
   */
  provisionalYear?: (year: number) => CalendarYearData;
}

/** A working-day count and whether any year it went through was provisional. */
export interface WorkingDayResult {
  date: LocalDate;
  provisional: boolean;
}

export class WorkingDayCalendar {
  /**
   * Identifies the notices behind it, e.g. 'cn:2024,2025,2026', for audit records of computed
   * deadlines; it changes when a year's notice is added, which is what running cases recompute on.
   */
  readonly version: string;
  private readonly years: ReadonlyMap<number, YearIndex>;
  /** Provisional years are computed on first use; pure, so caching them changes no answer. */
  private readonly provisional = new Map<number, YearIndex>();
  private readonly provisionalYear: ((year: number) => CalendarYearData) | undefined;

  constructor(years: readonly CalendarYearData[], options: WorkingDayCalendarOptions = {}) {
    const map = new Map<number, YearIndex>();
    for (const y of years) {
      if (map.has(y.year)) throw new Error(`calendar data ${y.year} is given twice`);
      map.set(y.year, indexYear(y, false));
    }
    this.years = map;
    this.provisionalYear = options.provisionalYear;
    this.version = `cn:${this.coveredYears().join(',')}`;
  }

  /** Years with a State Council notice. */
  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  /** True when `year` has no notice and is counted provisionally. */
  isProvisionalYear(year: number): boolean {
    return !this.years.has(year);
  }

  private indexOfYear(y: number): YearIndex {
    const noticed = this.years.get(y);
    if (noticed) return noticed;
    let index = this.provisional.get(y);
    if (!index) {
      if (!this.provisionalYear) throw new CalendarDataMissingError(y, this.coveredYears());
      let data: CalendarYearData;
      try {
        data = this.provisionalYear(y);
      } catch (err) {
        if (err instanceof RangeError) throw new CalendarDataMissingError(y, this.coveredYears(), err.message);
        throw err;
      }
      index = indexYear(data, true);
      this.provisional.set(y, index);
    }
    return index;
  }

  private isWorkingDayNumber(n: number): boolean {
    const d = fromDayNumber(n);
    const { off, makeUp } = this.indexOfYear(yearOf(d));
    if (makeUp.has(d)) return true;
    if (off.has(d)) return false;
    const wd = weekday(n);
    return wd !== 0 && wd !== 6;
  }

  /** Whether any year from `from` to `to` (either order) is provisional. */
  private spansProvisional(from: LocalDate, to: LocalDate): boolean {
    const [a, b] = [yearOf(from), yearOf(to)].sort((x, y) => x - y) as [number, number];
    for (let y = a; y <= b; y++) if (this.indexOfYear(y).provisional) return true;
    return false;
  }

  isWorkingDay(d: LocalDate): boolean {
    return this.isWorkingDayNumber(dayNumber(d));
  }

  /**
   * The n-th working day after `start` (start itself not counted), as "within n working days of"
   * reads in the policy documents. n = 0 gives `start` if it is a working day, else the next one.
   */
  addWorkingDays(start: LocalDate, n: number): LocalDate {
    return this.countWorkingDays(start, n).date;
  }

  /** As addWorkingDays, also telling whether the count went through a provisional year. */
  countWorkingDays(start: LocalDate, n: number): WorkingDayResult {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
    let day = dayNumber(start);
    if (n === 0) {
      while (!this.isWorkingDayNumber(day)) day++;
    } else {
      let left = n;
      while (left > 0) {
        day++;
        if (this.isWorkingDayNumber(day)) left--;
      }
    }
    const date = fromDayNumber(day);
    return { date, provisional: this.spansProvisional(start, date) };
  }

  /**
   * Working days in (from, to], negative when to < from, so that addWorkingDays(a, n) = b implies
   * workingDaysBetween(a, b) = n for n ≥ 1 (and for n = 0 when a is a working day).
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    // Both ends must be countable even when no day between them is looked at.
    this.spansProvisional(from, to);
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
   * `provisional` when the count went through a year without a notice.
   */
  deadline(startInstant: string, n: number): { dueDate: LocalDate; dueAt: string; provisional: boolean } {
    const { date, provisional } = this.countWorkingDays(toShanghaiDate(startInstant), n);
    return { dueDate: date, dueAt: endOfShanghaiDay(date), provisional };
  }
}

/** Every bundled notice, checked against its schema at load. Add a year's notice here (see README.md). */
export const noticedYears: readonly CalendarYearData[] = [cn2024, cn2025, cn2026].map((data) => CalendarYearData.parse(data));

/** One bundled year's notice, for tests that pin a calendar to a set of notices. */
export function bundledNotice(year: number): CalendarYearData {
  const found = noticedYears.find((d) => d.year === year);
  if (!found)
    throw new CalendarDataMissingError(
      year,
      noticedYears.map((d) => d.year),
    );
  return found;
}

/** The bundled notices, and provisional years beyond them. */
export const chinaCalendar = new WorkingDayCalendar(noticedYears, { provisionalYear: provisionalYearData });
