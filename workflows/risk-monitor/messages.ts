/** What a region's risk monitor accepts and answers. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RiskObservation, RiskObservations, RiskScope } from '../../domain/cases/risk-monitor.js';
import type { DeclaredLevel } from '../../domain/cases/risk-response.js';
import type { PolicyProfile } from '../../domain/profiles/index.js';
import type { RiskIndicators, RiskLevel, RiskReason } from '../../domain/risk.js';

export interface RiskMonitorInput {
  scope: RiskScope;
  /** Set only when the monitor continued as new. */
  carried?: CarriedMonitor;
}

export interface CarriedMonitor {
  observations: RiskObservations;
  declared: DeclaredLevel;
  profile: PolicyProfile;
  /** How many responses this scope has had: the next one's number is one more. */
  responses: number;
  /** The response running now, if any. */
  responseId: string | null;
  revision: number;
}

export interface RiskMonitorState {
  scope: RiskScope;
  declaredLevel: RiskLevel | null;
  assessedLevel: RiskLevel | null;
  indicators: RiskIndicators;
  reasons: RiskReason[];
  responseId: string | null;
}

/** The response's answer to a step down it was asked about, or a level it declared. */
export interface LevelDeclared {
  responseId: string;
  /** The level now declared; null when the response closed. */
  level: RiskLevel | null;
  approved: boolean;
}

export const riskObservedSignal = defineSignal<[RiskObservation]>('riskObserved');
export const levelDeclaredSignal = defineSignal<[LevelDeclared]>('levelDeclared');
export const riskMonitorQuery = defineQuery<RiskMonitorState>('riskMonitor');
