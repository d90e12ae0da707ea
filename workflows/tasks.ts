/**
 * Human tasks owned by a case workflow, shared by every case type. The workflow holds each task's
 * state and is the authority: people act through Temporal updates (claim, release, complete,
 * reassign, note, pause and resume the SLA clock), whose validators reject a wrong state, a wrong
 * person or a bad result before anything changes. Every accepted change bumps the task's version
 * and is written, in order, to the read model, the audit trail and task.lifecycle.v1.
 *
 * SLA: a task is due at the end of a working day counted from the profile; at due it becomes
 * overdue and climbs the profile's escalation chain up the administrative ladder (its own office's
 * supervisor, then the parent jurisdiction's supervisor and leader), each step an event and an
 * audit entry naming the jurisdiction it reached. The clock pauses while the case waits on the
 * citizen, keeping the working days that were left, and resumes with them. A due date counted through a year without a State
 * Council notice is provisional (预计); when the calendar is revised, the case is told and
 * recounts each such task from the same start and working days.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { condition, patched, proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import type * as taskActivities from '../activities/tasks.js';
import { decideTaskAction, type TaskAction } from '../domain/access.js';
import { systemActor, type Actor } from '../domain/actor.js';
import { taskResultSchemas } from '../domain/cases/index.js';
import { NoteBody, PauseSlaBody, ReassignTaskBody, type TaskView } from '../domain/contracts/tasks.js';
import { jurisdictionUp } from '../domain/jurisdiction.js';
import { businessFailure, checkRequest } from './failures.js';
import { auditFields, clockHourDeadline, detailOf, escalationReason, noteCount, provisionalNote, view, type AuditFields } from './task-state.js';
import { msUntil, workflowNow, workingDayDeadline } from './support.js';
import {
  addTaskNoteUpdate,
  calendarRevisedSignal,
  claimTaskUpdate,
  completeTaskUpdate,
  pauseTaskSlaUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resumeTaskSlaUpdate,
  tasksQuery,
  type CaseContext,
  type OpenTaskSpec,
  type TaskActionRequest,
  type TaskState,
} from './task-messages.js';

type TaskActivities = ReturnType<typeof taskActivities.createTaskActivities>;

const { recordTaskChange, remainingWorkingDays } = proxyActivities<TaskActivities>({
  // Read-model writes are short; retries absorb a database failover.
  startToCloseTimeout: '1 minute',
});

/**
 * Escalation steps taken from this version on go up the administrative ladder when the chain names
 * levels. A step an older worker took (its chain came from the new profile while both versions ran)
 * replays as it was taken: to a role in the task's own office.
 */
const ESCALATION_LADDER = 'task-escalation-ladder';

/**
 * A task's notes are for people; the workflow never reads them. From this version on it keeps only
 * the latest NOTES_KEPT (what an action answers with) and their count, so a much-noted task no
 * longer grows the case's state, and what it carries across continue-as-new, without limit; the
 * read model and the audit trail keep every note (activities/tasks.ts appends each one).
 */
const BOUNDED_NOTES = 'task-notes-bounded';
export const NOTES_KEPT = 10;
/**
 * Notes a task accepts in all. Each one is an update in the case's history and a note in the
 * task's read-model row; a task that has more is being used as a chat, which neither is for.
 */
export const MAX_NOTES_PER_TASK = 200;

export class TaskBook {
  private readonly tasks = new Map<string, TaskState>();
  /** Writes leave in the order the changes happened, so versions reach the read model in order. */
  private writes: Promise<unknown> = Promise.resolve();
  /** Writes started and not yet finished. */
  private pendingWrites = 0;
  /** Calendar revisions signalled, and the last one recounted. */
  private revision = { asked: 0, done: 0, version: '' };
  private readonly rescheduled: ((task: TaskView) => void)[] = [];

  constructor(private readonly ctx: CaseContext) {}

  /** Registers the task updates and query; call before the workflow's first await. */
  install(): void {
    setHandler(tasksQuery, () => [...this.tasks.values()].map(view));
    this.handle(claimTaskUpdate, 'claim', (task, { actor }) => {
      task.status = 'claimed';
      task.assignee = actor.userId;
    });
    this.handle(releaseTaskUpdate, 'release', (task) => {
      task.status = 'open';
      task.assignee = null;
    });
    this.handle(
      completeTaskUpdate,
      'complete',
      (task, { result }) => {
        task.status = 'completed';
        task.result = taskResultSchemas[task.type].parse(result);
        task.completedAt = workflowNow();
      },
      (task, { result }) => {
        const parsed = taskResultSchemas[task.type].safeParse(result);
        if (!parsed.success) {
          throw businessFailure(
            'InvalidTaskResult',
            undefined,
            parsed.error.issues.map((i) => ({ path: ['result', ...i.path].join('.'), message: i.message })),
          );
        }
      },
    );
    this.handle(
      reassignTaskUpdate,
      'reassign',
      (task, { assignee }) => {
        task.status = 'claimed';
        task.assignee = assignee;
      },
      (_task, { assignee, reason }) => checkRequest(ReassignTaskBody, { assignee, reason }),
    );
    this.handle(
      addTaskNoteUpdate,
      'note',
      (task, { actor, text }) => {
        const count = noteCount(task) + 1;
        task.notes.push({ at: workflowNow(), by: actor.userId, role: actor.role, text });
        // Tasks noted on an older worker replay keeping every note.
        if (patched(BOUNDED_NOTES)) {
          task.noteCount = count;
          task.notes = task.notes.slice(-NOTES_KEPT);
        }
      },
      (task, { text }) => {
        checkRequest(NoteBody, { text });
        if (noteCount(task) >= MAX_NOTES_PER_TASK) {
          throw businessFailure('TaskConflict', `此任务已有 ${MAX_NOTES_PER_TASK} 条备注，已达上限，不能再添加`, 'note_limit_reached');
        }
      },
    );
    this.handle(
      pauseTaskSlaUpdate,
      'pause-sla',
      async (task) => {
        // Stops the watcher at once; the days left are counted while it waits.
        task.slaPaused = true;
        task.remainingWorkingDays = (await remainingWorkingDays({ at: workflowNow(), dueDate: task.dueDate })).workingDays;
      },
      (_task, { reason }) => checkRequest(PauseSlaBody, { reason }),
    );
    this.handle(
      resumeTaskSlaUpdate,
      'resume-sla',
      async (task) => {
        const left = task.remainingWorkingDays ?? 0;
        task.remainingWorkingDays = null;
        const from = workflowNow();
        const deadline = await workingDayDeadline(from, left);
        task.dueDate = deadline.dueDate;
        task.dueAt = deadline.dueAt;
        task.dueProvisional = deadline.provisional ?? false;
        task.dueBasis = { from, workingDays: left };
        // Unpaused only now, so the watcher never sees the old due date unpaused.
        task.slaPaused = false;
      },
      (task) => {
        if (task.remainingWorkingDays === null) {
          throw businessFailure('TaskConflict', '计时暂停或恢复正在处理中，请稍后再试');
        }
      },
    );
    setHandler(calendarRevisedSignal, ({ calendarVersion }) => {
      this.revision.asked += 1;
      this.revision.version = calendarVersion;
    });
    // Waits without a timer: a case never signalled adds nothing to its history.
    void this.recountOnRevision();
  }

  /** Called with the task's new view whenever a provisional due date is recounted. */
  onRescheduled(listener: (task: TaskView) => void): void {
    this.rescheduled.push(listener);
  }

  /** Opens a task and starts its SLA clock; resolves once the task is recorded. */
  async open(spec: OpenTaskSpec): Promise<TaskView> {
    const deadline = spec.hours !== undefined ? clockHourDeadline(spec.from, spec.hours) : await workingDayDeadline(spec.from, spec.workingDays);
    const now = workflowNow();
    const task: TaskState = {
      id: `tk-${uuid4()}`,
      caseId: this.ctx.caseId,
      caseType: this.ctx.caseType,
      type: spec.type,
      title: spec.title,
      status: spec.assignee ? 'claimed' : 'open',
      regionCode: spec.regionCode ?? this.ctx.regionCode,
      candidateRole: spec.candidateRole,
      assignee: spec.assignee ?? null,
      dueDate: deadline.dueDate,
      dueAt: deadline.dueAt,
      dueProvisional: deadline.provisional ?? false,
      overdue: false,
      escalationLevel: 0,
      escalatedTo: null,
      escalatedRegion: null,
      escalationPath: [],
      slaPaused: false,
      notes: [],
      result: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      remainingWorkingDays: null,
      key: spec.key,
      escalationChain: spec.escalationChain,
      ...(spec.data ? { data: spec.data } : {}),
      ...(spec.hours !== undefined ? { clockHours: spec.hours } : { dueBasis: { from: spec.from, workingDays: spec.workingDays } }),
    };
    this.tasks.set(task.id, task);
    await this.record(task, 'created', systemActor, null, {
      ...(spec.hours !== undefined ? { hours: spec.hours } : { workingDays: spec.workingDays }),
      calendarVersion: deadline.calendarVersion,
      ...(task.dueProvisional ? { dueProvisional: true, note: provisionalNote(task.dueDate) } : {}),
    });
    void this.watch(task);
    return view(task);
  }

  /** The task the case opened under `key`, if any. */
  find(key: string): TaskView | undefined {
    for (const task of this.tasks.values()) if (task.key === key) return view(task);
    return undefined;
  }

  /** The tasks still open or claimed. */
  active(): TaskView[] {
    return [...this.tasks.values()].filter((t) => t.status === 'open' || t.status === 'claimed').map(view);
  }

  /** Every task with all its state, for the next run after continue-as-new. */
  carry(): TaskState[] {
    return [...this.tasks.values()].map((task) => JSON.parse(JSON.stringify(task)) as TaskState);
  }

  /**
   * Takes back the tasks of the previous run, synchronously (before the first await, like
   * install): the SLA clock of every active task resumes where it stood (due, overdue, or part way
   * up the escalation chain), and nothing is written, since nothing changed.
   */
  restore(carried: readonly TaskState[]): void {
    for (const task of carried) {
      this.tasks.set(task.id, task);
      if (task.status === 'open' || task.status === 'claimed') void this.watch(task);
    }
  }

  /** No task change is waiting to be written: the run may end (continue-as-new) without losing one. */
  idle(): boolean {
    return this.pendingWrites === 0 && this.revision.done === this.revision.asked;
  }

  /**
   * Resolves with the task's result when it is completed, or undefined if it is cancelled; only
   * once the change is written, so what the case does next lands after it in the timeline.
   */
  async outcome(taskId: string): Promise<TaskView | undefined> {
    const task = this.get(taskId);
    await condition(() => (task.status === 'completed' || task.status === 'cancelled') && this.pendingWrites === 0);
    return task.status === 'completed' ? view(task) : undefined;
  }

  /** Cancels every task still open or claimed, e.g. when the case closes. */
  async cancelActive(reason: string): Promise<void> {
    for (const task of this.tasks.values()) {
      if (task.status !== 'open' && task.status !== 'claimed') continue;
      const before = auditFields(task);
      task.status = 'cancelled';
      await this.record(task, 'cancelled', systemActor, before, { reason });
    }
  }

  /**
   * Gives an active task to `assignee` on the case's own account (the person it is for changed,
   * e.g. a key enterprise's new liaison officer), audited as the system's reassignment.
   */
  async assign(taskId: string, assignee: string, reason: string): Promise<void> {
    const task = this.get(taskId);
    if ((task.status !== 'open' && task.status !== 'claimed') || task.assignee === assignee) return;
    const before = auditFields(task);
    task.status = 'claimed';
    task.assignee = assignee;
    await this.record(task, 'reassign', systemActor, before, { assignee, reason });
  }

  /** Cancels one task if it is still open or claimed (e.g. a decision the case no longer needs). */
  async cancel(taskId: string, reason: string): Promise<void> {
    const task = this.get(taskId);
    if (task.status !== 'open' && task.status !== 'claimed') return;
    const before = auditFields(task);
    task.status = 'cancelled';
    await this.record(task, 'cancelled', systemActor, before, { reason });
  }

  /**
   * Recounts every provisional due date after each calendar revision, from the task's own start
   * and working days. Only tasks whose clock runs and has not run out: an overdue task's deadline
   * has passed in any calendar, and a paused one is recounted from the days left when it resumes.
   */
  private async recountOnRevision(): Promise<void> {
    for (;;) {
      await condition(() => this.revision.asked > this.revision.done);
      const asked = this.revision.asked;
      const calendarVersion = this.revision.version;
      for (const task of this.tasks.values()) {
        const basis = task.dueBasis;
        const counting = () => (task.status === 'open' || task.status === 'claimed') && !task.overdue && !task.slaPaused && task.dueBasis === basis;
        if (!task.dueProvisional || !basis || !counting()) continue;
        const deadline = await workingDayDeadline(basis.from, basis.workingDays);
        const provisional = deadline.provisional ?? false;
        // The task may have changed while the count ran (completed, paused, resumed).
        if (!counting() || (deadline.dueDate === task.dueDate && provisional === task.dueProvisional)) continue;
        const before = auditFields(task);
        const previousDueDate = task.dueDate;
        task.dueDate = deadline.dueDate;
        task.dueAt = deadline.dueAt;
        task.dueProvisional = provisional;
        await this.record(task, 'rescheduled', systemActor, before, {
          previousDueDate,
          dueDate: task.dueDate,
          dueProvisional: provisional,
          calendarVersion: deadline.calendarVersion,
          reason: `节假日安排更新（${calendarVersion}），截止日期由 ${previousDueDate} 重算为 ${task.dueDate}${provisional ? '（仍为预计）' : ''}`,
        });
        const changed = view(task);
        for (const listener of this.rescheduled) listener(changed);
      }
      this.revision.done = asked;
    }
  }

  private get(taskId: string): TaskState {
    const task = this.tasks.get(taskId);
    if (!task) throw businessFailure('TaskNotFound', `任务 ${taskId} 不属于此案件`);
    return task;
  }

  /**
   * `apply` changes the task before its first await, so the validator of a second update in the
   * same workflow task already sees the change (two simultaneous claims: one wins, one conflicts).
   */
  private handle<R extends TaskActionRequest>(
    update: UpdateDefinition<TaskView, [R]>,
    action: TaskAction,
    apply: (task: TaskState, request: R) => void | Promise<void>,
    validateMore?: (task: TaskState, request: R) => void,
  ): void {
    setHandler(
      update,
      async (request: R) => {
        const task = this.get(request.taskId);
        const before = auditFields(task);
        // Awaited only when asynchronous: a synchronous change is followed by its write in the same
        // turn, so nothing (e.g. the case reacting to a completion) can be written in between.
        const applying = apply(task, request);
        if (applying) await applying;
        await this.record(task, action, request.actor, before, detailOf(request));
        return view(task);
      },
      {
        validator: (request: R) => {
          const task = this.get(request.taskId);
          const decision = decideTaskAction(request.actor, task, action);
          if (!decision.ok) throw businessFailure(decision.code === 'task_conflict' ? 'TaskConflict' : 'TaskForbidden', decision.message, decision.code);
          validateMore?.(task, request);
        },
      },
    );
  }

  private record(task: TaskState, action: string, actor: Actor, before: AuditFields | null, detail: Record<string, unknown>): Promise<unknown> {
    task.version += 1;
    task.updatedAt = workflowNow();
    const change = {
      task: view(task),
      // The read model appends the notes it has not yet got from the task's latest ones.
      ...(task.noteCount === undefined ? {} : { noteCount: task.noteCount }),
      action,
      actor,
      at: task.updatedAt,
      before,
      after: auditFields(task),
      detail,
    };
    this.pendingWrites += 1;
    const write = this.writes.then(() => recordTaskChange(change)).finally(() => (this.pendingWrites -= 1));
    // A failed write must not stop later ones; the failure surfaces to whoever awaits `write`.
    this.writes = write.catch(() => undefined);
    return write;
  }

  /**
   * Runs for the task's life: due → overdue → each escalation step, unless it ends first. Starts
   * from wherever the task stands, so a task carried over continue-as-new is not escalated twice.
   */
  private async watch(task: TaskState): Promise<void> {
    const active = () => task.status === 'open' || task.status === 'claimed';
    while (active() && !task.overdue) {
      if (task.slaPaused) {
        await condition(() => !task.slaPaused || !active());
        continue;
      }
      const dueAt = task.dueAt;
      const changed = await this.waitUntil(dueAt, () => !active() || task.slaPaused || task.dueAt !== dueAt);
      if (!changed) {
        const before = auditFields(task);
        task.overdue = true;
        await this.record(task, 'overdue', systemActor, before, { dueAt });
      }
    }
    for (const [index, step] of task.escalationChain.entries()) {
      if (index < task.escalationLevel) continue;
      if (!active()) return;
      const at = step.afterWorkingDays.value === 0 ? task.dueAt : (await workingDayDeadline(task.dueAt, step.afterWorkingDays.value)).dueAt;
      if (await this.waitUntil(at, () => !active())) return;
      const before = auditFields(task);
      const level = index + 1;
      // A step of the old shape (a case started before the ladder), or one an older worker took,
      // names a role in the task's own office.
      if (step.levelsUp === undefined || !patched(ESCALATION_LADDER)) {
        task.escalationLevel = level;
        task.escalatedTo = step.role;
        await this.record(task, 'escalated', systemActor, before, { to: step.role, level });
        continue;
      }
      const regionCode = jurisdictionUp(task.regionCode, step.levelsUp.value);
      const path = task.escalationPath ?? [];
      // The ladder stops at the province: a step past it that would reach the same office again tells no one new.
      if (path.some((stop) => stop.role === step.role && stop.regionCode === regionCode)) continue;
      task.escalationLevel = level;
      task.escalatedTo = step.role;
      task.escalatedRegion = regionCode;
      task.escalationPath = [...path, { role: step.role, regionCode }];
      await this.record(task, 'escalated', systemActor, before, {
        to: step.role,
        level,
        escalatedRegion: regionCode,
        reason: escalationReason(step.role, regionCode, level),
      });
    }
  }

  /** True if `stop` became true before `instant`; false when the instant came. */
  private async waitUntil(instant: string, stop: () => boolean): Promise<boolean> {
    const ms = msUntil(instant);
    if (ms <= 0) return stop();
    return condition(stop, ms);
  }
}
