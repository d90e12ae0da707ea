/**
 * A Shandong county's risk monitor and its emergency response in skipped time, with mocked
 * activities: layoff filings raise the level IV → III → II, each level giving its report, command
 * group and directives; a directive not acknowledged in time and one declined go to the leader; the
 * 2-hour report escalates when missed; then the filings leave their window and the response steps
 * down one level per settled period, each signed off by a leader, and closes with its report.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { riskMonitorWorkflowId, type RiskScope } from '../../domain/cases/risk-monitor.js';
import type { TaskView } from '../../domain/contracts/tasks.js';
import { shandongProfile } from '../../domain/profiles/index.js';
import { riskMonitorQuery, riskObservedSignal } from '../../workflows/risk-monitor/messages.js';
import { riskMonitorWorkflow } from '../../workflows/risk-monitor/workflow.js';
import { directiveReportedSignal, riskResponseQuery } from '../../workflows/risk-response/messages.js';
import { claimTaskUpdate, completeTaskUpdate, tasksQuery } from '../../workflows/task-messages.js';
import { creditCode } from '../support/fixtures.js';
import { testWorkflowBundle, useTimeSkippingEnv } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';

const testEnv = useTimeSkippingEnv();
const scope: RiskScope = { regionCode: '370102' };
const leader: Actor = { userId: 'ld-jinan', role: 'leader', jurisdiction: '37' };
const supervisor: Actor = { userId: 'sv-lixia', role: 'supervisor', jurisdiction: '3701' };
const DAY = 86_400_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    // Paced: back-to-back queries can starve the test server's workflow tasks.
    await setTimeout(50);
  }
  throw new Error(`never saw ${what}`);
}

async function finish(handle: WorkflowHandle, task: TaskView, actor: Actor, result: unknown) {
  await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] });
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor, result }] });
}

describe('unemployment-risk monitor and emergency response', () => {
  it('escalates IV → III → II in place, follows its directives, and steps down after sign-off to a closing report', async () => {
    const env = testEnv();
    const { calls, activities } = mockCaseActivities(env, shandongProfile);
    calls.layoffWorkers.workers = 12;
    calls.layoffWorkers.placed = 7;
    const taskQueue = `risk-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities });
    let firms = 0;
    const file = async (monitor: WorkflowHandle, count: number) => {
      for (let i = 0; i < count; i++) {
        firms += 1;
        await monitor.signal(riskObservedSignal, {
          kind: 'filing',
          filingId: `LF-${firms}`,
          creditCode: creditCode('370102', `MA${String(firms).padStart(7, '0')}`),
          headcount: 1000,
          layoffCount: 60,
          occurredAt: new Date(await env.currentTimeMs()).toISOString(),
        });
      }
    };
    const levels = () =>
      calls.published
        .filter((p) => p.topic === 'risk.level.v1')
        .map((p) => p.message as { previousLevel: string | null; level: string | null })
        .map((m) => `${String(m.previousLevel)}→${String(m.level)}`);
    const directives = () =>
      calls.published.filter((p) => p.topic === 'dept.directive.v1').map((p) => p.message as { directiveId: string; department: string; instruction: string });

    await worker.runUntil(async () => {
      const monitor = await env.client.workflow.start(riskMonitorWorkflow, { workflowId: riskMonitorWorkflowId(scope), taskQueue, args: [{ scope }] });
      await file(monitor, 5);
      const responseId = await until('the response case', async () => (await monitor.query(riskMonitorQuery)).responseId ?? undefined);
      const response = env.client.workflow.getHandle(responseId);
      const open = async (type: string) => (await response.query(tasksQuery)).filter((t) => t.type === type && (t.status === 'open' || t.status === 'claimed'));

      // Level IV: the supervisor's report due in 24 clock hours, the labour bureau's measures.
      await until('level IV', async () => ((await response.query(riskResponseQuery)).level === 'IV' ? true : undefined));
      const [report] = await until('the IV report', async () => ((await open('risk-report')).length === 1 ? open('risk-report') : undefined));
      expect(report).toMatchObject({ candidateRole: 'supervisor' });
      expect(Date.parse(report!.dueAt) - Date.parse(report!.createdAt)).toBeLessThanOrEqual(24 * 3_600_000);
      await until('the level IV directives', async () => (directives().length === 5 ? true : undefined));
      expect(directives().map((d) => d.department)).toEqual(['hrss', 'hrss', 'hrss', 'hrss', 'hrss']);
      expect(await open('risk-command-group')).toEqual([]);
      await finish(response, report!, supervisor, { reportedTo: '济南市人力资源和社会保障局', summary: '历下区5户企业集中裁员，已启动Ⅳ级响应' });

      // One measure declined: the leader has it issued again.
      const [declined] = directives();
      await response.signal(directiveReportedSignal, {
        directiveId: declined!.directiveId,
        department: 'hrss',
        status: 'declined',
        note: '场地不足',
        occurredAt: new Date(await env.currentTimeMs()).toISOString(),
        sourceEventId: 'r-1',
      });
      const [decide] = await until('the decision on the decline', async () =>
        (await open('risk-directive-declined')).length ? open('risk-directive-declined') : undefined,
      );
      await finish(response, decide!, leader, { decision: 'reissue', note: '另选场地，重新组织' });
      await until('the directive issued again', async () => (directives().length === 6 ? true : undefined));
      expect(directives().at(-1)?.instruction).toBe(declined!.instruction);

      // Level III: the command group and more departments.
      await file(monitor, 3);
      await until('level III', async () => ((await response.query(riskResponseQuery)).level === 'III' ? true : undefined));
      // The monitor signals the response before it publishes the level: the event may come a moment later.
      await until('the III level event', async () => (levels().length === 2 ? true : undefined));
      expect(levels()).toEqual(['null→IV', 'IV→III']);
      const [group] = await until('the command group task', async () => ((await open('risk-command-group')).length ? open('risk-command-group') : undefined));
      expect(group).toMatchObject({ candidateRole: 'leader' });
      await finish(response, group!, leader, { members: ['区人社局', '区市场监管局', '区统计局', '区民政局', '区财政局'], note: '指挥部已成立' });
      await until('the level III departments’ directives', async () => (directives().length === 10 ? true : undefined));
      expect(new Set(directives().map((d) => d.department))).toEqual(new Set(['hrss', 'market-regulation', 'statistics', 'civil-affairs', 'finance']));

      // Level II: the report is due in 2 hours; missed, it goes to the leader.
      await file(monitor, 4);
      await until('level II', async () => ((await response.query(riskResponseQuery)).level === 'II' ? true : undefined));
      const reportII = await until('the II report', async () => (await open('risk-report')).find((t) => t.title.startsWith('Ⅱ级')));
      expect(Date.parse(reportII.dueAt) - Date.parse(reportII.createdAt)).toBeLessThanOrEqual(2 * 3_600_000);
      await env.sleep('3 hours');
      expect((await open('risk-report')).find((t) => t.id === reportII.id)).toMatchObject({ overdue: true, escalatedTo: 'leader' });
      await finish(response, reportII, leader, { reportedTo: '山东省人力资源和社会保障厅', summary: '升为Ⅱ级，已按预案处置' });

      // Directives not acknowledged in time went to the leader.
      await until('an unacknowledged directive at the leader', async () => ((await open('risk-directive-unacknowledged')).length ? true : undefined));
      for (const t of await open('risk-directive-unacknowledged')) await finish(response, t, leader, { action: 'urged', note: '已电话督办' });

      // The filings leave their 30-day window; once the indicators stayed below for 30 more days, a
      // leader signs off one step down, and the count starts again at the new level.
      for (const [to, step, days] of [
        ['III', 'II→III', 61],
        ['IV', 'III→IV', 31],
        [null, 'IV→null', 31],
      ] as const) {
        await env.sleep(days * DAY);
        const [signoff] = await until(`the sign-off to ${String(to)}`, async () =>
          (await open('risk-deescalation-signoff')).length ? open('risk-deescalation-signoff') : undefined,
        );
        await finish(response, signoff!, leader, { approve: true, note: '指标已持续回落' });
        await until(step, async () => (levels().includes(step) ? true : undefined));
      }
      const closed = await response.result();
      expect(closed).toMatchObject({ closed: true, level: null, levelsReached: ['IV', 'III', 'II'] });
      expect(levels()).toEqual(['null→IV', 'IV→III', 'III→II', 'II→III', 'III→IV', 'IV→null']);
      expect((await monitor.query(riskMonitorQuery)).responseId).toBeNull();
      // By ID, not by the handle of the first run: the monitor may have continued as new meanwhile,
      // and a run that is handing over to its next one answers as completed.
      await env.client.workflow
        .getHandle(riskMonitorWorkflowId(scope))
        .terminate('test done')
        .catch((err: unknown) => {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        });
    });

    const closing = calls.closed.at(-1);
    expect(closing?.reason).toContain('被裁减人员已就业 7/12');
    expect(closing?.detail).toMatchObject({ closingReport: { levelsReached: ['IV', 'III', 'II'], workers: 12, placed: 7 } });
    // The timeline says who did what when: issued, declined, reissued, unacknowledged, withdrawn at the end.
    const kinds = new Set(calls.notes.map((n) => n.kind));
    for (const kind of ['directive.issued', 'directive.declined', 'directive.unacknowledged', 'directive.withdrawn', 'level.raised', 'level.lowered'])
      expect(kinds).toContain(kind);
    expect(calls.riskLevels.at(-1)).toMatchObject({ declaredLevel: null, assessedLevel: null, responseCaseId: null });
    // Every directive still open at its completion deadline is noted overdue, even one whose
    // 督办 task for the missed acknowledgement nobody has finished.
    const directiveNotes = calls.notes.filter((n) => n.kind.startsWith('directive.'));
    const lateOnes = directiveNotes
      .filter((n) => n.kind === 'directive.issued')
      .filter((issued) => {
        const completeBy = String(issued.detail.completeBy);
        const settledBefore = directiveNotes.some(
          (n) =>
            n.detail.directiveId === issued.detail.directiveId &&
            ['directive.done', 'directive.declined', 'directive.withdrawn'].includes(n.kind) &&
            n.at <= completeBy,
        );
        return !settledBefore && completeBy < String(closing?.closedAt);
      });
    expect(lateOnes.length).toBeGreaterThan(4);
    for (const late of lateOnes)
      expect(
        directiveNotes.some((n) => n.kind === 'directive.overdue' && n.detail.directiveId === late.detail.directiveId),
        String(late.detail.reason),
      ).toBe(true);
  });

  it('publishes an industry’s level and its response case within the outbound contract (the section letter as its industry)', async () => {
    const env = testEnv();
    const { calls, activities } = mockCaseActivities(env, shandongProfile);
    const taskQueue = `risk-industry-${randomUUID()}`;
    const industry: RiskScope = { regionCode: '370103', industrySection: 'C' };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities });
    await worker.runUntil(async () => {
      const monitor = await env.client.workflow.start(riskMonitorWorkflow, {
        workflowId: riskMonitorWorkflowId(industry),
        taskQueue,
        args: [{ scope: industry }],
      });
      for (let i = 1; i <= 5; i++)
        await monitor.signal(riskObservedSignal, {
          kind: 'filing',
          filingId: `LF-C-${i}`,
          creditCode: creditCode('370103', `MA${String(i).padStart(7, '0')}`),
          headcount: 1000,
          layoffCount: 60,
          occurredAt: new Date(await env.currentTimeMs()).toISOString(),
        });
      await until('the industry’s level event', async () => (calls.published.some((p) => p.topic === 'risk.level.v1') ? true : undefined));
      await until('the response case opened', async () =>
        calls.published.some((p) => p.topic === 'case.lifecycle.v1' && (p.message as { caseType: string }).caseType === 'risk-response') ? true : undefined,
      );
      await monitor.terminate('test done');
    });
    const level = calls.published.find((p) => p.topic === 'risk.level.v1')?.message;
    expect(level).toMatchObject({ regionCode: '370103', industryCode: 'C', previousLevel: null, level: 'IV' });
  });
});
