/**
 * Mocked activities for workflow tests. Everything a case workflow calls is recorded; deadlines
 * are N whole days after the test server's current time (not the real calendar), so SLA timers are
 * real Temporal timers that time-skipping jumps over, whatever date the tests run on.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RecordCaseAdvancedInput, RecordCaseClosedInput, RecordCaseOpenedInput } from '../../activities/cases.js';
import type { RecordLayoffFilingInput } from '../../activities/layoff-filing.js';
import type { ComputeDeadlineInput, Deadline, ReviseProvisionalDeadlinesInput } from '../../activities/calendar.js';
import type { PublishEventInput } from '../../activities/events.js';
import type { RecordLedgerLineInput } from '../../activities/graduate-1311.js';
import type { RecordTaskChangeInput, RemainingWorkingDaysInput } from '../../activities/tasks.js';
import { nationalProfile, type PolicyProfile } from '../../domain/profiles/index.js';

const DAY_MS = 86_400_000;

export function mockCaseActivities(env: TestWorkflowEnvironment, profile: PolicyProfile = nationalProfile) {
  const calls = {
    opened: [] as RecordCaseOpenedInput[],
    recorded: [] as RecordLayoffFilingInput[],
    advanced: [] as RecordCaseAdvancedInput[],
    closed: [] as RecordCaseClosedInput[],
    published: [] as PublishEventInput[],
    taskChanges: [] as RecordTaskChangeInput[],
    deadlines: [] as ComputeDeadlineInput[],
    ledger: [] as RecordLedgerLineInput[],
    revisions: [] as ReviseProvisionalDeadlinesInput[],
  };
  /** How the mocked calendar counts: a test flips it to play a year's notice being added. */
  const calendar = { provisional: false, extraDays: 0 };
  const activities = {
    recordCaseOpened: async (input: RecordCaseOpenedInput) => (calls.opened.push(input), { written: true }),
    recordLayoffFiling: async (input: RecordLayoffFilingInput) => (calls.recorded.push(input), { written: true }),
    recordCaseAdvanced: async (input: RecordCaseAdvancedInput) => (calls.advanced.push(input), { written: true }),
    recordCaseClosed: async (input: RecordCaseClosedInput) => (calls.closed.push(input), { written: true }),
    publishEvent: async (input: PublishEventInput) => (calls.published.push(input), { eventId: input.message.eventId }),
    recordTaskChange: async (input: RecordTaskChangeInput) => (calls.taskChanges.push(structuredClone(input)), { written: true }),
    recordLedgerLine: async (input: RecordLedgerLineInput) => (calls.ledger.push(structuredClone(input)), { written: true }),
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
  return { calls, activities, calendar };
}
