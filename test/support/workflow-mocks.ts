/**
 * Mocked activities for workflow tests: the shared ones here, each case type's in mocks/, combined
 * one line per case type. Everything a case workflow calls is recorded; deadlines are N whole days
 * after the test server's current time (not the real calendar), so SLA timers are real Temporal
 * timers that time-skipping jumps over, whatever date the tests run on. The type check below
 * fails when the worker gains an activity no mock stands in for.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ComputeDeadlineInput, Deadline, ReviseProvisionalDeadlinesInput } from '../../activities/calendar.js';
import type { RecordCaseAdvancedInput, RecordCaseClosedInput, RecordCaseNoteInput, RecordCaseOpenedInput } from '../../activities/cases.js';
import { ApplicationFailure } from '@temporalio/common';
import type { PublishEventInput } from '../../activities/events.js';
import { outboundTopics } from '../../domain/contracts/outbound.js';
import type { RecordTaskChangeInput, RemainingWorkingDaysInput } from '../../activities/tasks.js';
import { nationalProfile, type PolicyProfile } from '../../domain/profiles/index.js';
import { combineDisjoint, type UnionToIntersection } from '../../domain/registry.js';
import type { CaseActivities } from '../../workers/activities.js';
import { graduate1311Mocks } from './mocks/graduate-1311.js';
import { keyEnterpriseMocks } from './mocks/key-enterprise.js';
import { layoffFilingMocks } from './mocks/layoff-filing.js';
import { reemploymentMocks } from './mocks/reemployment.js';
import { registryMocks } from './mocks/registries.js';
import { riskResponseMocks } from './mocks/risk-response.js';

const DAY_MS = 86_400_000;

interface MockPart {
  calls: object;
  activities: object;
}

function combineMocks<const T extends readonly MockPart[]>(...parts: T) {
  return {
    calls: combineDisjoint('mocked calls', ...parts.map((p) => p.calls)) as UnionToIntersection<T[number]['calls']>,
    activities: combineDisjoint('mocked activities', ...parts.map((p) => p.activities)) as UnionToIntersection<T[number]['activities']>,
  };
}

/** The activities every case type shares. `calendar` is how the mocked calendar counts: a test flips it to play a year's notice being added. */
function sharedMocks(env: TestWorkflowEnvironment, profile: PolicyProfile, calendar: { provisional: boolean; extraDays: number }) {
  const calls = {
    opened: [] as RecordCaseOpenedInput[],
    advanced: [] as RecordCaseAdvancedInput[],
    closed: [] as RecordCaseClosedInput[],
    published: [] as PublishEventInput[],
    taskChanges: [] as RecordTaskChangeInput[],
    deadlines: [] as ComputeDeadlineInput[],
    revisions: [] as ReviseProvisionalDeadlinesInput[],
    notes: [] as RecordCaseNoteInput[],
  };
  const activities = {
    recordCaseOpened: async (input: RecordCaseOpenedInput) => (calls.opened.push(input), { written: true }),
    recordCaseAdvanced: async (input: RecordCaseAdvancedInput) => (calls.advanced.push(input), { written: true }),
    recordCaseClosed: async (input: RecordCaseClosedInput) => (calls.closed.push(input), { written: true }),
    recordCaseNote: async (input: RecordCaseNoteInput) => (calls.notes.push(input), { written: true }),
    // Held to the outbound contract as the real activity is: an event it would refuse fails here too.
    publishEvent: async (input: PublishEventInput) => {
      const parsed = outboundTopics[input.topic].safeParse(input.message);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`event for ${input.topic} breaks its contract: ${parsed.error.message}`, 'ContractViolation');
      calls.published.push(input);
      return { eventId: input.message.eventId };
    },
    recordTaskChange: async (input: RecordTaskChangeInput) => (calls.taskChanges.push(structuredClone(input)), { written: true }),
    policyFor: async () => profile,
    computeDeadline: async ({ from, workingDays }: ComputeDeadlineInput): Promise<Deadline> => {
      calls.deadlines.push({ from, workingDays });
      const base = Math.max(Date.parse(from), await env.currentTimeMs());
      const due = new Date(base + (workingDays + calendar.extraDays) * DAY_MS);
      return { dueDate: due.toISOString().slice(0, 10), dueAt: due.toISOString(), calendarVersion: 'test:whole-days', provisional: calendar.provisional };
    },
    reviseProvisionalDeadlines: async (input: ReviseProvisionalDeadlinesInput) => (calls.revisions.push(input), { notified: 0, ended: 0 }),
    remainingWorkingDays: async ({ dueDate }: RemainingWorkingDaysInput) => ({
      workingDays: Math.max(0, Math.round((Date.parse(`${dueDate}T00:00:00Z`) - (await env.currentTimeMs())) / DAY_MS)),
    }),
  };
  return { calls, activities };
}

export function mockCaseActivities(env: TestWorkflowEnvironment, profile: PolicyProfile = nationalProfile) {
  const calendar = { provisional: false, extraDays: 0 };
  const { calls, activities } = combineMocks(
    sharedMocks(env, profile, calendar),
    graduate1311Mocks(),
    layoffFilingMocks(),
    riskResponseMocks(),
    reemploymentMocks(),
    keyEnterpriseMocks(),
    registryMocks(),
  );
  return { calls, activities: activities satisfies Record<keyof CaseActivities, unknown>, calendar };
}
