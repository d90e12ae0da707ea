/**
 * Records the histories that replay.test.ts replays (npm run record-histories). Each recording is
 * a named version: add a new one when a workflow change is versioned (patched()), and keep the old
 * files, so cases started on older code are still proven replayable.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import type { Actor } from '../../domain/contracts/tasks.js';
import { closeLayoffCaseUpdate, layoffFilingWorkflow, layoffFilingWorkflowId } from '../../workflows/layoff-filing.js';
import { claimTaskUpdate, completeTaskUpdate, tasksQuery } from '../../workflows/tasks.js';
import { layoffFiling } from '../support/fixtures.js';
import { createTimeSkippingEnv } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';

const here = import.meta.dirname;
const caseworker: Actor = { userId: 'recorder-cw', role: 'caseworker', jurisdiction: '220102' };

/** layoff-filing.v2: the review task is claimed, goes overdue, is completed; then the case closes. */
async function recordLayoffFilingV2(): Promise<void> {
  const env = await createTimeSkippingEnv();
  try {
    const { calls, activities } = mockCaseActivities(env);
    const taskQueue = 'record-histories';
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: path.resolve(here, '../../workflows/index.ts'), activities });
    const { eventId, ...filing } = layoffFiling({ filingId: 'LF-2026-REPLAY-V2', eventId: 'evt-replay-v2', occurredAt: new Date(await env.currentTimeMs()).toISOString() });
    const workflowId = layoffFilingWorkflowId(filing);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(layoffFilingWorkflow, { workflowId, taskQueue, args: [{ filing, sourceEventId: eventId }] });
      while (calls.taskChanges.length === 0) await setTimeout(20);
      const [task] = await handle.query(tasksQuery);
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task!.id, actor: caseworker }] });
      await env.sleep('5 days');
      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task!.id, actor: caseworker, result: { planCompliant: true, measures: ['reemployment-services'], summary: '已核查' } }],
      });
      await env.sleep('1 day');
      await handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '帮扶措施已落实', by: 'recorder-cw' }] });
      await handle.result();
    });
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const file = path.join(here, 'histories', 'layoff-filing.v2.json');
    // Proto3 JSON, the form the Temporal CLI and UI export and Worker.runReplayHistory reads.
    writeFileSync(file, historyToJSON(history));
    console.log(`recorded ${file}`);
  } finally {
    await env.teardown();
  }
}

await recordLayoffFilingV2();
