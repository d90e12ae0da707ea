/**
 * Records the histories that replay.test.ts replays (npm run record-histories). Run it only when a
 * workflow change is meant to be incompatible and is versioned; commit the new file beside the old
 * ones, so running cases that started on the old code are still proven replayable.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { closeLayoffCaseUpdate, layoffFilingWorkflow, layoffFilingWorkflowId } from '../../workflows/layoff-filing.js';
import { layoffFiling } from '../support/fixtures.js';
import { createTimeSkippingEnv } from '../support/temporal-env.js';

const here = import.meta.dirname;
const env = await createTimeSkippingEnv();
try {
  const taskQueue = 'record-histories';
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: path.resolve(here, '../../workflows/index.ts'),
    activities: {
      recordLayoffFiling: async () => ({ written: true }),
      recordCaseClosed: async () => ({ written: true }),
      publishEvent: async (input: { message: { eventId: string } }) => ({ eventId: input.message.eventId }),
    },
  });
  const { eventId, ...filing } = layoffFiling({ filingId: 'LF-2026-REPLAY', eventId: 'evt-replay' });
  const workflowId = layoffFilingWorkflowId(filing);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(layoffFilingWorkflow, { workflowId, taskQueue, args: [{ filing, sourceEventId: eventId }] });
    await env.sleep('10 days');
    await handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '企业撤回裁员计划', by: 'recorder' }] });
    await handle.result();
  });
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const file = path.join(here, 'histories', 'layoff-filing.v1.json');
  // Proto3 JSON, the form the Temporal CLI and UI export and Worker.runReplayHistory reads.
  writeFileSync(file, historyToJSON(history));
  console.log(`recorded ${file}`);
} finally {
  await env.teardown();
}
