/**
 * Recorded histories of a region's risk monitor and its emergency response: five filings raise
 * level IV, the report is filed, a directive is acknowledged and done, another declined and issued
 * again, and after the filings left their window and the level settled, a leader ends the response.
 */
import { setTimeout } from 'node:timers/promises';
import type { Actor } from '../../../domain/actor.js';
import { riskMonitorWorkflowId } from '../../../domain/cases/risk-monitor.js';
import { riskMonitorQuery, riskObservedSignal } from '../../../workflows/risk-monitor/messages.js';
import { riskMonitorWorkflow } from '../../../workflows/risk-monitor/workflow.js';
import { directiveReportedSignal } from '../../../workflows/risk-response/messages.js';
import { claimTaskUpdate, completeTaskUpdate, tasksQuery } from '../../../workflows/task-messages.js';
import { creditCode } from '../../support/fixtures.js';
import type { Recording, Scenario } from '../recording.js';

const leader: Actor = { userId: 'recorder-ld', role: 'leader', jurisdiction: '37' };
const supervisor: Actor = { userId: 'recorder-sv', role: 'supervisor', jurisdiction: '37' };
const scope = { regionCode: '370102' };
const DAY = 86_400_000;

/** Runs the whole response and returns the monitor's and the response's workflow IDs. */
async function runResponse({ env, calls, worker, taskQueue }: Recording): Promise<{ monitorId: string; responseId: string }> {
  const monitorId = riskMonitorWorkflowId(scope);
  let responseId = '';
  await worker.runUntil(async () => {
    const monitor = await env.client.workflow.start(riskMonitorWorkflow, { workflowId: monitorId, taskQueue, args: [{ scope }] });
    for (let i = 1; i <= 5; i++) {
      const occurredAt = new Date(await env.currentTimeMs()).toISOString();
      await monitor.signal(riskObservedSignal, {
        kind: 'filing',
        filingId: `LF-REPLAY-${i}`,
        creditCode: creditCode('370102', `MA000080${i}`),
        headcount: 1000,
        layoffCount: 60,
        occurredAt,
      });
    }
    while (!(await monitor.query(riskMonitorQuery)).responseId) await setTimeout(50);
    responseId = (await monitor.query(riskMonitorQuery)).responseId as string;
    const response = env.client.workflow.getHandle(responseId);
    const open = async (type: string) => (await response.query(tasksQuery)).find((t) => t.type === type && t.status === 'open');
    const finish = async (type: string, actor: Actor, result: unknown) => {
      let task = await open(type);
      while (!task) {
        await setTimeout(50);
        task = await open(type);
      }
      await response.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] });
      await response.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor, result }] });
    };
    await finish('risk-report', supervisor, { reportedTo: '市人社局', summary: '已启动Ⅳ级响应' });
    while (calls.published.filter((p) => p.topic === 'dept.directive.v1').length < 5) await setTimeout(50);
    const [first, second] = calls.published.filter((p) => p.topic === 'dept.directive.v1').map((p) => p.message as { directiveId: string });
    const report = async (directiveId: string, status: 'acknowledged' | 'done' | 'declined', n: number) =>
      response.signal(directiveReportedSignal, {
        directiveId,
        department: 'hrss',
        status,
        occurredAt: new Date(await env.currentTimeMs()).toISOString(),
        sourceEventId: `r-${n}`,
      });
    await report(first!.directiveId, 'acknowledged', 1);
    await report(first!.directiveId, 'done', 2);
    await report(second!.directiveId, 'declined', 3);
    await finish('risk-directive-declined', leader, { decision: 'reissue', note: '重新下达' });
    await env.sleep(61 * DAY);
    await finish('risk-deescalation-signoff', leader, { approve: true, note: '指标已持续回落' });
    await response.result();
    await env.client.workflow.getHandle(monitorId).terminate('recorded');
  });
  return { monitorId, responseId };
}

export const riskResponseRecordings: Record<string, Scenario> = {
  'risk-response.v1': async (r) => (await runResponse(r)).responseId,
  'risk-monitor.v1': async (r) => (await runResponse(r)).monitorId,
};
