import fc from 'fast-check';
import { Lunar, LunarMonth } from 'lunar-javascript';
import { describe, expect, it } from 'vitest';
import { lunarDate, qingmingDay } from '../../../domain/calendar/lunar.js';
import { holidayRulesFor, statutoryHolidays } from '../../../domain/calendar/statutory.js';
import { notices } from '../../support/notices.js';

const DAY = 86_400_000;
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const days = (first: string, count: number) => Array.from({ length: count }, (_, i) => iso(dayOf(first) + i));

function holiday(year: number, nameZh: string): string[] {
  const found = statutoryHolidays(year).find((h) => h.nameZh === nameZh);
  if (!found) throw new Error(`${year} has no ${nameZh}`);
  return found.dates;
}

describe('holidayRulesFor', () => {
  it.each([
    [2014, '2013修订', 2014],
    [2024, '2013修订', 2014],
    [2025, '2024修订', 2025],
    [2027, '2024修订', 2025],
  ])('%i is under the %s (in force from %i)', (year, revision, inForceFrom) => {
    expect(holidayRulesFor(year)).toMatchObject({ revision, inForceFrom });
    expect(holidayRulesFor(year).source).toContain(revision === '2024修订' ? '国务院令第795号' : '国务院令第644号');
  });

  it('rejects years before the 2013 revision and non-integer years', () => {
    for (const year of [2013, 1949, 2025.5, Number.NaN]) {
      expect(() => holidayRulesFor(year)).toThrow(RangeError);
      expect(() => statutoryHolidays(year)).toThrow(RangeError);
    }
  });
});

describe('against the published notices', () => {
  it.each([
    [2024, '2013修订'],
    [2025, '2024修订'],
    [2026, '2024修订'],
  ])("%i (%s): every statutory day is off, inside its own festival's range", (year, revision) => {
    expect(holidayRulesFor(year).revision).toBe(revision);
    const outside = statutoryHolidays(year).flatMap((h) => {
      const range = notices[year]!.off.find(([, , festivals]) => festivals.split('、').includes(h.nameZh));
      return h.dates.filter((d) => !range || d < range[0] || d > range[1]).map((d) => `${h.nameZh} ${d}`);
    });
    expect(outside).toEqual([]);
  });
});

describe('known dates', () => {
  it.each([
    // Spring Festival: 正月初一 to 初三, from 2025 with 除夕 before them.
    [2024, '春节', days('2024-02-10', 3)],
    [2025, '春节', days('2025-01-28', 4)],
    [2026, '春节', days('2026-02-16', 4)],
    // The new moon that starts 2027 is at 23:56 Beijing time on 6 Feb (ΔT is known to a second).
    [2027, '春节', days('2027-02-05', 4)],
    [2028, '春节', days('2028-01-25', 4)],
    [2024, '端午节', ['2024-06-10']],
    [2025, '端午节', ['2025-05-31']],
    [2026, '端午节', ['2026-06-19']],
    [2027, '端午节', ['2027-06-09']],
    // Leap months: the 4th of 2020 and the 2nd of 2023 come before 端午, the 6th of 2025 before 中秋.
    [2020, '端午节', ['2020-06-25']],
    [2023, '中秋节', ['2023-09-29']],
    [2024, '中秋节', ['2024-09-17']],
    [2025, '中秋节', ['2025-10-06']],
    [2026, '中秋节', ['2026-09-25']],
    [2027, '中秋节', ['2027-09-15']],
    [2024, '清明节', ['2024-04-04']],
    [2025, '清明节', ['2025-04-04']],
    [2026, '清明节', ['2026-04-05']],
    [2027, '清明节', ['2027-04-05']],
    [2028, '清明节', ['2028-04-04']],
  ])('%i %s: %j', (year, nameZh, expected) => {
    expect(holiday(year, nameZh)).toEqual(expected);
  });

  it('2027, the first year without a notice, in full', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { name: "New Year's Day", nameZh: '元旦', dates: ['2027-01-01'] },
      { name: 'Spring Festival', nameZh: '春节', dates: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'] },
      { name: 'Qingming Festival', nameZh: '清明节', dates: ['2027-04-05'] },
      { name: 'Labour Day', nameZh: '劳动节', dates: ['2027-05-01', '2027-05-02'] },
      { name: 'Dragon Boat Festival', nameZh: '端午节', dates: ['2027-06-09'] },
      { name: 'Mid-Autumn Festival', nameZh: '中秋节', dates: ['2027-09-15'] },
      { name: 'National Day', nameZh: '国庆节', dates: ['2027-10-01', '2027-10-02', '2027-10-03'] },
    ]);
  });
});

/**
 * lunar-javascript (6tail, after 许剑伟's 寿星万年历) has its own ephemeris, ΔT and month rules, so
 * agreement is evidence, not an echo. They agree on every compared day of 2014–2100 (and, checked
 * while writing this, of 1917–2300). The closest calls, in Beijing time by our ephemeris and ΔT:
 * - 八月初一 2089, new moon 4 Sep 23:57:35 with astronomia's ΔT of 179 s. It stays on 4 Sep for
 *   any ΔT above ~35 s (69 s today), so 2089's Mid-Autumn is safe; with ΔT ignored it moves.
 * - 正月初一 2027, new moon 6 Feb 23:56:09, with ΔT known to a second: safe.
 * - The closest of all, the new moon of 28 Sep 2057 at 23:59:57, is on 28 Sep only if ΔT exceeds
 *   ~106 s (astronomia extrapolates 109 s); lunar-javascript's 29 Sep is the likelier. It starts
 *   九月, which no holiday uses, so nothing here depends on it.
 */
describe('against lunar-javascript, 2014–2100', () => {
  const years = Array.from({ length: 2100 - 2014 + 1 }, (_, i) => 2014 + i);

  function theirs(year: number) {
    const lastOfTwelfth = LunarMonth.fromYm(year - 1, 12)!.getDayCount();
    return {
      正月初一: Lunar.fromYmd(year, 1, 1).getSolar().toYmd(),
      除夕: Lunar.fromYmd(year - 1, 12, lastOfTwelfth)
        .getSolar()
        .toYmd(),
      五月初五: Lunar.fromYmd(year, 5, 5).getSolar().toYmd(),
      八月十五: Lunar.fromYmd(year, 8, 15).getSolar().toYmd(),
      清明: Lunar.fromYmd(year, 1, 1).getJieQiTable()['清明']!.toYmd(),
    };
  }

  /** 除夕 as the last day of the previous lunar year's 12th month, not as the day before 初一. */
  function lastOfTwelfth(year: number): number {
    try {
      return lunarDate(year, 12, 30);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      return lunarDate(year, 12, 29);
    }
  }

  function ours(year: number) {
    return {
      正月初一: iso(lunarDate(year, 1, 1)),
      除夕: iso(lastOfTwelfth(year - 1)),
      五月初五: iso(lunarDate(year, 5, 5)),
      八月十五: iso(lunarDate(year, 8, 15)),
      清明: iso(qingmingDay(year)),
    };
  }

  it('agrees on 正月初一, 除夕, 五月初五, 八月十五 and 清明 every year', () => {
    expect(years.map((year) => ({ year, ...ours(year) }))).toEqual(years.map((year) => ({ year, ...theirs(year) })));
  });

  it("builds each year's blocks from those days by the revision in force", () => {
    const expected = years.map((year) => {
      const t = theirs(year);
      const eve = holidayRulesFor(year).revision === '2024修订';
      return {
        year,
        元旦: [`${year}-01-01`],
        春节: eve ? [t.除夕, ...days(t.正月初一, 3)] : days(t.正月初一, 3),
        清明节: [t.清明],
        劳动节: days(`${year}-05-01`, eve ? 2 : 1),
        端午节: [t.五月初五],
        中秋节: [t.八月十五],
        国庆节: days(`${year}-10-01`, 3),
      };
    });
    const actual = years.map((year) => ({ year, ...Object.fromEntries(statutoryHolidays(year).map((h) => [h.nameZh, h.dates])) }));
    expect(actual).toEqual(expected);
  });
});

describe('properties', () => {
  // Beyond 2100 there is no oracle, but the shape of a year must still hold.
  const year = fc.integer({ min: 2014, max: 2200 });

  it('seven blocks in date order, each consecutive, ascending and inside its year', () => {
    fc.assert(
      fc.property(year, (y) => {
        const holidays = statutoryHolidays(y);
        expect(holidays.map((h) => h.nameZh).sort()).toEqual(['中秋节', '元旦', '劳动节', '国庆节', '春节', '清明节', '端午节']);
        const firsts = holidays.map((h) => h.dates[0]!);
        expect(firsts).toEqual([...firsts].sort());
        for (const { dates } of holidays) {
          expect(dates.every((d) => d.startsWith(`${y}-`))).toBe(true);
          expect(dates.map(dayOf)).toEqual(dates.map((_, i) => dayOf(dates[0]!) + i));
        }
      }),
    );
  });

  it('11 statutory days under the 2013 revision, 13 under the 2024 one, one fewer when 中秋 falls in National Day', () => {
    fc.assert(
      fc.property(year, (y) => {
        const holidays = statutoryHolidays(y);
        const all = holidays.flatMap((h) => h.dates);
        expect(all).toHaveLength(y < 2025 ? 11 : 13);
        const midAutumn = holiday(y, '中秋节')[0]!;
        const coincides = midAutumn >= `${y}-10-01` && midAutumn <= `${y}-10-03`;
        expect(new Set(all).size).toBe(all.length - (coincides ? 1 : 0));
      }),
    );
  });

  it('正月初一 falls between 21 January and 20 February', () => {
    fc.assert(
      fc.property(year, (y) => {
        const newYear = iso(lunarDate(y, 1, 1));
        expect(newYear >= `${y}-01-21` && newYear <= `${y}-02-20`).toBe(true);
      }),
    );
  });

  it('returns fresh arrays: a caller changing one year cannot change the next answer', () => {
    statutoryHolidays(2027)[0]!.dates.push('2027-01-02');
    expect(holiday(2027, '元旦')).toEqual(['2027-01-01']);
  });
});
