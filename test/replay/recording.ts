/** What a recording scenario gets: a test server, a worker on mocked activities, and what they recorded. */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Actor } from '../../domain/actor.js';
import type { mockCaseActivities } from '../support/workflow-mocks.js';

export interface Recording {
  env: TestWorkflowEnvironment;
  calls: ReturnType<typeof mockCaseActivities>['calls'];
  calendar: ReturnType<typeof mockCaseActivities>['calendar'];
  worker: Worker;
  taskQueue: string;
}

/** One run of a workflow: a case that continued as new has several under its workflow ID. */
export interface RecordedRun {
  workflowId: string;
  runId: string;
}

/** Drives a scenario to its end and returns the workflow whose history is saved: its latest run, or the run named. */
export type Scenario = (r: Recording) => Promise<string | RecordedRun>;

export const recorderCaseworker: Actor = { userId: 'recorder-cw', role: 'caseworker', jurisdiction: '220102' };
