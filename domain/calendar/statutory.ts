/**
 * The statutory days off of 《全国年节及纪念日放假办法》 第二条 (holidays for all citizens), for a
 * provisional calendar year before the State Council's notice for it is published. These are the
 * only days the law fixes: the notice then joins them to weekends and moves weekend days to work
 * (调休), which follows no rule and so is not guessed here.
 *
 * When 中秋 falls on 1–3 October (2020, 2028, 2031, …) its day is also a National Day day: both blocks
 * list it, as the law names both holidays, and the set of days off is their union.
 */
import { lunarDate, qingmingDay } from './lunar.js';

export interface StatutoryHoliday {
  name: string;
  nameZh: string;
  /** 'YYYY-MM-DD', consecutive, ascending. */
  dates: string[];
}

export interface HolidayRules {
  /** e.g. '2024修订'. */
  revision: string;
  /** The first year the revision governs. */
  inForceFrom: number;
  source: string;
}

/** What changed between revisions: the rest of 第二条 has stayed the same since 2014. */
type Revision = HolidayRules & { springFestivalEve: boolean; labourDays: number };

/** Newest first. */
const revisions: readonly Revision[] = [
  {
    revision: '2024修订',
    inForceFrom: 2025,
    source: '国务院令第795号《国务院关于修改〈全国年节及纪念日放假办法〉的决定》，第二条',
    springFestivalEve: true,
    labourDays: 2,
  },
  {
    revision: '2013修订',
    inForceFrom: 2014,
    source: '国务院令第644号《国务院关于修改〈全国年节及纪念日放假办法〉的决定》，第二条',
    springFestivalEve: false,
    labourDays: 1,
  },
];

const DAY_MS = 86_400_000;

function revisionFor(year: number): Revision {
  const found = Number.isInteger(year) ? revisions.find((r) => year >= r.inForceFrom) : undefined;
  if (found === undefined) {
    throw new RangeError(`no statutory holiday rules for ${year}: supported from ${revisions.at(-1)!.inForceFrom}`);
  }
  return found;
}

/** The rules in force for `year`; throws RangeError for years before the earliest supported revision. */
export function holidayRulesFor(year: number): HolidayRules {
  const { revision, inForceFrom, source } = revisionFor(year);
  return { revision, inForceFrom, source };
}

/** Statutory days off of `year` under the rules in force that year, one block per holiday, in date order. Only days inside `year`. */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  const rules = revisionFor(year);
  const day = (month: number, d: number) => Date.UTC(year, month - 1, d) / DAY_MS;
  const block = (name: string, nameZh: string, first: number, length: number): StatutoryHoliday => ({
    name,
    nameZh,
    // The calendar takes a year's own days only. 除夕 is never before 20 January today, but a block
    // that did start in December would keep just its days in `year`.
    dates: Array.from({ length }, (_, i) => new Date((first + i) * DAY_MS).toISOString().slice(0, 10)).filter((d) => d.startsWith(`${year}-`)),
  });
  const newYear = lunarDate(year, 1, 1);
  const holidays = [
    block("New Year's Day", '元旦', day(1, 1), 1),
    rules.springFestivalEve ? block('Spring Festival', '春节', newYear - 1, 4) : block('Spring Festival', '春节', newYear, 3),
    block('Qingming Festival', '清明节', qingmingDay(year), 1),
    block('Labour Day', '劳动节', day(5, 1), rules.labourDays),
    block('Dragon Boat Festival', '端午节', lunarDate(year, 5, 5), 1),
    block('Mid-Autumn Festival', '中秋节', lunarDate(year, 8, 15), 1),
    block('National Day', '国庆节', day(10, 1), 3),
  ];
  // 中秋 can come after 1 October; sort is stable, so on a tie it stays before National Day.
  return holidays.sort((a, b) => (a.dates[0]! < b.dates[0]! ? -1 : a.dates[0]! > b.dates[0]! ? 1 : 0));
}
