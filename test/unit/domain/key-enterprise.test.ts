/**
 * The key-enterprise account's pure rules: the contact cadence, a demand's response deadline in
 * working days (across National Day 2026 and its make-up day), the office a demand is followed from, the
 * headcount drop, which demand a hire fills; and the contract and task results the account takes.
 */
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../../domain/calendar/index.js';
import {
  contactOpensAt,
  demandForHire,
  demandOffice,
  headcountDropPct,
  keyEnterpriseTaskResults,
  previousPeriod,
  vacancyCounts,
  type DemandLine,
} from '../../../domain/cases/key-enterprise.js';
import { fieldIssues } from '../../../domain/contracts/common.js';
import { HiringDemandV1 } from '../../../domain/contracts/inbound.js';
import { jilinProfile, nationalProfile } from '../../../domain/profiles/index.js';
import { creditCode } from '../../support/fixtures.js';

const demand = (demandId: string, receivedAt: string, vacancies: number, changes: Partial<DemandLine> = {}): DemandLine => ({
  demandId,
  source: 'platform',
  receivedAt,
  neededBy: null,
  positions: [{ title: '装配工', count: vacancies }],
  vacancies,
  filled: 0,
  status: 'open',
  responseTaskId: null,
  responseDueDate: null,
  respondedAt: null,
  response: null,
  fillTaskId: null,
  fillDueDate: null,
  closedAt: null,
  closedReason: null,
  ...changes,
});

describe('regular contact cadence', () => {
  it('opens the next contact the profile’s interval after the last one, through month ends', () => {
    const interval = nationalProfile.enterpriseContactIntervalDays.value;
    expect(interval).toBe(30);
    let last = '2026-01-20T10:00:00+08:00';
    const opens: string[] = [];
    for (let i = 0; i < 4; i++) {
      last = contactOpensAt(last, interval);
      opens.push(last);
    }
    expect(opens).toEqual(['2026-02-19T02:00:00.000Z', '2026-03-21T02:00:00.000Z', '2026-04-20T02:00:00.000Z', '2026-05-20T02:00:00.000Z']);
  });

  it('gives each contact a working week once its task opens', () => {
    expect(nationalProfile.enterpriseContactWorkingDays.value).toBe(5);
    // Opened on Thursday 24 September 2026, the eve of Mid-Autumn: 28, 29, 30 September, then 8 and 9 October.
    expect(chinaCalendar.deadline('2026-09-24T09:00:00+08:00', 5).dueDate).toBe('2026-10-09');
  });
});

describe('a hiring demand’s response deadline', () => {
  const days = jilinProfile.hiringDemandResponseWorkingDays.value;

  it('is the profile’s 2 working days', () => {
    expect(days).toBe(2);
    // Monday 16 November 2026: Tuesday, Wednesday.
    expect(chinaCalendar.deadline('2026-11-16T10:00:00+08:00', days)).toMatchObject({ dueDate: '2026-11-18', provisional: false });
  });

  it('counts across National Day 2026: posted on 30 September, due 9 October', () => {
    // 1–7 October off; Thursday 8 and Friday 9 October are the first two working days after.
    expect(chinaCalendar.deadline('2026-09-30T16:30:00+08:00', days)).toMatchObject({ dueDate: '2026-10-09', dueAt: '2026-10-09T23:59:59.999+08:00' });
    // Late on 30 September in UTC is already 1 October in Shanghai: the count starts there, the same day results.
    expect(chinaCalendar.deadline('2026-09-30T17:30:00Z', days).dueDate).toBe('2026-10-09');
  });

  it('counts the make-up working day: posted on Friday 9 October, due Monday 12 October', () => {
    // Saturday 10 October 2026 is worked (调休); without it the due date would be Tuesday 13.
    expect(chinaCalendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(chinaCalendar.deadline('2026-10-09T11:00:00+08:00', days).dueDate).toBe('2026-10-12');
  });
});

describe('the office a demand is followed from', () => {
  // Its escalation climbs the ladder from there: the county's supervisor, then the city's.
  it.each([
    ['220102', '220102'],
    ['220102001', '220102'],
    ['370102001001', '370102'],
    ['220100', '220100'],
    // A street of 东莞 has no county above it: the city's bureau follows it.
    ['441900003', '441900'],
  ])('%s → %s', (region, office) => {
    expect(demandOffice(region)).toBe(office);
  });
});

describe('headcount and hires', () => {
  it('judges a month against the month before', () => {
    expect(previousPeriod('2026-11')).toBe('2026-10');
    expect(previousPeriod('2027-01')).toBe('2026-12');
    expect(headcountDropPct(760, 646)).toBeCloseTo(15, 5);
    expect(headcountDropPct(800, 820)).toBeLessThan(0);
    expect(headcountDropPct(0, 10)).toBe(0);
    expect(nationalProfile.enterpriseHeadcountDropPct.value).toBe(10);
  });

  it('counts a hire against the oldest open demand it can fill, received by its effective day', () => {
    const demands = [
      demand('D-2', '2026-10-20T02:00:00Z', 2),
      demand('D-1', '2026-10-10T02:00:00Z', 1, { filled: 1 }),
      demand('D-0', '2026-10-01T02:00:00Z', 5, { status: 'closed' }),
      demand('D-3', '2026-11-05T02:00:00Z', 4),
    ];
    expect(demandForHire(demands, '2026-10-25')?.demandId).toBe('D-2');
    expect(demandForHire(demands, '2026-10-19')).toBeUndefined();
    // Received at 23:30 on 4 November in Shanghai's next day: 5 November counts, the 4th does not.
    expect(demandForHire([demand('D-4', '2026-11-04T16:30:00Z', 1)], '2026-11-04')).toBeUndefined();
    expect(demandForHire([demand('D-4', '2026-11-04T16:30:00Z', 1)], '2026-11-05')?.demandId).toBe('D-4');
    expect(vacancyCounts(demands)).toEqual({ openDemands: 3, vacanciesOpen: 6, vacanciesFilled: 1 });
  });
});

describe('ent.hiring.demand.v1', () => {
  const valid = {
    eventId: 'dm-1',
    occurredAt: '2026-09-30T16:30:00+08:00',
    demandId: 'HR-2026-0930-01',
    creditCode: creditCode(),
    regionCode: '220102',
    positions: [{ title: '数控车工', count: 5, skillLevel: 'intermediate', degree: 'associate', major: '机械制造', wageMin: 5000, wageMax: 7000 }],
    neededBy: '2026-11-30',
  };
  const issues = (v: unknown) => {
    const r = HiringDemandV1.safeParse(v);
    return r.success ? [] : fieldIssues(r.error).map((i) => i.path);
  };

  it('accepts a demand, also with a credit code whose check character fails', () => {
    expect(issues(valid)).toEqual([]);
    const good = creditCode();
    expect(issues({ ...valid, creditCode: good.slice(0, 17) + (good.endsWith('0') ? '1' : '0') })).toEqual([]);
  });

  it.each([
    ['positions', { positions: [] }],
    ['positions', { positions: Array.from({ length: 51 }, () => ({ title: '普工', count: 1 })) }],
    ['positions.0.count', { positions: [{ title: '普工', count: 0 }] }],
    ['positions.0.wageMin', { positions: [{ title: '普工', count: 1, wageMin: 6000, wageMax: 5000 }] }],
    ['positions.0.degree', { positions: [{ title: '普工', count: 1, degree: 'diploma' }] }],
    ['neededBy', { neededBy: '2026-11-31' }],
    ['regionCode', { regionCode: '990102' }],
  ])('names a bad %s', (path, patch) => {
    expect(issues({ ...valid, ...patch })).toContain(path);
  });
});

describe('the contact survey', () => {
  const survey = keyEnterpriseTaskResults['enterprise-contact'];
  it('defaults what the liaison leaves out, and wants the vacancies for a recruitment request', () => {
    expect(survey.parse({ channel: 'phone', insuredHeadcount: 120, shortage: 0, summary: '电话回访' })).toMatchObject({
      vacancies: [],
      recruitmentRequested: false,
      subsidyHelp: [],
    });
    const asked = survey.safeParse({ channel: 'phone', insuredHeadcount: 120, shortage: 5, recruitmentRequested: true, summary: '企业委托招聘' });
    expect(asked.success).toBe(false);
    expect(asked.success ? [] : fieldIssues(asked.error)).toEqual([{ path: 'vacancies', message: '委托招聘须填写缺工岗位' }]);
  });
});
