/**
 * Asking the registries from a case, with a budget: the look-up activity is retried with backoff
 * while the registry is unavailable, and once the budget is spent the case goes on without the
 * answer and says so in its timeline. A registry outage delays a case by minutes, never stalls it.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { createRegistryActivities } from '../activities/registries.js';
import { registryNames } from '../domain/contracts/registries.js';
import { recordCaseNote } from './case-activities.js';
import { workflowNow } from './support.js';

/** Six attempts over about two and a half minutes: a registry restart is waited out, an outage is not. */
export const registryRetryBudget = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 6 } as const;

const { lookUpEnrolment, lookUpEnterpriseHeadcount } = proxyActivities<ReturnType<typeof createRegistryActivities>>({
  // One attempt: the client's own timeout per call, plus waiting for a free slot to the registry.
  startToCloseTimeout: '30 seconds',
  retry: { ...registryRetryBudget, nonRetryableErrorTypes: ['RegistryUnknown', 'RegistryBadResponse', 'RegistryRefused'] },
});

export type EnrolmentCheck =
  | { kind: 'enrolled'; creditCode: string | null; since: string | null }
  | { kind: 'not-enrolled' }
  /** The registry did not answer within the budget, or answered outside the contract. */
  | { kind: 'unanswered'; reason: string };

export interface EnrolmentCheckInput {
  caseId: string;
  /** Personal data: only in the activity's (encrypted) input, never in the note. */
  idNumber: string;
  /** What the timeline note says the check was for, e.g. '首次联系前'. */
  purpose: string;
}

/** Asks social insurance whether the person is enrolled, and notes the answer (or its absence) on the case's timeline. */
export async function checkEnrolment({ caseId, idNumber, purpose }: EnrolmentCheckInput): Promise<EnrolmentCheck> {
  const check = await lookUp(idNumber);
  const at = workflowNow();
  const text =
    check.kind === 'enrolled'
      ? `${registryNames.si}：已参保${check.creditCode ? `，参保单位 ${check.creditCode}` : ''}${check.since ? `，${check.since} 起` : ''}`
      : check.kind === 'not-enrolled'
        ? `${registryNames.si}：未参保`
        : `${registryNames.si}未能答复（${check.reason}），按未参保继续办理`;
  await recordCaseNote({
    caseId,
    noteId: `registry:si-enrolment:${at}`,
    kind: 'registry.checked',
    at,
    detail: { registry: 'si', purpose, answer: check.kind, text },
  });
  return check;
}

async function lookUp(idNumber: string): Promise<EnrolmentCheck> {
  try {
    const answer = await lookUpEnrolment({ idNumber });
    if (!answer.enrolled) return { kind: 'not-enrolled' };
    return { kind: 'enrolled', creditCode: answer.creditCode ?? null, since: answer.since ?? null };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause;
    // The activity's own message names the registry and the failure, never a body or an ID number.
    const attempts = `共尝试 ${registryRetryBudget.maximumAttempts} 次`;
    const reason = cause instanceof ApplicationFailure ? (cause.nonRetryable ? cause.message : `${cause.message}，${attempts}`) : `${attempts}仍无应答`;
    return { kind: 'unanswered', reason };
  }
}

export interface HeadcountCheckInput {
  caseId: string;
  creditCode: string;
  /** The month asked for, e.g. '2026-10'. */
  period: string;
}

/**
 * Asks social insurance for an enterprise's insured headcount in a month. Null when it has none
 * or does not answer within the budget; that is noted on the timeline, and the caller falls back
 * on what it knows.
 */
export async function checkHeadcount({ caseId, creditCode, period }: HeadcountCheckInput): Promise<{ count: number; period: string } | null> {
  try {
    const answer = await lookUpEnterpriseHeadcount({ creditCode, period });
    return { count: answer.insuredHeadcount, period: answer.period };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const cause = err.cause;
    const text =
      cause instanceof ApplicationFailure && cause.type === 'RegistryUnknown'
        ? `${registryNames.si}无 ${period} 参保人数`
        : `${registryNames.si}未能答复 ${period} 参保人数（${cause instanceof ApplicationFailure ? cause.message : `共尝试 ${registryRetryBudget.maximumAttempts} 次仍无应答`}）`;
    const at = workflowNow();
    await recordCaseNote({
      caseId,
      noteId: `registry:si-headcount:${period}:${at}`,
      kind: 'registry.checked',
      at,
      detail: { registry: 'si', purpose: '定期联系预填', answer: 'unanswered', text },
    });
    return null;
  }
}
