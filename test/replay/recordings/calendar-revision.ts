/** Recorded history of the calendar revision sweep. */
import { calendarRevisionWorkflow, calendarRevisionWorkflowId } from '../../../workflows/calendar-revision.js';
import type { Recording, Scenario } from '../recording.js';

/** calendar-revision.v1: one sweep over the cases with provisional due dates. */
async function calendarRevision({ env, worker, taskQueue }: Recording): Promise<string> {
  const workflowId = calendarRevisionWorkflowId(taskQueue, 'replay:with-notice');
  await worker.runUntil(() =>
    env.client.workflow.execute(calendarRevisionWorkflow, { workflowId, taskQueue, args: [{ calendarVersion: 'replay:with-notice' }] }),
  );
  return workflowId;
}

export const calendarRevisionRecordings: Record<string, Scenario> = { 'calendar-revision.v1': calendarRevision };
