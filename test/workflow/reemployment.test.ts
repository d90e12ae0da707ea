/**
 * A laid-off worker's re-employment case in skipped time with mocked activities: the roster entry
 * opens it with a first contact, contact opens the "131" items, an enrolment closes it as employed.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { reemploymentWorkflowId } from '../../domain/cases/reemployment.js';
import { reemploymentWorkflow } from '../../workflows/reemployment/workflow.js';
import { enrollmentChangedSignal } from '../../workflows/person-messages.js';
import { creditCode, residentId } from '../support/fixtures.js';
import { finish, waitForOpen } from '../support/graduate-1311-case.js';
import { testWorkflowBundle, useTimeSkippingEnv } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';

const testEnv = useTimeSkippingEnv();

describe('re-employment case of a laid-off worker', () => {
  it('opens with a first contact, serves the 131 items once reached, and closes on an enrolment', async () => {
    const env = testEnv();
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
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(reemploymentWorkflow, {
        workflowId: reemploymentWorkflowId('feedface0123456789abcdef', roster.filingId),
        taskQueue,
        args: [{ worker: roster, idHash: 'feedface0123456789abcdef', sourceEventId: 'evt-roster-1' }],
      });
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
});
