/**
 * The re-employment case of a worker on a collective-layoff filing's roster (hrss.layoff.worker.v1,
 * DOMAIN.md 4a): first contact, then the "131" package (vocational guidance, three job
 * recommendations, training or internship, Fujian 闽人社文〔2021〕156号 三(二)1), until social
 * insurance enrols the person with an employer. One case per person and filing.
 */
import type { Intention, ServiceItemKind, SkillLevel } from '../contracts/common.js';
import type { LayoffWorkerV1 } from '../contracts/inbound.js';
import { DeliveredResult, FirstContactResult, JobRecommendationResult, TrainingOfferResult } from '../contracts/task-fields.js';
import type { LedgerItem } from './graduate-1311.js';

export const reemploymentCaseType = 'reemployment';

export function reemploymentWorkflowIdPrefix(idHash: string): string {
  return `reemployment:${idHash}:`;
}

/** `idHash` is the keyed hash of the ID number, never the number. */
export function reemploymentWorkflowId(idHash: string, filingId: string): string {
  return `${reemploymentWorkflowIdPrefix(idHash)}${filingId}`;
}

/** The roster entry as validated at the edge, minus transport fields. Personal data: encrypted in payloads. */
export type LayoffWorker = Omit<LayoffWorkerV1, 'eventId'>;

export type ReemploymentOutcome = 'employed' | 'unreachable' | 'no-wish';

/** The case as the bureau's re-employment list shows it. No ID number or phone. */
export interface ReemploymentLine {
  caseId: string;
  filingId: string;
  /** The enterprise that laid the worker off. */
  creditCode: string;
  /** The worker's household region: the jurisdiction that serves them. */
  regionCode: string;
  status: 'awaiting-contact' | 'in-service' | 'closed';
  outcome: ReemploymentOutcome | null;
  intention: Intention | null;
  skillLevel: SkillLevel | null;
  contactAttempts: number;
  refusals: number;
  items: LedgerItem[];
  /** The new employer, from the enrolment that placed the worker. */
  employerCreditCode: string | null;
  closedReason: string | null;
}

/** The worker's details the read model seals: personal data. */
export interface ReemploymentPerson {
  name: string;
  idNumber: string;
  phone: string | null;
  lastWorkingDay: string;
  occupation: string | null;
}

export const reemploymentTaskResults = {
  'reemployment-first-contact': FirstContactResult,
  /** Only where a profile's package includes a briefing; the national "131" does not. */
  'reemployment-policy-briefing': DeliveredResult,
  'reemployment-vocational-guidance': DeliveredResult,
  'reemployment-job-recommendation': JobRecommendationResult,
  'reemployment-training-or-internship': TrainingOfferResult,
} as const;

/** Each service item's task type. */
export const reemploymentItemTaskType = {
  'policy-briefing': 'reemployment-policy-briefing',
  'vocational-guidance': 'reemployment-vocational-guidance',
  'job-recommendation': 'reemployment-job-recommendation',
  'training-or-internship': 'reemployment-training-or-internship',
} as const satisfies Record<ServiceItemKind, keyof typeof reemploymentTaskResults>;

export const reemploymentLabels = {
  serviceItem: {
    'vocational-guidance': '职业指导',
    'job-recommendation': '岗位推荐',
    'training-or-internship': '技能培训或就业见习',
    'policy-briefing': '政策宣介',
  },
  outcome: { employed: '已就业', unreachable: '无法联系', 'no-wish': '暂无就业意愿' },
} as const;
