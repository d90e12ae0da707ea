/** Small helpers shared by workflows. Everything here must stay deterministic. */

/**
 * The workflow's current time as an ISO timestamp, for event and record timestamps only. Inside
 * the workflow sandbox the clock is the replayed task time, so this is deterministic. Deadlines
 * never come from here: they are counted in working days by domain/calendar through an activity.
 */
export function workflowNow(): string {
  return new Date().toISOString();
}
