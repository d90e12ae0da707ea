/**
 * What the graduate 1311 workflow accepts and answers: its input, the state it hands to its next
 * run, and its signals, update and query (and the enrolment signal every person's case takes,
 * workflows/person-messages.ts). The intake, the import and the API send these; the
 * types they carry are the domain's (domain/cases/graduate-1311.ts).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor.js';
import type { GraduateHandover, GraduateOutcome, LedgerLine } from '../../domain/cases/graduate-1311.js';
import type { PolicyProfile } from '../../domain/profiles/index.js';
import type { TaskState } from '../task-messages.js';
import type { HandoverTimes } from './handovers.js';

export interface Graduate1311Input {
  /** The latest handover of this person (later handovers update contact details). */
  handover: GraduateHandover;
  /** Keyed hash of the ID number (domain/identity hashIdNumber): the case's key, never the number. */
  idHash: string;
  sourceEventId: string;
  /** Set only when the case continued as new: what the earlier run knew. */
  carried?: CarriedCase;
}

/** Everything a case hands to its next run at continue-as-new. Plain JSON. */
export interface CarriedCase {
  line: LedgerLine;
  tasks: TaskState[];
  /** The profile the case started with: its rules do not change under a running case. */
  profile: PolicyProfile;
  /** When the service items' deadlines began to count (the graduate was reached and wants work). */
  serviceStart: string | null;
  /** Last revision written to the ledger read model. */
  ledgerRevision: number;
  /** When each handover the line names was listed; absent from runs before handovers were bounded. */
  handoverTimes?: HandoverTimes;
}

export interface GraduateHandoverSignal {
  handover: GraduateHandover;
  sourceEventId: string;
}

export interface RecordOutcomeRequest {
  actor: Actor;
  /** No wish to work may also be recorded directly, when the graduate says so outright. */
  outcome: Exclude<GraduateOutcome, 'unreachable'>;
  note: string;
  employerCreditCode?: string;
}

export const graduateHandoverSignal = defineSignal<[GraduateHandoverSignal]>('graduateHandover');
/** An update, so the caseworker learns at once whether the outcome was accepted. */
export const recordGraduateOutcomeUpdate = defineUpdate<LedgerLine, [RecordOutcomeRequest]>('recordGraduateOutcome');
export const ledgerLineQuery = defineQuery<LedgerLine>('ledgerLine');
