/**
 * What a key enterprise's account workflow accepts and answers: its input, the state it hands to
 * its next run, what departments report about the enterprise (signals, sent by intake), what people
 * do on the account (updates, sent by the API, so the caller learns at once whether it was taken),
 * and the account query. The types they carry are the domain's (domain/cases/key-enterprise.ts).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor.js';
import type { DemandLine, KeyEnterprise, KeyEnterpriseAccount, SubsidyKind } from '../../domain/cases/key-enterprise.js';
import type { DemandPosition } from '../../domain/contracts/inbound.js';
import type { TaskView } from '../../domain/contracts/tasks.js';
import type { PolicyProfile } from '../../domain/profiles/index.js';
import type { TaskState } from '../task-messages.js';

export interface KeyEnterpriseInput {
  enterprise: KeyEnterprise;
  /** Who put the enterprise on the list. */
  listedBy: string;
  /** Set only when the account continued as new. */
  carried?: CarriedAccount;
}

/** Everything an account hands to its next run at continue-as-new. Plain JSON. */
export interface CarriedAccount {
  account: KeyEnterpriseAccount;
  tasks: TaskState[];
  /** The profile the listing started with: its rules do not change under a running account. */
  profile: PolicyProfile;
  revision: number;
  /** Social insurance's monthly insured headcounts, the latest last: a drop is judged against the month before. */
  headcounts: { period: string; count: number }[];
  /** Hires already counted (keyed hash of the person and the effective date), so a resent enrolment counts once. */
  hiresSeen: string[];
  /**
   * How many job-keeping tasks and subsidy-help tasks of each kind the account has opened (the next
   * one's key), and the latest job-keeping alerts, so a resent report opens no second task.
   */
  opened: { jobKeeping: number; subsidy: Partial<Record<SubsidyKind, number>>; triggers: string[] };
}

/** A hiring demand posted on the recruitment platform (ent.hiring.demand.v1). */
export interface HiringDemandReceived {
  demandId: string;
  positions: DemandPosition[];
  neededBy?: string;
  occurredAt: string;
  sourceEventId: string;
}

/** Social insurance enrolled a person with the enterprise: a hire. */
export interface EnterpriseHire {
  /** Keyed hash of the person's ID number, never the number. */
  personKey: string;
  effectiveDate: string;
  sourceEventId: string;
}

export interface InsuredHeadcountReported {
  period: string;
  insuredHeadcount: number;
  occurredAt: string;
  sourceEventId: string;
}

export interface EnterpriseStatusReported {
  status: 'active' | 'suspended' | 'deregistered';
  occurredAt: string;
  sourceEventId: string;
}

/** The labour administration received a collective-layoff filing from the enterprise: its own case. */
export interface LayoffFiled {
  filingId: string;
  caseId: string;
  headcount: number;
  layoffCount: number;
  plannedDate: string;
  occurredAt: string;
  sourceEventId: string;
}

export interface UpdateListingRequest {
  actor: Actor;
  enterprise: KeyEnterprise;
}

export interface UpdateListingResult {
  effect: 'updated' | 'unchanged';
  /** What changed, for the audit trail. */
  changed: (keyof KeyEnterprise)[];
}

export interface RemoveFromListRequest {
  actor: Actor;
  reason: string;
}

/** A demand the liaison records (phoned in, or found on a visit outside the regular contact). */
export interface RecordDemandRequest {
  actor: Actor;
  demandId?: string;
  positions: DemandPosition[];
  neededBy?: string;
}

export interface SubsidyHelpRequest {
  actor: Actor;
  subsidy: SubsidyKind;
  note?: string;
}

export const hiringDemandSignal = defineSignal<[HiringDemandReceived]>('hiringDemand');
export const enterpriseHireSignal = defineSignal<[EnterpriseHire]>('enterpriseHire');
export const insuredHeadcountSignal = defineSignal<[InsuredHeadcountReported]>('insuredHeadcount');
export const keyEnterpriseStatusSignal = defineSignal<[EnterpriseStatusReported]>('keyEnterpriseStatus');
export const layoffFiledSignal = defineSignal<[LayoffFiled]>('layoffFiled');
export const updateListingUpdate = defineUpdate<UpdateListingResult, [UpdateListingRequest]>('updateListing');
export const removeFromListUpdate = defineUpdate<KeyEnterpriseAccount, [RemoveFromListRequest]>('removeFromList');
export const recordDemandUpdate = defineUpdate<Pick<DemandLine, 'demandId'>, [RecordDemandRequest]>('recordDemand');
export const requestSubsidyHelpUpdate = defineUpdate<TaskView, [SubsidyHelpRequest]>('requestSubsidyHelp');
export const keyEnterpriseAccountQuery = defineQuery<KeyEnterpriseAccount>('keyEnterpriseAccount');
