/**
 * What the inbox and the case page say about tasks and deadlines, and how they follow the stream:
 * deadlines in working days left (the same calendar the workflows count with), statuses in words,
 * whether the signed-in person may claim a task (the rule the API and the workflow check), and a
 * reload when an event concerns what a page shows.
 */
import { decideTaskAction } from '../../../../../domain/access.js';
import type { Actor, Role } from '../../../../../domain/actor.js';
import { chinaCalendar, toShanghaiDate } from '../../../../../domain/calendar/index.js';
import { CaseLifecycleV1, TaskLifecycleV1 } from '../../../../../domain/contracts/outbound.js';
import type { TaskView } from '../../../../../domain/contracts/tasks.js';
import type { SseMessage } from '../../lib/sse.js';
import type { TokenClaims } from '../../lib/session.js';

/**
 * The shared stream as a page listens to it (context.ts's LiveEvents), said here again so this
 * module stays free of the browser-only API client and its unit test runs under Node's types.
 */
interface Live {
  subscribe(listener: (message: SseMessage) => void): () => void;
  onGap(listener: () => void): () => void;
}

export const taskStatusLabels: Record<string, string> = { open: '待认领', claimed: '已认领', completed: '已办结', cancelled: '已撤销' };

export function actorOf(claims: TokenClaims): Actor {
  return { userId: claims.user, role: claims.role as Role, jurisdiction: claims.jurisdiction };
}

/** Whether the claim button belongs on the row: the rule the API checks, so a refusal is the exception (a race). */
export function mayClaim(claims: TokenClaims, task: TaskView): boolean {
  return decideTaskAction(actorOf(claims), task, 'claim').ok;
}

export type DueTone = 'overdue' | 'today' | 'soon' | 'later';

/**
 * How long is left, counted in working days from `today` (both Asia/Shanghai dates), as
 * caseworkers count their deadlines: "还剩 3 个工作日", "今天到期", "已逾期 2 个工作日".
 */
export function dueLeft(task: Pick<TaskView, 'dueDate' | 'overdue' | 'status'>, today: string): { text: string; tone: DueTone } {
  if (task.status === 'completed' || task.status === 'cancelled') return { text: '', tone: 'later' };
  const left = chinaCalendar.workingDaysBetween(today, task.dueDate);
  if (task.overdue || left < 0) return { text: left < 0 ? `已逾期 ${-left} 个工作日` : '已逾期', tone: 'overdue' };
  if (task.dueDate === today) return { text: '今天到期', tone: 'today' };
  if (left === 0) return { text: '即将到期', tone: 'soon' };
  return { text: `还剩 ${left} 个工作日`, tone: left <= 2 ? 'soon' : 'later' };
}

export const shanghaiToday = (): string => toShanghaiDate(new Date().toISOString());

/** Escalation in words: "已升级（第 2 级）". */
export const escalationText = (task: Pick<TaskView, 'escalationLevel'>): string => `已升级（第 ${task.escalationLevel} 级）`;

/**
 * Calls `reload` (at most once per burst of events: a claim writes several) whenever a stream
 * event passes `concerns`, and whenever events may have been missed. Returns the unsubscribe.
 */
export function reloadOnEvents(live: Live, concerns: (event: { topic: string; caseId: string; taskId?: string }) => boolean, reload: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(reload, 250);
  };
  const schemas = { 'task.lifecycle.v1': TaskLifecycleV1, 'case.lifecycle.v1': CaseLifecycleV1 } as const;
  const stopEvents = live.subscribe((message) => {
    const schema = schemas[message.event as keyof typeof schemas];
    if (!schema) return;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) return;
    const event = { topic: message.event, caseId: parsed.data.caseId, ...('taskId' in parsed.data ? { taskId: parsed.data.taskId } : {}) };
    if (concerns(event)) soon();
  });
  const stopGaps = live.onGap(soon);
  return () => {
    clearTimeout(timer);
    stopEvents();
    stopGaps();
  };
}
