/**
 * The two astronomical events the Chinese calendar is built from, new moons and the Sun reaching
 * a given apparent longitude, and the Beijing civil day each falls on. The series come from
 * astronomia (Meeus, Astronomical Algorithms, with full VSOP87 for the Sun) rather than being
 * retyped here: a transcription error in a periodic term would shift a holiday only in the odd
 * year, where no test might look.
 *
 * Precision is what matters at a day boundary: Meeus' new moons are within about 20 s of modern
 * ephemerides and VSOP87 puts the Sun within about 1″ (≈ 25 s of time), so only an event within a
 * minute or so of Beijing midnight can land on the wrong day.
 *
 * Instants are Julian Ephemeris Days (JDE, Terrestrial Time); days are counted from 1970-01-01 like
 * the rest of the calendar.
 */
import { deltaT } from 'astronomia/deltat';
import { newMoon as meeusNewMoon } from 'astronomia/moonphase';
import { Planet } from 'astronomia/planetposition';
import { apparentVSOP87 } from 'astronomia/solar';
import vsop87Bearth from 'astronomia/data/vsop87Bearth';

const earth = new Planet(vsop87Bearth);

const J2000 = 2451545;
const JULIAN_YEAR = 365.25;
/** JD of 1970-01-01T00:00 UT. */
const UNIX_EPOCH_JD = 2440587.5;
/** Beijing time is UTC+8, the basis of the calendar's days (GB/T 33661-2017). */
const BEIJING_OFFSET_DAYS = 8 / 24;
/** Meeus (49.1): the mean new moon of January 2000 (lunation 0) and the mean synodic month. */
const LUNATION_0_JDE = 2451550.09766;
const SYNODIC_MONTH = 29.530588861;
/** Days for the Sun to move one radian, on average: the step of Meeus' iteration (27.1). */
const DAYS_PER_RADIAN = 365.2422 / (2 * Math.PI);
/** Stop iterating once a step is below ~0.1 s, far under the ephemeris' own error. */
const CONVERGED_DAYS = 1e-6;

function julianYear(jde: number): number {
  return 2000 + (jde - J2000) / JULIAN_YEAR;
}

/** The lunation number (0 = January 2000) of the new moon nearest `jde`. */
export function lunationNear(jde: number): number {
  return Math.round((jde - LUNATION_0_JDE) / SYNODIC_MONTH);
}

/** JDE of the true new moon of lunation `k`. */
export function newMoon(k: number): number {
  // astronomia takes a decimal year and snaps it to the nearest lunation; the year of lunation k
  // itself snaps back to exactly k.
  return meeusNewMoon(2000 + k / 12.3685);
}

/** JDE at which the Sun's apparent geocentric longitude is `degrees`, nearest to `nearJde`. */
export function sunAtLongitude(degrees: number, nearJde: number): number {
  const target = (degrees * Math.PI) / 180;
  let jde = nearJde;
  let step: number;
  do {
    // sin() wraps the angle difference, so 0° and 359.9° are near; converges to the crossing
    // nearest the guess as long as the guess is within a season of it.
    step = DAYS_PER_RADIAN * Math.sin(target - apparentVSOP87(earth, jde).lon);
    jde += step;
  } while (Math.abs(step) > CONVERGED_DAYS);
  return jde;
}

/**
 * The Beijing civil day of an instant. Civil time follows the Earth's rotation (UT), not TT, so ΔT
 * is taken off first; UTC and UT1 differ by under a second, which is ignored. ΔT is about 69 s
 * now; past astronomia's tables (2032) it follows a parabola that runs high (109 s in 2057, 179 s
 * in 2089), which can only move an event within a couple of minutes of midnight.
 */
export function beijingDay(jde: number): number {
  const ut = jde - deltaT(julianYear(jde)) / 86_400;
  return Math.floor(ut + BEIJING_OFFSET_DAYS - UNIX_EPOCH_JD);
}

/** The JDE at the start of a day number, ΔT ignored: good enough for a first guess of an event. */
export function jdeOfDay(day: number): number {
  return UNIX_EPOCH_JD + day;
}
