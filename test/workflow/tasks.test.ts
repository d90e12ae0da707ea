/**
 * The task mechanism inside a case workflow (the layoff filing's review task), with mocked
 * activities in skipped time: SLA and escalation up the administrative ladder (and as before for a
 * chain of the old shape), the claim race, validation, pause and resume.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../domain/contracts/tasks.js';
import type { Actor } from '../../domain/actor.js';
import { byDefault, parseProfile } from '../../domain/profiles/define.js';
import { nationalProfile, type PolicyProfile } from '../../domain/profiles/index.js';
import { closeLayoffCaseUpdate, layoffFilingStateQuery } from '../../workflows/layoff-filing/messages.js';
import { layoffFilingWorkflow } from '../../workflows/layoff-filing/workflow.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { allNotes } from '../../activities/tasks.js';
import type { TaskNote } from '../../domain/contracts/tasks.js';
import { MAX_NOTES_PER_TASK, NOTES_KEPT } from '../../workflows/tasks.js';
import {
  addTaskNoteUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  pauseTaskSlaUpdate,
  calendarRevisedSignal,
  reassignTaskUpdate,
  resumeTaskSlaUpdate,
  tasksQuery,
  type TaskState,
} from '../../workflows/task-messages.js';
import { layoffFiling } from '../support/fixtures.js';
import { useTimeSkippingEnv, testWorkflowBundle } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';

const cwA: Actor = { userId: 'cw-a', role: 'caseworker', jurisdiction: '220102' };
const cwB: Actor = { userId: 'cw-b', role: 'caseworker', jurisdiction: '220102' };
const supervisor: Actor = { userId: 'sv-1', role: 'supervisor', jurisdiction: '2201' };
const countyLeader: Actor = { userId: 'ld-county', role: 'leader', jurisdiction: '220102' };
const outsider: Actor = { userId: 'cw-x', role: 'caseworker', jurisdiction: '350102' };
const goodResult = { planCompliant: true, measures: ['reemployment-services', 'labour-relations-guidance'], summary: '已上门核查，方案合规' };

const testEnv = useTimeSkippingEnv();

/** Starts a layoff case on a fresh worker and runs `body` once its review task exists. */
type Mocks = ReturnType<typeof mockCaseActivities>;

async function withReviewTask(
  body: (ctx: { handle: WorkflowHandle; task: TaskView; calls: Mocks['calls']; calendar: Mocks['calendar'] }) => Promise<void>,
  calendarAtStart: Partial<Mocks['calendar']> = {},
  profile: PolicyProfile = nationalProfile,
) {
  const { calls, activities, calendar } = mockCaseActivities(testEnv(), profile);
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
  it('goes overdue at its due time and climbs the ladder: county supervisor, then city supervisor and leader, in skipped time', async () => {
    await withReviewTask(async ({ handle, task, calls }) => {
      // The national profile: review within 3 working days; the county's supervisor at the miss,
      // the city's 3 working days later, the city's leader 6 working days after the miss.
      expect(task).toMatchObject({
        type: 'layoff-review',
        status: 'open',
        regionCode: '220102',
        candidateRole: 'caseworker',
        overdue: false,
        escalationLevel: 0,
      });
      expect(task).toMatchObject({ escalatedRegion: null, escalationPath: [] });
      await testEnv().sleep('2 days');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ overdue: false, escalationLevel: 0 });
      await testEnv().sleep('25 hours');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ overdue: true, escalationLevel: 1, escalatedTo: 'supervisor', escalatedRegion: '220102' });
      await testEnv().sleep('2 days');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ escalationLevel: 1, escalatedRegion: '220102' });
      await testEnv().sleep('25 hours');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({
        overdue: true,
        escalationLevel: 2,
        escalatedTo: 'supervisor',
        escalatedRegion: '2201',
        escalationPath: [
          { role: 'supervisor', regionCode: '220102' },
          { role: 'supervisor', regionCode: '2201' },
        ],
      });

      // The mocked calendar counts from the later of the start and now: the leader's 6 days run from the city step.
      await testEnv().sleep('6 days');
      await testEnv().sleep('1 hour');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ escalationLevel: 3, escalatedTo: 'leader', escalatedRegion: '2201' });
      // Each step counts its working days from the miss.
      expect(calls.deadlines.slice(1)).toEqual([
        { from: task.dueAt, workingDays: 3 },
        { from: task.dueAt, workingDays: 6 },
      ]);

      const escalations = calls.taskChanges.filter((c) => c.action === 'escalated');
      expect(calls.taskChanges.map((c) => [c.action, c.task.escalatedTo, c.task.escalatedRegion])).toEqual([
        ['created', null, null],
        ['overdue', null, null],
        ['escalated', 'supervisor', '220102'],
        ['escalated', 'supervisor', '2201'],
        ['escalated', 'leader', '2201'],
      ]);
      expect(escalations.map((c) => c.detail)).toEqual([
        { to: 'supervisor', level: 1, escalatedRegion: '220102', reason: '任务逾期未办结，第 1 级升级至 220102 辖区主管' },
        { to: 'supervisor', level: 2, escalatedRegion: '2201', reason: '任务逾期未办结，第 2 级升级至长春市（2201）主管' },
        { to: 'leader', level: 3, escalatedRegion: '2201', reason: '任务逾期未办结，第 3 级升级至长春市（2201）领导' },
      ]);
      // The audit entry shows where it sat before and where it went.
      expect(escalations[1]).toMatchObject({
        before: { escalatedTo: 'supervisor', escalatedRegion: '220102' },
        after: { escalatedTo: 'supervisor', escalatedRegion: '2201' },
      });
      expect(calls.taskChanges.map((c) => c.task.version)).toEqual([2, 3, 4, 5, 6]);
      expect(calls.published.filter((p) => p.topic === 'task.lifecycle.v1')).toHaveLength(0);

      // The county's leader never had it; the city's supervisor, where it reached, claims it.
      expect(await rejection(handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: countyLeader }] }))).toMatchObject({
        type: 'TaskForbidden',
      });
      const claimed = await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: supervisor }] });
      expect(claimed).toMatchObject({ status: 'claimed', assignee: 'sv-1', escalatedRegion: '2201' });
    });
  });

  it('stops at the province: a step past it that reaches the same office again tells no one', async () => {
    const step = (role: 'supervisor' | 'leader', levelsUp: number, after: number) => ({
      role,
      levelsUp: { value: levelsUp, source: byDefault('test') },
      afterWorkingDays: { value: after, source: byDefault('test') },
    });
    // From the county, 2 levels up is the province; 3 would be above it.
    const profile = {
      ...nationalProfile,
      escalationChain: [step('supervisor', 0, 0), step('supervisor', 2, 1), step('supervisor', 3, 2), step('leader', 3, 3)],
    };
    await withReviewTask(
      async ({ handle, calls }) => {
        await testEnv().sleep('12 days');
        expect((await handle.query(tasksQuery))[0]).toMatchObject({ escalationLevel: 4, escalatedTo: 'leader', escalatedRegion: '22' });
        expect(calls.taskChanges.filter((c) => c.action === 'escalated').map((c) => [c.detail.level, c.task.escalatedTo, c.task.escalatedRegion])).toEqual([
          [1, 'supervisor', '220102'],
          [2, 'supervisor', '22'],
          [4, 'leader', '22'],
        ]);
      },
      {},
      parseProfile(profile),
    );
  });

  it('escalates as before when the case’s profile snapshot has the chain of the old shape', async () => {
    // A case started before the ladder: its profile, from its history, names roles only.
    const legacyChain = [
      { role: 'supervisor', afterWorkingDays: { value: 0, source: { kind: 'default', why: 'before the ladder' } } },
      { role: 'leader', afterWorkingDays: { value: 3, source: { kind: 'default', why: 'before the ladder' } } },
    ];
    const profile = { ...nationalProfile, escalationChain: legacyChain } as unknown as PolicyProfile;
    await withReviewTask(
      async ({ handle, task, calls }) => {
        await testEnv().sleep('3 days');
        await testEnv().sleep('1 hour');
        expect((await handle.query(tasksQuery))[0]).toMatchObject({ overdue: true, escalationLevel: 1, escalatedTo: 'supervisor', escalatedRegion: null });
        await testEnv().sleep('3 days');
        expect((await handle.query(tasksQuery))[0]).toMatchObject({ escalationLevel: 2, escalatedTo: 'leader', escalatedRegion: null, escalationPath: [] });
        expect(calls.taskChanges.filter((c) => c.action === 'escalated').map((c) => c.detail)).toEqual([
          { to: 'supervisor', level: 1 },
          { to: 'leader', level: 2 },
        ]);
        // Any leader of the jurisdiction may take it, as before.
        expect(await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: countyLeader }] })).toMatchObject({ status: 'claimed' });
      },
      {},
      profile,
    );
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

  it('refuses free text its writes could not store, sent past the API: nothing with NUL reaches the activity that writes it', async () => {
    await withReviewTask(async ({ handle, task, calls }) => {
      const taskId = task.id;
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: cwA }] });
      const refusals = [
        () => handle.executeUpdate(addTaskNoteUpdate, { args: [{ taskId, actor: cwA, text: '已电话联系\u0000' }] }),
        () => handle.executeUpdate(pauseTaskSlaUpdate, { args: [{ taskId, actor: cwA, reason: '等待材料\u0000' }] }),
        () => handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId, actor: supervisor, assignee: 'cw-b\u0000', reason: '调整' }] }),
        () => handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '帮扶到位\u0000', by: cwA.userId, actor: cwA }] }),
      ];
      for (const send of refusals) expect(await rejection(send())).toMatchObject({ type: 'InvalidRequest' });
      const nulSummary = { ...goodResult, summary: '已核查\u0000' };
      expect(await rejection(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: cwA, result: nulSummary }] }))).toMatchObject({
        type: 'InvalidTaskResult',
      });
      expect(calls.taskChanges.map((c) => c.action)).toEqual(['created', 'claim']);
      expect(JSON.stringify(calls.taskChanges)).not.toContain('\\u0000');
      expect((await handle.query(layoffFilingStateQuery)).status).not.toBe('closed');
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

  it('keeps only the latest notes and their count, and hands each note on for the read model', async () => {
    await withReviewTask(async ({ handle, task, calls }) => {
      const total = NOTES_KEPT + 5;
      let answer: TaskView | undefined;
      for (let i = 1; i <= total; i += 1) {
        answer = await handle.executeUpdate(addTaskNoteUpdate, { args: [{ taskId: task.id, actor: cwA, text: `第 ${i} 次跟进` }] });
      }
      const latest = Array.from({ length: NOTES_KEPT }, (_, i) => `第 ${total - NOTES_KEPT + i + 1} 次跟进`);
      expect(answer?.notes.map((n) => n.text)).toEqual(latest);
      expect((await handle.query(tasksQuery))[0]?.notes.map((n) => n.text)).toEqual(latest);
      const noted = calls.taskChanges.filter((c) => c.action === 'note');
      expect(noted.map((c) => c.noteCount)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(Math.max(...noted.map((c) => c.task.notes.length))).toBe(NOTES_KEPT);
      // Each note is in the audit entry of its own change, and the read model, fed the changes in order, has every one.
      expect(noted.map((c) => c.detail.text)).toEqual(Array.from({ length: total }, (_, i) => `第 ${i + 1} 次跟进`));
      let row: TaskNote[] = [];
      for (const change of calls.taskChanges) row = allNotes(row, change.task.notes, change.noteCount);
      expect(row.map((n) => n.text)).toEqual(Array.from({ length: total }, (_, i) => `第 ${i + 1} 次跟进`));
    });
  });

  it('refuses a note past the task’s limit with a conflict, changing nothing', async () => {
    const { calls, activities } = mockCaseActivities(testEnv());
    const taskQueue = `tasks-${randomUUID()}`;
    const worker = await Worker.create({ connection: testEnv().nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities });
    const now = new Date(await testEnv().currentTimeMs()).toISOString();
    const { eventId, ...filing } = layoffFiling({ occurredAt: now });
    const workflowId = layoffFilingWorkflowId(filing);
    const dueAt = new Date(Date.parse(now) + 5 * 86_400_000).toISOString();
    const note = (i: number): TaskNote => ({ at: now, by: cwA.userId, role: 'caseworker', text: `第 ${i} 次跟进` });
    // Carried from an earlier run one note short of the limit.
    const noted: TaskState = {
      id: 'tk-much-noted',
      caseId: workflowId,
      caseType: 'layoff-filing',
      type: 'layoff-review',
      title: '核查裁员方案并指导企业',
      status: 'claimed',
      regionCode: '220102',
      candidateRole: 'caseworker',
      assignee: cwA.userId,
      dueDate: dueAt.slice(0, 10),
      dueAt,
      overdue: false,
      escalationLevel: 0,
      escalatedTo: null,
      slaPaused: false,
      notes: Array.from({ length: NOTES_KEPT }, (_, i) => note(MAX_NOTES_PER_TASK - NOTES_KEPT + i)),
      noteCount: MAX_NOTES_PER_TASK - 1,
      result: null,
      version: MAX_NOTES_PER_TASK + 1,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      remainingWorkingDays: null,
      key: 'layoff-review',
      escalationChain: nationalProfile.escalationChain,
    };
    await worker.runUntil(async () => {
      const handle = await testEnv().client.workflow.start(layoffFilingWorkflow, {
        workflowId,
        taskQueue,
        args: [{ filing, sourceEventId: eventId, carried: { state: { caseId: workflowId, status: 'opened', collective: true }, tasks: [noted] } }],
      });
      const last = await handle.executeUpdate(addTaskNoteUpdate, { args: [{ taskId: noted.id, actor: cwA, text: '最后一条' }] });
      expect(last.notes).toHaveLength(NOTES_KEPT);
      expect(last.notes.at(-1)?.text).toBe('最后一条');
      const refused = await rejection(handle.executeUpdate(addTaskNoteUpdate, { args: [{ taskId: noted.id, actor: cwA, text: '再加一条' }] }));
      expect(refused).toMatchObject({ type: 'TaskConflict' });
      expect(refused.message).toContain(String(MAX_NOTES_PER_TASK));
      expect((await handle.query(tasksQuery))[0]?.notes.at(-1)?.text).toBe('最后一条');
      await handle.terminate('test done');
    });
    expect(calls.taskChanges.map((c) => [c.action, c.noteCount])).toEqual([['note', MAX_NOTES_PER_TASK]]);
  });
});
