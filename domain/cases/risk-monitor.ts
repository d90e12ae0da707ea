/**
 * Unemployment-risk monitoring (DOMAIN.md 4): what a region's monitor has seen, kept as plain data
 * in its workflow, and the indicators of domain/risk.ts worked out from it over the profile's
 * windows. A region is a county, or a city aggregated from its counties, each also per GB/T 4754
 * industry section.
 *
 * Pure: every function takes the time it judges at, so a workflow replays to the same answer.
 */
import type { RiskIndicators } from '../risk.js';

export const riskMonitorCaseType = 'risk-monitor';

/** What one monitor watches. `industrySection` is a GB/T 4754 section letter (C = manufacturing). */
export interface RiskScope {
  regionCode: string;
  industrySection?: string;
}

export function scopeKey(scope: RiskScope): string {
  return scope.industrySection ? `${scope.regionCode}:${scope.industrySection}` : scope.regionCode;
}

export function riskMonitorWorkflowId(scope: RiskScope): string {
  return `risk-monitor:${scopeKey(scope)}`;
}

/**
 * The scopes a report feeds. A layoff cluster is a county's (Shandong 2016: 县(市、区)内), so a
 * filing feeds its county only; a rate counts for the region it was reported for. Headcounts,
 * claims and closures add up, so they feed the county and the city, and per industry section where
 * the report names an industry (a response per industry only where the signal is an industry's).
 * A city-level code is its own only region.
 */
export function scopesOf(kind: RiskObservation['kind'], regionCode: string, industryCode?: string): RiskScope[] {
  const county = regionCode.slice(0, 6);
  const city = `${county.slice(0, 4)}00`;
  if (kind === 'filing' || kind === 'rate') return [{ regionCode: county }];
  const regions = county === city ? [county] : [county, city];
  const section = kind === 'deregistered' ? undefined : industryCode?.[0];
  return regions.flatMap((r) => (section ? [{ regionCode: r }, { regionCode: r, industrySection: section }] : [{ regionCode: r }]));
}

/** Everything a monitor has seen that still counts. Plain JSON, carried over continue-as-new. */
export interface RiskObservations {
  filings: { filingId: string; creditCode: string; headcount: number; layoffCount: number; occurredAt: string }[];
  /** Insured headcount by enterprise, then by period ('2026-10'). */
  headcounts: Record<string, Record<string, number>>;
  /** New unemployment-insurance claimants by period, then by the region that reported them. */
  claims: Record<string, Record<string, number>>;
  /** Registered unemployment rate by period, as reported for the scope's own region. */
  rates: Record<string, number>;
  /** Enterprises deregistered, with the insured jobs they last had. */
  closures: { creditCode: string; at: string; jobs: number }[];
}

export const emptyObservations = (): RiskObservations => ({ filings: [], headcounts: {}, claims: {}, rates: {}, closures: [] });

/** One thing a department reported, as the monitor is told it. */
export type RiskObservation =
  | { kind: 'filing'; filingId: string; creditCode: string; headcount: number; layoffCount: number; occurredAt: string }
  | { kind: 'headcount'; creditCode: string; period: string; insuredHeadcount: number }
  | { kind: 'claims'; regionCode: string; period: string; newClaimants: number }
  | { kind: 'rate'; regionCode: string; period: string; registeredRatePct: number }
  | { kind: 'deregistered'; creditCode: string; at: string };

const DAY_MS = 86_400_000;
/** Months of claims kept: this month against the same month a year earlier. */
const CLAIM_MONTHS = 13;
/** Months of rates kept: more than any profile asks to hold in a row. */
const RATE_MONTHS = 24;
/** Months of headcount kept per enterprise: this month, the last, and one more for late reports. */
const HEADCOUNT_MONTHS = 3;

export function previousPeriod(period: string, months = 1): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function keepLatest<T>(byPeriod: Record<string, T>, count: number): Record<string, T> {
  return Object.fromEntries(
    Object.entries(byPeriod)
      .sort(([a], [b]) => b.localeCompare(a))
      .slice(0, count),
  );
}

/**
 * Adds an observation of `scope` (a report for another region or enterprise is the caller's to
 * route; a rate counts only for the region it was reported for). Returns a new object.
 */
export function observe(obs: RiskObservations, scope: RiskScope, o: RiskObservation): RiskObservations {
  switch (o.kind) {
    case 'filing': {
      // A filing resent (a new eventId) replaces the earlier copy: it is one layoff.
      const { kind: _kind, ...filing } = o;
      return { ...obs, filings: [...obs.filings.filter((f) => f.filingId !== o.filingId), filing] };
    }
    case 'headcount': {
      const enterprise = keepLatest({ ...obs.headcounts[o.creditCode], [o.period]: o.insuredHeadcount }, HEADCOUNT_MONTHS);
      return { ...obs, headcounts: { ...obs.headcounts, [o.creditCode]: enterprise } };
    }
    case 'claims':
      return { ...obs, claims: keepLatest({ ...obs.claims, [o.period]: { ...obs.claims[o.period], [o.regionCode]: o.newClaimants } }, CLAIM_MONTHS) };
    case 'rate':
      return o.regionCode === scope.regionCode ? { ...obs, rates: keepLatest({ ...obs.rates, [o.period]: o.registeredRatePct }, RATE_MONTHS) } : obs;
    case 'deregistered': {
      if (obs.closures.some((c) => c.creditCode === o.creditCode)) return obs;
      // Jobs lost: the enterprise's last reported insured headcount, or its headcount on a filing.
      const reported = Object.entries(obs.headcounts[o.creditCode] ?? {}).sort(([a], [b]) => b.localeCompare(a))[0]?.[1];
      const filed = obs.filings.find((f) => f.creditCode === o.creditCode)?.headcount;
      return { ...obs, closures: [...obs.closures, { creditCode: o.creditCode, at: o.at, jobs: reported ?? filed ?? 0 }] };
    }
  }
}

/** What has left its window by `now`: the monitor keeps only what still counts. */
export function prune(obs: RiskObservations, now: string, windows: { layoffCluster: number; closureJobLoss: number }): RiskObservations {
  const since = (days: number) => Date.parse(now) - days * DAY_MS;
  return {
    ...obs,
    filings: obs.filings.filter((f) => Date.parse(f.occurredAt) > since(windows.layoffCluster)),
    closures: obs.closures.filter((c) => Date.parse(c.at) > since(windows.closureJobLoss)),
  };
}

/** The next instant something leaves its window, when the indicators must be looked at again. */
export function nextExpiry(obs: RiskObservations, windows: { layoffCluster: number; closureJobLoss: number }): string | undefined {
  const times = [
    ...obs.filings.map((f) => Date.parse(f.occurredAt) + windows.layoffCluster * DAY_MS),
    ...obs.closures.map((c) => Date.parse(c.at) + windows.closureJobLoss * DAY_MS),
  ];
  return times.length ? new Date(Math.min(...times) + 1).toISOString() : undefined;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A period's claims: the region's own report when there is one, else the sum of its parts'. */
function claimsOf(byRegion: Record<string, number> | undefined, regionCode: string): number | undefined {
  if (!byRegion) return undefined;
  if (byRegion[regionCode] !== undefined) return byRegion[regionCode];
  const parts = Object.entries(byRegion).filter(([r]) => r !== regionCode);
  return parts.length ? parts.reduce((sum, [, n]) => sum + n, 0) : undefined;
}

/** The indicators of `scope` at `now`, from what is still inside its windows. */
export function indicatorsOf(obs: RiskObservations, scope: RiskScope, now: string, windows: { layoffCluster: number; closureJobLoss: number }): RiskIndicators {
  const current = prune(obs, now, windows);
  const indicators: RiskIndicators = {
    regionCode: scope.regionCode,
    ...(scope.industrySection ? { industryCode: scope.industrySection } : {}),
    layoffFilings: current.filings.map(({ creditCode, headcount, layoffCount }) => ({ creditCode, headcount, layoffCount })),
  };

  // Month on month, over the enterprises that reported both months (an enterprise new to the
  // monitoring is not a rise, one that stopped reporting is not a drop).
  const periods = [...new Set(Object.values(current.headcounts).flatMap((p) => Object.keys(p)))].sort().reverse();
  for (const period of periods) {
    const before = previousPeriod(period);
    const pairs = Object.values(current.headcounts).filter((p) => p[period] !== undefined && p[before] !== undefined);
    const then = pairs.reduce((sum, p) => sum + (p[before] ?? 0), 0);
    if (then > 0) {
      indicators.insuredHeadcountChangePct = round1(((pairs.reduce((sum, p) => sum + (p[period] ?? 0), 0) - then) * 100) / then);
      break;
    }
  }

  const latestClaims = Object.keys(current.claims).sort().at(-1);
  if (latestClaims) {
    const thisMonth = claimsOf(current.claims[latestClaims], scope.regionCode);
    const yearBefore = claimsOf(current.claims[previousPeriod(latestClaims, 12)], scope.regionCode);
    if (thisMonth !== undefined && yearBefore !== undefined && yearBefore > 0) {
      indicators.newClaimantsChangePct = round1(((thisMonth - yearBefore) * 100) / yearBefore);
    }
  }

  // Consecutive months back from the latest report; a missing month ends the run.
  const latestRate = Object.keys(current.rates).sort().at(-1);
  if (latestRate) {
    const rates: number[] = [];
    for (let p = latestRate; current.rates[p] !== undefined; p = previousPeriod(p)) rates.push(current.rates[p] as number);
    indicators.registeredUnemploymentRates = rates;
  }

  if (current.closures.length) indicators.closureJobLoss = current.closures.reduce((sum, c) => sum + c.jobs, 0);
  return indicators;
}
