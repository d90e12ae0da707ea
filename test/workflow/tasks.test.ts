/**
 * The task mechanism inside a case workflow (the layoff filing's review task), with mocked
 * activities in skipped time: SLA and escalation, the claim race, validation, pause and resume.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../domain/contracts/tasks.js';
import type { Actor } from '../../domain/actor.js';
import { layoffFilingStateQuery } from '../../workflows/layoff-filing/messages.js';
import { layoffFilingWorkflow } from '../../workflows/layoff-filing/workflow.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  pauseTaskSlaUpdate,
  calendarRevisedSignal,
  reassignTaskUpdate,
  resumeTaskSlaUpdate,
  tasksQuery,
} from '../../workflows/task-messages.js';
import { layoffFiling } from '../support/fixtures.js';
import { useTimeSkippingEnv, testWorkflowBundle } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';

const cwA: Actor = { userId: 'cw-a', role: 'caseworker', jurisdiction: '220102' };
const cwB: Actor = { userId: 'cw-b', role: 'caseworker', jurisdiction: '220102' };
const supervisor: Actor = { userId: 'sv-1', role: 'supervisor', jurisdiction: '2201' };
const outsider: Actor = { userId: 'cw-x', role: 'caseworker', jurisdiction: '350102' };
const goodResult = { planCompliant: true, measures: ['reemployment-services', 'labour-relations-guidance'], summary: '已上门核查，方案合规' };

const testEnv = useTimeSkippingEnv();

/** Starts a layoff case on a fresh worker and runs `body` once its review task exists. */
type Mocks = ReturnType<typeof mockCaseActivities>;

async function withReviewTask(
  body: (ctx: { handle: WorkflowHandle; task: TaskView; calls: Mocks['calls']; calendar: Mocks['calendar'] }) => Promise<void>,
  calendarAtStart: Partial<Mocks['calendar']> = {},
) {
  const { calls, activities, calendar } = mockCaseActivities(testEnv());
  Object.assign(calendar, calendarAtStart);
  const taskQueue = `tasks-${randomUUID()}`;
  const worker = await Worker.create({ connection: testEnv().nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities });
  const { eventId, ...filing } = layoffFiling({ occurredAt: new Date(await testEnv().currentTimeMs()).toISOString() });
  await worker.runUntil(async () => {
    const handle = await testEnv().client.workflow.start(layoffFilingWorkflow, {
      workflowId: layoffFilingWorkflowId(filing),
      taskQueue,
      args: [{ filing, sourceEventId: eventId }],
    });
    // Wait for the mocked write rather than spinning on queries, which can starve the test server.
    while (calls.taskChanges.length === 0) await setTimeout(20);
    const [task] = await handle.query(tasksQuery);
    await body({ handle, task: task!, calls, calendar });
    await handle.terminate('test done');
  });
}

function failureOf(err: unknown): { type: string | undefined; message: string } {
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return { type: (cause as ApplicationFailure).type ?? undefined, message: (cause as ApplicationFailure).message };
}

async function rejection(p: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    return failureOf(err);
  }
  throw new Error('expected the update to be rejected');
}

describe('case tasks', () => {
  it('goes overdue at its due time and escalates to supervisor, then leader, in skipped time', async () => {
    await withReviewTask(async ({ handle, task, calls }) => {
      // The national profile: review within 3 working days; supervisor at the miss, leader 3 days later.
      expect(task).toMatchObject({ type: 'layoff-review', status: 'open', candidateRole: 'caseworker', overdue: false, escalationLevel: 0 });
      await testEnv().sleep('2 days');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ overdue: false, escalationLevel: 0 });
      await testEnv().sleep('25 hours');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ overdue: true, escalationLevel: 1, escalatedTo: 'supervisor' });
      await testEnv().sleep('2 days');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ escalationLevel: 1 });
      await testEnv().sleep('25 hours');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ overdue: true, escalationLevel: 2, escalatedTo: 'leader' });

      expect(calls.taskChanges.map((c) => [c.action, c.task.escalatedTo])).toEqual([
        ['created', null],
        ['overdue', null],
        ['escalated', 'supervisor'],
        ['escalated', 'leader'],
      ]);
      expect(calls.taskChanges.map((c) => c.task.version)).toEqual([2, 3, 4, 5]);
      expect(calls.published.filter((p) => p.topic === 'task.lifecycle.v1')).toHaveLength(0);
      // An escalated task can still be claimed by the role it escalated to.
      const claimed = await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: supervisor }] });
      expect(claimed).toMatchObject({ status: 'claimed', assignee: 'sv-1' });
    });
  });

  it('lets exactly one of two simultaneous claims win', async () => {
    await withReviewTask(async ({ handle, task }) => {
      const results = await Promise.allSettled([
        handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: cwA }] }),
        handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: cwB }] }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(failureOf(lost[0]!.reason).type).toBe('TaskConflict');
      const [now] = await handle.query(tasksQuery);
      expect(now?.assignee).toBe((won[0] as PromiseFulfilledResult<TaskView>).value.assignee);
    });
  });

  it('rejects the wrong person, the wrong state and a bad result without changing anything', async () => {
    await withReviewTask(async ({ handle, task, calls }) => {
      expect(await rejection(handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: outsider }] }))).toMatchObject({ type: 'TaskForbidden' });
      expect(await rejection(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: cwA, result: goodResult }] }))).toMatchObject({
        type: 'TaskConflict',
        message: '请先认领任务再办结',
      });
      expect(
        await rejection(handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId: task.id, actor: cwA, assignee: 'cw-b', reason: 'x' }] })),
      ).toMatchObject({ type: 'TaskForbidden' });
      expect(await rejection(handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'tk-nope', actor: cwA }] }))).toMatchObject({ type: 'TaskNotFound' });
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: cwA }] });
      expect(await rejection(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: cwB, result: goodResult }] }))).toMatchObject({
        type: 'TaskForbidden',
      });
      expect(
        await rejection(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: cwA, result: { ...goodResult, measures: [] } }] })),
      ).toMatchObject({ type: 'InvalidTaskResult' });
      const versions = calls.taskChanges.map((c) => c.action);
      expect(versions).toEqual(['created', 'claim']);

      const done = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: cwA, result: goodResult }] });
      expect(done).toMatchObject({ status: 'completed', result: goodResult });
      while ((await handle.query(layoffFilingStateQuery)).status !== 'in-progress') await testEnv().sleep('1 second');
      expect(calls.advanced[0]?.reason).toContain('reemployment-services');
    });
  });

  it('pauses the clock while the case waits on the citizen and resumes with the days that were left', async () => {
    await withReviewTask(async ({ handle, task }) => {
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: cwA }] });
      await testEnv().sleep('1 day');
      const paused = await handle.executeUpdate(pauseTaskSlaUpdate, { args: [{ taskId: task.id, actor: cwA, reason: '等待企业补充裁员名单' }] });
      expect(paused.slaPaused).toBe(true);
      await testEnv().sleep('10 days');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ overdue: false, slaPaused: true });
      const resumed = await handle.executeUpdate(resumeTaskSlaUpdate, { args: [{ taskId: task.id, actor: cwA }] });
      expect(resumed.slaPaused).toBe(false);
      expect(Date.parse(resumed.dueAt)).toBeGreaterThan(Date.parse(task.dueAt) + 9 * 86_400_000);
      await testEnv().sleep('3 days');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ overdue: true, escalatedTo: 'supervisor' });
    });
  });

  it('recounts a provisional due date when the calendar is revised, and its SLA follows the new date', async () => {
    await withReviewTask(
      async ({ handle, task, calls, calendar }) => {
        expect(task.dueProvisional).toBe(true);
        // The notice is out and brings the due date a day earlier.
        calendar.provisional = false;
        calendar.extraDays = -1;
        await handle.signal(calendarRevisedSignal, { calendarVersion: 'test:with-notice' });
        while (!calls.taskChanges.some((c) => c.action === 'rescheduled')) await setTimeout(20);
        const [moved] = await handle.query(tasksQuery);
        expect(moved).toMatchObject({ dueProvisional: false, overdue: false });
        // A day earlier (the mocked calendar counts from the later of the start and now).
        expect(Math.abs(Date.parse(moved!.dueAt) - (Date.parse(task.dueAt) - 86_400_000))).toBeLessThan(60_000);
        const change = calls.taskChanges.find((c) => c.action === 'rescheduled')!;
        expect(change.detail).toMatchObject({ previousDueDate: task.dueDate, dueDate: moved!.dueDate, dueProvisional: false });
        expect(String(change.detail.reason)).toContain('test:with-notice');

        // Told again, the case has nothing provisional left: nothing is written.
        await handle.signal(calendarRevisedSignal, { calendarVersion: 'test:with-notice' });
        await testEnv().sleep('1 hour');
        expect(calls.taskChanges.filter((c) => c.action === 'rescheduled')).toHaveLength(1);

        // The watcher waits for the new due date, not the old one.
        await testEnv().sleep(Date.parse(moved!.dueAt) - (await testEnv().currentTimeMs()) + 60_000);
        expect((await handle.query(tasksQuery))[0]).toMatchObject({ overdue: true });
        expect(calls.taskChanges.find((c) => c.action === 'overdue')?.detail).toMatchObject({ dueAt: moved!.dueAt });
      },
      { provisional: true },
    );
  });
});
