/** Inbound Kafka topics sent by other departments (docs/contracts.md). One schema each. */
import { z } from 'zod';
import {
  Count,
  CreditCode,
  Degree,
  Department,
  IdNumber,
  InboundEnvelope,
  IndustryCode,
  Intention,
  IsoDate,
  MobilePhone,
  Pct,
  Period,
  RegionCode,
  SafeLine,
  SafeText,
  SkillLevel,
  EnterpriseName,
  EnterpriseStatus,
  TEXT_CAPS,
} from './common.js';

/** Another system's identifier (a filing, a list, a demand): one non-empty line. */
const Reference = SafeLine(TEXT_CAPS.REFERENCE).min(1);
const PersonName = SafeLine(TEXT_CAPS.NAME).min(1);
const Title = SafeLine(TEXT_CAPS.TITLE).min(1);

export const GraduateHandoverV1 = InboundEnvelope.extend({
  handoverId: Reference,
  year: z.number().int().min(2000).max(2100),
  idNumber: IdNumber,
  name: PersonName,
  phone: MobilePhone.optional(),
  school: Title,
  major: Title,
  degree: Degree,
  graduationDate: IsoDate,
  householdRegionCode: RegionCode,
  intention: Intention.optional(),
  /** The school's own reference for the student (学号), returned on hrss.graduate.outcome.v1 so the school can match it. */
  studentRef: SafeLine(64).min(1).optional(),
});
export type GraduateHandoverV1 = z.infer<typeof GraduateHandoverV1>;

export const LayoffFiledV1 = InboundEnvelope.extend({
  filingId: Reference,
  creditCode: CreditCode,
  enterpriseName: EnterpriseName,
  regionCode: RegionCode,
  industryCode: IndustryCode,
  headcount: Count.min(1, { error: 'headcount must be at least 1' }),
  layoffCount: Count.min(1, { error: 'layoffCount must be at least 1' }),
  plannedDate: IsoDate,
  reason: SafeText(TEXT_CAPS.NOTE).min(1),
}).refine((v) => v.layoffCount <= v.headcount, {
  error: 'layoffCount cannot exceed headcount',
  path: ['layoffCount'],
});
export type LayoffFiledV1 = z.infer<typeof LayoffFiledV1>;

export const EnrollmentChangedV1 = InboundEnvelope.extend({
  idNumber: IdNumber,
  creditCode: CreditCode,
  regionCode: RegionCode,
  change: z.enum(['enrolled', 'terminated']),
  effectiveDate: IsoDate,
});
export type EnrollmentChangedV1 = z.infer<typeof EnrollmentChangedV1>;

/** A monthly figure of a region: where and for which month. */
const MonthlyReport = InboundEnvelope.extend({ regionCode: RegionCode, period: Period });

export const HeadcountReportedV1 = MonthlyReport.extend({ creditCode: CreditCode, industryCode: IndustryCode, insuredHeadcount: Count });
export type HeadcountReportedV1 = z.infer<typeof HeadcountReportedV1>;

export const ClaimsReportedV1 = MonthlyReport.extend({ industryCode: IndustryCode.optional(), newClaimants: Count, totalRecipients: Count });
export type ClaimsReportedV1 = z.infer<typeof ClaimsReportedV1>;

export const EnterpriseStatusV1 = InboundEnvelope.extend({
  creditCode: CreditCode,
  name: EnterpriseName,
  regionCode: RegionCode,
  industryCode: IndustryCode,
  status: EnterpriseStatus,
});
export type EnterpriseStatusV1 = z.infer<typeof EnterpriseStatusV1>;

/** One worker on a collective-layoff filing's roster: their re-employment case is opened from it. */
export const LayoffWorkerV1 = InboundEnvelope.extend({
  filingId: Reference,
  creditCode: CreditCode,
  idNumber: IdNumber,
  name: PersonName,
  phone: MobilePhone.optional(),
  householdRegionCode: RegionCode,
  lastWorkingDay: IsoDate,
  occupation: Title.optional(),
  skillLevel: SkillLevel.optional(),
});
export type LayoffWorkerV1 = z.infer<typeof LayoffWorkerV1>;

/** A member department's report on a directive of the emergency response (dept.directive.v1). */
export const DirectiveReportedV1 = InboundEnvelope.extend({
  directiveId: SafeLine(200).min(1),
  department: Department,
  status: z.enum(['acknowledged', 'in-progress', 'done', 'declined']),
  note: SafeText(TEXT_CAPS.NOTE).optional(),
});
export type DirectiveReportedV1 = z.infer<typeof DirectiveReportedV1>;

/**
 * One position of a hiring demand as the recruitment platform posts it. Wages are monthly, in yuan;
 * skill level, degree and major are what the enterprise asks for, when it says.
 */
export const DemandPosition = z
  .object({
    title: Title.meta({ title: '岗位名称' }),
    count: Count.min(1, { error: 'count must be at least 1' }).meta({ title: '需求人数' }),
    skillLevel: SkillLevel.optional().meta({ title: '技能等级要求' }),
    degree: Degree.optional().meta({ title: '学历要求' }),
    major: Title.optional().meta({ title: '专业要求' }),
    wageMin: Count.optional().meta({ title: '月薪下限（元）' }),
    wageMax: Count.optional().meta({ title: '月薪上限（元）' }),
  })
  .refine((p) => p.wageMin === undefined || p.wageMax === undefined || p.wageMin <= p.wageMax, {
    error: 'wageMin cannot exceed wageMax',
    path: ['wageMin'],
  });
export type DemandPosition = z.infer<typeof DemandPosition>;

/**
 * Positions one demand (or one survey's vacancy structure) may name: more than any enterprise's
 * posting lists, and few enough that matching each against every open case stays quick.
 */
export const MAX_DEMAND_POSITIONS = 50;

/** A key enterprise's hiring demand from the public recruitment platform (Jilin 吉就组办〔2022〕1号 二(五)). */
export const HiringDemandV1 = InboundEnvelope.extend({
  demandId: Reference,
  creditCode: CreditCode,
  regionCode: RegionCode,
  positions: z
    .array(DemandPosition)
    .min(1, { error: 'a demand names at least 1 position' })
    .max(MAX_DEMAND_POSITIONS, { error: `a demand names at most ${MAX_DEMAND_POSITIONS} positions` }),
  neededBy: IsoDate.optional(),
});
export type HiringDemandV1 = z.infer<typeof HiringDemandV1>;

/** A region's monthly unemployment rates (registered; surveyed where the region has a survey). */
export const UnemploymentRateV1 = InboundEnvelope.extend({ regionCode: RegionCode, period: Period, registeredRatePct: Pct, surveyedRatePct: Pct.optional() });
export type UnemploymentRateV1 = z.infer<typeof UnemploymentRateV1>;

/** Every inbound topic with its schema and the business key its messages are keyed by. */
export const inboundTopics = {
  'edu.graduate.handover.v1': { schema: GraduateHandoverV1, key: 'idNumber' },
  'hrss.layoff.filed.v1': { schema: LayoffFiledV1, key: 'creditCode' },
  'si.enrollment.changed.v1': { schema: EnrollmentChangedV1, key: 'idNumber' },
  'si.headcount.reported.v1': { schema: HeadcountReportedV1, key: 'creditCode' },
  'ui.claims.reported.v1': { schema: ClaimsReportedV1, key: 'regionCode' },
  'amr.enterprise.status.v1': { schema: EnterpriseStatusV1, key: 'creditCode' },
  'hrss.layoff.worker.v1': { schema: LayoffWorkerV1, key: 'idNumber' },
  'ent.hiring.demand.v1': { schema: HiringDemandV1, key: 'creditCode' },
  'dept.directive.reported.v1': { schema: DirectiveReportedV1, key: 'directiveId' },
  'stats.unemployment.rate.v1': { schema: UnemploymentRateV1, key: 'regionCode' },
} as const;

export type InboundTopic = keyof typeof inboundTopics;
export const inboundTopicNames = Object.keys(inboundTopics) as InboundTopic[];

export function dlqTopic(topic: InboundTopic): `${InboundTopic}.dlq` {
  return `${topic}.dlq`;
}
