/** What the re-employment workflow accepts and answers (and the enrolment signal, workflows/person-messages.ts). */
import { defineQuery } from '@temporalio/workflow';
import type { LayoffWorker, ReemploymentLine } from '../../domain/cases/reemployment.js';
import type { PolicyProfile } from '../../domain/profiles/index.js';
import type { TaskState } from '../task-messages.js';

export interface ReemploymentInput {
  worker: LayoffWorker;
  /** Keyed hash of the ID number: the case's key, never the number. */
  idHash: string;
  sourceEventId: string;
  /** Set only when the case continued as new. */
  carried?: CarriedReemployment;
}

/** Everything a case hands to its next run at continue-as-new. Plain JSON. */
export interface CarriedReemployment {
  line: ReemploymentLine;
  tasks: TaskState[];
  profile: PolicyProfile;
  serviceStart: string | null;
  lineRevision: number;
}

export const reemploymentLineQuery = defineQuery<ReemploymentLine>('reemploymentLine');
