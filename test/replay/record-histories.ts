/**
 * Records the histories that replay.test.ts replays (npm run record-histories [-- NAME]). Each recording is
 * a named version: add a new one when a workflow change is versioned (patched()), and keep the old
 * files, so cases started on older code are still proven replayable.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Actor } from '../../domain/actor.js';
import { closeLayoffCaseUpdate } from '../../workflows/layoff-filing/messages.js';
import { layoffFilingWorkflow } from '../../workflows/layoff-filing/workflow.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { enrollmentChangedSignal, graduateHandoverSignal } from '../../workflows/graduate-1311/messages.js';
import { graduate1311Workflow } from '../../workflows/graduate-1311/workflow.js';
import { graduate1311WorkflowId } from '../../domain/cases/graduate-1311.js';
import { calendarRevisionWorkflow, calendarRevisionWorkflowId } from '../../workflows/calendar-revision.js';
import { calendarRevisedSignal, claimTaskUpdate, completeTaskUpdate, tasksQuery } from '../../workflows/task-messages.js';
import { graduateHandover, layoffFiling } from '../support/fixtures.js';
import { createTimeSkippingEnv } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';

const here = import.meta.dirname;
const caseworker: Actor = { userId: 'recorder-cw', role: 'caseworker', jurisdiction: '220102' };

interface Recording {
  env: TestWorkflowEnvironment;
  calls: ReturnType<typeof mockCaseActivities>['calls'];
  calendar: ReturnType<typeof mockCaseActivities>['calendar'];
  worker: Worker;
  taskQueue: string;
}

/** Runs `scenario` on a fresh test server with mocked activities and saves the history it returns. */
async function record(name: string, scenario: (r: Recording) => Promise<string>): Promise<void> {
  const env = await createTimeSkippingEnv();
  try {
    const { calls, activities, calendar } = mockCaseActivities(env);
    const taskQueue = 'record-histories';
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: path.resolve(here, '../../workflows/index.ts'), activities });
    const workflowId = await scenario({ env, calls, calendar, worker, taskQueue });
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const file = path.join(here, 'histories', `${name}.json`);
    // Proto3 JSON, the form the Temporal CLI and UI export and Worker.runReplayHistory reads.
    writeFileSync(file, historyToJSON(history));
    console.log(`recorded ${file}`);
  } finally {
    await env.teardown();
  }
}

/** layoff-filing.v2: the review task is claimed, goes overdue, is completed; then the case closes. */
async function layoffFilingV2({ env, calls, worker, taskQueue }: Recording): Promise<string> {
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
  return workflowId;
}

/**
 * graduate-1311.v2 (v1 before the 6-month flag and the ledger read model): contact, the six service
 * items, a second handover, then enrolment closes it.
 */
async function graduateFullService({ env, calls, worker, taskQueue }: Recording): Promise<string> {
  const { eventId, ...handover } = graduateHandover({ eventId: 'evt-replay-grad', occurredAt: new Date(await env.currentTimeMs()).toISOString() });
  const workflowId = graduate1311WorkflowId('replay0123456789abcdef00', handover.year);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(graduate1311Workflow, { workflowId, taskQueue, args: [{ handover, idHash: 'replay0123456789abcdef00', sourceEventId: eventId }] });
    await handle.signal(graduateHandoverSignal, { handover: { ...handover, handoverId: 'JL-2026-08-REPLAY' }, sourceEventId: 'evt-replay-grad-2' });
    const complete = async (taskId: string, result: unknown) => {
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: caseworker }] });
      await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: caseworker, result }] });
    };
    while (calls.taskChanges.length === 0) await setTimeout(20);
    const [contact] = await handle.query(tasksQuery);
    await complete(contact!.id, { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior' });
    let services = (await handle.query(tasksQuery)).filter((t) => t.status === 'open');
    while (services.length < 6) {
      await setTimeout(50);
      services = (await handle.query(tasksQuery)).filter((t) => t.status === 'open');
    }
    const results: Record<string, unknown> = {
      'graduate-policy-briefing': { channel: 'phone', summary: '政策宣介' },
      'graduate-vocational-guidance': { channel: 'in-person', summary: '职业指导' },

      'graduate-training-or-internship': { kind: 'internship', provider: '见习基地', response: 'accepted' },
    };
    const jobResponses = ['declined', 'interviewing', 'accepted'];
    for (const task of services) {
      const result = task.type === 'graduate-job-recommendation' ? { position: '测试工程师', employer: '示例科技', response: jobResponses.shift() } : results[task.type];
      await complete(task.id, result);
    }
    await env.sleep('1 day');
    await handle.signal(enrollmentChangedSignal, { change: 'enrolled', creditCode: '91220104MA00000773', effectiveDate: '2026-09-01', sourceEventId: 'evt-replay-si' });
    await handle.result();
  });
  return workflowId;
}

/** layoff-filing.v3: the review task opens with a provisional due date, recounted when the calendar is revised. */
async function layoffFilingProvisional({ env, calls, worker, taskQueue, calendar }: Recording): Promise<string> {
  const { eventId, ...filing } = layoffFiling({ filingId: 'LF-2026-REPLAY-V3', eventId: 'evt-replay-v3', occurredAt: new Date(await env.currentTimeMs()).toISOString() });
  const workflowId = layoffFilingWorkflowId(filing);
  calendar.provisional = true;
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(layoffFilingWorkflow, { workflowId, taskQueue, args: [{ filing, sourceEventId: eventId }] });
    while (calls.taskChanges.length === 0) await setTimeout(20);
    calendar.provisional = false;
    calendar.extraDays = -1;
    await handle.signal(calendarRevisedSignal, { calendarVersion: 'replay:with-notice' });
    while (!calls.taskChanges.some((c) => c.action === 'rescheduled')) await setTimeout(20);
    await handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '帮扶措施已落实', by: 'recorder-cw' }] });
    await handle.result();
  });
  return workflowId;
}

/** calendar-revision.v1: one sweep over the cases with provisional due dates. */
async function calendarRevision({ env, worker, taskQueue }: Recording): Promise<string> {
  const workflowId = calendarRevisionWorkflowId(taskQueue, 'replay:with-notice');
  await worker.runUntil(() => env.client.workflow.execute(calendarRevisionWorkflow, { workflowId, taskQueue, args: [{ calendarVersion: 'replay:with-notice' }] }));
  return workflowId;
}

const which = process.argv[2];
const recordings: Record<string, (r: Recording) => Promise<string>> = {
  'layoff-filing.v2': layoffFilingV2,
  'graduate-1311.v2': graduateFullService,
  'layoff-filing.v3': layoffFilingProvisional,
  'calendar-revision.v1': calendarRevision,
};
for (const [name, scenario] of Object.entries(recordings)) if (!which || which === name) await record(name, scenario);
