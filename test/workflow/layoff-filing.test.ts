import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { closeLayoffCaseUpdate, layoffFilingStateQuery } from '../../workflows/layoff-filing/messages.js';
import { addTaskNoteUpdate, claimTaskUpdate, completeTaskUpdate, tasksQuery } from '../../workflows/task-messages.js';
import { layoffFilingWorkflow } from '../../workflows/layoff-filing/workflow.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { layoffFiling } from '../support/fixtures.js';
import { SUGGEST_CONTINUE_AS_NEW_AFTER } from '../support/suggest-continue-as-new.js';
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

  it('continues as new when Temporal suggests it, keeping its review task and the task’s SLA clock', async () => {
    const { calls, activities } = mockCaseActivities(testEnv());
    const taskQueue = `wf-${randomUUID()}`;
    const worker = await Worker.create({ connection: testEnv().nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities });
    const { eventId, ...filing } = layoffFiling({ occurredAt: new Date(await testEnv().currentTimeMs()).toISOString() });
    const workflowId = layoffFilingWorkflowId(filing);
    const cw: Actor = { userId: 'cw-can', role: 'caseworker', jurisdiction: '220102' };

    await worker.runUntil(async () => {
      const handle = await testEnv().client.workflow.start(layoffFilingWorkflow, {
        workflowId,
        taskQueue,
        args: [{ filing, sourceEventId: eventId }],
        // As a server whose limit.historyCount.suggestContinueAsNew is 60 events.
        memo: { [SUGGEST_CONTINUE_AS_NEW_AFTER]: 60 },
      });
      const firstRunId = (await handle.describe()).runId;
      let review = (await handle.query(tasksQuery))[0];
      for (let i = 0; !review; i += 1) {
        expect(i, 'the review task opens').toBeLessThan(200);
        await testEnv().sleep('1 second');
        review = (await handle.query(tasksQuery))[0];
      }
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: review.id, actor: cw }] });

      // The caseworker keeps notes until the history is long enough for Temporal to suggest a new run.
      let notes = 0;
      while ((await handle.describe()).runId === firstRunId) {
        expect(notes, 'the filing continued as new when suggested').toBeLessThan(20);
        notes += 1;
        await handle.executeUpdate(addTaskNoteUpdate, { args: [{ taskId: review.id, actor: cw, text: `第 ${notes} 次跟进` }] });
      }
      const firstRun = await testEnv().client.workflow.getHandle(workflowId, firstRunId).fetchHistory();
      expect(firstRun.events?.at(-1)?.eventType).toBe(proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);

      // The same task, claimed by the same person, due when it was due.
      const [carried] = await handle.query(tasksQuery);
      expect(carried).toMatchObject({ id: review.id, status: 'claimed', assignee: cw.userId, dueAt: review.dueAt, overdue: false });
      expect(await handle.query(layoffFilingStateQuery)).toEqual({ caseId: workflowId, status: 'opened', collective: true });

      // Its clock kept running across the runs: overdue at the same instant, then up the ladder.
      await testEnv().sleep('30 days');
      const [late] = await handle.query(tasksQuery);
      expect(late).toMatchObject({ id: review.id, overdue: true, escalatedTo: 'leader', escalatedRegion: '2201' });
      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: review.id, actor: cw, result: { planCompliant: true, measures: ['reemployment-services'], summary: '已核查' } }],
      });
      await handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '帮扶措施已落实', by: cw.userId, actor: cw }] });
      expect(await handle.result()).toEqual({ caseId: workflowId, status: 'closed', closeReason: '帮扶措施已落实' });
    });

    // Opened once, one review task, its steps each once and in order across the runs.
    expect(calls.recorded).toHaveLength(1);
    const kinds = calls.published.filter((p) => p.topic === 'case.lifecycle.v1').map((p) => ('kind' in p.message ? p.message.kind : undefined));
    expect(kinds).toEqual(['opened', 'advanced', 'closed']);
    expect(new Set(calls.taskChanges.map((c) => c.task.id))).toEqual(new Set([calls.taskChanges[0]!.task.id]));
    const actions = calls.taskChanges.map((c) => c.action).filter((a) => a !== 'note');
    expect(actions).toEqual(['created', 'claim', 'overdue', 'escalated', 'escalated', 'escalated', 'complete']);
    const versions = calls.taskChanges.map((c) => c.task.version);
    expect(versions).toEqual(versions.map((_, i) => versions[0]! + i));
    const overdue = calls.taskChanges.find((c) => c.action === 'overdue');
    expect(overdue?.detail).toEqual({ dueAt: calls.taskChanges[0]!.task.dueAt });
    expect(calls.advanced).toHaveLength(1);
  });
});
