import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { closeLayoffCaseUpdate, layoffFilingStateQuery } from '../../workflows/layoff-filing/messages.js';
import { layoffFilingWorkflow } from '../../workflows/layoff-filing/workflow.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { layoffFiling } from '../support/fixtures.js';
import { useTimeSkippingEnv, testWorkflowBundle } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';

const testEnv = useTimeSkippingEnv();

describe('layoffFilingWorkflow', () => {
  it('opens, stays open for weeks, and closes on a valid update', async () => {
    const { calls, activities } = mockCaseActivities(testEnv());
    const taskQueue = `wf-${randomUUID()}`;
    const worker = await Worker.create({ connection: testEnv().nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities });
    const { eventId, ...filing } = layoffFiling({ headcount: 190, layoffCount: 19 });
    const workflowId = layoffFilingWorkflowId(filing);

    await worker.runUntil(async () => {
      const handle = await testEnv().client.workflow.start(layoffFilingWorkflow, {
        workflowId,
        taskQueue,
        args: [{ filing, sourceEventId: eventId }],
      });
      // A case waits on people for weeks; skipped time must not close or fail it.
      await testEnv().sleep('30 days');
      const state = await handle.query(layoffFilingStateQuery);
      expect(state).toEqual({ caseId: workflowId, status: 'opened', collective: true });

      await expect(handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '  ', by: 'cw' }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      const closed = await handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '已完成安置', by: 'cw' }] });
      expect(closed.status).toBe('closed');
      expect(await handle.result()).toEqual({ caseId: workflowId, status: 'closed', closeReason: '已完成安置' });
    });

    expect(calls.recorded).toHaveLength(1);
    expect(calls.recorded[0]).toMatchObject({ caseId: workflowId, collective: true, sourceEventId: eventId });
    const caseEvents = calls.published.filter((p) => p.topic === 'case.lifecycle.v1');
    expect(caseEvents.map((p) => ('kind' in p.message ? p.message.kind : undefined))).toEqual(['opened', 'closed']);
    expect(calls.published.every((p) => p.key === workflowId)).toBe(true);
    // The review task was opened, went overdue and climbed the ladder in the skipped month, then was cancelled with the case.
    expect(calls.taskChanges.map((c) => [c.action, c.task.escalatedTo, c.task.escalatedRegion])).toEqual([
      ['created', null, null],
      ['overdue', null, null],
      ['escalated', 'supervisor', '220102'],
      ['escalated', 'supervisor', '2201'],
      ['escalated', 'leader', '2201'],
      ['cancelled', 'leader', '2201'],
    ]);
    expect(calls.closed).toEqual([expect.objectContaining({ caseId: workflowId, reason: '已完成安置', by: 'cw' })]);
  });

  it('marks a filing under the art. 41 thresholds as not collective', async () => {
    const { calls, activities } = mockCaseActivities(testEnv());
    const taskQueue = `wf-${randomUUID()}`;
    const worker = await Worker.create({ connection: testEnv().nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities });
    const { eventId, ...filing } = layoffFiling({ headcount: 191, layoffCount: 19 });
    await worker.runUntil(async () => {
      const handle = await testEnv().client.workflow.start(layoffFilingWorkflow, {
        workflowId: layoffFilingWorkflowId(filing),
        taskQueue,
        args: [{ filing, sourceEventId: eventId }],
      });
      await testEnv().sleep('1 day');
      expect((await handle.query(layoffFilingStateQuery)).collective).toBe(false);
      await handle.terminate('test done');
    });
    expect(calls.recorded[0]?.reason).not.toContain('第四十一条');
  });
});
