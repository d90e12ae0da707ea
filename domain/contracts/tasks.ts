/**
 * Human tasks: who may act, the typed result each task type completes with, and the HTTP bodies of
 * the inbox. The same schemas validate at the API and again inside the owning workflow.
 */
import { z } from 'zod';
import { CaseType } from './outbound.js';

export const Role = z.enum(['caseworker', 'supervisor', 'liaison', 'leader', 'admin']);
export type Role = z.infer<typeof Role>;

/** A person acting, as established from a verified bearer token. */
export const Actor = z.object({
  userId: z.string().min(1).max(100),
  role: Role,
  /** Administrative division code prefix the person may see and act in. */
  jurisdiction: z.string().regex(/^\d{2,12}$/),
});
export type Actor = z.infer<typeof Actor>;

export const TaskStatus = z.enum(['open', 'claimed', 'completed', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** Shandong 鲁人社发〔2019〕6号 (十): help for enterprises in mass layoffs. */
const LayoffMeasure = z.enum(['labour-relations-guidance', 'social-insurance-continuation', 'reemployment-services', 'special-job-fair', 'policy-consultation']);

const ContactChannel = z.enum(['in-person', 'phone', 'online', 'event']);
const Summary = z.string().trim().min(1, { error: '请填写服务情况' }).max(2000);

/** The result each task type is completed with. */
export const taskResultSchemas = {
  /** Jilin 吉就组办〔2022〕1号 二(三): first contact with a graduate from the handover list. */
  'graduate-first-contact': z.discriminatedUnion('reached', [
    z.strictObject({ reached: z.literal(false), note: z.string().trim().max(500).optional() }),
    z.strictObject({
      reached: z.literal(true),
      wantsWork: z.boolean(),
      intention: z.enum(['employment', 'further-study', 'business', 'none', 'undecided']),
      skillLevel: z.enum(['none', 'junior', 'intermediate', 'senior']).meta({ description: '技能等级：无 / 初级 / 中级 / 高级' }),
      note: z.string().trim().max(500).optional(),
    }),
  ]),
  'graduate-policy-briefing': z.strictObject({ channel: ContactChannel, summary: Summary }),
  'graduate-job-recommendation': z.strictObject({
    position: z.string().trim().min(1, { error: '请填写推荐岗位' }).max(200),
    employer: z.string().trim().min(1, { error: '请填写用人单位' }).max(200),
    response: z.enum(['accepted', 'interviewing', 'declined', 'no-response']).meta({ description: '毕业生反馈：接受 / 面试中 / 拒绝 / 无回应' }),
  }),
  'graduate-vocational-guidance': z.strictObject({ channel: ContactChannel, summary: Summary }),
  /** A supervisor's review of a graduate still not placed at the profile's target (6 months). */
  'graduate-target-review': z.strictObject({
    decision: z.enum(['continue-services', 'one-person-one-plan']).meta({ description: '继续跟踪服务 / 转入一人一策帮扶' }),
    note: z.string().trim().min(1, { error: '请填写研判意见' }).max(2000),
  }),
  'graduate-training-or-internship': z.strictObject({
    kind: z.enum(['training', 'internship']),
    provider: z.string().trim().min(1, { error: '请填写培训机构或见习单位' }).max(200),
    response: z.enum(['accepted', 'declined']),
  }),
  'layoff-review': z.strictObject({
    planCompliant: z.boolean().meta({ description: '裁员方案是否符合劳动合同法第四十一条程序' }),
    measures: z.array(LayoffMeasure).min(1, { error: '至少选择一项帮扶措施' }),
    summary: z.string().trim().min(1, { error: '请填写核查情况' }).max(2000),
  }),
} as const;

export type TaskType = keyof typeof taskResultSchemas;
export const TaskTypeSchema = z.enum(Object.keys(taskResultSchemas) as [TaskType, ...TaskType[]]);
export type TaskResult<T extends TaskType> = z.infer<(typeof taskResultSchemas)[T]>;

export const TaskNote = z.object({ at: z.string(), by: z.string(), role: Role, text: z.string() });
export type TaskNote = z.infer<typeof TaskNote>;

export const TaskView = z
  .object({
    id: z.string(),
    caseId: z.string(),
    caseType: CaseType,
    type: TaskTypeSchema,
    title: z.string(),
    status: TaskStatus,
    regionCode: z.string(),
    candidateRole: Role,
    assignee: z.string().nullable(),
    dueDate: z.string(),
    dueAt: z.string(),
    dueProvisional: z.boolean().meta({
      description:
        "预计 (provisional): the due date counts through a year whose State Council holiday notice is not out yet (weekends and statutory holidays only); it is recounted when the notice is added",
    }),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    escalatedTo: Role.nullable(),
    slaPaused: z.boolean(),
    notes: z.array(TaskNote),
    result: z.unknown().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'Task' });
export type TaskView = z.infer<typeof TaskView>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const TaskListQuery = z.object({
  scope: z.enum(['mine', 'team']).default('mine').meta({ description: "'mine': assigned to me or claimable by my role; 'team': every open task in my jurisdiction" }),
  caseType: CaseType.optional(),
  status: TaskStatus.optional(),
  overdue: flag.optional(),
  dueBefore: z.iso.date().optional().meta({ description: 'Only tasks due on or before this date' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

export const TaskList = z.object({ items: z.array(TaskView), nextCursor: z.string().nullable() }).meta({ id: 'TaskList' });

export const CompleteTaskBody = z.object({ result: z.unknown() }).meta({ id: 'CompleteTask' });
export const ReassignTaskBody = z
  .object({ assignee: z.string().trim().min(1).max(100), reason: z.string().trim().min(1).max(500) })
  .meta({ id: 'ReassignTask' });
export const NoteBody = z.object({ text: z.string().trim().min(1).max(2000) }).meta({ id: 'TaskNoteBody' });
export const PauseSlaBody = z
  .object({ reason: z.string().trim().min(1).max(500).meta({ description: '例如：等待毕业生提供材料' }) })
  .meta({ id: 'PauseSla' });
export const TaskIdParam = z.object({ id: z.string().min(1).max(300) });

export const AuditEntryView = z
  .object({
    id: z.string(),
    at: z.string(),
    actorId: z.string(),
    actorRole: z.string(),
    action: z.string(),
    caseId: z.string(),
    taskId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    detail: z.unknown().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export const AuditList = z.object({ items: z.array(AuditEntryView) }).meta({ id: 'AuditList' });
