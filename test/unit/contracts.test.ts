import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../../domain/contracts/common.js';
import { EnrollmentChangedV1, GraduateHandoverV1, inboundTopics, LayoffFiledV1 } from '../../domain/contracts/inbound.js';
import { CaseLifecycleV1, outboundTopics } from '../../domain/contracts/outbound.js';
import { JobRecommendationResult } from '../../domain/contracts/task-fields.js';
import { creditCode, layoffFiling, residentId } from '../support/fixtures.js';

function issuesOf(result: { success: boolean; error?: unknown }) {
  expect(result.success).toBe(false);
  return fieldIssues((result as { error: Parameters<typeof fieldIssues>[0] }).error);
}

describe('hrss.layoff.filed.v1', () => {
  it('accepts a valid filing and normalises the credit code to upper case', () => {
    const filing = layoffFiling({ creditCode: creditCode().toLowerCase() });
    const parsed = LayoffFiledV1.parse(filing);
    expect(parsed.creditCode).toBe(creditCode());
  });

  it.each([
    ['eventId', { eventId: '' }],
    ['occurredAt', { occurredAt: '2026-11-20 09:30' }],
    ['occurredAt', { occurredAt: '2026-11-20T09:30:00' }],
    ['creditCode', { creditCode: '91220102MA000000I1' }],
    ['creditCode', { creditCode: 'short' }],
    ['regionCode', { regionCode: '2201' }],
    ['regionCode', { regionCode: '990102' }],
    ['industryCode', { industryCode: 'c36' }],
    ['headcount', { headcount: 0 }],
    ['layoffCount', { layoffCount: 2.5 }],
    ['layoffCount', { headcount: 10, layoffCount: 11 }],
    ['plannedDate', { plannedDate: '2026-02-30' }],
  ])('rejects a bad %s with the field path', (field, patch) => {
    const issues = issuesOf(LayoffFiledV1.safeParse({ ...layoffFiling(), ...patch }));
    expect(issues.map((i) => i.path)).toContain(field);
  });

  it('accepts a credit code whose check character fails (a warning, not an error)', () => {
    const good = creditCode();
    const last = good.at(-1) === '0' ? '1' : '0';
    expect(LayoffFiledV1.safeParse(layoffFiling({ creditCode: good.slice(0, 17) + last })).success).toBe(true);
  });

  it('names every missing field', () => {
    const issues = issuesOf(LayoffFiledV1.safeParse({}));
    expect(issues.map((i) => i.path).sort()).toEqual(
      [
        'creditCode',
        'enterpriseName',
        'eventId',
        'filingId',
        'headcount',
        'industryCode',
        'layoffCount',
        'occurredAt',
        'plannedDate',
        'reason',
        'regionCode',
      ].sort(),
    );
  });
});

describe('ID-bearing contracts', () => {
  const handover = {
    eventId: 'e1',
    occurredAt: '2026-07-15T09:00:00+08:00',
    handoverId: 'H-2026-001',
    year: 2026,
    idNumber: residentId(),
    name: '李四',
    school: '吉林大学',
    major: '计算机科学与技术',
    degree: 'bachelor',
    graduationDate: '2026-06-30',
    householdRegionCode: '220102',
  };

  it('accepts a valid handover and rejects a corrupted ID without echoing it', () => {
    expect(GraduateHandoverV1.safeParse(handover).success).toBe(true);
    const id = residentId();
    const corrupted = id.slice(0, 10) + ((Number(id[10]) + 1) % 10) + id.slice(11);
    const issues = issuesOf(GraduateHandoverV1.safeParse({ ...handover, idNumber: corrupted }));
    expect(issues[0]?.path).toBe('idNumber');
    expect(JSON.stringify(issues)).not.toContain(corrupted);
  });

  it('rejects a phone that is not a mainland mobile number', () => {
    expect(issuesOf(GraduateHandoverV1.safeParse({ ...handover, phone: '12345' })).map((i) => i.path)).toEqual(['phone']);
  });

  it('checks enrolment changes', () => {
    const ok = {
      eventId: 'e2',
      occurredAt: '2026-09-01T10:00:00+08:00',
      idNumber: residentId(),
      creditCode: creditCode(),
      regionCode: '220102',
      change: 'enrolled',
      effectiveDate: '2026-09-01',
    };
    expect(EnrollmentChangedV1.safeParse(ok).success).toBe(true);
    expect(issuesOf(EnrollmentChangedV1.safeParse({ ...ok, change: 'hired' })).map((i) => i.path)).toEqual(['change']);
  });
});

describe('topic registry', () => {
  it('covers every topic of docs/contracts.md that is built', () => {
    expect(Object.keys(inboundTopics).sort()).toEqual([
      'amr.enterprise.status.v1',
      'dept.directive.reported.v1',
      'edu.graduate.handover.v1',
      'ent.hiring.demand.v1',
      'hrss.layoff.filed.v1',
      'hrss.layoff.worker.v1',
      'si.enrollment.changed.v1',
      'si.headcount.reported.v1',
      'stats.unemployment.rate.v1',
      'ui.claims.reported.v1',
    ]);
    expect(Object.keys(outboundTopics).sort()).toEqual([
      'case.lifecycle.v1',
      'dept.directive.v1',
      'hrss.graduate.outcome.v1',
      'risk.level.v1',
      'task.lifecycle.v1',
    ]);
  });

  it('outbound case events carry no free-form personal fields', () => {
    const event = {
      eventId: 'x',
      occurredAt: '2026-11-20T09:30:00+08:00',
      caseId: 'c',
      kind: 'opened',
      caseType: 'layoff-filing',
      regionCode: '220102',
      status: 'opened',
      reason: 'r',
      idNumber: residentId(),
    };
    const parsed = CaseLifecycleV1.parse(event);
    expect(parsed).not.toHaveProperty('idNumber');
  });
});

describe('job recommendation results', () => {
  const recorded = { position: '数控车工', employer: '长春示例机械有限公司', response: 'interviewing' };

  it('accepts a result without a vacancy, as recorded before vacancies were offered', () => {
    expect(JobRecommendationResult.parse(recorded)).toEqual(recorded);
  });

  it('accepts the vacancy the task offered, with the credit code in upper case', () => {
    const vacancy = { creditCode: creditCode().toLowerCase(), demandId: 'D-1', positionIndex: 0 };
    expect(JobRecommendationResult.parse({ ...recorded, vacancy }).vacancy).toEqual({ ...vacancy, creditCode: creditCode() });
  });

  it.each([
    ['vacancy.creditCode', { vacancy: { creditCode: 'short', demandId: 'D-1', positionIndex: 0 } }],
    ['vacancy.demandId', { vacancy: { creditCode: creditCode(), demandId: '', positionIndex: 0 } }],
    ['vacancy.positionIndex', { vacancy: { creditCode: creditCode(), demandId: 'D-1', positionIndex: -1 } }],
    ['position', { position: '', vacancy: { creditCode: creditCode(), demandId: 'D-1', positionIndex: 0 } }],
  ])('rejects a bad %s', (field, change) => {
    expect(issuesOf(JobRecommendationResult.safeParse({ ...recorded, ...change })).map((i) => i.path)).toContain(field);
  });
});
