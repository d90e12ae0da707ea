/** Small helpers shared by workflows. Everything here must stay deterministic. */
import { proxyActivities } from '@temporalio/workflow';
import type { ComputeDeadlineInput, Deadline, createCalendarActivities } from '../activities/calendar.js';

/**
 * The workflow's current time as an ISO timestamp, for event and record timestamps only. Inside
 * the workflow sandbox the clock is the replayed task time, so this is deterministic. Deadlines
 * never come from here: they are counted in working days by domain/calendar through an activity.
 */
export function workflowNow(): string {
  return new Date().toISOString();
}

const { computeDeadline } = proxyActivities<ReturnType<typeof createCalendarActivities>>({
  startToCloseTimeout: '10 seconds',
  // A missing calendar year is fixed by a deployment, not by retrying fast: back off to hourly.
  retry: { initialInterval: '1 second', maximumInterval: '1 hour' },
});

/**
 * The deadline `workingDays` Chinese working days after `from`, at the end of that day. Computed by
 * an activity so the result is written to history: replay never recounts on newer data. (Not a
 * local activity: its retries would run on the worker's clock, and a missing calendar year must
 * show as a pending, failing activity that operators can see.)
 */
export function workingDayDeadline(from: string, workingDays: number): Promise<Deadline> {
  const input: ComputeDeadlineInput = { from, workingDays };
  return computeDeadline(input);
}

/**
 * Milliseconds from the workflow's now until an absolute instant, for timers. Not deadline
 * arithmetic: the instant itself comes from the working-day calendar (workingDayDeadline).
 */
export function msUntil(instant: string): number {
  return Date.parse(instant) - new Date().getTime();
}
