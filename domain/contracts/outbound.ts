/**
 * Outbound Kafka topics for dashboards and departments, keyed by case ID. No ID number or phone in
 * clear: people appear only through case IDs (which carry a keyed hash) and masked display values.
 */
import { z } from 'zod';
import { GraduateOutcome } from '../cases/graduate-1311.js';
import { Department, IndustryScopeCode, RegionCode, Timestamp } from './common.js';

const OutboundEnvelope = z.object({
  eventId: z.string().min(1),
  occurredAt: Timestamp,
  caseId: z.string().min(1),
});

export const CaseType = z.enum(['layoff-filing', 'graduate-1311', 'unemployed-131', 'key-enterprise', 'risk-response', 'reemployment']);
export type CaseType = z.infer<typeof CaseType>;

export const CaseLifecycleV1 = OutboundEnvelope.extend({
  kind: z.enum(['opened', 'advanced', 'escalated', 'closed']),
  caseType: CaseType,
  regionCode: RegionCode,
  industryCode: IndustryScopeCode.optional(),
  status: z.string().min(1),
  reason: z.string().min(1),
});
export type CaseLifecycleV1 = z.infer<typeof CaseLifecycleV1>;

export const TaskLifecycleV1 = OutboundEnvelope.extend({
  kind: z.enum(['created', 'claimed', 'released', 'completed', 'overdue', 'escalated', 'cancelled', 'reassigned']),
  taskId: z.string().min(1),
  taskType: z.string().min(1),
  regionCode: RegionCode,
  dueAt: Timestamp.optional(),
  assignee: z.string().optional(),
  reason: z.string().optional(),
});
export type TaskLifecycleV1 = z.infer<typeof TaskLifecycleV1>;

export const RiskLevelV1 = OutboundEnvelope.extend({
  regionCode: RegionCode,
  industryCode: IndustryScopeCode.optional(),
  previousLevel: z.enum(['IV', 'III', 'II', 'I']).nullable(),
  level: z.enum(['IV', 'III', 'II', 'I']).nullable(),
  indicators: z.record(z.string(), z.number()),
  reasons: z.array(z.string()),
});
export type RiskLevelV1 = z.infer<typeof RiskLevelV1>;

export const DeptDirectiveV1 = OutboundEnvelope.extend({
  department: Department,
  directiveId: z.string().min(1),
  regionCode: RegionCode,
  instruction: z.string().min(1),
  dueAt: Timestamp.optional(),
});
export type DeptDirectiveV1 = z.infer<typeof DeptDirectiveV1>;

/**
 * For the education department: what became of a graduate it handed over, when the case closes.
 * The school's own student reference comes back if the handover carried one; the ID number never does.
 */
export const GraduateOutcomeV1 = OutboundEnvelope.extend({
  year: z.number().int(),
  householdRegionCode: RegionCode,
  outcome: GraduateOutcome,
  closedAt: Timestamp,
  studentRef: z.string().min(1).optional(),
});
export type GraduateOutcomeV1 = z.infer<typeof GraduateOutcomeV1>;

export const outboundTopics = {
  'case.lifecycle.v1': CaseLifecycleV1,
  'task.lifecycle.v1': TaskLifecycleV1,
  'risk.level.v1': RiskLevelV1,
  'dept.directive.v1': DeptDirectiveV1,
  'hrss.graduate.outcome.v1': GraduateOutcomeV1,
} as const;

export type OutboundTopic = keyof typeof outboundTopics;
export type OutboundMessage<T extends OutboundTopic> = z.infer<(typeof outboundTopics)[T]>;
export const outboundTopicNames = Object.keys(outboundTopics) as OutboundTopic[];
