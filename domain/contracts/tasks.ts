/**
 * Human tasks of every case type: their view, the HTTP bodies of the inbox and the audit trail.
 * Each case type declares the results its tasks complete with (domain/cases); the same schemas
 * validate at the API and again inside the owning workflow.
 */
import { z } from 'zod';
import { Role } from '../actor.js';
import { taskResultSchemas } from '../cases/index.js';
import { Cursor, ResourceId, SafeLine, SafeText, TEXT_CAPS } from './common.js';
import { CaseType } from './outbound.js';

export const TaskStatus = z.enum(['open', 'claimed', 'completed', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export type TaskType = keyof typeof taskResultSchemas;
export const TaskTypeSchema = z.enum(Object.keys(taskResultSchemas) as [TaskType, ...TaskType[]]);
export type TaskResult<T extends TaskType> = z.infer<(typeof taskResultSchemas)[T]>;

export const TaskNote = z.object({ at: z.string(), by: z.string(), role: Role, text: z.string() });
export type TaskNote = z.infer<typeof TaskNote>;

/** An office a task was escalated to: a role in a jurisdiction (the shortest exact form, as in tokens: '2201'). */
export const EscalationStop = z.object({ role: Role, regionCode: z.string() }).meta({ id: 'EscalationStop' });
export type EscalationStop = z.infer<typeof EscalationStop>;

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
        '预计 (provisional): the due date counts through a year whose State Council holiday notice is not out yet (weekends and statutory holidays only); it is recounted when the notice is added',
    }),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    escalatedTo: Role.nullable(),
    escalatedRegion: z.string().nullable().meta({
      description:
        "The jurisdiction the task now sits with up the administrative ladder: with escalatedTo 'supervisor', '2201' is Changchun's supervisor. Null before any escalation, and on tasks of cases started before the ladder, whose escalation names a role only",
    }),
    escalationPath: z.array(EscalationStop).meta({
      description: 'Every office the task has been escalated to up the ladder, in order; each keeps it in its inbox until it is done',
    }),
    slaPaused: z.boolean(),
    notes: z.array(TaskNote).meta({
      description: 'Every note on the task, oldest first. In the answer to an action on the task, only the latest 10: the case keeps no more',
    }),
    data: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'What the case hands the person with the task, e.g. the registry figures a survey confirms; null when nothing' }),
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
  scope: z
    .enum(['mine', 'team'])
    .default('mine')
    .meta({ description: "'mine': assigned to me or claimable by my role; 'team': every open task in my jurisdiction" }),
  caseType: CaseType.optional(),
  caseId: ResourceId.optional().meta({ description: "Only the tasks of this case (a case page's open tasks)" }),
  status: TaskStatus.optional(),
  overdue: flag.optional(),
  dueBefore: z.iso.date().optional().meta({ description: 'Only tasks due on or before this date' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

export const TaskList = z.object({ items: z.array(TaskView), nextCursor: z.string().nullable() }).meta({ id: 'TaskList' });

export const CompleteTaskBody = z
  .object({ result: z.unknown().meta({ description: "The result the task's type requires: the schema TaskResult.<type> of the components" }) })
  .meta({ id: 'CompleteTask' });
export const ReassignTaskBody = z.object({ assignee: SafeLine(TEXT_CAPS.REFERENCE).min(1), reason: SafeText(500).min(1) }).meta({ id: 'ReassignTask' });
export const NoteBody = z.object({ text: SafeText(TEXT_CAPS.NOTE).min(1) }).meta({ id: 'TaskNoteBody' });
export const PauseSlaBody = z.object({ reason: SafeText(500).min(1).meta({ description: '例如：等待毕业生提供材料' }) }).meta({ id: 'PauseSla' });
export const TaskIdParam = z.object({ id: ResourceId });

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
