/**
 * What the task page says about a task, as pure functions: its status and deadline in words
 * (working days left through the same calendar the workflows count with, and whether the count is
 * provisional), the escalation path, the actions the signed-in person may take now (domain/access's
 * rules, the ones the workflow applies), and a completed result read back with its Chinese labels.
 */
import { roleNames, type Actor } from '../../../../../domain/actor.js';
import { decideTaskAction, type TaskAction } from '../../../../../domain/access.js';
import { chinaCalendar, toShanghaiDate } from '../../../../../domain/calendar/index.js';
import type { TaskView } from '../../../../../domain/contracts/tasks.js';
import { placeName } from '../../lib/dashboard.js';
import { fieldAt, type Field, type FormModel } from './result-form.js';

export const taskStatusLabels: Record<TaskView['status'], string> = {
  open: '待认领',
  claimed: '办理中',
  completed: '已办结',
  cancelled: '已撤销',
};

export const PROVISIONAL_EXPLANATION = '截止日期跨入国务院尚未公布节假日安排的年份，暂按周末和法定节假日计算（不含调休）；通知公布后系统将重新计算。';

/** The deadline as a person reads it on `now`: the day, and how many working days are left (or overdue). */
export function deadlineText(task: Pick<TaskView, 'dueDate' | 'status'>, now: Date): string {
  const today = toShanghaiDate(now.toISOString());
  if (task.status === 'completed' || task.status === 'cancelled') return `截止 ${task.dueDate}`;
  const left = chinaCalendar.workingDaysBetween(today, task.dueDate);
  if (left > 0) return `截止 ${task.dueDate}，还剩 ${left} 个工作日`;
  if (today === task.dueDate) return `截止 ${task.dueDate}，今天到期`;
  if (left === 0) return `截止 ${task.dueDate}，已过截止日`;
  return `截止 ${task.dueDate}，已逾期 ${-left} 个工作日`;
}

/** Each office the task was escalated to, in order: "长春市 主管". */
export function escalationSteps(task: Pick<TaskView, 'escalationPath' | 'escalatedTo' | 'escalatedRegion'>): string[] {
  if (task.escalationPath.length) return task.escalationPath.map((s) => `${placeName(s.regionCode)} ${roleNames[s.role]}`);
  if (task.escalatedTo) return [`${task.escalatedRegion ? `${placeName(task.escalatedRegion)} ` : ''}${roleNames[task.escalatedTo]}`];
  return [];
}

const ACTIONS: readonly TaskAction[] = ['claim', 'release', 'complete', 'reassign', 'note', 'pause-sla', 'resume-sla'];

/** The actions `actor` may take on `task` now, by the rules the workflow applies. */
export function allowedActions(actor: Actor, task: TaskView): Set<TaskAction> {
  return new Set(ACTIONS.filter((a) => decideTaskAction(actor, task, a).ok));
}

function valueText(f: Field | undefined, value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (f && (f.kind === 'enum' || f.kind === 'choices')) {
    const label = (v: unknown) => f.options.find((o) => o.value === String(v))?.label ?? String(v);
    return Array.isArray(value) ? value.map(label).join('、') || '—' : label(value);
  }
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('、') || '—';
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** A completed result's fields under their titles, values under their labels. */
export function resultLines(model: FormModel, result: unknown): { label: string; value: string }[] {
  if (!result || typeof result !== 'object') return [];
  return Object.entries(result as Record<string, unknown>).map(([key, value]) => {
    const f = fieldAt(model, key);
    if (f?.kind === 'branch') return { label: f.title, value: f.branches.find((b) => b.value === String(value))?.label ?? String(value) };
    return { label: f?.title ?? key, value: valueText(f, value) };
  });
}
