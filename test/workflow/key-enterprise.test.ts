/**
 * A key enterprise's account in skipped time with mocked activities: a month of regular contacts
 * with their surveys, a demand answered late and taken up the ladder by the county and then the
 * city while it stays unfilled, hires filling it, another withdrawn, a headcount drop and a suspension opening one job-keeping
 * task, a subsidy to help with, a layoff filing linked, a new liaison, and the removal from the list.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { toShanghaiDate } from '../../domain/calendar/dates.js';
import { keyEnterpriseWorkflowId, type KeyEnterprise } from '../../domain/cases/key-enterprise.js';
import type { TaskView } from '../../domain/contracts/tasks.js';
import { nationalProfile } from '../../domain/profiles/index.js';
import {
  enterpriseHireSignal,
  hiringDemandSignal,
  insuredHeadcountSignal,
  keyEnterpriseAccountQuery,
  keyEnterpriseStatusSignal,
  layoffFiledSignal,
  recordDemandUpdate,
  removeFromListUpdate,
  requestSubsidyHelpUpdate,
  updateListingUpdate,
  type CarriedAccount,
} from '../../workflows/key-enterprise/messages.js';
import { keyEnterpriseWorkflow } from '../../workflows/key-enterprise/workflow.js';
import { addTaskNoteUpdate, claimTaskUpdate, completeTaskUpdate, tasksQuery, type TaskState } from '../../workflows/task-messages.js';
import { creditCode } from '../support/fixtures.js';
import { testWorkflowBundle, useTimeSkippingEnv } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';

const testEnv = useTimeSkippingEnv();
const DAY = 86_400_000;
const liaison: Actor = { userId: 'liaison-wang', role: 'liaison', jurisdiction: '220102' };
const countySupervisor: Actor = { userId: 'sup-nanguan', role: 'supervisor', jurisdiction: '220102' };
const citySupervisor: Actor = { userId: 'sup-changchun', role: 'supervisor', jurisdiction: '2201' };
const enterprise: KeyEnterprise = {
  creditCode: creditCode('220102', 'MA0000K01'),
  name: '长春示例汽车零部件有限公司',
  regionCode: '220102',
  industryCode: 'C36',
  specialistId: liaison.userId,
};
const survey = { channel: 'in-person', insuredHeadcount: 820, shortage: 30, summary: '上门走访，了解用工情况' };

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    // Paced: back-to-back queries can starve the test server's workflow tasks.
    await setTimeout(50);
  }
  throw new Error(`never saw ${what}`);
}

const activeTask = (handle: WorkflowHandle, type: string, more: (t: TaskView) => boolean = () => true) =>
  until(`an active ${type} task`, async () =>
    (await handle.query(tasksQuery)).find((t) => t.type === type && (t.status === 'open' || t.status === 'claimed') && more(t)),
  );

/** The mocked calendar counts whole days from the start (or the test server's now, if later): within a minute of it. */
function expectDays(from: string, dueAt: string, days: number): void {
  expect(Math.abs(Date.parse(dueAt) - (Date.parse(from) + days * DAY))).toBeLessThan(60_000);
}

async function complete(handle: WorkflowHandle, task: TaskView, actor: Actor, result: unknown): Promise<void> {
  if (task.assignee !== actor.userId) await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] });
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor, result }] });
}

async function account(env: TestWorkflowEnvironment) {
  const mocks = mockCaseActivities(env);
  const taskQueue = `key-enterprise-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities: mocks.activities });
  const begin = () =>
    env.client.workflow.start(keyEnterpriseWorkflow, {
      workflowId: keyEnterpriseWorkflowId(enterprise.creditCode),
      taskQueue,
      args: [{ enterprise, listedBy: 'sup-nanguan' }],
    });
  return { ...mocks, worker, begin, taskQueue };
}

describe('key-enterprise account', () => {
  it('keeps in contact every interval, with the survey updating the ledger and the registry headcount beside it', async () => {
    const env = testEnv();
    const { calls, worker, begin } = await account(env);
    await worker.runUntil(async () => {
      const handle = await begin();
      // The first contact opens at once, assigned to the liaison officer.
      const first = await activeTask(handle, 'enterprise-contact');
      expect(first).toMatchObject({ candidateRole: 'liaison', assignee: liaison.userId, status: 'claimed', data: null, caseType: 'key-enterprise' });
      expect(first.title).toContain(enterprise.name);
      expectDays(first.createdAt, first.dueAt, nationalProfile.enterpriseContactWorkingDays.value);
      await handle.signal(insuredHeadcountSignal, {
        period: '2026-10',
        insuredHeadcount: 812,
        occurredAt: new Date(await env.currentTimeMs()).toISOString(),
        sourceEventId: 'hc-1',
      });
      await complete(handle, first, liaison, {
        ...survey,
        vacancies: [{ title: '数控车工', count: 20, skillLevel: 'intermediate' }],
        subsidyHelp: ['job-retention-refund'],
      });
      const afterFirst = await until('the first survey', async () => {
        const a = await handle.query(keyEnterpriseAccountQuery);
        return a.contacts === 1 ? a : undefined;
      });
      expect(afterFirst).toMatchObject({ shortage: 30, headcount: { count: 820, source: 'survey' }, vacancyStructure: [{ title: '数控车工', count: 20 }] });
      const contactedAt = Date.parse(afterFirst.lastContactAt!);
      expect(afterFirst.nextContactDue).toBe(new Date(contactedAt + 30 * DAY + 8 * 3_600_000).toISOString().slice(0, 10));
      // The survey asked for help with a subsidy: a task of its own.
      expect(await activeTask(handle, 'enterprise-subsidy-help')).toMatchObject({ assignee: liaison.userId, data: { subsidy: 'job-retention-refund' } });
      // Vacancies without a recruitment request are the structure, not a demand.
      expect(afterFirst.demands).toEqual([]);

      // The registry had no figure when the first contact opened: the timeline says so.
      expect(calls.notes.find((n) => n.kind === 'registry.checked')?.detail).toMatchObject({ purpose: '定期联系预填', answer: 'unanswered' });
      // Nothing opens before the interval is over; then the next contact, with social insurance's figure.
      await env.sleep(29 * DAY);
      expect((await handle.query(tasksQuery)).filter((t) => t.type === 'enterprise-contact')).toHaveLength(1);
      await env.sleep(2 * DAY);
      const second = await activeTask(handle, 'enterprise-contact', (t) => t.id !== first.id);
      expect(second.title).toContain('第 2 次');
      // The registry still has nothing: the figure it reported on Kafka.
      expect(second.data).toEqual({ registryHeadcount: 812, registryPeriod: '2026-10' });
      await complete(handle, second, liaison, { ...survey, insuredHeadcount: 815, shortage: 0 });
      await until('the second survey', async () => ((await handle.query(keyEnterpriseAccountQuery)).contacts === 2 ? true : undefined));
      // The registry answers for last month: its figure, asked as the third contact opens.
      calls.registry.headcount = ({ period }) => ({ insuredHeadcount: 809, period });
      await env.sleep(31 * DAY);
      const third = await activeTask(handle, 'enterprise-contact', (t) => t.title.includes('第 3 次'));
      expect(third.data).toEqual({ registryHeadcount: 809, registryPeriod: calls.headcountLookUps.at(-1)?.period });
      expect(calls.headcountLookUps.at(-1)).toMatchObject({ creditCode: enterprise.creditCode });
    });
    expect(calls.advanced).toHaveLength(1);
    expect(calls.accounts.at(-1)?.account).toMatchObject({ contacts: 2, shortage: 0, headcount: { count: 815 } });
    const revisions = calls.accounts.map((w) => w.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
  });

  it('answers a demand late, escalates it unfilled up the ladder to the county and then the city, and stops once hires fill it', async () => {
    const env = testEnv();
    const { calls, worker, begin } = await account(env);
    await worker.runUntil(async () => {
      const handle = await begin();
      await activeTask(handle, 'enterprise-contact');
      const postedAt = new Date(await env.currentTimeMs()).toISOString();
      const positions = [
        { title: '装配工', count: 2, degree: 'associate' as const },
        { title: '质检员', count: 1 },
      ];
      await handle.signal(hiringDemandSignal, { demandId: 'D-001', positions, occurredAt: postedAt, sourceEventId: 'dm-1' });
      const response = await activeTask(handle, 'enterprise-demand-response');
      expect(response).toMatchObject({ candidateRole: 'liaison', assignee: liaison.userId, data: { demandId: 'D-001', positions } });
      // Counted from when the enterprise posted it.
      expectDays(postedAt, response.dueAt, nationalProfile.hiringDemandResponseWorkingDays.value);
      const fill = await activeTask(handle, 'enterprise-demand-fill');
      expect(fill).toMatchObject({ candidateRole: 'liaison', assignee: liaison.userId, regionCode: '220102' });
      expect(Date.parse(fill.dueAt)).toBe(Date.parse(postedAt) + nationalProfile.hiringDemandEscalationDays.value * DAY);

      // Not answered in time: overdue and with the county's supervisor; then answered, late.
      await env.sleep(3 * DAY);
      expect(await activeTask(handle, 'enterprise-demand-response')).toMatchObject({ overdue: true, escalatedTo: 'supervisor', escalatedRegion: '220102' });
      await complete(handle, response, liaison, {
        vacanciesPublished: true,
        seekersPushed: 12,
        specialRecruitment: 'needed',
        summary: '已发布岗位并推送12名求职者',
      });
      const answered = await until('the response recorded', async () =>
        (await handle.query(keyEnterpriseAccountQuery)).demands.find((d) => d.response !== null),
      );
      expect(answered).toMatchObject({ status: 'open', vacancies: 3, filled: 0, response: { seekersPushed: 12 }, fillTaskId: fill.id });

      // One hire before the demand was posted does not count against it; one after does, once.
      const before = toShanghaiDate(new Date(Date.parse(postedAt) - 2 * DAY).toISOString());
      await handle.signal(enterpriseHireSignal, { personKey: 'p-old', effectiveDate: before, sourceEventId: 'si-0' });
      await handle.signal(enterpriseHireSignal, { personKey: 'p-1', effectiveDate: toShanghaiDate(postedAt), sourceEventId: 'si-1' });
      await handle.signal(enterpriseHireSignal, { personKey: 'p-1', effectiveDate: toShanghaiDate(postedAt), sourceEventId: 'si-1-resent' });
      const counted = await until('the hires counted', async () => {
        const a = await handle.query(keyEnterpriseAccountQuery);
        return a.hires === 2 ? a : undefined;
      });
      expect(counted).toMatchObject({ hiresOutsideDemands: 1, demands: [{ demandId: 'D-001', filled: 1 }] });

      // Unfilled after the profile's days: up the ladder to the county's supervisor at once, the city's after 3 working days.
      await env.sleep(28 * DAY);
      expect(await activeTask(handle, 'enterprise-demand-fill')).toMatchObject({
        overdue: true,
        escalationPath: [{ role: 'supervisor', regionCode: '220102' }],
      });
      await env.sleep(3 * DAY);
      const atCity = await activeTask(handle, 'enterprise-demand-fill');
      expect(atCity).toMatchObject({
        escalatedRegion: '2201',
        escalationPath: [
          { role: 'supervisor', regionCode: '220102' },
          { role: 'supervisor', regionCode: '2201' },
        ],
      });
      await handle.executeUpdate(addTaskNoteUpdate, { args: [{ taskId: fill.id, actor: citySupervisor, text: '已协调市人力资源市场举办专场招聘会' }] });

      // Hires fill the demand: its task is no longer needed.
      for (const person of ['p-2', 'p-3']) {
        await handle.signal(enterpriseHireSignal, {
          personKey: person,
          effectiveDate: toShanghaiDate(new Date(await env.currentTimeMs()).toISOString()),
          sourceEventId: `si-${person}`,
        });
      }
      await until('the fill task cancelled', async () =>
        (await handle.query(tasksQuery)).find((t) => t.id === fill.id)?.status === 'cancelled' ? true : undefined,
      );
      expect((await handle.query(keyEnterpriseAccountQuery)).demands[0]).toMatchObject({ status: 'filled', filled: 3, closedReason: '岗位已补足' });

      // A demand the liaison records, which the enterprise then withdraws: ended on its fill task.
      const { demandId } = await handle.executeUpdate(recordDemandUpdate, { args: [{ actor: liaison, positions: [{ title: '叉车司机', count: 1 }] }] });
      const second = await activeTask(handle, 'enterprise-demand-fill', (t) => t.id !== fill.id);
      await complete(handle, second, liaison, { outcome: 'withdrawn', summary: '企业订单取消，撤回需求' });
      const withdrawn = await until('the second demand closed', async () =>
        (await handle.query(keyEnterpriseAccountQuery)).demands.find((d) => d.demandId === demandId && d.status !== 'open'),
      );
      expect(withdrawn).toMatchObject({ source: 'liaison', status: 'closed', closedReason: '企业撤回需求：企业订单取消，撤回需求' });
      await until('its response cancelled', async () =>
        (await handle.query(tasksQuery)).find((t) => t.type === 'enterprise-demand-response' && t.id !== response.id)?.status === 'cancelled'
          ? true
          : undefined,
      );
    });
    const escalated = calls.taskChanges
      .filter((c) => c.action === 'escalated' && c.task.type === 'enterprise-demand-fill')
      .map((c) => c.detail.escalatedRegion);
    expect(escalated).toEqual(['220102', '2201']);
    expect(calls.notes.filter((n) => n.kind === 'enterprise.hire')).toHaveLength(4);
    expect(calls.notes.find((n) => n.kind === 'demand.closed')?.detail).toMatchObject({ outcome: 'withdrawn' });
  });

  it('opens one job-keeping task for a headcount drop and a suspension, links a layoff filing, and closes when removed from the list', async () => {
    const env = testEnv();
    const { calls, worker, begin } = await account(env);
    await worker.runUntil(async () => {
      const handle = await begin();
      await activeTask(handle, 'enterprise-contact');
      const now = async () => new Date(await env.currentTimeMs()).toISOString();
      await handle.signal(insuredHeadcountSignal, { period: '2026-09', insuredHeadcount: 800, occurredAt: await now(), sourceEventId: 'hc-9' });
      // 5%: normal turnover.
      await handle.signal(insuredHeadcountSignal, { period: '2026-10', insuredHeadcount: 760, occurredAt: await now(), sourceEventId: 'hc-10' });
      // 15% down on the month before.
      await handle.signal(insuredHeadcountSignal, { period: '2026-11', insuredHeadcount: 646, occurredAt: await now(), sourceEventId: 'hc-11' });
      const keeping = await activeTask(handle, 'enterprise-job-keeping');
      expect(keeping).toMatchObject({
        candidateRole: 'liaison',
        assignee: liaison.userId,
        data: { trigger: { kind: 'headcount-drop', period: '2026-11', previous: 760, current: 646 } },
      });
      expect(keeping.title).toContain('下降 15.0%');
      expect(Date.parse(keeping.dueAt) - Date.parse(keeping.createdAt)).toBeLessThanOrEqual(nationalProfile.jobKeepingWorkingDays.value * DAY);

      // A suspension while that task is open is noted, not a second task.
      await handle.signal(keyEnterpriseStatusSignal, { status: 'suspended', occurredAt: await now(), sourceEventId: 'amr-1' });
      await handle.signal(insuredHeadcountSignal, { period: '2026-11', insuredHeadcount: 646, occurredAt: await now(), sourceEventId: 'hc-11-resent' });
      await handle.signal(layoffFiledSignal, {
        filingId: 'LF-K-1',
        caseId: `layoff-filing:${enterprise.creditCode}:LF-K-1`,
        headcount: 646,
        layoffCount: 80,
        plannedDate: '2027-01-15',
        occurredAt: await now(),
        sourceEventId: 'lf-1',
      });
      const linked = await until('the filing linked', async () => {
        const a = await handle.query(keyEnterpriseAccountQuery);
        return a.layoffFilings.length === 1 ? a : undefined;
      });
      expect(linked.layoffFilings[0]).toMatchObject({ filingId: 'LF-K-1', caseId: `layoff-filing:${enterprise.creditCode}:LF-K-1` });
      expect((await handle.query(tasksQuery)).filter((t) => t.type === 'enterprise-job-keeping')).toHaveLength(1);
      await complete(handle, keeping, liaison, {
        situation: 'difficulty',
        measures: ['job-retention-refund', 'training'],
        summary: '指导申领稳岗返还，组织以训稳岗',
      });

      // A subsidy asked for over HTTP; asked again while open, the same task answers.
      const asked = await handle.executeUpdate(requestSubsidyHelpUpdate, {
        args: [{ actor: liaison, subsidy: 'job-retention-refund', note: '企业申请稳岗返还' }],
      });
      const again = await handle.executeUpdate(requestSubsidyHelpUpdate, { args: [{ actor: liaison, subsidy: 'job-retention-refund' }] });
      expect(again.id).toBe(asked.id);
      await expect(
        handle.executeUpdate(requestSubsidyHelpUpdate, { args: [{ actor: { ...liaison, jurisdiction: '220104' }, subsidy: 'training-subsidy' }] }),
      ).rejects.toThrow();

      // A new liaison officer takes over the open tasks; the region cannot change under the account.
      const changed = await handle.executeUpdate(updateListingUpdate, {
        args: [{ actor: countySupervisor, enterprise: { ...enterprise, specialistId: 'liaison-li' } }],
      });
      expect(changed).toEqual({ effect: 'updated', changed: ['specialistId'] });
      expect((await handle.query(tasksQuery)).filter((t) => t.status === 'claimed').map((t) => t.assignee)).toEqual(['liaison-li', 'liaison-li']);
      expect(
        await handle.executeUpdate(updateListingUpdate, { args: [{ actor: citySupervisor, enterprise: { ...enterprise, specialistId: 'liaison-li' } }] }),
      ).toMatchObject({ effect: 'unchanged' });
      await expect(
        handle.executeUpdate(updateListingUpdate, {
          args: [{ actor: citySupervisor, enterprise: { ...enterprise, regionCode: '220104', specialistId: 'liaison-li' } }],
        }),
      ).rejects.toThrow();
      await expect(handle.executeUpdate(removeFromListUpdate, { args: [{ actor: liaison, reason: '企业不再属于重点企业' }] })).rejects.toThrow();

      await handle.executeUpdate(removeFromListUpdate, { args: [{ actor: countySupervisor, reason: '企业已迁出本区' }] });
      const removed = await handle.result();
      expect(removed).toMatchObject({ status: 'removed', removalReason: '企业已迁出本区', nextContactDue: null });
    });
    const alerts = calls.notes.filter((n) => n.kind === 'job-keeping.alert');
    expect(alerts.map((n) => (n.detail.trigger as { kind: string }).kind)).toEqual(['headcount-drop', 'status']);
    expect(alerts.map((n) => n.detail.newTask)).toEqual([true, false]);
    expect(calls.notes.find((n) => n.kind === 'layoff.linked')?.reason).toContain('LF-K-1');
    expect(calls.closed.at(-1)).toMatchObject({ reason: '移出重点企业名单：企业已迁出本区', by: countySupervisor.userId, actor: countySupervisor });
    expect(
      calls.taskChanges
        .filter((c) => c.action === 'cancelled')
        .map((c) => c.task.type)
        .sort(),
    ).toEqual(['enterprise-contact', 'enterprise-subsidy-help']);
    expect(calls.accounts.at(-1)?.account.status).toBe('removed');
  });

  it('picks up where it stood after continue-as-new: carried tasks found by key, the cadence from the last contact', async () => {
    const env = testEnv();
    const { calls, worker, taskQueue } = await account(env);
    const now = await env.currentTimeMs();
    const iso = (days: number) => new Date(now + days * DAY).toISOString();
    const workflowId = keyEnterpriseWorkflowId(enterprise.creditCode);
    const fill: TaskState = {
      id: 'tk-carried-fill',
      caseId: workflowId,
      caseType: 'key-enterprise',
      type: 'enterprise-demand-fill',
      title: '30 天内招满用工需求 D-7（2 人）',
      status: 'claimed',
      regionCode: '220102',
      candidateRole: 'liaison',
      assignee: liaison.userId,
      dueDate: iso(20).slice(0, 10),
      dueAt: iso(20),
      overdue: false,
      escalationLevel: 0,
      escalatedTo: null,
      slaPaused: false,
      notes: [],
      result: null,
      version: 2,
      createdAt: iso(-10),
      updatedAt: iso(-10),
      completedAt: null,
      remainingWorkingDays: null,
      key: 'demand-fill:D-7',
      escalationChain: nationalProfile.escalationChain,
      clockHours: 720,
    };
    const response: TaskState = {
      ...fill,
      id: 'tk-carried-response',
      type: 'enterprise-demand-response',
      key: 'demand-response:D-7',
      status: 'completed',
      completedAt: iso(-9),
    };
    const carried: CarriedAccount = {
      account: {
        ...enterprise,
        caseId: workflowId,
        status: 'listed',
        listedAt: iso(-40),
        removedAt: null,
        removalReason: null,
        contacts: 1,
        lastContactAt: iso(-10),
        nextContactDue: iso(20).slice(0, 10),
        headcount: { count: 300, period: '2026-11', source: 'survey' },
        shortage: 2,
        vacancyStructure: [],
        hires: 0,
        hiresOutsideDemands: 0,
        layoffFilings: [],
        demands: [
          {
            demandId: 'D-7',
            source: 'platform',
            receivedAt: iso(-10),
            neededBy: null,
            positions: [{ title: '电工', count: 2 }],
            vacancies: 2,
            filled: 0,
            status: 'open',
            responseTaskId: response.id,
            responseDueDate: response.dueDate,
            respondedAt: iso(-9),
            response: { vacanciesPublished: true, seekersPushed: 4, specialRecruitment: 'not-needed', summary: '已发布' },
            fillTaskId: fill.id,
            fillDueDate: fill.dueDate,
            closedAt: null,
            closedReason: null,
          },
        ],
      },
      tasks: [response, fill],
      profile: nationalProfile,
      revision: 12,
      headcounts: [],
      hiresSeen: [],
      opened: { jobKeeping: 0, subsidy: {}, triggers: [] },
    };
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(keyEnterpriseWorkflow, {
        workflowId,
        taskQueue,
        args: [{ enterprise, listedBy: 'sup-nanguan', carried }],
      });
      // Nothing opens again; the next contact waits for the interval from the last one.
      await env.sleep(DAY);
      expect((await handle.query(tasksQuery)).map((t) => t.id).sort()).toEqual([fill.id, response.id]);
      await env.sleep(20 * DAY);
      const next = await activeTask(handle, 'enterprise-contact');
      expect(next.title).toContain('第 2 次');
      // Hires fill the carried demand: its carried fill task ends.
      for (const person of ['p-a', 'p-b']) {
        await handle.signal(enterpriseHireSignal, { personKey: person, effectiveDate: toShanghaiDate(iso(21)), sourceEventId: `si-${person}` });
      }
      await until('the carried fill task cancelled', async () =>
        (await handle.query(tasksQuery)).find((t) => t.id === fill.id)?.status === 'cancelled' ? true : undefined,
      );
    });
    // The read model's revisions go on from the carried one, and the first write repairs a lost one.
    expect(calls.accounts[0]?.revision).toBe(13);
    expect(calls.opened).toEqual([]);
  });
});
