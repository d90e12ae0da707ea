/**
 * The registry look-ups, mocked: by default nobody is enrolled and every enterprise is unknown, as
 * a registry with no record answers. A test sets `registry` to answer otherwise, or to fail (an
 * ApplicationFailure of a registry failure type, as the real activities throw).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { LookUpEnrolmentInput, LookUpEnterpriseInput, LookUpHeadcountInput } from '../../../activities/registries.js';
import type { EnrolmentAnswer, EnterpriseRecord, HeadcountAnswer } from '../../../domain/contracts/registries.js';

export interface MockRegistry {
  enrolment(input: LookUpEnrolmentInput): EnrolmentAnswer | Promise<EnrolmentAnswer>;
  headcount(input: LookUpHeadcountInput): HeadcountAnswer | Promise<HeadcountAnswer>;
  enterprise(input: LookUpEnterpriseInput): EnterpriseRecord | Promise<EnterpriseRecord>;
}

const unknown = (what: string) => ApplicationFailure.create({ type: 'RegistryUnknown', message: `测试登记系统无此记录：${what}`, nonRetryable: true });

export function registryMocks() {
  const registry: MockRegistry = {
    enrolment: () => ({ enrolled: false }),
    headcount: ({ creditCode }) => {
      throw unknown(creditCode);
    },
    enterprise: ({ creditCode }) => {
      throw unknown(creditCode);
    },
  };
  const calls = {
    enrolmentLookUps: [] as LookUpEnrolmentInput[],
    headcountLookUps: [] as LookUpHeadcountInput[],
    enterpriseLookUps: [] as LookUpEnterpriseInput[],
    registry,
  };
  const activities = {
    lookUpEnrolment: async (input: LookUpEnrolmentInput) => (calls.enrolmentLookUps.push(input), registry.enrolment(input)),
    lookUpEnterpriseHeadcount: async (input: LookUpHeadcountInput) => (calls.headcountLookUps.push(input), registry.headcount(input)),
    lookUpEnterprise: async (input: LookUpEnterpriseInput) => (calls.enterpriseLookUps.push(input), registry.enterprise(input)),
  };
  return { calls, activities };
}
