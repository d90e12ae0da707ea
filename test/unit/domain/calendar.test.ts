import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  bundledNotice,
  CalendarDataMissingError,
  chinaCalendar,
  endOfShanghaiDay,
  provisionalYearData,
  toShanghaiDate,
  WorkingDayCalendar,
  type CalendarYearData,
} from '../../../domain/calendar/index.js';
import { notices } from '../../support/notices.js';

const [cn2024, cn2025, cn2026] = [2024, 2025, 2026].map(bundledNotice) as [CalendarYearData, CalendarYearData, CalendarYearData];

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (d: string) => Date.parse(`${d}T00:00:00Z`);

function expectedYear(year: number): Map<string, boolean> {
  const notice = notices[year]!;
  const off = new Set<string>();
  for (const [from, to] of notice.off) for (let t = msOf(from); t <= msOf(to); t += DAY) off.add(iso(t));
  const table = new Map<string, boolean>();
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY) {
    const d = iso(t);
    const weekend = [0, 6].includes(new Date(t).getUTCDay());
    table.set(d, notice.worked.includes(d) || (!weekend && !off.has(d)));
  }
  return table;
}

describe('working days by year', () => {
  it.each([
    [2024, 366, 251],
    [2025, 365, 248],
    [2026, 365, 248],
  ])('%i: every day matches the notice (%i days, %i working)', (year, days, working) => {
    const expected = expectedYear(year);
    expect(expected.size).toBe(days);
    const mismatches = [...expected].filter(([d, w]) => chinaCalendar.isWorkingDay(d) !== w).map(([d]) => d);
    expect(mismatches).toEqual([]);
    expect([...expected.values()].filter(Boolean)).toHaveLength(working);
  });

  it('make-up days are weekend days and holiday weekdays are off (spot checks)', () => {
    // 2024: Spring Festival 10–17 Feb, worked Sun 4 Feb and Sun 18 Feb.
    expect(chinaCalendar.isWorkingDay('2024-02-04')).toBe(true);
    expect(chinaCalendar.isWorkingDay('2024-02-12')).toBe(false);
    expect(chinaCalendar.isWorkingDay('2024-02-18')).toBe(true);
    // 2024: Dragon Boat on Monday 10 June.
    expect(chinaCalendar.isWorkingDay('2024-06-10')).toBe(false);
    // 2025: National Day and Mid-Autumn 1–8 Oct, worked Sat 11 Oct.
    expect(chinaCalendar.isWorkingDay('2025-10-08')).toBe(false);
    expect(chinaCalendar.isWorkingDay('2025-10-11')).toBe(true);
    // 2026: New Year 1–3 Jan, worked Sun 4 Jan.
    expect(chinaCalendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(chinaCalendar.isWorkingDay('2026-01-04')).toBe(true);
  });

  it('names its sources', () => {
    expect(chinaCalendar.version).toBe('cn:2024,2025,2026');
    expect(chinaCalendar.coveredYears()).toEqual([2024, 2025, 2026]);
  });
});

describe('addWorkingDays / workingDaysBetween', () => {
  it.each([
    // Spring Festival 2026: off 15–23 Feb, worked Sat 14 Feb.
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-13', 2, '2026-02-24'],
    ['2026-02-12', 5, '2026-02-26'],
    // Spring Festival 2025: off 28 Jan–4 Feb, worked Sun 26 Jan.
    ['2025-01-24', 1, '2025-01-26'],
    ['2025-01-24', 3, '2025-02-05'],
    // National Day 2026: off 1–7 Oct, worked Sun 20 Sep and Sat 10 Oct.
    ['2026-09-18', 1, '2026-09-20'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 4, '2026-10-12'],
    // Fujian's 10 working days across Mid-Autumn and National Day 2026.
    ['2026-09-24', 10, '2026-10-15'],
    // Year boundaries: 2026 starts with 1–3 Jan off and Sun 4 Jan worked.
    ['2025-12-31', 1, '2026-01-04'],
    ['2025-12-31', 2, '2026-01-05'],
    ['2024-12-31', 1, '2025-01-02'],
    // n = 0: the start if it is a working day, else the next one.
    ['2026-02-15', 0, '2026-02-24'],
    ['2026-02-14', 0, '2026-02-14'],
    ['2026-07-15', 0, '2026-07-15'],
  ])('%s + %i working days = %s', (start, n, expected) => {
    expect(chinaCalendar.addWorkingDays(start, n)).toBe(expected);
    if (n > 0) expect(chinaCalendar.workingDaysBetween(start, expected)).toBe(n);
  });

  it('counts (from, to], negative backwards', () => {
    expect(chinaCalendar.workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2);
    expect(chinaCalendar.workingDaysBetween('2026-02-24', '2026-02-13')).toBe(-2);
    expect(chinaCalendar.workingDaysBetween('2026-07-15', '2026-07-15')).toBe(0);
    // 1 Jan 2024, excluded as the start, is a holiday anyway: the sum is every working day of the three years.
    expect(chinaCalendar.workingDaysBetween('2024-01-01', '2026-12-31')).toBe(251 + 248 + 248);
  });

  it('nextWorkingDay is strictly after', () => {
    expect(chinaCalendar.nextWorkingDay('2026-07-15')).toBe('2026-07-16');
    expect(chinaCalendar.nextWorkingDay('2026-07-17')).toBe('2026-07-20');
  });

  it('rejects bad input', () => {
    expect(() => chinaCalendar.addWorkingDays('2026-07-15', -1)).toThrow(RangeError);
    expect(() => chinaCalendar.addWorkingDays('2026-07-15', 1.5)).toThrow(RangeError);
    expect(() => chinaCalendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => chinaCalendar.isWorkingDay('2026-7-15')).toThrow(RangeError);
  });
});

describe('years without a notice', () => {
  // Pinned to the notices of 2024-2026, so these hold once later notices are bundled.
  const pinned = new WorkingDayCalendar([cn2024, cn2025, cn2026]);
  const provisional = new WorkingDayCalendar([cn2024, cn2025, cn2026], { provisionalYear: provisionalYearData });

  it.each([
    ['isWorkingDay 2023-12-31', () => pinned.isWorkingDay('2023-12-31'), 2023],
    ['isWorkingDay 2027-01-04', () => pinned.isWorkingDay('2027-01-04'), 2027],
    ['adding past the last covered day', () => pinned.addWorkingDays('2026-12-31', 1), 2027],
    ['a start in an uncovered year', () => pinned.addWorkingDays('2023-12-29', 1), 2023],
    ['counting into an uncovered year', () => pinned.workingDaysBetween('2026-12-01', '2027-01-04'), 2027],
    ['a deadline in an uncovered year', () => pinned.deadline('2027-03-01T09:00:00+08:00', 5), 2027],
  ])('without provisional years, %s throws CalendarDataMissingError', (_name, run, year) => {
    expect(run).toThrow(CalendarDataMissingError);
    try {
      run();
    } catch (e) {
      expect((e as CalendarDataMissingError).year).toBe(year);
    }
  });

  it('a calendar covers only the years it is given', () => {
    const only2026 = new WorkingDayCalendar([cn2026]);
    expect(only2026.version).toBe('cn:2026');
    expect(() => only2026.isWorkingDay('2025-12-31')).toThrow(CalendarDataMissingError);
  });

  it('counts a provisional year from weekends and the statutory holidays, with no make-up day', () => {
    const y2027 = provisionalYearData(2027);
    expect(y2027.makeUpWorkdays).toEqual([]);
    expect(y2027.source.title).toContain('预计');
    // New Year's Day 2027 is a Friday: off; the weekend after it is not worked.
    expect(provisional.isWorkingDay('2027-01-01')).toBe(false);
    expect(provisional.isWorkingDay('2027-01-04')).toBe(true);
    for (const holiday of y2027.holidays) for (const d of holiday.dates) expect(provisional.isWorkingDay(d), d).toBe(false);
    expect(provisional.isProvisionalYear(2027)).toBe(true);
    expect(provisional.isProvisionalYear(2026)).toBe(false);
    expect(provisional.version).toBe('cn:2024,2025,2026');
  });

  it('marks a deadline provisional when its count goes through a year without a notice', () => {
    expect(provisional.deadline('2026-12-28T10:00:00+08:00', 10)).toEqual({ dueDate: '2027-01-12', dueAt: '2027-01-12T23:59:59.999+08:00', provisional: true });
    expect(provisional.deadline('2026-12-01T10:00:00+08:00', 5)).toEqual({ dueDate: '2026-12-08', dueAt: '2026-12-08T23:59:59.999+08:00', provisional: false });
    expect(provisional.countWorkingDays('2027-03-01', 5)).toEqual({ date: '2027-03-08', provisional: true });
    expect(provisional.workingDaysBetween('2026-12-31', '2027-01-04')).toBe(1);
  });

  it('counts a day two festivals share once (Mid-Autumn on 3 October 2028)', () => {
    const national = provisionalYearData(2028).holidays.find((h) => h.dates.includes('2028-10-01'));
    expect(national?.dates).toEqual(['2028-10-01', '2028-10-02', '2028-10-03']);
    expect(national?.nameZh).toContain('中秋节');
    expect(provisional.isWorkingDay('2028-10-04')).toBe(true);
  });

  it('still refuses a year before the oldest holiday rules it knows', () => {
    expect(() => provisional.isWorkingDay('2013-06-03')).toThrow(CalendarDataMissingError);
  });

  it('the bundled calendar never waits: every day of the next years counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 6 }), fc.integer({ min: 1, max: 120 }), (offset, n) => {
        const start = iso(Date.UTC(2026, 0, 1) + offset * DAY);
        const { date, provisional: isProvisional } = chinaCalendar.countWorkingDays(start, n);
        expect(chinaCalendar.workingDaysBetween(start, date)).toBe(n);
        expect(isProvisional).toBe(chinaCalendar.isProvisionalYear(Number(date.slice(0, 4))) || chinaCalendar.isProvisionalYear(Number(start.slice(0, 4))));
      }),
    );
  });
});

describe('data validation at construction', () => {
  const base: CalendarYearData = { ...cn2026, holidays: [], makeUpWorkdays: [] };
  const invalid: [string, CalendarYearData[]][] = [
    ['a duplicate year', [cn2026, cn2026]],
    ['a date outside the year', [{ ...base, makeUpWorkdays: ['2025-12-27'] }]],
    ['a make-up day on a weekday', [{ ...base, makeUpWorkdays: ['2026-07-15'] }]],
    ['a gap in a holiday block', [{ ...base, holidays: [{ name: 'x', nameZh: 'x', dates: ['2026-10-01', '2026-10-03'] }] }]],
    ['a day both off and worked', [{ ...base, holidays: [{ name: 'x', nameZh: 'x', dates: ['2026-02-14'] }], makeUpWorkdays: ['2026-02-14'] }]],
    ['an impossible date', [{ ...base, holidays: [{ name: 'x', nameZh: 'x', dates: ['2026-02-30'] }] }]],
  ];
  it.each(invalid)('rejects %s', (_name, years) => {
    expect(() => new WorkingDayCalendar(years)).toThrow();
  });
});

describe('Shanghai dates and deadlines', () => {
  it.each([
    ['2026-07-14T15:59:59.999Z', '2026-07-14'],
    ['2026-07-14T16:00:00Z', '2026-07-15'],
    ['2026-07-15T00:30:00+09:00', '2026-07-14'],
    ['2026-07-14T12:00:00-05:00', '2026-07-15'],
    ['2025-12-31T16:00:00.000Z', '2026-01-01'],
  ])('toShanghaiDate(%s) = %s', (instant, date) => {
    expect(toShanghaiDate(instant)).toBe(date);
  });

  it.each(['2026-07-15T10:00:00', '2026-07-15', '2026-02-30T00:00:00Z', 'yesterday'])('rejects %s', (instant) => {
    expect(() => toShanghaiDate(instant)).toThrow(RangeError);
  });

  it('a deadline started late in the UTC evening counts from the next Shanghai day', () => {
    // 23:30 UTC on Tue 14 July is 07:30 on Wed 15 July in Shanghai.
    expect(chinaCalendar.deadline('2026-07-14T23:30:00Z', 5)).toEqual({
      dueDate: '2026-07-22',
      dueAt: '2026-07-22T23:59:59.999+08:00',
      provisional: false,
    });
    // The same instant read in UTC would start on the 14th and end a day earlier.
    expect(chinaCalendar.addWorkingDays('2026-07-14', 5)).toBe('2026-07-21');
  });

  it('endOfShanghaiDay is the last millisecond before the next Shanghai day', () => {
    const end = endOfShanghaiDay('2026-07-20');
    expect(end).toBe('2026-07-20T23:59:59.999+08:00');
    expect(Date.parse(end)).toBe(Date.parse('2026-07-20T15:59:59.999Z'));
    expect(toShanghaiDate(end)).toBe('2026-07-20');
    expect(toShanghaiDate(new Date(Date.parse(end) + 1).toISOString())).toBe('2026-07-21');
  });
});

describe('properties', () => {
  // Starts up to 30 Sep 2026 and at most 40 working days keep every result inside covered data.
  const start = fc.integer({ min: msOf('2024-01-01') / DAY, max: msOf('2026-09-30') / DAY }).map((n) => iso(n * DAY));
  const n = fc.integer({ min: 1, max: 40 });

  it('counting back what was added gives n', () => {
    fc.assert(
      fc.property(start, n, (s, k) => {
        expect(chinaCalendar.workingDaysBetween(s, chinaCalendar.addWorkingDays(s, k))).toBe(k);
      }),
    );
  });

  it('n = 0 from a working day counts 0, from a day off counts 1', () => {
    fc.assert(
      fc.property(start, (s) => {
        const due = chinaCalendar.addWorkingDays(s, 0);
        expect(chinaCalendar.workingDaysBetween(s, due)).toBe(chinaCalendar.isWorkingDay(s) ? 0 : 1);
      }),
    );
  });

  it('the result is always a working day, strictly after the start', () => {
    fc.assert(
      fc.property(start, n, (s, k) => {
        const due = chinaCalendar.addWorkingDays(s, k);
        expect(chinaCalendar.isWorkingDay(due)).toBe(true);
        expect(due > s).toBe(true);
      }),
    );
  });

  it('is monotonic in n and in the start', () => {
    fc.assert(
      fc.property(start, start, n, n, (s1, s2, k1, k2) => {
        const [a, b] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const [lo, hi] = k1 <= k2 ? [k1, k2] : [k2, k1];
        expect(chinaCalendar.addWorkingDays(a, lo) <= chinaCalendar.addWorkingDays(a, hi)).toBe(true);
        if (lo < hi) expect(chinaCalendar.addWorkingDays(a, lo) < chinaCalendar.addWorkingDays(a, hi)).toBe(true);
        expect(chinaCalendar.addWorkingDays(a, lo) <= chinaCalendar.addWorkingDays(b, lo)).toBe(true);
      }),
    );
  });

  it('counting is antisymmetric and additive', () => {
    fc.assert(
      fc.property(start, start, start, (a, b, c) => {
        expect(chinaCalendar.workingDaysBetween(a, b) + chinaCalendar.workingDaysBetween(b, a)).toBe(0);
        expect(chinaCalendar.workingDaysBetween(a, b) + chinaCalendar.workingDaysBetween(b, c)).toBe(chinaCalendar.workingDaysBetween(a, c));
      }),
      { numRuns: 50 },
    );
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-06-30', 6, '2026-12-30'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-11-15', 2, '2027-01-15'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  it('rejects a date that does not exist', () => {
    expect(() => addMonths('2026-02-30', 6)).toThrow(RangeError);
  });
});
