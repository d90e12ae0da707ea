/**
 * Task read model, audit trail and task events. A case workflow sends every accepted change here,
 * in order, with the task's full state and version: the row follows the workflow (never a stale
 * version over a newer one), the audit entry and timeline entry are keyed by the version, and a
 * retried call writes nothing twice.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { chinaCalendar, toShanghaiDate, type WorkingDayCalendar } from '../domain/calendar/index.js';
import type { Actor } from '../domain/actor.js';
import type { TaskNote, TaskView } from '../domain/contracts/tasks.js';
import type { TaskLifecycleV1 } from '../domain/contracts/outbound.js';
import type { createEventActivities } from './events.js';

export interface TaskActivityDeps {
  prisma: PrismaClient;
  publish: ReturnType<typeof createEventActivities>['publishEvent'];
  calendar?: WorkingDayCalendar;
}

export interface RecordTaskChangeInput {
  /** The task after the change; its `notes` are the latest ones when `noteCount` is set, else all of them. */
  task: TaskView;
  /** How many notes the task has had in all; absent from workflows that keep every note in `task.notes`. */
  noteCount?: number;
  action: string;
  actor: Actor;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  detail: Record<string, unknown>;
}

export interface RemainingWorkingDaysInput {
  at: string;
  dueDate: string;
}

const lifecycleKinds: Record<string, TaskLifecycleV1['kind']> = {
  created: 'created',
  claim: 'claimed',
  release: 'released',
  complete: 'completed',
  reassign: 'reassigned',
  overdue: 'overdue',
  escalated: 'escalated',
  cancelled: 'cancelled',
};

const json = (v: unknown) => v as Prisma.InputJsonValue;

/**
 * Every note of the task: the stored ones, then those of the workflow's latest (`latest`, the last
 * of `count` in all) the row has not got yet. Writes reach the row in order, one change at a time,
 * so the missing ones are always among the latest. Without a count the workflow sent them all.
 */
export function allNotes(stored: unknown, latest: TaskNote[], count: number | undefined): TaskNote[] {
  if (count === undefined) return latest;
  const have = Array.isArray(stored) ? (stored as TaskNote[]) : [];
  const missing = Math.min(count - have.length, latest.length);
  return missing > 0 ? [...have, ...latest.slice(latest.length - missing)] : have;
}

export function createTaskActivities({ prisma, publish, calendar = chinaCalendar }: TaskActivityDeps) {
  return {
    async recordTaskChange(input: RecordTaskChangeInput): Promise<{ written: boolean }> {
      const { task } = input;
      const at = new Date(input.at);
      const entryId = `${task.id}:v${task.version}`;
      const written = await prisma.$transaction(async (tx) => {
        const seen = await tx.auditEntry.findUnique({ where: { id: entryId }, select: { id: true } });
        if (seen) return false;
        const row = {
          caseId: task.caseId,
          caseType: task.caseType,
          type: task.type,
          title: task.title,
          status: task.status,
          regionCode: task.regionCode,
          candidateRole: task.candidateRole,
          assignee: task.assignee,
          dueDate: task.dueDate,
          dueAt: new Date(task.dueAt),
          dueProvisional: task.dueProvisional,
          overdue: task.overdue,
          escalationLevel: task.escalationLevel,
          escalatedTo: task.escalatedTo,
          escalatedRegion: task.escalatedRegion,
          escalationPath: json(task.escalationPath),
          slaPaused: task.slaPaused,
          data: task.data === null ? undefined : json(task.data),
          result: task.result === null ? undefined : json(task.result),
          version: task.version,
          updatedAt: at,
          completedAt: task.completedAt ? new Date(task.completedAt) : null,
        };
        const current = await tx.task.findUnique({ where: { id: task.id }, select: { version: true, notes: true } });
        const notes = json(allNotes(current?.notes, task.notes, input.noteCount));
        if (!current) await tx.task.create({ data: { id: task.id, createdAt: new Date(task.createdAt), ...row, notes } });
        else if (current.version < task.version) await tx.task.update({ where: { id: task.id }, data: { ...row, notes } });
        await tx.auditEntry.create({
          data: {
            id: entryId,
            at,
            actorId: input.actor.userId,
            actorRole: input.actor.userId === 'system' ? 'system' : input.actor.role,
            action: `task.${input.action}`,
            caseId: task.caseId,
            taskId: task.id,
            regionCode: task.regionCode,
            before: input.before === null ? undefined : json(input.before),
            after: json(input.after),
            detail: json(input.detail),
          },
        });
        const last = await tx.caseEvent.findFirst({ where: { caseId: task.caseId }, orderBy: { seq: 'desc' }, select: { seq: true } });
        await tx.caseEvent.create({
          data: {
            caseId: task.caseId,
            seq: (last?.seq ?? 0) + 1,
            kind: `task.${input.action}`,
            occurredAt: at,
            detail: json({ taskId: task.id, taskType: task.type, by: input.actor.userId, ...input.detail }),
          },
        });
        await tx.case.update({ where: { id: task.caseId }, data: { updatedAt: at } });
        return true;
      });
      const kind = lifecycleKinds[input.action];
      if (kind) {
        await publish({
          topic: 'task.lifecycle.v1',
          key: task.caseId,
          message: {
            eventId: entryId,
            occurredAt: input.at,
            caseId: task.caseId,
            kind,
            taskId: task.id,
            taskType: task.type,
            regionCode: task.regionCode,
            dueAt: task.dueAt,
            ...(task.assignee ? { assignee: task.assignee } : {}),
            ...(typeof input.detail.reason === 'string' ? { reason: input.detail.reason } : {}),
          },
        });
      }
      return { written };
    },

    async remainingWorkingDays(input: RemainingWorkingDaysInput): Promise<{ workingDays: number }> {
      return { workingDays: Math.max(0, calendar.workingDaysBetween(toShanghaiDate(input.at), input.dueDate)) };
    },
  };
}
