/**
 * Pure helpers on the task state a task book keeps: the view it hands out, what an audit entry
 * shows, and the due date of a task counted in clock hours. Deterministic: no activity, no clock
 * but the workflow's.
 */
import { roleNames, type Role } from '../domain/actor.js';
import { addHours, toShanghaiDate } from '../domain/calendar/dates.js';
import type { TaskView } from '../domain/contracts/tasks.js';
import { regionName } from '../domain/jurisdiction.js';
import type { TaskActionRequest, TaskState } from './task-messages.js';
import type { Deadline } from '../activities/calendar.js';

export function view(task: TaskState): TaskView {
  const { remainingWorkingDays: _days, key: _key, escalationChain: _chain, dueBasis: _basis, clockHours: _hours, noteCount: _notes, ...rest } = task;
  // A copy, so later changes to the live task never alter a view already handed out. Task state
  // is plain JSON data (and the sandbox has no structuredClone). Tasks carried from runs before
  // provisional deadlines have no flag: they were counted on notices; those from runs before the
  // escalation ladder never went up it.
  const filled = {
    ...rest,
    dueProvisional: rest.dueProvisional ?? false,
    escalatedRegion: rest.escalatedRegion ?? null,
    escalationPath: rest.escalationPath ?? [],
    data: rest.data ?? null,
  };
  return JSON.parse(JSON.stringify(filled)) as TaskView;
}

/** The fields an audit entry shows before and after a change. */
export function auditFields(task: TaskState) {
  return {
    status: task.status,
    assignee: task.assignee,
    dueAt: task.dueAt,
    dueProvisional: task.dueProvisional ?? false,
    overdue: task.overdue,
    escalationLevel: task.escalationLevel,
    escalatedTo: task.escalatedTo,
    escalatedRegion: task.escalatedRegion ?? null,
    slaPaused: task.slaPaused,
  };
}

export type AuditFields = ReturnType<typeof auditFields>;

/**
 * The due instant `hours` clock hours after `from`: emergency deadlines (a report within 2 hours)
 * run through nights and holidays, so no working-day count is involved.
 */
export function clockHourDeadline(from: string, hours: number): Deadline {
  const dueAt = addHours(from, hours);
  return { dueDate: toShanghaiDate(dueAt), dueAt, calendarVersion: 'clock-hours', provisional: false };
}

/** Why a task climbed to `role` in `regionCode`: the escalated event's reason, for people and dashboards. */
export function escalationReason(role: Role, regionCode: string, level: number): string {
  const name = regionName(regionCode);
  const place = name ? `${name}（${regionCode}）` : ` ${regionCode} 辖区`;
  return `任务逾期未办结，第 ${level} 级升级至${place}${roleNames[role]}`;
}

/** What a caseworker reads beside a provisional due date. */
export function provisionalNote(dueDate: string): string {
  return `截止日期 ${dueDate} 为预计：所跨年份的国务院节假日安排尚未公布，暂按法定节假日和周末计算，公布后自动重算`;
}

/** How many notes the task has had in all (tasks from before notes were bounded kept every one). */
export function noteCount(task: TaskState): number {
  return task.noteCount ?? task.notes.length;
}

export function detailOf(request: TaskActionRequest): Record<string, unknown> {
  const { taskId: _t, actor: _a, ...rest } = request as TaskActionRequest & Record<string, unknown>;
  return rest;
}
