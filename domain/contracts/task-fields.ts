/** Fields and results that tasks of several case types are built from, so they read and validate alike. */
import { z } from 'zod';
import { CreditCode, Intention, SafeLine, SafeText, SkillLevel, TEXT_CAPS } from './common.js';
import { MAX_DEMAND_POSITIONS } from './inbound.js';

/** How a service was delivered. */
export const ContactChannel = z.enum(['in-person', 'phone', 'online', 'event']);

/** What the caseworker writes about a delivered service. */
export const Summary = SafeText(TEXT_CAPS.NOTE).min(1, { error: '请填写服务情况' });

/** A short remark beside a structured result. */
const Remark = SafeText(500);

/** First contact with a person on a list (a graduate, a laid-off worker): reached or not, and what they want. */
export const FirstContactResult = z.discriminatedUnion('reached', [
  z.strictObject({ reached: z.literal(false), note: Remark.optional() }),
  z.strictObject({
    reached: z.literal(true),
    wantsWork: z.boolean(),
    intention: Intention,
    skillLevel: SkillLevel.meta({ description: '技能等级：无 / 初级 / 中级 / 高级' }),
    note: Remark.optional(),
  }),
]);

/** A briefing or guidance session delivered. */
export const DeliveredResult = z.strictObject({ channel: ContactChannel, summary: Summary });

/**
 * Which vacancy of the key-enterprise demand ledger was recommended, as `GET /api/tasks/{id}/vacancies`
 * offers it. Optional: a job found elsewhere is recorded by position and employer only, and results
 * recorded before vacancies were offered stay valid.
 */
export const RecommendedVacancy = z.strictObject({
  creditCode: CreditCode,
  demandId: SafeLine(TEXT_CAPS.REFERENCE).min(1),
  positionIndex: z
    .number()
    .int()
    .min(0)
    .max(MAX_DEMAND_POSITIONS - 1)
    .meta({ description: '岗位在用工需求中的序号（从 0 起）' }),
});

/** Position and employer stay required even with a vacancy: the ledger and older clients read them as text. */
export const JobRecommendationResult = z.strictObject({
  position: SafeLine(TEXT_CAPS.TITLE).min(1, { error: '请填写推荐岗位' }),
  employer: SafeLine(TEXT_CAPS.TITLE).min(1, { error: '请填写用人单位' }),
  response: z.enum(['accepted', 'interviewing', 'declined', 'no-response']).meta({ description: '反馈：接受 / 面试中 / 拒绝 / 无回应' }),
  vacancy: RecommendedVacancy.optional().meta({ description: '推荐的重点企业用工需求岗位（来自任务的匹配岗位列表）' }),
});

export const TrainingOfferResult = z.strictObject({
  kind: z.enum(['training', 'internship']),
  provider: SafeLine(TEXT_CAPS.TITLE).min(1, { error: '请填写培训机构或见习单位' }),
  response: z.enum(['accepted', 'declined']),
});
