/**
 * Who may do what, as pure rules. The API checks them to answer fast and clearly; the owning
 * workflow checks them again in its update validators, because the workflow is the authority.
 */
import type { Actor, Role } from './actor.js';
import type { EscalationStop, TaskStatus } from './contracts/tasks.js';
import { jurisdictionContains } from './jurisdiction.js';

export type TaskAction = 'claim' | 'release' | 'complete' | 'reassign' | 'note' | 'pause-sla' | 'resume-sla';

/** The fields of a task the rules look at. */
export interface TaskFacts {
  regionCode: string;
  candidateRole: Role;
  status: TaskStatus;
  assignee?: string | null;
  escalatedTo?: Role | null;
  /** Where escalatedTo sits up the ladder; null (or absent) for an escalation that names a role only. */
  escalatedRegion?: string | null;
  /** The offices the task has been escalated to up the ladder. */
  escalationPath?: readonly EscalationStop[];
  overdue: boolean;
  slaPaused: boolean;
  /** Set on tasks due in clock hours (an emergency's), whose clock never pauses. */
  clockHours?: number;
}

export type Denial = {
  ok: false;
  /** Stable code; the HTTP layer maps it to a status. */
  code: 'outside_jurisdiction' | 'role_not_allowed' | 'not_assignee' | 'task_conflict';
  message: string;
};
export type Decision = { ok: true } | Denial;

const allow: Decision = { ok: true };
const deny = (code: Denial['code'], message: string): Denial => ({ ok: false, code, message });

/** Roles that may read case data at all (cases, tasks, timeline). */
export const caseReaders: readonly Role[] = ['caseworker', 'supervisor', 'liaison', 'leader', 'admin'];
/** Roles that may read a case's audit trail. */
export const auditReaders: readonly Role[] = ['supervisor', 'leader', 'admin'];
/**
 * Roles that may see a case's person (name, ID number, phone) in full, each view audited; PIPL
 * asks for as few as the work needs. Caseworkers: any caseworker of the jurisdiction may claim the
 * case's tasks, and a first contact is a phone call. Supervisors take over escalated tasks and
 * check the work; leaders receive the last escalations; both may already export the ledger in
 * full. Liaison officers work enterprises, not people's cases, and administrators run the system,
 * not cases: neither needs a person's details.
 */
export const personalDataReaders: readonly Role[] = ['caseworker', 'supervisor', 'leader'];

export function canSeeRegion(actor: Actor, regionCode: string): boolean {
  return jurisdictionContains(actor.jurisdiction, regionCode);
}

/**
 * The task's candidates, every supervisor (who direct the work of their jurisdiction), and whoever
 * it was escalated to. Up the ladder that is the role in the office it reached or above it (a city
 * leader, not a county one, takes a task that reached the city's leader); an escalation that names
 * a role only (cases started before the ladder) lets that role in anywhere in the jurisdiction.
 */
function mayWorkOn(actor: Actor, task: TaskFacts): boolean {
  if (actor.role === task.candidateRole || actor.role === 'supervisor') return true;
  if (task.escalationPath?.some((stop) => stop.role === actor.role && jurisdictionContains(actor.jurisdiction, stop.regionCode))) return true;
  return task.escalatedTo != null && task.escalatedRegion == null && actor.role === task.escalatedTo;
}

const active = (s: TaskStatus) => s === 'open' || s === 'claimed';

/** Whether `actor` may do `action` on `task` now: jurisdiction, then role, then the task's state. */
export function decideTaskAction(actor: Actor, task: TaskFacts, action: TaskAction): Decision {
  if (!canSeeRegion(actor, task.regionCode)) return deny('outside_jurisdiction', '该任务不在您的辖区内');
  const isAssignee = task.assignee === actor.userId;
  switch (action) {
    case 'claim':
      if (!mayWorkOn(actor, task)) return deny('role_not_allowed', '您的岗位不能认领此任务');
      if (task.status !== 'open') return deny('task_conflict', task.status === 'claimed' ? '任务已被他人认领' : '任务已结束，不能认领');
      return allow;
    case 'release':
      if (!isAssignee && actor.role !== 'supervisor') return deny('not_assignee', '只有任务认领人或主管可以退回任务');
      if (task.status !== 'claimed') return deny('task_conflict', '任务当前未被认领');
      return allow;
    case 'complete':
      if (!mayWorkOn(actor, task)) return deny('role_not_allowed', '您的岗位不能办理此任务');
      if (task.status !== 'claimed') return deny('task_conflict', task.status === 'open' ? '请先认领任务再办结' : '任务已结束');
      if (!isAssignee) return deny('not_assignee', '只有任务认领人可以办结');
      return allow;
    case 'reassign':
      if (actor.role !== 'supervisor') return deny('role_not_allowed', '只有主管可以改派任务');
      if (!active(task.status)) return deny('task_conflict', '任务已结束，不能改派');
      return allow;
    case 'note':
      if (!['caseworker', 'supervisor', 'liaison', 'leader'].includes(actor.role)) return deny('role_not_allowed', '您的岗位不能添加备注');
      if (task.status === 'cancelled') return deny('task_conflict', '任务已撤销');
      return allow;
    case 'pause-sla':
    case 'resume-sla': {
      if (!isAssignee && actor.role !== 'supervisor') return deny('not_assignee', '只有任务认领人或主管可以暂停或恢复计时');
      if (!active(task.status)) return deny('task_conflict', '任务已结束');
      if (action === 'pause-sla') {
        if (task.clockHours !== undefined) return deny('task_conflict', '应急任务按小时计时，不能暂停');
        if (task.overdue) return deny('task_conflict', '任务已逾期，不能暂停计时');
        if (task.slaPaused) return deny('task_conflict', '计时已暂停');
      } else if (!task.slaPaused) {
        return deny('task_conflict', '计时未暂停');
      }
      return allow;
    }
  }
}
