/**
 * When a year's State Council holiday notice is added to the calendar data, every running case
 * whose due dates were provisional (counted through that year without the notice) recounts them.
 * One run per calendar version, started by the worker when it starts on new data: its workflow ID
 * holds the version, so a restart or a second worker finds it already there. A workflow, not a loop
 * in the process, so the sweep survives a crash and its progress shows in Temporal's UI.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createCalendarRevisionActivities, ReviseProvisionalDeadlinesResult } from '../activities/calendar.js';

const { reviseProvisionalDeadlines } = proxyActivities<ReturnType<typeof createCalendarRevisionActivities>>({
  // Thousands of cases are signalled one by one; the heartbeat, not the total, shows it is alive.
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
});

export interface CalendarRevisionInput {
  calendarVersion: string;
}

/** Per task queue as well: systems sharing a Temporal namespace each sweep their own cases. */
export function calendarRevisionWorkflowId(taskQueue: string, calendarVersion: string): string {
  return `calendar-revision:${taskQueue}:${calendarVersion}`;
}

export async function calendarRevisionWorkflow(input: CalendarRevisionInput): Promise<ReviseProvisionalDeadlinesResult> {
  return reviseProvisionalDeadlines({ calendarVersion: input.calendarVersion });
}
