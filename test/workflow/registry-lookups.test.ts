/**
 * Cases of people ask the social-insurance registry before anyone is sent to make a first
 * contact (skipped time, mocked activities): enrolled already → closed as employed with no task;
 * the registry down → after the retry budget the case goes on and its timeline says so. A closed
 * graduate case tells the education department its outcome, without the ID number.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { reemploymentWorkflowId } from '../../domain/cases/reemployment.js';
import { reemploymentWorkflow } from '../../workflows/reemployment/workflow.js';
import { registryRetryBudget } from '../../workflows/registry-lookups.js';
import { creditCode, residentId } from '../support/fixtures.js';
import { caseworker, graduateCase, waitForOpen } from '../support/graduate-1311-case.js';
import { testWorkflowBundle, useTimeSkippingEnv } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';
import { recordGraduateOutcomeUpdate } from '../../workflows/graduate-1311/messages.js';

const testEnv = useTimeSkippingEnv();
const employer = creditCode('220104', 'MA0000077');

describe('registry look-ups before the first contact', () => {
  it('closes a graduate the SI registry has enrolled as employed, with no task, and tells education the outcome', async () => {
    const { mocks, worker, handover, begin, workflowId } = await graduateCase(testEnv(), { studentRef: '2022010188' });
    mocks.calls.registry.enrolment = () => ({ enrolled: true, creditCode: employer, regionCode: '220104', since: '2026-07-01' });
    await worker.runUntil(async () => {
      const handle = await begin();
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'employed', employerCreditCode: employer, items: [] });
    });
    expect(mocks.calls.enrolmentLookUps).toEqual([{ idNumber: handover.idNumber }]);
    expect(mocks.calls.taskChanges).toEqual([]);
    expect(mocks.calls.closed.at(-1)?.reason).toBe(`社保登记查询：已在 ${employer} 参保（2026-07-01 起），无需首次联系`);
    expect(mocks.calls.notes.map((n) => n.detail.text)).toEqual([`社保登记系统：已参保，参保单位 ${employer}，2026-07-01 起`]);
    const outcome = mocks.calls.published.filter((p) => p.topic === 'hrss.graduate.outcome.v1');
    expect(outcome).toHaveLength(1);
    expect(outcome[0]).toMatchObject({
      key: workflowId,
      message: { caseId: workflowId, year: handover.year, householdRegionCode: '220102', outcome: 'employed', studentRef: '2022010188' },
    });
    expect(JSON.stringify(mocks.calls.published)).not.toContain(handover.idNumber);
    expect(JSON.stringify(mocks.calls.notes)).not.toContain(handover.idNumber);
  });

  it('goes on to the first contact when the registry stays down past the retry budget, and says so', async () => {
    const { mocks, worker, handover, begin } = await graduateCase(testEnv());
    mocks.calls.registry.enrolment = () => {
      throw ApplicationFailure.create({ type: 'RegistryUnavailable', message: '社保登记系统暂不可用：HTTP 503' });
    };
    await worker.runUntil(async () => {
      const handle = await begin();
      // Past the budget's backoff (5 + 10 + 20 + 40 + 80 seconds).
      await testEnv().sleep('5 minutes');
      const [contact] = await waitForOpen(handle, 1);
      expect(contact).toMatchObject({ type: 'graduate-first-contact' });
      expect(mocks.calls.enrolmentLookUps).toHaveLength(registryRetryBudget.maximumAttempts);
      expect(mocks.calls.notes.map((n) => n.detail)).toEqual([
        expect.objectContaining({
          registry: 'si',
          answer: 'unanswered',
          text: `社保登记系统未能答复（社保登记系统暂不可用：HTTP 503，共尝试 ${registryRetryBudget.maximumAttempts} 次），按未参保继续办理`,
        }),
      ]);
      // The deadline still counts from the handover, not from when the registry gave up.
      expect(mocks.calls.deadlines[0]?.from).toBe(handover.occurredAt);
      await handle.executeUpdate(recordGraduateOutcomeUpdate, { args: [{ outcome: 'further-study', note: '考取研究生', actor: caseworker }] });
      expect(await handle.result()).toMatchObject({ outcome: 'further-study' });
    });
    expect(mocks.calls.published.filter((p) => p.topic === 'hrss.graduate.outcome.v1').map((p) => p.message)).toEqual([
      expect.objectContaining({ outcome: 'further-study' }),
    ]);
  });

  it('serves a laid-off worker still enrolled with the enterprise that laid them off, and closes one enrolled elsewhere', async () => {
    const env = testEnv();
    const { calls, activities } = mockCaseActivities(env);
    const taskQueue = `reemployment-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities });
    const now = new Date(await env.currentTimeMs()).toISOString();
    const former = creditCode('220102', 'MA0000031');
    const roster = (n: number) => ({
      occurredAt: now,
      filingId: 'LF-2026-0031',
      creditCode: former,
      idNumber: residentId('220102', '19880512', String(270 + n)),
      name: '王建国',
      householdRegionCode: '220102',
      lastWorkingDay: now.slice(0, 10),
    });
    const stillThere = roster(1);
    const movedOn = roster(2);
    calls.registry.enrolment = ({ idNumber }) => ({ enrolled: true, creditCode: idNumber === stillThere.idNumber ? former : employer });
    const start = (person: ReturnType<typeof roster>, hash: string) =>
      env.client.workflow.start(reemploymentWorkflow, {
        workflowId: reemploymentWorkflowId(hash, person.filingId),
        taskQueue,
        args: [{ worker: person, idHash: hash, sourceEventId: `evt-${hash}` }],
      });
    await worker.runUntil(async () => {
      const served = await start(stillThere, 'aaaa0123456789abcdef0000');
      const [contact] = await waitForOpen(served, 1);
      expect(contact).toMatchObject({ type: 'reemployment-first-contact' });
      const closed = await start(movedOn, 'bbbb0123456789abcdef0000');
      expect(await closed.result()).toMatchObject({ status: 'closed', outcome: 'employed', employerCreditCode: employer });
      await served.terminate('test over');
    });
    expect(calls.closed.map((c) => c.reason)).toEqual([`社保登记查询：已在 ${employer} 参保，无需首次联系`]);
  });
});
