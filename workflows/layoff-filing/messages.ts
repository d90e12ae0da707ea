/** What the layoff filing workflow accepts and answers. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor.js';
import type { LayoffFiling } from '../../domain/cases/layoff-filing.js';
import type { TaskState } from '../task-messages.js';

export interface LayoffFilingInput {
  filing: LayoffFiling;
  /** The inbound event that opened the case, kept for the audit trail. */
  sourceEventId: string;
  /** Set only when the case continued as new: what the earlier run knew. */
  carried?: CarriedFiling;
}

/**
 * Everything a filing hands to its next run at continue-as-new. Plain JSON. No profile: the case
 * reads it only to open the review task, whose deadline and escalation chain travel with the task.
 */
export interface CarriedFiling {
  state: LayoffFilingState;
  tasks: TaskState[];
}

export interface LayoffFilingResult {
  caseId: string;
  status: 'closed';
  closeReason: string;
}

export interface LayoffFilingState {
  caseId: string;
  status: 'opened' | 'in-progress' | 'closed';
  collective: boolean;
  closeReason?: string;
}

export interface CloseCaseRequest {
  reason: string;
  by: string;
  /** The person closing it, checked and audited; absent on requests from before people closed filings over HTTP. */
  actor?: Actor;
}

/** Market regulation reported a change of the filing enterprise's status. */
export interface EnterpriseStatusChanged {
  status: 'active' | 'suspended' | 'deregistered';
  occurredAt: string;
  sourceEventId: string;
}

export const layoffFilingStateQuery = defineQuery<LayoffFilingState>('layoffFilingState');
export const enterpriseStatusSignal = defineSignal<[EnterpriseStatusChanged]>('enterpriseStatus');
/** An update, not a signal: the caller learns at once whether the close was accepted. */
export const closeLayoffCaseUpdate = defineUpdate<LayoffFilingState, [CloseCaseRequest]>('closeLayoffCase');
