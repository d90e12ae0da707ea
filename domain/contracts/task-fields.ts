/** Fields and results that tasks of several case types are built from, so they read and validate alike. */
import { z } from 'zod';
import { CreditCode, Intention, labelled, SafeLine, SafeText, SkillLevel, TEXT_CAPS } from './common.js';
import { MAX_DEMAND_POSITIONS } from './inbound.js';

/** How a service was delivered. */
export const ContactChannel = labelled(z.enum(['in-person', 'phone', 'online', 'event']), {
  'in-person': '当面',
  phone: '电话',
  online: '线上',
  event: '活动现场',
}).meta({ title: '服务方式' });

/** What the caseworker writes about a delivered service. */
export const Summary = SafeText(TEXT_CAPS.NOTE).min(1, { error: '请填写服务情况' }).meta({ title: '服务情况' });

/** A short remark beside a structured result. */
const Remark = SafeText(500).meta({ title: '备注' });

/** First contact with a person on a list (a graduate, a laid-off worker): reached or not, and what they want. */
export const FirstContactResult = z.discriminatedUnion('reached', [
  z.strictObject({ reached: z.literal(false).meta({ title: '是否联系上' }), note: Remark.optional() }).meta({ title: '未联系上' }),
  z
    .strictObject({
      reached: z.literal(true).meta({ title: '是否联系上' }),
      wantsWork: z.boolean().meta({ title: '有就业意愿' }),
      intention: Intention.meta({ title: '去向意向' }),
      skillLevel: SkillLevel.meta({ title: '技能等级' }),
      note: Remark.optional(),
    })
    .meta({ title: '已联系上' }),
]);

/** A briefing or guidance session delivered. */
export const DeliveredResult = z.strictObject({ channel: ContactChannel, summary: Summary });

/**
 * Which vacancy of the key-enterprise demand ledger was recommended, as `GET /api/tasks/{id}/vacancies`
 * offers it. Optional: a job found elsewhere is recorded by position and employer only, and results
 * recorded before vacancies were offered stay valid.
 */
export const RecommendedVacancy = z.strictObject({
  creditCode: CreditCode.meta({ title: '用人单位统一社会信用代码' }),
  demandId: SafeLine(TEXT_CAPS.REFERENCE).min(1).meta({ title: '用工需求编号' }),
  positionIndex: z
    .number()
    .int()
    .min(0)
    .max(MAX_DEMAND_POSITIONS - 1)
    .meta({ title: '岗位序号', description: '岗位在用工需求中的序号（从 0 起）' }),
});

/** Position and employer stay required even with a vacancy: the ledger and older clients read them as text. */
export const JobRecommendationResult = z.strictObject({
  position: SafeLine(TEXT_CAPS.TITLE).min(1, { error: '请填写推荐岗位' }).meta({ title: '推荐岗位' }),
  employer: SafeLine(TEXT_CAPS.TITLE).min(1, { error: '请填写用人单位' }).meta({ title: '用人单位' }),
  response: labelled(z.enum(['accepted', 'interviewing', 'declined', 'no-response']), {
    accepted: '接受',
    interviewing: '面试中',
    declined: '拒绝',
    'no-response': '无回应',
  }).meta({ title: '求职者反馈' }),
  vacancy: RecommendedVacancy.optional().meta({
    title: '重点企业岗位',
    description: '推荐的重点企业用工需求岗位（来自任务的匹配岗位列表）',
  }),
});

export const TrainingOfferResult = z.strictObject({
  kind: labelled(z.enum(['training', 'internship']), { training: '技能培训', internship: '就业见习' }).meta({ title: '机会类型' }),
  provider: SafeLine(TEXT_CAPS.TITLE).min(1, { error: '请填写培训机构或见习单位' }).meta({ title: '培训机构或见习单位' }),
  response: labelled(z.enum(['accepted', 'declined']), { accepted: '接受', declined: '拒绝' }).meta({ title: '反馈' }),
});
