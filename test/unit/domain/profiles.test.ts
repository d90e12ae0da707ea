import { describe, expect, it } from 'vitest';
import { deriveProfile, parseProfile } from '../../../domain/profiles/define.js';
import {
  chainPast,
  fujianProfile,
  jilinProfile,
  nationalProfile,
  PolicyProfileSchema,
  policyProfiles,
  profileForRegion,
  shandongProfile,
  type PolicyProfile,
} from '../../../domain/profiles/index.js';

const byId: Record<string, PolicyProfile> = { national: nationalProfile, shandong: shandongProfile, jilin: jilinProfile, fujian: fujianProfile };

/** Follows a dotted path; inside an array of service items a segment picks the item by kind. */
function at(profile: PolicyProfile, path: string): unknown {
  let node: unknown = profile;
  for (const segment of path.split('.')) {
    node = Array.isArray(node)
      ? node.find((item: { kind?: string; role?: string }) => item.kind === segment || item.role === segment)
      : (node as Record<string, unknown>)[segment];
  }
  return node;
}

const FUJIAN = '闽人社文〔2021〕156号';
const JILIN = '吉就组办〔2022〕1号';
const SHANDONG_2016 = '山东省失业动态监测预警制度（山东省人力资源和社会保障厅，2016；文号未核实）';
const DEFAULT = 'default';

describe('profile values and their sources', () => {
  it.each([
    ['national', 'unemploymentRegistrationWorkingDays', 3, DEFAULT],
    ['fujian', 'unemploymentRegistrationWorkingDays', 10, FUJIAN, '三(一)1'],
    ['jilin', 'unemploymentRegistrationWorkingDays', 3, DEFAULT],
    ['shandong', 'unemploymentRegistrationWorkingDays', 3, DEFAULT],
    ['national', 'graduateFirstContactWorkingDays', 5, DEFAULT],
    ['national', 'registeredUnemployedFirstContactWorkingDays', 5, DEFAULT],
    ['national', 'service1311.items.policy-briefing.count', 1, DEFAULT],
    ['jilin', 'service1311.items.policy-briefing.count', 1, JILIN, '二(三)'],
    ['jilin', 'service1311.items.job-recommendation.count', 3, JILIN, '二(三)'],
    ['jilin', 'service1311.items.vocational-guidance.count', 1, JILIN, '二(三)'],
    ['jilin', 'service1311.items.training-or-internship.count', 1, JILIN, '二(三)'],
    ['jilin', 'service1311.items.policy-briefing.dueWorkingDays', 5, DEFAULT],
    ['fujian', 'service131.items.vocational-guidance.count', 1, FUJIAN, '三(二)1'],
    ['fujian', 'service131.items.job-recommendation.count', 3, FUJIAN, '三(二)1'],
    ['fujian', 'service131.items.training-or-internship.count', 1, FUJIAN, '三(二)1'],
    ['national', 'service131.items.job-recommendation.count', 3, DEFAULT],
    ['national', 'graduateRefusalLimit', 3, DEFAULT],
    ['national', 'graduateTargetMonths', 6, DEFAULT],
    ['national', 'enterpriseContactIntervalDays', 30, DEFAULT],
    ['national', 'hiringDemandResponseWorkingDays', 2, DEFAULT],
    ['national', 'hiringDemandEscalationDays', 30, DEFAULT],
    ['national', 'deescalationDays', 30, DEFAULT],
    ['national', 'riskReportHours.III', 12, DEFAULT],
    ['national', 'riskReportHours.II', 2, DEFAULT],
    ['national', 'riskReportHours.I', 2, DEFAULT],
    ['national', 'commandGroupFromLevel', 'III', DEFAULT],
    ['national', 'deferredContributionsFromLevel', 'I', DEFAULT],
    ['national', 'taskSlaWorkingDays.benchmarkPublicNotice', 5, DEFAULT],
    ['national', 'taskSlaWorkingDays.layoffFilingReview', 3, DEFAULT],
    ['national', 'graduateContactAttempts', 3, DEFAULT],
    ['national', 'taskSlaWorkingDays.graduateTargetReview', 5, DEFAULT],
    ['national', 'riskThresholds.I.registeredUnemploymentRatePct', 6, DEFAULT],
    ['national', 'riskThresholds.I.registeredUnemploymentMonths', 2, DEFAULT],
    ['national', 'riskThresholds.I.closureJobLoss', 1500, DEFAULT],
    ['national', 'riskThresholds.IV.layoffClusterMinPerFirm', 50, DEFAULT],
    ['shandong', 'riskThresholds.IV.layoffClusterFirms', 5, SHANDONG_2016, '规模性失业预警'],
    ['shandong', 'riskThresholds.IV.layoffClusterMinPerFirm', 51, SHANDONG_2016, '规模性失业预警'],
    ['shandong', 'riskThresholds.IV.layoffClusterMinPctPerFirm', 30, SHANDONG_2016, '规模性失业预警'],
    ['shandong', 'riskThresholds.IV.singleFirmLayoff', 200, SHANDONG_2016, '规模性失业预警'],
    ['shandong', 'riskThresholds.III.layoffClusterMinPerFirm', 51, SHANDONG_2016, '规模性失业预警'],
    ['shandong', 'riskThresholds.III.layoffClusterFirms', 8, DEFAULT],
  ] as const)('%s %s = %j (%s %s)', (id, path, value, document, clause?: string) => {
    const sourced = at(byId[id]!, path) as { value: unknown; source: { kind: string; document?: string; clause?: string; why?: string } };
    expect(sourced.value).toBe(value);
    if (document === DEFAULT) {
      expect(sourced.source.kind).toBe('default');
      expect(sourced.source.why?.length).toBeGreaterThan(10);
    } else {
      expect(sourced.source).toEqual({ kind: 'clause', document, clause });
    }
  });

  it('keeps every number of every profile inside a sourced value', () => {
    const bare: string[] = [];
    const walk = (node: unknown, path: string, insideValue: boolean): void => {
      if (typeof node === 'number' && !insideValue) bare.push(path);
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`, false));
      else if (typeof node === 'object' && node !== null) {
        for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`, k === 'value');
      }
    };
    for (const profile of policyProfiles) walk(profile, profile.id, false);
    expect(bare).toEqual([]);
  });
});

describe('profileForRegion', () => {
  it.each([
    ['350203', 'fujian'],
    ['350000', 'fujian'],
    ['220102', 'jilin'],
    ['222401001001', 'jilin'],
    ['370100', 'shandong'],
    ['371302', 'shandong'],
    ['37', 'shandong'],
    ['110105', 'national'],
    ['330106', 'national'],
  ])('%s → %s', (region, id) => {
    expect(profileForRegion(region).id).toBe(id);
  });

  it('rejects an invalid region code', () => {
    expect(() => profileForRegion('990000')).toThrow(/invalid region code/);
  });

  it('prefers the longest matching prefix', () => {
    const linyi = deriveProfile(shandongProfile, { id: 'linyi-test', name: '临沂市', regionPrefixes: ['371300'] });
    const profiles = [...policyProfiles, linyi];
    expect(profileForRegion('371302', profiles).id).toBe('linyi-test');
    expect(profileForRegion('370102', profiles).id).toBe('shandong');
    expect(profileForRegion('110105', profiles).id).toBe('national');
    // A derived profile inherits everything it does not override, from its base.
    expect(linyi.riskThresholds.IV.layoffClusterMinPerFirm.value).toBe(51);
  });
});

describe('validation at load', () => {
  it('every bundled profile is a valid profile', () => {
    for (const profile of policyProfiles) expect(PolicyProfileSchema.parse(profile)).toEqual(profile);
  });

  it('overrides replace a sourced value whole, never mixing sources', () => {
    expect(fujianProfile.unemploymentRegistrationWorkingDays.source).not.toHaveProperty('why');
    expect(fujianProfile.graduateFirstContactWorkingDays).toEqual(nationalProfile.graduateFirstContactWorkingDays);
  });

  const invalid: [string, (p: PolicyProfile) => unknown][] = [
    ['a negative time limit', (p) => ({ ...p, unemploymentRegistrationWorkingDays: { ...p.unemploymentRegistrationWorkingDays, value: -1 } })],
    ['a fractional count', (p) => ({ ...p, graduateRefusalLimit: { ...p.graduateRefusalLimit, value: 2.5 } })],
    ['a clause without a document', (p) => ({ ...p, graduateRefusalLimit: { value: 3, source: { kind: 'clause', clause: '二(三)' } } })],
    ['an unknown field (a typo in an override)', (p) => ({ ...p, graduateRefusalLimt: p.graduateRefusalLimit })],
    ['an invalid region prefix', (p) => ({ ...p, regionPrefixes: ['99'] })],
    [
      'a higher level with a lower threshold',
      (p) => ({
        ...p,
        riskThresholds: { ...p.riskThresholds, I: { ...p.riskThresholds.I, closureJobLoss: { ...p.riskThresholds.I.closureJobLoss, value: 100 } } },
      }),
    ],
    ['service items with a repeated kind', (p) => ({ ...p, service131: { items: [...p.service131.items, p.service131.items[0]] } })],
    ['an escalation chain going back in time', (p) => ({ ...p, escalationChain: [...p.escalationChain].reverse() })],
  ];
  it.each(invalid)('rejects %s', (_name, mutate) => {
    expect(() => parseProfile(mutate(nationalProfile))).toThrow(/policy profile 'national' is invalid/);
  });
});

describe('the escalation chain', () => {
  const days = (value: number) => ({ value, source: { kind: 'default', why: 'test' } as const });
  const step = (role: 'caseworker' | 'supervisor' | 'leader', levelsUp: number, after: number) => ({
    role,
    levelsUp: days(levelsUp),
    afterWorkingDays: days(after),
  });
  const withChain = (chain: unknown) => ({ ...nationalProfile, escalationChain: chain });

  it('goes up the ladder by default: own supervisor at once, the parent’s supervisor after 3 working days, its leader after 6', () => {
    expect(nationalProfile.escalationChain.map((s) => [s.role, s.levelsUp.value, s.afterWorkingDays.value])).toEqual([
      ['supervisor', 0, 0],
      ['supervisor', 1, 3],
      ['leader', 1, 6],
    ]);
    for (const s of nationalProfile.escalationChain) {
      for (const sourced of [s.levelsUp, s.afterWorkingDays]) expect(sourced.source).toMatchObject({ kind: 'default', why: expect.stringMatching(/.{10}/) });
    }
    // Every bundled profile has the national chain.
    for (const profile of policyProfiles) expect(profile.escalationChain).toEqual(nationalProfile.escalationChain);
  });

  it.each([
    ['a step without its level (the shape before the ladder)', [{ role: 'supervisor', afterWorkingDays: days(0) }], /levelsUp/],
    ['the same role at the same level twice', [step('supervisor', 0, 0), step('supervisor', 0, 3)], /same role at the same level twice/],
    ['a step coming down the ladder', [step('supervisor', 1, 0), step('leader', 0, 3)], /must not come down the ladder/],
    ['a step going back in time', [step('supervisor', 0, 3), step('supervisor', 1, 0)], /must not go back in time/],
    ['a level above the province from a community', [step('supervisor', 5, 0)], /levelsUp/],
    ['a fractional level', [step('supervisor', 0.5, 0)], /levelsUp/],
    ['an empty chain', [], /escalationChain/],
  ])('rejects %s', (_name, chain, issue) => {
    expect(() => parseProfile(withChain(chain))).toThrow(issue);
  });

  it('accepts the same role at another level, and another role at the same level', () => {
    expect(() => parseProfile(withChain([step('supervisor', 0, 0), step('leader', 0, 2), step('supervisor', 1, 2), step('leader', 2, 10)]))).not.toThrow();
  });

  it('lets a task escalate past its own candidates: only their own office’s step goes', () => {
    expect(chainPast(nationalProfile.escalationChain, 'supervisor').map((s) => [s.role, s.levelsUp?.value])).toEqual([
      ['supervisor', 1],
      ['leader', 1],
    ]);
    expect(chainPast(nationalProfile.escalationChain, 'caseworker')).toEqual(nationalProfile.escalationChain);
    // A chain of the old shape, as snapshots of cases started before the ladder hold it: as before.
    const legacy = [
      { role: 'supervisor', afterWorkingDays: days(0) },
      { role: 'leader', afterWorkingDays: days(3) },
    ] as const;
    expect(chainPast(legacy, 'supervisor')).toEqual([legacy[1]]);
  });
});
