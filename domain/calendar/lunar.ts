/**
 * Chinese lunisolar months as GB/T 33661-2017 《农历的编算和颁行》 defines them, computed from the
 * astronomy instead of read from a table, so that any year has dates without waiting for data:
 *
 * - a month starts on the Beijing day of a new moon;
 * - the month containing the winter solstice (冬至) is month 11;
 * - a 岁 (winter solstice to winter solstice) with 13 months has one leap month: the first month
 *   without a major solar term (中气, the Sun at a multiple of 30°), numbered as the month before it.
 *
 * Every comparison is between Beijing days, not instants: a 中气 at 00:10 belongs to the month that
 * begins that day even when the new moon itself comes later, at 23:50.
 *
 * Days are counted from 1970-01-01 like the rest of the calendar.
 */
import { beijingDay, jdeOfDay, lunationNear, newMoon, sunAtLongitude } from './astronomy.js';

const DAY_MS = 86_400_000;
/** Mean days between successive 中气. */
const MAJOR_TERM_DAYS = 365.2422 / 12;

type Month = { number: number; leap: boolean; start: number; days: number };

function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** A year's holidays need three dates of one 岁, and each 岁 costs 13 searches of the Sun's longitude. */
const suiCache = new Map<number, readonly Month[]>();

/**
 * The months of the 岁 from the winter solstice of `year - 1` to that of `year`: month 11 and 12 of
 * lunar year `year - 1`, then months 1 to 10 of lunar year `year`, with the leap month if any.
 */
function monthsOfSui(year: number): readonly Month[] {
  const cached = suiCache.get(year);
  if (cached) return cached;
  const solstice = sunAtLongitude(270, jdeOfDay(dayOf(year - 1, 12, 22)));
  // The 13 中气 from this winter solstice (270°) to the next one, 12 × 30° later.
  const majorTerms = Array.from({ length: 13 }, (_, i) => beijingDay(sunAtLongitude((270 + 30 * i) % 360, solstice + i * MAJOR_TERM_DAYS)));
  const [firstSolstice, nextSolstice] = [majorTerms[0]!, majorTerms[12]!];

  let k = lunationNear(solstice);
  if (beijingDay(newMoon(k)) > firstSolstice) k--;
  const starts = [beijingDay(newMoon(k))];
  while (starts.at(-1)! <= nextSolstice) starts.push(beijingDay(newMoon(++k)));
  // The last start is past the next solstice, so the one before it begins the next 岁's month 11,
  // which is where this 岁's last month ends.
  const count = starts.length - 2;

  const hasMajorTerm = (i: number) => majorTerms.some((d) => d >= starts[i]! && d < starts[i + 1]!);
  const leapIndex = count === 13 ? [...Array(count).keys()].find((i) => !hasMajorTerm(i)) : undefined;

  const months: Month[] = [];
  let number = 10;
  for (let i = 0; i < count; i++) {
    const leap = i === leapIndex;
    if (!leap) number = (number % 12) + 1;
    months.push({ number, leap, start: starts[i]!, days: starts[i + 1]! - starts[i]! });
  }
  suiCache.set(year, months);
  return months;
}

/**
 * The day of `day` (1–29 or 1–30) of the regular, non-leap month `month` (1–12) of lunar year
 * `year`, the lunar year whose month 1 begins in Gregorian `year`.
 */
export function lunarDate(year: number, month: number, day: number): number {
  // Months 11 and 12 of lunar year `year` open the 岁 that ends in Gregorian year + 1.
  const found = monthsOfSui(month >= 11 ? year + 1 : year).find((m) => !m.leap && m.number === month);
  if (found === undefined || !Number.isInteger(day) || day < 1 || day > found.days) {
    throw new RangeError(`no lunar date ${year}-${month}-${day}`);
  }
  return found.start + day - 1;
}

/** The day of 清明: the Sun reaches 15° in early April. */
export function qingmingDay(year: number): number {
  return beijingDay(sunAtLongitude(15, jdeOfDay(dayOf(year, 4, 5))));
}
