/**
 * A laid-off worker's re-employment case in skipped time with mocked activities: the roster entry
 * opens it with a first contact, contact opens the "131" items, an enrolment closes it as employed;
 * declined jobs are recorded without closing it.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { reemploymentWorkflowId } from '../../domain/cases/reemployment.js';
import { nationalProfile } from '../../domain/profiles/index.js';
import { reemploymentLineQuery } from '../../workflows/reemployment/messages.js';
import { reemploymentWorkflow } from '../../workflows/reemployment/workflow.js';
import { enrollmentChangedSignal } from '../../workflows/person-messages.js';
import { creditCode, residentId } from '../support/fixtures.js';
import { finish, openTasks, waitForOpen } from '../support/graduate-1311-case.js';
import { testWorkflowBundle, useTimeSkippingEnv } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';

const testEnv = useTimeSkippingEnv();

/** A worker on its own task queue and a roster entry stamped with the test server's now; `begin` starts the case (inside worker.runUntil). */
async function reemploymentCase(env: TestWorkflowEnvironment) {
  const { calls, activities } = mockCaseActivities(env);
  const taskQueue = `reemployment-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities });
  const now = new Date(await env.currentTimeMs()).toISOString();
  const roster = {
    occurredAt: now,
    filingId: 'LF-2026-0031',
    creditCode: creditCode('220102', 'MA0000031'),
    idNumber: residentId('220102', '19880512', '271'),
    name: '王建国',
    phone: '13700001111',
    householdRegionCode: '220102',
    lastWorkingDay: now.slice(0, 10),
    occupation: '数控车工',
    skillLevel: 'intermediate' as const,
  };
  const begin = () =>
    env.client.workflow.start(reemploymentWorkflow, {
      workflowId: reemploymentWorkflowId('feedface0123456789abcdef', roster.filingId),
      taskQueue,
      args: [{ worker: roster, idHash: 'feedface0123456789abcdef', sourceEventId: 'evt-roster-1' }],
    });
  return { calls, worker, roster, now, begin };
}

describe('re-employment case of a laid-off worker', () => {
  it('opens with a first contact, serves the 131 items once reached, and closes on an enrolment', async () => {
    const { calls, worker, roster, now, begin } = await reemploymentCase(testEnv());
    await worker.runUntil(async () => {
      const handle = await begin();
      const [contact] = await waitForOpen(handle, 1);
      expect(contact).toMatchObject({ type: 'reemployment-first-contact', caseType: 'reemployment' });
      expect(contact!.title).toContain('王**');
      await finish(handle, contact!, { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'intermediate' });
      const items = await waitForOpen(handle, 5);
      expect(items.map((t) => t.type).sort()).toEqual([
        'reemployment-job-recommendation',
        'reemployment-job-recommendation',
        'reemployment-job-recommendation',
        'reemployment-training-or-internship',
        'reemployment-vocational-guidance',
      ]);
      const employer = creditCode('220104', 'MA0000088');
      await handle.signal(enrollmentChangedSignal, { change: 'enrolled', creditCode: employer, effectiveDate: now.slice(0, 10), sourceEventId: 'evt-si' });
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'employed', employerCreditCode: employer });
    });
    expect(calls.taskChanges.filter((c) => c.action === 'cancelled')).toHaveLength(5);
    expect(calls.reemploymentLines.at(-1)?.line).toMatchObject({ status: 'closed', outcome: 'employed', contactAttempts: 1 });
    expect(calls.reemploymentLines.at(-1)?.person).toMatchObject({ name: '王建国', phone: '13700001111' });
    const outbound = JSON.stringify([calls.published, calls.taskChanges, calls.opened]);
    expect(outbound).not.toContain(roster.idNumber);
    expect(outbound).not.toContain('13700001111');
    expect(outbound).not.toContain('王建国');
  });

  it('keeps serving a worker who declines three recommended jobs: declining a job is not refusing the service', async () => {
    const { worker, begin } = await reemploymentCase(testEnv());
    await worker.runUntil(async () => {
      const handle = await begin();
      const [contact] = await waitForOpen(handle, 1);
      await finish(handle, contact!, { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'intermediate' });
      const jobs = (await waitForOpen(handle, 5)).filter((t) => t.type === 'reemployment-job-recommendation');
      // As many declines as the refusal limit: before declines stopped counting, the third closed the case.
      expect(jobs.length).toBeGreaterThanOrEqual(nationalProfile.graduateRefusalLimit.value);
      for (const job of jobs) await finish(handle, job, { position: '数控车工', employer: '长春示例机械有限公司', response: 'declined' });
      const line = await handle.query(reemploymentLineQuery);
      expect(line).toMatchObject({ status: 'in-service', outcome: null, refusals: 0 });
      expect(line.items.filter((i) => i.kind === 'job-recommendation').map((i) => i.response)).toEqual(['declined', 'declined', 'declined']);
      expect((await openTasks(handle)).map((t) => t.type).sort()).toEqual(['reemployment-training-or-internship', 'reemployment-vocational-guidance']);
      await handle.terminate('test done');
    });
  });
});
