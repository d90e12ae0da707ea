/**
 * The messages every case workflow's task book accepts (claim, release, complete, reassign, note,
 * pause and resume the SLA; the calendar revision), the task state it keeps and carries over
 * continue-as-new, and what a case passes to open a task. The API and the sweep send these.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, Role } from '../domain/actor.js';
import type { CaseType } from '../domain/contracts/outbound.js';
import type { EscalationStop, TaskType, TaskView } from '../domain/contracts/tasks.js';
import type { EscalationChain } from '../domain/profiles/index.js';

/**
 * The task as the workflow keeps it: the public view plus what the SLA clock needs and what lets
 * the case find it again after continue-as-new. Plain JSON data, carried whole into the next run.
 */
export interface TaskState extends Omit<TaskView, 'dueProvisional' | 'escalatedRegion' | 'escalationPath' | 'data'> {
  /** Absent on tasks carried from runs before provisional due dates existed: counted on notices. */
  dueProvisional?: boolean;
  /** Absent on tasks carried from runs before the escalation ladder: none went up it. */
  escalatedRegion?: string | null;
  escalationPath?: EscalationStop[];
  /** What the case hands the person with the task; absent when it hands nothing. */
  data?: Record<string, unknown>;
  /** Working days that were left when the clock was paused. */
  remainingWorkingDays: number | null;
  /** The case's own name for the task (e.g. 'job-recommendation#2'), unique within the case. */
  key: string;
  escalationChain: EscalationChain;
  /**
   * What the due date was counted from, so a provisional one can be recounted on revised calendar
   * data. Absent on tasks opened before provisional deadlines existed (none of them provisional).
   */
  dueBasis?: { from: string; workingDays: number };
  /** Set on tasks due in clock hours: their clock never pauses. */
  clockHours?: number;
  /**
   * How many notes the task has had in all; `notes` keeps only the latest of them. Absent on tasks
   * from before notes were bounded, whose `notes` are all of them.
   */
  noteCount?: number;
}

/** The calendar gained a year's notice: every provisional due date is recounted. */
export interface CalendarRevised {
  calendarVersion: string;
}

export interface TaskActionRequest {
  taskId: string;
  actor: Actor;
}
export interface CompleteTaskRequest extends TaskActionRequest {
  result: unknown;
}
export interface ReassignTaskRequest extends TaskActionRequest {
  assignee: string;
  reason: string;
}
export interface NoteRequest extends TaskActionRequest {
  text: string;
}
export interface PauseSlaRequest extends TaskActionRequest {
  reason: string;
}

/** Updates every case workflow accepts; the API sends them by these definitions. */
export const claimTaskUpdate = defineUpdate<TaskView, [TaskActionRequest]>('claimTask');
export const releaseTaskUpdate = defineUpdate<TaskView, [TaskActionRequest]>('releaseTask');
export const completeTaskUpdate = defineUpdate<TaskView, [CompleteTaskRequest]>('completeTask');
export const reassignTaskUpdate = defineUpdate<TaskView, [ReassignTaskRequest]>('reassignTask');
export const addTaskNoteUpdate = defineUpdate<TaskView, [NoteRequest]>('addTaskNote');
export const pauseTaskSlaUpdate = defineUpdate<TaskView, [PauseSlaRequest]>('pauseTaskSla');
export const resumeTaskSlaUpdate = defineUpdate<TaskView, [TaskActionRequest]>('resumeTaskSla');
export const tasksQuery = defineQuery<TaskView[]>('tasks');
/** A signal, not an update: the sweep that sends it to every case with a provisional deadline need not wait for each. */
export const calendarRevisedSignal = defineSignal<[CalendarRevised]>('calendarRevised');

interface TaskSpecBase {
  /** Unique within the case: how the case finds the task again, e.g. after continue-as-new. */
  key: string;
  type: TaskType;
  title: string;
  candidateRole: Role;
  /** The instant the count starts from (e.g. when the source event occurred). */
  from: string;
  /** Who hears of a missed deadline, and when: from the case's policy profile. */
  escalationChain: EscalationChain;
  /** The one person the task is for (claimed by them from the start); unset: anyone of the candidate role. */
  assignee?: string;
  /** Whose jurisdiction the task belongs to, when not the case's own; escalation climbs the ladder from there. */
  regionCode?: string;
  /** What the person is shown with the task (e.g. figures to confirm). */
  data?: Record<string, unknown>;
}

/** Due in working days (most tasks), or in clock hours (an emergency's, which run through nights and holidays). */
export type OpenTaskSpec = TaskSpecBase & ({ workingDays: number; hours?: never } | { hours: number; workingDays?: never });

export interface CaseContext {
  caseId: string;
  caseType: CaseType;
  regionCode: string;
}
