/**
 * The activities every case workflow calls, proxied once with their timeouts, and the one way a
 * case announces a change on case.lifecycle.v1.
 */
import { proxyActivities } from '@temporalio/workflow';
import type * as caseActivities from '../activities/cases.js';
import type * as eventActivities from '../activities/events.js';
import type * as policyActivities from '../activities/policy.js';
import type { CaseLifecycleV1, CaseType } from '../domain/contracts/outbound.js';

export const { recordCaseOpened, recordCaseAdvanced, recordCaseClosed, recordCaseNote } = proxyActivities<
  ReturnType<typeof caseActivities.createCaseActivities>
>({
  // Database writes are short; a minute covers a slow failover without hiding a stuck worker.
  startToCloseTimeout: '1 minute',
});

export const { policyFor } = proxyActivities<ReturnType<typeof policyActivities.createPolicyActivities>>({ startToCloseTimeout: '10 seconds' });

export const { publishEvent } = proxyActivities<ReturnType<typeof eventActivities.createEventActivities>>({
  // The broker may be briefly unavailable; retries keep the event, the ID keeps it single downstream.
  startToCloseTimeout: '30 seconds',
});

export interface CaseIdentity {
  caseId: string;
  caseType: CaseType;
  regionCode: string;
  industryCode?: string;
}

/**
 * Returns the case's announcer. Event IDs come from the case, the kind and the workflow time of
 * the change, so a retried publish carries the same ID and consumers drop the copy.
 */
export function caseAnnouncer(identity: CaseIdentity) {
  return async (kind: CaseLifecycleV1['kind'], status: string, reason: string, at: string): Promise<void> => {
    await publishEvent({
      topic: 'case.lifecycle.v1',
      key: identity.caseId,
      message: { eventId: `${identity.caseId}:${kind}:${at}`, occurredAt: at, kind, status, reason, ...identity },
    });
  };
}
