/**
 * Matching job seekers and vacancies for the key-enterprise staffing guarantee (DOMAIN.md 3a: a
 * hiring demand is answered by pushing "graduates of the 1311 cases and laid-off workers of the same
 * area, ranked by intention, major, skill and degree"). Pure and explained: every point a match
 * scores comes with a reason in Chinese, so a liaison officer can see why a person is on the list and
 * the person's caseworker why a vacancy is offered.
 *
 * A match is the sum of five factors, each never negative: region, intention, major (graduates) or
 * previous occupation (laid-off workers), skill level and degree. A requirement the position does
 * not state is neutral (0 points, said so in the reasons). One thing is not scored but excludes: a
 * person who has said they will study further, start a business or not work is not offered a job.
 * The weights are ours, not a published rule; they add up to 100 for a perfect fit.
 */
import { graduate1311Labels } from './cases/graduate-1311.js';
import type { Degree, Intention, SkillLevel } from './contracts/common.js';
import { isValidRegionCode, parseRegionCode, provinceNames, regionName, type ParsedRegionCode } from './jurisdiction.js';

export interface JobSeeker {
  caseId: string;
  caseType: 'graduate-1311' | 'reemployment';
  /** The person's household region (6-digit division code). */
  regionCode: string;
  /** Already masked; matching never sees clear personal data. */
  nameMasked: string;
  /** From the first contact (or the handover), null if unknown. */
  intention: Intention | null;
  skillLevel: SkillLevel | null;
  /** Graduates. */
  degree: Degree | null;
  /** Graduates. */
  major: string | null;
  /** Laid-off workers' previous occupation. */
  occupation: string | null;
}

export interface Position {
  title: string;
  count: number;
  skillLevel?: SkillLevel;
  degree?: Degree;
  major?: string;
  wageMin?: number;
  wageMax?: number;
}

export interface MatchReason {
  factor: 'region' | 'intention' | 'major' | 'skill' | 'degree' | 'occupation';
  /** Never negative; a match's score is the sum of its reasons' points. */
  points: number;
  /** Simplified Chinese, e.g. "同一县区（220102）". */
  text: string;
}

export interface SeekerMatch {
  seeker: JobSeeker;
  positionIndex: number;
  score: number;
  reasons: MatchReason[];
}

export interface OpenVacancy {
  demandId: string;
  creditCode: string;
  enterpriseName: string;
  regionCode: string;
  positionIndex: number;
  position: Position;
  /** Places still to fill; a vacancy with none open is never offered. */
  open: number;
}

export interface VacancyMatch {
  vacancy: OpenVacancy;
  score: number;
  reasons: MatchReason[];
}

/** How many matches a ranking returns unless asked otherwise: a list a liaison officer can call through in a sitting. */
export const DEFAULT_MATCH_LIMIT = 20;

/**
 * Region: a job in the person's own county needs no move and keeps them with the services that know
 * them; the same city is a commute; the same province keeps provincial policy (subsidies, household
 * registration) the same. Elsewhere scores nothing but does not exclude: people do move for work.
 * Lighter than intention and fit, because the seekers are already those of the demand's area.
 */
export const REGION_POINTS = { county: 20, city: 12, province: 5, elsewhere: 0 } as const;

/**
 * Intention: a person who wants employment answers a call about a job; one who has not decided, or
 * whom nobody has asked yet (first contact pending, no intention on the list), might, so they score
 * less. Further study, a business of one's own or no wish to work excludes (see excludingIntentions).
 */
export const INTENTION_POINTS = { employment: 25, undecided: 10, unknown: 10 } as const;

/**
 * Major (graduates) and previous occupation (laid-off workers) against the position: the strongest
 * sign of fit the ledgers hold, so as heavy as intention. A mismatch scores nothing rather than
 * excluding: many graduates work outside their major.
 */
export const MAJOR_POINTS = 25;
export const OCCUPATION_POINTS = 25;

/**
 * Skill level against the level required: meeting or exceeding it scores in full; one grade below
 * scores about half, since employers often train up a grade; no certificate at all, or two grades
 * below, scores nothing. Lighter than major or occupation: a grade certifies, the trade decides.
 */
export const SKILL_POINTS = { meets: 15, oneBelow: 7 } as const;

/**
 * Degree against the degree required: meeting or exceeding it scores; below scores nothing but does
 * not exclude, because the recruitment platform's `degree` does not say whether it is a minimum or a
 * preference, and the liaison officer sees the reason.
 */
export const DEGREE_POINTS = 15;

/** Intentions that mean the person is not looking for a job now: never offered one. */
export const excludingIntentions: readonly Intention[] = ['further-study', 'business', 'none'];

function excludes(intention: Intention | null): boolean {
  return intention !== null && excludingIntentions.includes(intention);
}

const skillOrder: readonly SkillLevel[] = ['none', 'junior', 'intermediate', 'senior'];
const degreeOrder: readonly Degree[] = ['associate', 'bachelor', 'master', 'doctor'];
const { skillLevel: skillText, degree: degreeText, intention: intentionText } = graduate1311Labels;

/** A seeker for one position: offered with a score and its reasons, or not offered and why. */
export type Assessment = { offered: true; score: number; reasons: MatchReason[] } | { offered: false; reason: MatchReason };

/** Assesses `seeker` for `position`, which is to be filled in `positionRegionCode`. */
export function assessMatch(seeker: JobSeeker, position: Position, positionRegionCode: string): Assessment {
  const intention = intentionReason(seeker.intention);
  if (excludes(seeker.intention)) return { offered: false, reason: intention };
  const reasons = [
    regionReason(seeker.regionCode, positionRegionCode),
    intention,
    seeker.caseType === 'graduate-1311' ? majorReason(position.major, seeker.major) : occupationReason(position.title, seeker.occupation),
    skillReason(position.skillLevel, seeker.skillLevel),
    degreeReason(position.degree, seeker.degree),
  ];
  return { offered: true, score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}

/**
 * Ranks job seekers for a demand's positions, best first; each seeker at most once, for the position
 * they fit best (the first such position on a tie). Ties rank by case ID, so the same input always
 * gives the same list. A seeker listed twice (same case ID) counts once, as first listed.
 */
export function rankSeekers(input: { demandRegionCode: string; positions: readonly Position[]; seekers: readonly JobSeeker[]; limit?: number }): SeekerMatch[] {
  const limit = checkedLimit(input.limit);
  const seen = new Set<string>();
  const matches: SeekerMatch[] = [];
  for (const seeker of input.seekers) {
    if (seen.has(seeker.caseId)) continue;
    seen.add(seeker.caseId);
    let best: SeekerMatch | undefined;
    for (const [positionIndex, position] of input.positions.entries()) {
      const a = assessMatch(seeker, position, input.demandRegionCode);
      if (a.offered && (best === undefined || a.score > best.score)) best = { seeker, positionIndex, score: a.score, reasons: a.reasons };
    }
    if (best) matches.push(best);
  }
  return matches.sort((a, b) => b.score - a.score || compareText(a.seeker.caseId, b.seeker.caseId)).slice(0, limit);
}

/**
 * Ranks open vacancies for one job seeker, best first (used to offer vacancies on a
 * job-recommendation task). Ties rank by demand ID, then position. Nothing is offered to a person
 * whose intention excludes a job.
 */
export function rankVacancies(input: { seeker: JobSeeker; vacancies: readonly OpenVacancy[]; limit?: number }): VacancyMatch[] {
  const limit = checkedLimit(input.limit);
  const matches: VacancyMatch[] = [];
  for (const vacancy of input.vacancies) {
    if (vacancy.open <= 0) continue;
    const a = assessMatch(input.seeker, vacancy.position, vacancy.regionCode);
    if (a.offered) matches.push({ vacancy, score: a.score, reasons: a.reasons });
  }
  return matches
    .sort((a, b) => b.score - a.score || compareText(a.vacancy.demandId, b.vacancy.demandId) || a.vacancy.positionIndex - b.vacancy.positionIndex)
    .slice(0, limit);
}

function checkedLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_MATCH_LIMIT;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number of at least 0, got ${limit}`);
  return limit;
}

/** Builds the reasons of one factor. */
function reasonFor(factor: MatchReason['factor']): (points: number, text: string) => MatchReason {
  return (points, text) => ({ factor, points, text });
}

/** By UTF-16 code units, the same on every machine and locale (localeCompare is not). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function regionReason(seekerRegion: string, jobRegion: string): MatchReason {
  const reason = reasonFor('region');
  if (!isValidRegionCode(seekerRegion) || !isValidRegionCode(jobRegion)) return reason(0, '地区代码无效，未计地区分');
  const s = parseRegionCode(seekerRegion);
  const j = parseRegionCode(jobRegion);
  if (s.county !== undefined && s.county === j.county) return reason(REGION_POINTS.county, `同一县区（${s.county}）`);
  if (s.city !== undefined && s.city === j.city && isRealCity(s))
    return reason(REGION_POINTS.city, `同一地市（${regionName(s.city) ?? s.city.padEnd(6, '0')}）`);
  if (s.province === j.province) return reason(REGION_POINTS.province, `同一省份（${provinceNames[s.province]}）`);
  return reason(REGION_POINTS.elsewhere, `不在同一省份（户籍地${provinceNames[s.province]}，岗位在${provinceNames[j.province]}）`);
}

/** City group 90 gathers the counties directly under a province (429004 仙桃): they share no city. */
function isRealCity(region: ParsedRegionCode): boolean {
  return region.city?.slice(2) !== '90';
}

function intentionReason(intention: Intention | null): MatchReason {
  const reason = reasonFor('intention');
  switch (intention) {
    case 'employment':
      return reason(INTENTION_POINTS.employment, '有就业意愿');
    case 'undecided':
      return reason(INTENTION_POINTS.undecided, '就业意向未定');
    case null:
      return reason(INTENTION_POINTS.unknown, '就业意向尚不清楚（待联系确认）');
    case 'further-study':
    case 'business':
    case 'none':
      return reason(0, `本人意向：${intentionText[intention]}，不推荐岗位`);
  }
}

function majorReason(required: string | undefined, major: string | null): MatchReason {
  const reason = reasonFor('major');
  const wanted = requirement(required);
  if (wanted === undefined) return reason(0, '岗位不限专业');
  if (major === null || major.trim() === '') return reason(0, `岗位要求“${wanted}”专业，本人专业不详`);
  return textsMatch(wanted, major)
    ? reason(MAJOR_POINTS, `专业对口（岗位要求“${wanted}”，本人“${major.trim()}”）`)
    : reason(0, `专业不符（岗位要求“${wanted}”，本人“${major.trim()}”）`);
}

function occupationReason(title: string, occupation: string | null): MatchReason {
  const reason = reasonFor('occupation');
  if (occupation === null || occupation.trim() === '') return reason(0, '原职业不详');
  return textsMatch(title, occupation)
    ? reason(OCCUPATION_POINTS, `原职业“${occupation.trim()}”与岗位“${title.trim()}”相符`)
    : reason(0, `原职业“${occupation.trim()}”与岗位“${title.trim()}”不同`);
}

function skillReason(required: SkillLevel | undefined, level: SkillLevel | null): MatchReason {
  const reason = reasonFor('skill');
  if (required === undefined || required === 'none') return reason(0, '岗位不限技能等级');
  const wanted = skillText[required];
  if (level === null) return reason(0, `技能等级不详（岗位要求${wanted}）`);
  if (level === 'none') return reason(0, `无技能等级（岗位要求${wanted}）`);
  const gap = skillOrder.indexOf(required) - skillOrder.indexOf(level);
  if (gap <= 0) return reason(SKILL_POINTS.meets, `技能等级达到要求（要求${wanted}，本人${skillText[level]}）`);
  if (gap === 1) return reason(SKILL_POINTS.oneBelow, `技能等级低一级（要求${wanted}，本人${skillText[level]}）`);
  return reason(0, `技能等级低于要求（要求${wanted}，本人${skillText[level]}）`);
}

function degreeReason(required: Degree | undefined, degree: Degree | null): MatchReason {
  const reason = reasonFor('degree');
  if (required === undefined) return reason(0, '岗位不限学历');
  const wanted = degreeText[required];
  if (degree === null) return reason(0, `学历不详（岗位要求${wanted}）`);
  return degreeOrder.indexOf(degree) >= degreeOrder.indexOf(required)
    ? reason(DEGREE_POINTS, `学历达到要求（要求${wanted}，本人${degreeText[degree]}）`)
    : reason(0, `学历低于要求（要求${wanted}，本人${degreeText[degree]}）`);
}

/** What a free-text requirement asks for, trimmed; undefined when it asks for nothing ("不限"). */
function requirement(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  return terms(trimmed).length === 0 ? undefined : trimmed;
}

/** Words a requirement reads as no requirement at all, once normalised. */
const noRequirement = new Set(['不限', '专业不限', '无', '无要求']);

/**
 * The terms of a free-text field, normalised for comparison: full-width forms folded (NFKC), case
 * and spaces ignored, several alternatives split ("会计、财务管理", "机械/电气"), and the words that
 * only frame a term dropped ("计算机类相关专业" reads "计算机").
 */
function terms(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[、,，;；/|]|或/)
    .map((t) => stripFrame(t.replace(/\s+/g, '')))
    .filter((t) => t !== '' && !noRequirement.has(t));
}

const frameSuffixes = ['相关专业', '等专业', '专业', '相关', '方向', '类', '等', '及'];

function stripFrame(term: string): string {
  for (;;) {
    const suffix = frameSuffixes.find((s) => term.endsWith(s) && term.length > s.length);
    if (suffix === undefined) return term;
    term = term.slice(0, -suffix.length);
  }
}

/**
 * Whether two free-text fields name the same thing, tolerantly: some term of one equals or contains
 * some term of the other ("会计" and "会计学", "数控车工" and "数控车工（两班倒）"). Containment needs
 * the shorter term to have two characters at least, so a lone "法" does not match "法语".
 */
export function textsMatch(a: string, b: string): boolean {
  const bs = terms(b);
  return terms(a).some((x) =>
    bs.some((y) => {
      if (x === y) return true;
      const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
      return shorter.length >= 2 && longer.includes(shorter);
    }),
  );
}
