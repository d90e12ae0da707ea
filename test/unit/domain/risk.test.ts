import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nationalProfile, shandongProfile, type PolicyProfile, type RiskThresholds } from '../../../domain/profiles/index.js';
import { assessRisk, compareRiskLevel, isCollectiveLayoff, riskLevelColour, type RiskIndicators, type RiskLevel, type RiskRule } from '../../../domain/risk.js';

const region = '370102';
const none: RiskIndicators = { regionCode: region, layoffFilings: [] };
const filings = (count: number, layoffCount: number, headcount = 10_000) =>
  Array.from({ length: count }, (_, i) => ({ creditCode: `91370102MA${String(i).padStart(7, '0')}X`, headcount, layoffCount }));

/** Indicators that put `rule` exactly at `observed`, everything else quiet. */
function indicators(rule: RiskRule, observed: number, t: RiskThresholds): RiskIndicators {
  switch (rule) {
    case 'layoff-cluster':
      return { ...none, layoffFilings: filings(observed, t.layoffClusterMinPerFirm.value) };
    case 'single-firm-layoff':
      return { ...none, layoffFilings: filings(1, observed) };
    case 'insured-headcount-drop':
      return { ...none, insuredHeadcountChangePct: -observed };
    case 'new-claimant-surge':
      return { ...none, newClaimantsChangePct: observed };
    case 'registered-unemployment-rate':
      return { ...none, registeredUnemploymentRates: Array.from({ length: t.registeredUnemploymentMonths.value }, () => observed) };
    case 'closure-job-loss':
      return { ...none, closureJobLoss: observed };
  }
}

const ruleThreshold: Record<RiskRule, [keyof RiskThresholds, number]> = {
  'layoff-cluster': ['layoffClusterFirms', 1],
  'single-firm-layoff': ['singleFirmLayoff', 1],
  'insured-headcount-drop': ['insuredHeadcountDropPct', 0.1],
  'new-claimant-surge': ['newClaimantsSurgePct', 0.1],
  'registered-unemployment-rate': ['registeredUnemploymentRatePct', 0.1],
  'closure-job-loss': ['closureJobLoss', 1],
};

const levels: RiskLevel[] = ['IV', 'III', 'II', 'I'];
const cases = (Object.keys(ruleThreshold) as RiskRule[]).flatMap((rule) => levels.map((level) => [rule, level] as const));

describe.each([
  ['national', nationalProfile],
  ['shandong', shandongProfile],
] as [string, PolicyProfile][])('assessRisk thresholds (%s)', (_name, profile) => {
  it.each(cases)('%s at level %s: fires at the threshold, not just below', (rule, level) => {
    const t = profile.riskThresholds[level];
    const [field, step] = ruleThreshold[rule];
    const threshold = t[field].value;

    const at = assessRisk(indicators(rule, threshold, t), profile);
    expect(at.level).toBe(level);
    expect(at.reasons).toEqual([expect.objectContaining({ rule, level, observed: threshold, threshold })]);

    const below = assessRisk(indicators(rule, Math.round((threshold - step) * 10) / 10, t), profile);
    const belowLevel = below.reasons.find((r) => r.rule === rule)?.level;
    if (belowLevel !== undefined) expect(compareRiskLevel(belowLevel, level)).toBeLessThan(0);
    if (level === 'IV') expect(below).toEqual({ level: null, reasons: [] });
  });
});

describe('assessRisk rules', () => {
  const iv = nationalProfile.riskThresholds.IV;

  it('nothing observed is no risk', () => {
    expect(assessRisk(none, nationalProfile)).toEqual({ level: null, reasons: [] });
  });

  it('the highest level wins and every fired rule is listed, most severe first', () => {
    const result = assessRisk({ ...none, insuredHeadcountChangePct: -5, closureJobLoss: 1500, newClaimantsChangePct: 30 }, nationalProfile);
    expect(result.level).toBe('I');
    expect(result.reasons.map((r) => [r.rule, r.level])).toEqual([
      ['closure-job-loss', 'I'],
      ['new-claimant-surge', 'III'],
      ['insured-headcount-drop', 'IV'],
    ]);
    expect(result.reasons[0]?.message).toBe('企业关闭造成1500个岗位流失，达到Ⅰ级（红色）阈值1500个');
  });

  it('a firm counts toward the cluster by people or by share of staff', () => {
    const cluster = (layoffFilings: RiskIndicators['layoffFilings']) =>
      assessRisk({ ...none, layoffFilings }, nationalProfile).reasons.find((r) => r.rule === 'layoff-cluster');
    // 30 of 100 is 30% of staff; 29 of 100 is neither 50 people nor 30%.
    expect(cluster([...filings(4, 50), { creditCode: 'A', headcount: 100, layoffCount: 30 }])).toMatchObject({ observed: 5, level: 'IV' });
    expect(cluster([...filings(4, 50), { creditCode: 'A', headcount: 100, layoffCount: 29 }])).toBeUndefined();
    // One firm filing twice is one firm.
    expect(cluster([...filings(4, 50), ...filings(1, 50)])).toBeUndefined();
    expect(iv.layoffClusterFirms.value).toBe(5);
  });

  it('Shandong counts a firm only above 50 people (超过50人)', () => {
    const observed = (perFirm: number) =>
      assessRisk({ ...none, layoffFilings: filings(5, perFirm) }, shandongProfile).reasons.find((r) => r.rule === 'layoff-cluster')?.level;
    expect(observed(50)).toBeUndefined();
    expect(observed(51)).toBe('IV');
  });

  it('the registered unemployment rate needs its consecutive months', () => {
    const rate = (...months: number[]) => assessRisk({ ...none, registeredUnemploymentRates: months }, nationalProfile).level;
    expect(rate(6)).toBeNull();
    expect(rate(6, 6)).toBe('I');
    expect(rate(6, 6, 6, 6, 6)).toBe('I');
    expect(rate(5.9, 6, 6)).toBe('II');
    // A high month after a low one is one month, not two.
    expect(rate(6.5, 4)).toBeNull();
    expect(rate(6.5, 5)).toBe('III');
  });

  it('a rising insured headcount is no risk', () => {
    expect(assessRisk({ ...none, insuredHeadcountChangePct: 25 }, nationalProfile).level).toBeNull();
  });

  it('more of any indicator never lowers the level', () => {
    const severity = (l: RiskLevel | null) => (l === null ? -1 : levels.indexOf(l));
    fc.assert(
      fc.property(
        fc.record({
          drop: fc.integer({ min: 0, max: 40 }),
          surge: fc.integer({ min: 0, max: 200 }),
          closure: fc.integer({ min: 0, max: 3000 }),
          single: fc.integer({ min: 0, max: 3000 }),
        }),
        fc.constantFrom('drop', 'surge', 'closure', 'single'),
        fc.integer({ min: 1, max: 1000 }),
        (base, key, extra) => {
          const build = (v: typeof base): RiskIndicators => ({
            ...none,
            insuredHeadcountChangePct: -v.drop,
            newClaimantsChangePct: v.surge,
            closureJobLoss: v.closure,
            layoffFilings: filings(1, v.single),
          });
          const before = assessRisk(build(base), nationalProfile).level;
          const after = assessRisk(build({ ...base, [key]: base[key] + extra }), nationalProfile).level;
          expect(severity(after)).toBeGreaterThanOrEqual(severity(before));
        },
      ),
    );
  });
});

describe('levels', () => {
  it('have colours and an order', () => {
    expect(levels.map(riskLevelColour)).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect((['I', 'IV', 'II', 'III'] as RiskLevel[]).sort(compareRiskLevel)).toEqual(['IV', 'III', 'II', 'I']);
    expect(compareRiskLevel('I', 'IV')).toBeGreaterThan(0);
    expect(compareRiskLevel('III', 'III')).toBe(0);
  });
});

describe('isCollectiveLayoff (Labor Contract Law art. 41)', () => {
  it.each([
    [190, 19, true],
    [191, 19, false],
    [1000, 20, true],
    [1000, 19, false],
    [20, 20, true],
    [100, 10, true],
    [100, 9, false],
    [5, 1, true],
    [100, 0, false],
    [0, 0, false],
  ])('%i staff, %i laid off: %s', (headcount, layoffCount, expected) => {
    expect(isCollectiveLayoff({ headcount, layoffCount })).toBe(expected);
  });
});
