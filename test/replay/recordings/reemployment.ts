/** Recorded histories of a laid-off worker's re-employment case, one per versioned change: roster, contact, items, enrolment. */
import { setTimeout } from 'node:timers/promises';
import { reemploymentWorkflowId } from '../../../domain/cases/reemployment.js';
import { enrollmentChangedSignal } from '../../../workflows/person-messages.js';
import { reemploymentWorkflow } from '../../../workflows/reemployment/workflow.js';
import { claimTaskUpdate, completeTaskUpdate, tasksQuery } from '../../../workflows/task-messages.js';
import { creditCode, residentId } from '../../support/fixtures.js';
import { recorderCaseworker as caseworker, type Recording, type Scenario } from '../recording.js';

/** Contact, then the job recommendations answered with `jobResponses` (the rest left open), then enrolment closes the case. */
async function reemployment(jobResponses: string[], { env, calls, worker, taskQueue }: Recording): Promise<string> {
  const now = new Date(await env.currentTimeMs()).toISOString();
  const roster = {
    occurredAt: now,
    filingId: 'LF-REPLAY-W',
    creditCode: creditCode('220102', 'MA0000931'),
    idNumber: residentId('220102', '19870101', '555'),
    name: '回放工人',
    householdRegionCode: '220102',
    lastWorkingDay: now.slice(0, 10),
  };
  const workflowId = reemploymentWorkflowId('replay0123456789abcdef99', roster.filingId);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(reemploymentWorkflow, {
      workflowId,
      taskQueue,
      args: [{ worker: roster, idHash: 'replay0123456789abcdef99', sourceEventId: 'evt-replay-w' }],
    });
    while (calls.taskChanges.length === 0) await setTimeout(20);
    const [contact] = await handle.query(tasksQuery);
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: contact!.id, actor: caseworker }] });
    await handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: contact!.id, actor: caseworker, result: { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior' } }],
    });
    while ((await handle.query(tasksQuery)).filter((t) => t.status === 'open').length < 5) await setTimeout(50);
    const jobs = (await handle.query(tasksQuery)).filter((t) => t.type === 'reemployment-job-recommendation');
    for (const [i, response] of jobResponses.entries()) {
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: jobs[i]!.id, actor: caseworker }] });
      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: jobs[i]!.id, actor: caseworker, result: { position: '数控车工', employer: '示例机械', response } }],
      });
    }
    await env.sleep('1 day');
    await handle.signal(enrollmentChangedSignal, {
      change: 'enrolled',
      creditCode: creditCode('220104', 'MA0000932'),
      effectiveDate: now.slice(0, 10),
      sourceEventId: 'evt-replay-w-si',
    });
    await handle.result();
  });
  return workflowId;
}

export const reemploymentRecordings: Record<string, Scenario> = {
  'reemployment.v1': (r) => reemployment([], r),
  // Declined jobs are recorded but no longer count as refusals: three of them leave the case open.
  'reemployment.v2': (r) => reemployment(['declined', 'declined', 'declined'], r),
  // The social-insurance look-up before the first contact.
  'reemployment.v3': (r) => reemployment([], r),
};
