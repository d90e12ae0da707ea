/**
 * A policy profile holds every number a workflow needs, per jurisdiction, because provinces differ
 * (Fujian registers the unemployed within 10 working days, the national rule says 3). Each number
 * carries its source: the clause that sets it, or why we chose it when no document does. Profiles are
 * parsed at module load, so an invalid one fails the first import instead of a running case.
 */
import { z } from 'zod';
import { Department, ServiceItemKind } from '../contracts/common.js';
import { isValidRegionCode } from '../jurisdiction.js';

export const SourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('clause'), document: z.string().min(1), clause: z.string().min(1) }),
  z.strictObject({ kind: z.literal('default'), why: z.string().min(1) }),
]);
export type Source = z.infer<typeof SourceSchema>;

function sourced<T extends z.ZodType>(value: T) {
  return z.strictObject({ value, source: SourceSchema });
}

const count = sourced(z.number().int().min(1));
const workingDays = sourced(z.number().int().min(0).max(250));
const calendarDays = sourced(z.number().int().min(1).max(366));
const months = sourced(z.number().int().min(1).max(60));
const percent = sourced(z.number().positive().max(100));
/** Clock hours: an emergency does not wait for Monday. */
const hours = sourced(
  z
    .number()
    .positive()
    .max(24 * 90),
);

function byLevel<T extends z.ZodType>(value: T) {
  return z.strictObject({ IV: value, III: value, II: value, I: value });
}

export const riskLevels = ['IV', 'III', 'II', 'I'] as const;
export const RiskLevelSchema = z.enum(riskLevels);

/** `count` deliveries of `kind` are due `dueWorkingDays` working days after the case opens. */
const ServiceItemSchema = z.strictObject({ kind: ServiceItemKind, count, dueWorkingDays: workingDays });

const ServicePackageSchema = z
  .strictObject({ items: z.array(ServiceItemSchema).min(1) })
  .refine((p) => new Set(p.items.map((i) => i.kind)).size === p.items.length, { error: 'service items must have distinct kinds' });

/**
 * Thresholds of one risk level; every comparison is "observed ≥ threshold". The layoff cluster is
 * `layoffClusterFirms` or more firms in one county each cutting at least `layoffClusterMinPerFirm`
 * people or `layoffClusterMinPctPerFirm` percent of their staff.
 */
const RiskThresholdsSchema = z.strictObject({
  layoffClusterFirms: count,
  layoffClusterMinPerFirm: count,
  layoffClusterMinPctPerFirm: percent,
  singleFirmLayoff: count,
  /** Drop of monitored enterprises' insured headcount against the previous month, in percent. */
  insuredHeadcountDropPct: sourced(z.number().positive()),
  /** Rise of new unemployment-insurance claimants against the same month a year earlier, in percent. */
  newClaimantsSurgePct: sourced(z.number().positive()),
  registeredUnemploymentRatePct: percent,
  registeredUnemploymentMonths: months,
  closureJobLoss: count,
});
export type RiskThresholds = z.infer<typeof RiskThresholdsSchema>;

/** Fields where a higher level must not have a lower threshold than the level below it. */
const escalatingThresholds = [
  'layoffClusterFirms',
  'singleFirmLayoff',
  'insuredHeadcountDropPct',
  'newClaimantsSurgePct',
  'registeredUnemploymentRatePct',
  'closureJobLoss',
] as const satisfies readonly (keyof RiskThresholds)[];

const RiskThresholdsByLevelSchema = z
  .strictObject({ IV: RiskThresholdsSchema, III: RiskThresholdsSchema, II: RiskThresholdsSchema, I: RiskThresholdsSchema })
  .superRefine((t, ctx) => {
    for (let i = 1; i < riskLevels.length; i++) {
      const lower = riskLevels[i - 1] ?? 'IV';
      const higher = riskLevels[i] ?? 'I';
      for (const field of escalatingThresholds) {
        if (t[higher][field].value < t[lower][field].value) {
          ctx.addIssue({ code: 'custom', path: [higher, field], message: `level ${higher} threshold is below level ${lower}'s` });
        }
      }
    }
  });

export const escalationRoles = ['caseworker', 'supervisor', 'leader'] as const;

/**
 * One step of the escalation chain: `afterWorkingDays` working days after the miss, the task goes
 * to `role` in the office `levelsUp` levels up the administrative ladder from the task's own
 * jurisdiction (0: its own office, 1: the parent's; community → street → county → city →
 * province, and no further than the province).
 */
export const EscalationStepSchema = z.strictObject({
  role: z.enum(escalationRoles),
  levelsUp: sourced(z.number().int().min(0).max(4)),
  afterWorkingDays: workingDays,
});
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

/**
 * A step as profiles had it before the ladder: a role in the task's own office, shown to that role
 * anywhere in the jurisdiction. The profile snapshots of cases started before carry such chains, and
 * their tasks keep escalating that way; no profile may have one now.
 */
export type LegacyEscalationStep = Omit<EscalationStep, 'levelsUp'> & { levelsUp?: undefined };
/** A chain as a task holds it: the ladder's steps, or the old shape in cases started before it. */
export type EscalationChain = readonly (EscalationStep | LegacyEscalationStep)[];

/** Who is told when a deadline is missed, and when: each step later and no lower than the one before. */
const EscalationChainSchema = z
  .array(EscalationStepSchema)
  .min(1)
  .superRefine((chain, ctx) => {
    if (new Set(chain.map((s) => `${s.role}+${s.levelsUp.value}`)).size !== chain.length) {
      ctx.addIssue({ code: 'custom', message: 'escalation steps must not name the same role at the same level twice' });
    }
    chain.forEach((step, i) => {
      const previous = chain[i - 1];
      if (previous && step.afterWorkingDays.value < previous.afterWorkingDays.value) {
        ctx.addIssue({ code: 'custom', path: [i, 'afterWorkingDays'], message: 'escalation steps must not go back in time' });
      }
      if (previous && step.levelsUp.value < previous.levelsUp.value) {
        ctx.addIssue({ code: 'custom', path: [i, 'levelsUp'], message: 'escalation steps must not come down the ladder' });
      }
    });
  });

/**
 * The chain for a task whose own candidates are `role` in its own office: without the steps that
 * would hand it back to them (a supervisor's own task escalates past the supervisor). A step of the
 * old shape names the own office, as it always did.
 */
export function chainPast(chain: EscalationChain, role: EscalationStep['role']): EscalationChain {
  return chain.filter((step) => step.role !== role || (step.levelsUp?.value ?? 0) > 0);
}

export const PolicyProfileSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  /** Administrative-code prefixes the profile applies to; empty for the national fallback. */
  regionPrefixes: z.array(z.string().refine(isValidRegionCode, { error: 'not a valid region code or prefix' })),

  unemploymentRegistrationWorkingDays: workingDays,
  registeredUnemployedFirstContactWorkingDays: workingDays,
  graduateFirstContactWorkingDays: workingDays,
  service1311: ServicePackageSchema,
  service131: ServicePackageSchema,
  graduateRefusalLimit: count,
  graduateContactAttempts: count,
  graduateTargetMonths: months,
  hardToEmployFollowUpIntervalDays: calendarDays,
  hardToEmployStableWorkMonths: months,
  zeroEmploymentPlacementMonths: months,
  noContactCancellationMonths: months,

  enterpriseContactIntervalDays: calendarDays,
  hiringDemandResponseWorkingDays: workingDays,
  hiringDemandEscalationDays: calendarDays,

  riskThresholds: RiskThresholdsByLevelSchema,
  /** How far back layoff filings count toward a cluster, and closures toward jobs lost. */
  riskWindowDays: z.strictObject({ layoffCluster: calendarDays, closureJobLoss: calendarDays }),
  riskReportHours: byLevel(hours),
  /** Member departments given a directive at each level (each level adds to the ones below). */
  responseDepartments: byLevel(sourced(z.array(Department))),
  directiveAcknowledgeHours: byLevel(hours),
  directiveCompletionHours: byLevel(hours),
  commandGroupFromLevel: sourced(RiskLevelSchema),
  deferredContributionsFromLevel: sourced(RiskLevelSchema),
  deescalationDays: calendarDays,

  escalationChain: EscalationChainSchema,
  taskSlaWorkingDays: z.strictObject({
    onePersonOnePlanApproval: workingDays,
    benchmarkPublicNotice: workingDays,
    layoffFilingReview: workingDays,
    graduateTargetReview: workingDays,
  }),
});

export type PolicyProfile = z.infer<typeof PolicyProfileSchema>;

/**
 * A partial profile for overrides. A sourced value ({ value, source }) is replaced as a whole, never
 * merged field by field: a new value with the old value's source would be a false citation.
 */
export type ProfileOverride<T = PolicyProfile> = T extends { value: unknown; source: unknown }
  ? T
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]?: ProfileOverride<T[K]> }
      : T;
