/**
 * A graduate case picking up where the previous run stood after continue-as-new, in skipped time:
 * the carried state is what `continueAsNew` hands over (test/integration/graduate-1311-continue-as-new
 * proves on a real server that the case does continue as new when Temporal suggests it).
 */
import { describe, expect, it } from 'vitest';
import type { TaskType } from '../../domain/contracts/tasks.js';
import { nationalProfile } from '../../domain/profiles/index.js';
import { ledgerLineQuery, type CarriedCase } from '../../workflows/graduate-1311/messages.js';
import { enrollmentChangedSignal } from '../../workflows/person-messages.js';
import { type LedgerLine } from '../../domain/cases/graduate-1311.js';
import { tasksQuery, type TaskState } from '../../workflows/task-messages.js';
import { creditCode, ledgerLine } from '../support/fixtures.js';
import { finish, graduateCase, waitForOpen } from '../support/graduate-1311-case.js';
import { useTimeSkippingEnv } from '../support/temporal-env.js';

const testEnv = useTimeSkippingEnv();
const DAY_MS = 86_400_000;

function carriedTask(workflowId: string, key: string, type: TaskType, dueAt: string, changes: Partial<TaskState> = {}): TaskState {
  return {
    id: `tk-carried-${key.replace('#', '-')}`,
    caseId: workflowId,
    caseType: 'graduate-1311',
    type,
    title: `${key}：李**`,
    status: 'open',
    regionCode: '220102',
    candidateRole: 'caseworker',
    assignee: null,
    dueDate: dueAt.slice(0, 10),
    dueAt,
    overdue: false,
    escalationLevel: 0,
    escalatedTo: null,
    slaPaused: false,
    notes: [],
    result: null,
    version: 2,
    createdAt: dueAt,
    updatedAt: dueAt,
    completedAt: null,
    remainingWorkingDays: null,
    key,
    escalationChain: nationalProfile.escalationChain,
    ...changes,
  };
}

function carriedLine(workflowId: string, changes: Partial<LedgerLine>): LedgerLine {
  return ledgerLine({ caseId: workflowId, handoverIds: ['JL-2026-07-001', 'JL-2026-08-002'], ...changes });
}

describe('graduate 1311 case after continue-as-new', () => {
  it('keeps an overdue contact task climbing the chain from where it stood, then serves as usual', async () => {
    const now = await testEnv().currentTimeMs();
    const { mocks, worker, workflowId, begin } = await graduateCase(testEnv());
    const dueAt = new Date(now - DAY_MS).toISOString();
    // Overdue yesterday and already with the county's supervisor: the city's are still to be told.
    const contact = carriedTask(workflowId, 'first-contact#1', 'graduate-first-contact', dueAt, {
      overdue: true,
      escalationLevel: 1,
      escalatedTo: 'supervisor',
      escalatedRegion: '220102',
      escalationPath: [{ role: 'supervisor', regionCode: '220102' }],
      version: 4,
    });
    const carried: CarriedCase = { line: carriedLine(workflowId, {}), tasks: [contact], profile: nationalProfile, serviceStart: null, ledgerRevision: 7 };
    await worker.runUntil(async () => {
      const handle = await begin(carried);
      const [open] = await waitForOpen(handle, 1);
      expect(open).toMatchObject({ id: contact.id, escalatedTo: 'supervisor', version: 4 });
      await testEnv().sleep('4 days');
      expect((await handle.query(tasksQuery))[0]).toMatchObject({
        escalationLevel: 2,
        escalatedTo: 'supervisor',
        escalatedRegion: '2201',
        escalationPath: [
          { role: 'supervisor', regionCode: '220102' },
          { role: 'supervisor', regionCode: '2201' },
        ],
      });

      await finish(handle, open!, { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior' });
      const services = await waitForOpen(handle, 6);
      expect(services.map((t) => t.type)).not.toContain('graduate-first-contact');
      expect(await handle.query(ledgerLineQuery)).toMatchObject({
        status: 'in-service',
        contactAttempts: 1,
        handoverIds: ['JL-2026-07-001', 'JL-2026-08-002'],
      });
      await handle.signal(enrollmentChangedSignal, {
        change: 'enrolled',
        creditCode: creditCode('220104', 'MA0000009'),
        effectiveDate: '2026-12-01',
        sourceEventId: 'evt-si',
      });
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'employed' });
    });
    // The case was opened by the first run: the continued one does not open it again.
    expect(mocks.calls.opened).toHaveLength(0);
    const contactSteps = mocks.calls.taskChanges.filter((c) => c.task.id === contact.id).map((c) => c.action);
    expect(contactSteps).toEqual(['escalated', 'claim', 'complete']);
    expect(mocks.calls.ledger[0]?.revision).toBe(8);
    expect(mocks.calls.ledger.at(-1)?.line.status).toBe('closed');
  });

  it('records an item completed just before the run ended, and opens an item whose opening was cut short', async () => {
    const now = await testEnv().currentTimeMs();
    const { mocks, worker, workflowId, begin } = await graduateCase(testEnv());
    const serviceStart = new Date(now - 2 * DAY_MS).toISOString();
    const due = (days: number) => new Date(Date.parse(serviceStart) + days * DAY_MS).toISOString();
    const contact = carriedTask(workflowId, 'first-contact#1', 'graduate-first-contact', due(-3), {
      status: 'completed',
      completedAt: serviceStart,
      result: { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior' },
    });
    const briefing = carriedTask(workflowId, 'policy-briefing#1', 'graduate-policy-briefing', due(5), {
      status: 'completed',
      completedAt: due(1),
      result: { channel: 'phone', summary: '已宣介' },
    });
    // Completed by the caseworker in the same moment the previous run decided to continue.
    const declinedJob = carriedTask(workflowId, 'job-recommendation#1', 'graduate-job-recommendation', due(30), {
      status: 'completed',
      completedAt: due(2),
      result: { position: '会计', employer: '长春示例会计师事务所', response: 'declined' },
    });
    const guidance = carriedTask(workflowId, 'vocational-guidance#1', 'graduate-vocational-guidance', due(15));
    const training = carriedTask(workflowId, 'training-or-internship#1', 'graduate-training-or-internship', due(60));
    const job2 = carriedTask(workflowId, 'job-recommendation#2', 'graduate-job-recommendation', due(30));
    // job-recommendation#3 has no task: its opening was under way when the run ended.
    const pending = (key: string, t: TaskState) => ({
      kind: key.split('#')[0],
      seq: Number(key.split('#')[1]),
      taskId: t.id,
      dueDate: t.dueDate,
      status: 'pending',
      completedAt: null,
      response: null,
      position: null,
      employer: null,
    });
    const line = carriedLine(workflowId, {
      status: 'in-service',
      skillLevel: 'junior',
      contactAttempts: 1,
      items: [
        { ...pending('policy-briefing#1', briefing), status: 'on-time', completedAt: briefing.completedAt },
        pending('job-recommendation#1', declinedJob),
        pending('vocational-guidance#1', guidance),
        pending('training-or-internship#1', training),
        pending('job-recommendation#2', job2),
      ] as LedgerLine['items'],
    });
    const carried: CarriedCase = {
      line,
      tasks: [contact, briefing, declinedJob, guidance, training, job2],
      profile: nationalProfile,
      serviceStart,
      ledgerRevision: 3,
    };
    await worker.runUntil(async () => {
      const handle = await begin(carried);
      const open = await waitForOpen(handle, 4);
      const third = open.find((t) => ![guidance.id, training.id, job2.id].includes(t.id));
      expect(third).toMatchObject({ type: 'graduate-job-recommendation' });
      // Counted from when service began, not from when the run continued.
      expect(mocks.calls.deadlines).toEqual([{ from: serviceStart, workingDays: 30 }]);
      const served = await handle.query(ledgerLineQuery);
      // Recorded on its item, and (declining an offer not being a refusal) not counted.
      expect(served.refusals).toBe(0);
      expect(served.items.find((i) => i.taskId === declinedJob.id)).toMatchObject({ status: 'on-time', response: 'declined', position: '会计' });
      expect(served.items.find((i) => i.taskId === third!.id)).toMatchObject({ kind: 'job-recommendation', seq: 3, status: 'pending' });
      expect(served.items).toHaveLength(6);
      await handle.terminate('test done');
    });
    expect(mocks.calls.opened).toHaveLength(0);
    expect(mocks.calls.advanced).toHaveLength(0);
    expect(mocks.calls.taskChanges.filter((c) => c.action === 'created').map((c) => c.task.type)).toEqual(['graduate-job-recommendation']);
  });
});
