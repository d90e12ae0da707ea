/** The risk monitor's windows and indicators, and how the declared level moves: pure rules, fixed instants. */
import { describe, expect, it } from 'vitest';
import {
  emptyObservations,
  indicatorsOf,
  nextExpiry,
  observe,
  previousPeriod,
  scopesOf,
  type RiskObservation,
  type RiskScope,
} from '../../../domain/cases/risk-monitor.js';
import {
  caseOfDirective,
  directiveId,
  levelStep,
  needsCommandGroup,
  plannedDirectives,
  stepDownDueAt,
  type DeclaredLevel,
} from '../../../domain/cases/risk-response.js';
import { nationalProfile, shandongProfile } from '../../../domain/profiles/index.js';
import { assessRisk } from '../../../domain/risk.js';

const county: RiskScope = { regionCode: '370102' };
const city: RiskScope = { regionCode: '370100' };
const windows = nationalProfile.riskWindowDays;
const w = { layoffCluster: windows.layoffCluster.value, closureJobLoss: windows.closureJobLoss.value };
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + days * DAY).toISOString();

const feed = (scope: RiskScope, ...events: RiskObservation[]) => events.reduce((obs, e) => observe(obs, scope, e), emptyObservations());
const filing = (i: number, layoffCount: number, day: number): RiskObservation => ({
  kind: 'filing',
  filingId: `LF-${i}`,
  creditCode: `91370102MA000000${i}X`,
  headcount: 1000,
  layoffCount,
  occurredAt: at(day),
});

describe('risk scopes', () => {
  it('feeds a filing and a rate to their county only: a cluster is a county’s, a rate its own region’s', () => {
    expect(scopesOf('filing', '370102001001', 'C36')).toEqual([{ regionCode: '370102' }]);
    expect(scopesOf('rate', '370102')).toEqual([{ regionCode: '370102' }]);
    expect(scopesOf('rate', '370100')).toEqual([{ regionCode: '370100' }]);
  });

  it('feeds figures that add up to the county and the city, per industry section where they name one', () => {
    expect(scopesOf('headcount', '370102', 'C36')).toEqual([
      { regionCode: '370102' },
      { regionCode: '370102', industrySection: 'C' },
      { regionCode: '370100' },
      { regionCode: '370100', industrySection: 'C' },
    ]);
    expect(scopesOf('claims', '370102')).toEqual([{ regionCode: '370102' }, { regionCode: '370100' }]);
    expect(scopesOf('deregistered', '370102', 'C36')).toEqual([{ regionCode: '370102' }, { regionCode: '370100' }]);
    expect(scopesOf('claims', '370100', 'C36')).toEqual([{ regionCode: '370100' }, { regionCode: '370100', industrySection: 'C' }]);
  });
});

describe('risk indicators over their windows', () => {
  it('counts layoff filings inside the cluster window only, and a resent filing once', () => {
    const obs = feed(county, filing(1, 60, 0), filing(2, 60, 20), filing(2, 60, 21), filing(3, 60, 25));
    expect(indicatorsOf(obs, county, at(26), w).layoffFilings).toHaveLength(3);
    // 30 days after the first filing it no longer counts.
    expect(indicatorsOf(obs, county, at(w.layoffCluster + 1), w).layoffFilings.map((f) => f.creditCode)).toEqual(['91370102MA0000002X', '91370102MA0000003X']);
    expect(nextExpiry(obs, w)).toBe(new Date(Date.parse(at(w.layoffCluster)) + 1).toISOString());
  });

  it('compares insured headcount month on month over the enterprises that reported both months', () => {
    const obs = feed(
      county,
      { kind: 'headcount', creditCode: 'A', period: '2026-01', insuredHeadcount: 1000 },
      { kind: 'headcount', creditCode: 'A', period: '2026-02', insuredHeadcount: 900 },
      { kind: 'headcount', creditCode: 'B', period: '2026-02', insuredHeadcount: 5000 },
    );
    expect(indicatorsOf(obs, county, at(0), w).insuredHeadcountChangePct).toBe(-10);
  });

  it('compares new claimants with the same month a year earlier; a city uses its own report or its counties’ sum', () => {
    const obs = feed(
      city,
      { kind: 'claims', regionCode: '370102', period: '2025-02', newClaimants: 100 },
      { kind: 'claims', regionCode: '370103', period: '2025-02', newClaimants: 100 },
      { kind: 'claims', regionCode: '370102', period: '2026-02', newClaimants: 150 },
      { kind: 'claims', regionCode: '370103', period: '2026-02', newClaimants: 110 },
    );
    expect(indicatorsOf(obs, city, at(0), w).newClaimantsChangePct).toBe(30);
    const withOwn = observe(obs, city, { kind: 'claims', regionCode: '370100', period: '2026-02', newClaimants: 500 });
    expect(indicatorsOf(withOwn, city, at(0), w).newClaimantsChangePct).toBe(150);
  });

  it('takes registered rates of consecutive months for the scope’s own region only', () => {
    const rate = (period: string, pct: number, regionCode = '370102'): RiskObservation => ({ kind: 'rate', regionCode, period, registeredRatePct: pct });
    const obs = feed(county, rate('2025-11', 6.2), rate('2026-01', 6.1), rate('2026-02', 6.3), rate('2026-02', 9, '370103'));
    expect(indicatorsOf(obs, county, at(0), w).registeredUnemploymentRates).toEqual([6.3, 6.1]);
    expect(assessRisk(indicatorsOf(obs, county, at(0), w), nationalProfile).level).toBe('I');
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2026-02', 12)).toBe('2025-02');
  });

  it('counts jobs lost to deregistrations from the last insured headcount, inside their window', () => {
    const obs = feed(
      county,
      { kind: 'headcount', creditCode: 'A', period: '2026-01', insuredHeadcount: 320 },
      { kind: 'deregistered', creditCode: 'A', at: at(0) },
      { kind: 'deregistered', creditCode: 'A', at: at(1) },
    );
    expect(indicatorsOf(obs, county, at(1), w).closureJobLoss).toBe(320);
    expect(indicatorsOf(obs, county, at(w.closureJobLoss + 1), w).closureJobLoss).toBeUndefined();
  });

  it('makes five filings in a Shandong county, each over 50 people, level IV', () => {
    const obs = feed(county, ...[1, 2, 3, 4, 5].map((i) => filing(i, 51, i)));
    expect(assessRisk(indicatorsOf(obs, county, at(6), w), shandongProfile).level).toBe('IV');
    const four = feed(county, ...[1, 2, 3, 4].map((i) => filing(i, 51, i)), filing(5, 50, 5));
    expect(assessRisk(indicatorsOf(four, county, at(6), w), shandongProfile).level).toBeNull();
  });
});

describe('the declared level', () => {
  const days = nationalProfile.deescalationDays.value;
  const none: DeclaredLevel = { level: null, belowSince: null, proposed: false };

  it('rises at once, to the assessed level', () => {
    expect(levelStep(none, 'IV', at(0), days)).toEqual({ step: { kind: 'raise', to: 'IV' }, state: { level: 'IV', belowSince: null, proposed: false } });
    const iv: DeclaredLevel = { level: 'IV', belowSince: at(0), proposed: false };
    expect(levelStep(iv, 'II', at(1), days).step).toEqual({ kind: 'raise', to: 'II' });
    expect(levelStep(iv, 'IV', at(1), days)).toEqual({ step: { kind: 'none' }, state: { level: 'IV', belowSince: null, proposed: false } });
  });

  it('steps down one level only after the indicators stayed below for the profile’s days, once', () => {
    const ii: DeclaredLevel = { level: 'II', belowSince: null, proposed: false };
    const first = levelStep(ii, null, at(0), days);
    expect(first).toEqual({ step: { kind: 'none' }, state: { level: 'II', belowSince: at(0), proposed: false } });
    expect(stepDownDueAt(first.state, days)).toBe(at(days));
    expect(levelStep(first.state, null, at(days - 1), days).step).toEqual({ kind: 'none' });
    const settled = levelStep(first.state, 'IV', at(days), days);
    expect(settled.step).toEqual({ kind: 'propose', to: 'III' });
    expect(levelStep(settled.state, 'IV', at(days + 1), days).step).toEqual({ kind: 'none' });
    // A rise above the declared level meanwhile cancels the count.
    expect(levelStep(first.state, 'II', at(10), days).state.belowSince).toBeNull();
  });

  it('proposes the end of the response from level IV', () => {
    const iv: DeclaredLevel = { level: 'IV', belowSince: at(0), proposed: false };
    expect(levelStep(iv, null, at(days), days).step).toEqual({ kind: 'propose', to: null });
  });
});

describe('what each level calls for', () => {
  it('level IV: the labour bureau and the plan’s measures, no command group, no deferred contributions', () => {
    const iv = plannedDirectives('IV', nationalProfile);
    expect(iv.map((d) => d.key)).toEqual([
      'department:hrss',
      'measure:special-job-fair',
      'measure:policy-consultation',
      'measure:labour-relations-guidance',
      'measure:social-insurance-continuation',
    ]);
    expect(needsCommandGroup('IV', nationalProfile)).toBe(false);
    expect(needsCommandGroup('III', nationalProfile)).toBe(true);
  });

  it('level I: every member department and deferred contributions', () => {
    const i = plannedDirectives('I', nationalProfile);
    expect(i.filter((d) => d.measure === null)).toHaveLength(11);
    expect(i.map((d) => d.key)).toContain('measure:deferred-contributions');
  });

  it('names its response case in every directive ID', () => {
    const id = directiveId('risk-response:370102:1', 3);
    expect(id).toBe('risk-response:370102:1/d3');
    expect(caseOfDirective(id)).toBe('risk-response:370102:1');
    expect(caseOfDirective('risk-response:370102:C:2/d10')).toBe('risk-response:370102:C:2');
    expect(caseOfDirective('graduate:1/d1')).toBeUndefined();
  });
});
