/**
 * Recorded history of a key enterprise's account: listed, a contact with its survey asking for
 * recruitment, a platform demand answered, hires, a headcount drop's job-keeping task, a layoff
 * filing linked, a subsidy asked for, a new liaison, an unfilled demand up the ladder, the removal.
 */
import { setTimeout } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import type { Actor } from '../../../domain/actor.js';
import { toShanghaiDate } from '../../../domain/calendar/dates.js';
import { keyEnterpriseWorkflowId } from '../../../domain/cases/key-enterprise.js';
import type { TaskView } from '../../../domain/contracts/tasks.js';
import {
  enterpriseHireSignal,
  hiringDemandSignal,
  insuredHeadcountSignal,
  keyEnterpriseStatusSignal,
  layoffFiledSignal,
  removeFromListUpdate,
  requestSubsidyHelpUpdate,
  updateListingUpdate,
} from '../../../workflows/key-enterprise/messages.js';
import { keyEnterpriseWorkflow } from '../../../workflows/key-enterprise/workflow.js';
import { completeTaskUpdate, tasksQuery } from '../../../workflows/task-messages.js';
import { creditCode } from '../../support/fixtures.js';
import type { Recording, Scenario } from '../recording.js';

const liaison: Actor = { userId: 'recorder-liaison', role: 'liaison', jurisdiction: '220102' };
const supervisor: Actor = { userId: 'recorder-sup', role: 'supervisor', jurisdiction: '220102' };

async function active(handle: WorkflowHandle, type: string, count = 1): Promise<TaskView[]> {
  for (;;) {
    const found = (await handle.query(tasksQuery)).filter((t) => t.type === type && (t.status === 'open' || t.status === 'claimed'));
    if (found.length >= count) return found;
    await setTimeout(50);
  }
}

async function keyEnterprise({ env, worker, taskQueue }: Recording): Promise<string> {
  const enterprise = {
    creditCode: creditCode('220102', 'MA0000R01'),
    name: '回放示例制造有限公司',
    regionCode: '220102',
    industryCode: 'C36',
    specialistId: liaison.userId,
  };
  const workflowId = keyEnterpriseWorkflowId(enterprise.creditCode);
  const now = async () => new Date(await env.currentTimeMs()).toISOString();
  const complete = (handle: WorkflowHandle, task: TaskView, result: unknown, actor = liaison) =>
    handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor, result }] });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(keyEnterpriseWorkflow, { workflowId, taskQueue, args: [{ enterprise, listedBy: supervisor.userId }] });
    const [contact] = await active(handle, 'enterprise-contact');
    await complete(handle, contact!, {
      channel: 'in-person',
      insuredHeadcount: 600,
      shortage: 10,
      vacancies: [{ title: '焊工', count: 4 }],
      recruitmentRequested: true,
      summary: '走访，企业委托招聘焊工',
    });
    await handle.signal(hiringDemandSignal, { demandId: 'R-1', positions: [{ title: '装配工', count: 1 }], occurredAt: await now(), sourceEventId: 'rp-dm-1' });
    const responses = await active(handle, 'enterprise-demand-response', 2);
    const platform = responses.find((t) => (t.data as { demandId: string }).demandId === 'R-1')!;
    await complete(handle, platform, { vacanciesPublished: true, seekersPushed: 3, specialRecruitment: 'not-needed', summary: '已发布' });
    await handle.signal(enterpriseHireSignal, { personKey: 'replay-person', effectiveDate: toShanghaiDate(await now()), sourceEventId: 'rp-si-1' });
    await handle.signal(insuredHeadcountSignal, { period: '2026-10', insuredHeadcount: 600, occurredAt: await now(), sourceEventId: 'rp-hc-1' });
    await handle.signal(insuredHeadcountSignal, { period: '2026-11', insuredHeadcount: 500, occurredAt: await now(), sourceEventId: 'rp-hc-2' });
    await handle.signal(keyEnterpriseStatusSignal, { status: 'suspended', occurredAt: await now(), sourceEventId: 'rp-amr-1' });
    await handle.signal(layoffFiledSignal, {
      filingId: 'LF-R-1',
      caseId: `layoff-filing:${enterprise.creditCode}:LF-R-1`,
      headcount: 500,
      layoffCount: 40,
      plannedDate: '2027-01-10',
      occurredAt: await now(),
      sourceEventId: 'rp-lf-1',
    });
    const [keeping] = await active(handle, 'enterprise-job-keeping');
    await complete(handle, keeping!, { situation: 'difficulty', measures: ['job-retention-refund'], summary: '指导申领稳岗返还' });
    await handle.executeUpdate(requestSubsidyHelpUpdate, { args: [{ actor: liaison, subsidy: 'job-retention-refund', note: '申请稳岗返还' }] });
    await handle.executeUpdate(updateListingUpdate, { args: [{ actor: supervisor, enterprise: { ...enterprise, specialistId: 'recorder-liaison-2' } }] });
    // The visit's demand stays unfilled past its days: its fill task climbs the ladder.
    await env.sleep('35 days');
    await handle.executeUpdate(removeFromListUpdate, { args: [{ actor: supervisor, reason: '回放：企业迁出' }] });
    await handle.result();
  });
  return workflowId;
}

export const keyEnterpriseRecordings: Record<string, Scenario> = { 'key-enterprise.v1': keyEnterprise };
