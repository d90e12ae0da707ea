/** What an emergency response accepts and answers. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Department } from '../../domain/contracts/common.js';
import type { RiskScope } from '../../domain/cases/risk-monitor.js';
import type { ResponseMeasure } from '../../domain/cases/risk-response.js';
import type { RiskIndicators, RiskLevel, RiskReason } from '../../domain/risk.js';

export interface RiskResponseInput {
  scope: RiskScope;
  level: RiskLevel;
  indicators: RiskIndicators;
  reasons: RiskReason[];
  /** The monitor to tell of every level the response declares. */
  monitorId: string;
}

export interface LevelAssessed {
  level: RiskLevel | null;
  indicators: RiskIndicators;
  reasons: RiskReason[];
}

export interface DirectiveReport {
  directiveId: string;
  department: Department;
  status: 'acknowledged' | 'in-progress' | 'done' | 'declined';
  note?: string;
  occurredAt: string;
  sourceEventId: string;
}

export type DirectiveStatus = 'issued' | 'acknowledged' | 'in-progress' | 'done' | 'declined' | 'withdrawn';

export interface DirectiveView {
  directiveId: string;
  key: string;
  department: Department;
  measure: ResponseMeasure | null;
  instruction: string;
  level: RiskLevel;
  status: DirectiveStatus;
  issuedAt: string;
  acknowledgeBy: string;
  completeBy: string;
  /** Every report the department sent, in order: who did what when. */
  reports: { status: DirectiveReport['status']; note: string | null; at: string }[];
}

export interface RiskResponseView {
  caseId: string;
  scope: RiskScope;
  level: RiskLevel | null;
  levelsReached: RiskLevel[];
  commandGroup: boolean;
  directives: DirectiveView[];
  closed: boolean;
}

/** The monitor's assessment rose above the declared level: the response escalates in place. */
export const levelRaisedSignal = defineSignal<[LevelAssessed]>('levelRaised');
/** The indicators stayed below the declared level long enough: a leader decides whether to step down. */
export const stepDownProposedSignal = defineSignal<[LevelAssessed]>('stepDownProposed');
export const directiveReportedSignal = defineSignal<[DirectiveReport]>('directiveReported');
export const riskResponseQuery = defineQuery<RiskResponseView>('riskResponse');
