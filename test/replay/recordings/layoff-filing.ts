/** Recorded histories of the layoff filing case, one per versioned change. */
import { setTimeout } from 'node:timers/promises';
import { layoffFilingWorkflowId } from '../../../domain/cases/layoff-filing.js';
import { closeLayoffCaseUpdate, enterpriseStatusSignal } from '../../../workflows/layoff-filing/messages.js';
import { layoffFilingWorkflow } from '../../../workflows/layoff-filing/workflow.js';
import { addTaskNoteUpdate, calendarRevisedSignal, claimTaskUpdate, completeTaskUpdate, tasksQuery } from '../../../workflows/task-messages.js';
import { layoffFiling } from '../../support/fixtures.js';
import { SUGGEST_CONTINUE_AS_NEW_AFTER } from '../../support/suggest-continue-as-new.js';
import { recorderCaseworker as caseworker, type RecordedRun, type Recording, type Scenario } from '../recording.js';

/** layoff-filing.v2: the review task is claimed, goes overdue, is completed; then the case closes. */
async function layoffFilingV2({ env, calls, worker, taskQueue }: Recording): Promise<string> {
  const { eventId, ...filing } = layoffFiling({
    filingId: 'LF-2026-REPLAY-V2',
    eventId: 'evt-replay-v2',
    occurredAt: new Date(await env.currentTimeMs()).toISOString(),
  });
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

/** layoff-filing.v3: the review task opens with a provisional due date, recounted when the calendar is revised. */
async function layoffFilingProvisional({ env, calls, worker, taskQueue, calendar }: Recording): Promise<string> {
  const { eventId, ...filing } = layoffFiling({
    filingId: 'LF-2026-REPLAY-V3',
    eventId: 'evt-replay-v3',
    occurredAt: new Date(await env.currentTimeMs()).toISOString(),
  });
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

/** layoff-filing.v4: market regulation reports the enterprise deregistered; a caseworker closes the case. */
async function layoffFilingDeregistered({ env, calls, worker, taskQueue }: Recording): Promise<string> {
  const { eventId, ...filing } = layoffFiling({
    filingId: 'LF-2026-REPLAY-V4',
    eventId: 'evt-replay-v4',
    occurredAt: new Date(await env.currentTimeMs()).toISOString(),
  });
  const workflowId = layoffFilingWorkflowId(filing);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(layoffFilingWorkflow, { workflowId, taskQueue, args: [{ filing, sourceEventId: eventId }] });
    while (calls.taskChanges.length === 0) await setTimeout(20);
    await handle.signal(enterpriseStatusSignal, {
      status: 'deregistered',
      occurredAt: new Date(await env.currentTimeMs()).toISOString(),
      sourceEventId: 'evt-replay-amr',
    });
    while (calls.notes.length === 0) await setTimeout(20);
    await handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '企业已注销，帮扶转入再就业服务', by: caseworker.userId, actor: caseworker }] });
    await handle.result();
  });
  return workflowId;
}

/**
 * layoff-filing.v5: nobody reviews the filing; the overdue task climbs the ladder (patch
 * 'task-escalation-ladder'): the county's supervisor, the city's supervisor, the city's leader.
 */
async function layoffFilingLadder({ env, calls, worker, taskQueue }: Recording): Promise<string> {
  const { eventId, ...filing } = layoffFiling({
    filingId: 'LF-2026-REPLAY-V5',
    eventId: 'evt-replay-v5',
    occurredAt: new Date(await env.currentTimeMs()).toISOString(),
  });
  const workflowId = layoffFilingWorkflowId(filing);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(layoffFilingWorkflow, { workflowId, taskQueue, args: [{ filing, sourceEventId: eventId }] });
    while (calls.taskChanges.length === 0) await setTimeout(20);
    // Long enough for every step, however the mocked calendar counts them.
    await env.sleep('20 days');
    const escalated = calls.taskChanges.filter((c) => c.action === 'escalated').map((c) => `${c.task.escalatedTo}@${c.task.escalatedRegion}`);
    if (escalated.join() !== 'supervisor@220102,supervisor@2201,leader@2201') throw new Error(`unexpected escalations: ${escalated.join()}`);
    await handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '企业已撤回裁员方案', by: caseworker.userId, actor: caseworker }] });
    await handle.result();
  });
  return workflowId;
}

/**
 * layoff-filing.v6 (patch 'layoff-continue-as-new'): the server suggests continue-as-new after 60
 * events; the caseworker's notes on the claimed review task get it there and the filing continues
 * as new. `run` picks the history kept: the first run, which ends continuing as new, or the
 * continued one, which takes the task back, completes it and closes.
 */
function layoffFilingContinued(run: 'first' | 'continued'): Scenario {
  return async ({ env, calls, worker, taskQueue }: Recording): Promise<RecordedRun> => {
    const { eventId, ...filing } = layoffFiling({
      filingId: 'LF-2026-REPLAY-V6',
      eventId: 'evt-replay-v6',
      occurredAt: new Date(await env.currentTimeMs()).toISOString(),
    });
    const workflowId = layoffFilingWorkflowId(filing);
    let firstRunId = '';
    let lastRunId = '';
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(layoffFilingWorkflow, {
        workflowId,
        taskQueue,
        args: [{ filing, sourceEventId: eventId }],
        memo: { [SUGGEST_CONTINUE_AS_NEW_AFTER]: 60 },
      });
      firstRunId = handle.firstExecutionRunId;
      while (calls.taskChanges.length === 0) await setTimeout(20);
      const [task] = await handle.query(tasksQuery);
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task!.id, actor: caseworker }] });
      for (let note = 1; (await handle.describe()).runId === firstRunId; note += 1) {
        if (note > 20) throw new Error('the filing did not continue as new');
        await handle.executeUpdate(addTaskNoteUpdate, { args: [{ taskId: task!.id, actor: caseworker, text: `第 ${note} 次跟进` }] });
      }
      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task!.id, actor: caseworker, result: { planCompliant: true, measures: ['reemployment-services'], summary: '已核查' } }],
      });
      await handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '帮扶措施已落实', by: caseworker.userId, actor: caseworker }] });
      await handle.result();
      lastRunId = (await handle.describe()).runId;
    });
    return { workflowId, runId: run === 'first' ? firstRunId : lastRunId };
  };
}

export const layoffFilingRecordings: Record<string, Scenario> = {
  'layoff-filing.v2': layoffFilingV2,
  'layoff-filing.v3': layoffFilingProvisional,
  'layoff-filing.v4': layoffFilingDeregistered,
  'layoff-filing.v5': layoffFilingLadder,
  'layoff-filing.v6': layoffFilingContinued('first'),
  'layoff-filing.v6-continued': layoffFilingContinued('continued'),
};
