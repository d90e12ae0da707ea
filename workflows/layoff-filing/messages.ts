/** What the layoff filing workflow accepts and answers. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LayoffFiling } from '../../domain/cases/layoff-filing.js';

export interface LayoffFilingInput {
  filing: LayoffFiling;
  /** The inbound event that opened the case, kept for the audit trail. */
  sourceEventId: string;
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
}

export const layoffFilingStateQuery = defineQuery<LayoffFilingState>('layoffFilingState');
/** An update, not a signal: the caller learns at once whether the close was accepted. */
export const closeLayoffCaseUpdate = defineUpdate<LayoffFilingState, [CloseCaseRequest]>('closeLayoffCase');
