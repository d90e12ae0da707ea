/**
 * Look-ups in other departments' registries, as activities: social insurance (is a person
 * enrolled; an enterprise's insured headcount) and market regulation (an enterprise's record).
 * The request ID is the activity's own identity (workflow ID and activity ID), the same on every
 * retry, so a registry that keeps request logs sees one look-up, not many. A registry failure
 * becomes an ApplicationFailure of its type: retryable when transient (Temporal retries with the
 * workflow's backoff), not when asking again would give the same answer.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  EnrolmentAnswer,
  EnterpriseRecord,
  HeadcountAnswer,
  type EnrolmentAnswer as Enrolment,
  type EnterpriseRecord as Enterprise,
  type HeadcountAnswer as Headcount,
} from '../domain/contracts/registries.js';
import { RegistryError, type RegistryClient, type RegistryRequest } from './infra/registry-client.js';

export interface RegistryActivityDeps {
  si: RegistryClient;
  amr: RegistryClient;
}

export interface LookUpEnrolmentInput {
  /** Personal data: travels only in the request body. */
  idNumber: string;
}

export interface LookUpHeadcountInput {
  creditCode: string;
  /** The month, e.g. '2026-10'. */
  period: string;
}

export interface LookUpEnterpriseInput {
  creditCode: string;
}

/** The activity's identity: stable across its retries, unique across look-ups. */
function requestId(): string {
  const { workflowExecution, activityId } = Context.current().info;
  // An activity started outside a workflow has no workflow: its own ID is then unique enough.
  return workflowExecution ? `${workflowExecution.workflowId}:${activityId}` : activityId;
}

async function asActivity<T>(lookUp: () => Promise<T>): Promise<T> {
  try {
    return await lookUp();
  } catch (err) {
    if (err instanceof RegistryError) throw ApplicationFailure.create({ type: err.type, message: err.message, nonRetryable: !err.retryable });
    throw err;
  }
}

/** The look-ups of docs/contracts.md, one place each, for activities and for callers outside a workflow. */
export const registryLookUps = {
  enrolment: ({ idNumber }: LookUpEnrolmentInput): Omit<RegistryRequest<Enrolment>, 'requestId'> => ({
    method: 'POST',
    path: '/v1/persons/enrolment',
    body: { idNumber },
    answer: EnrolmentAnswer,
  }),
  headcount: ({ creditCode, period }: LookUpHeadcountInput): Omit<RegistryRequest<Headcount>, 'requestId'> => ({
    method: 'GET',
    path: `/v1/enterprises/${encodeURIComponent(creditCode)}/headcount?period=${encodeURIComponent(period)}`,
    answer: HeadcountAnswer,
  }),
  enterprise: ({ creditCode }: LookUpEnterpriseInput): Omit<RegistryRequest<Enterprise>, 'requestId'> => ({
    method: 'GET',
    path: `/v1/enterprises/${encodeURIComponent(creditCode)}`,
    answer: EnterpriseRecord,
  }),
};

export function createRegistryActivities({ si, amr }: RegistryActivityDeps) {
  return {
    lookUpEnrolment: (input: LookUpEnrolmentInput): Promise<Enrolment> =>
      asActivity(() => si.call({ ...registryLookUps.enrolment(input), requestId: requestId() })),
    lookUpEnterpriseHeadcount: (input: LookUpHeadcountInput): Promise<Headcount> =>
      asActivity(() => si.call({ ...registryLookUps.headcount(input), requestId: requestId() })),
    lookUpEnterprise: (input: LookUpEnterpriseInput): Promise<Enterprise> =>
      asActivity(() => amr.call({ ...registryLookUps.enterprise(input), requestId: requestId() })),
  };
}
