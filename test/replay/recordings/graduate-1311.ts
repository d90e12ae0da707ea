/** Recorded histories of the graduate 1311 case, one per versioned change. */
import { setTimeout } from 'node:timers/promises';
import { graduate1311WorkflowId } from '../../../domain/cases/graduate-1311.js';
import { HANDOVERS_KEPT } from '../../../workflows/graduate-1311/handovers.js';
import { graduateHandoverSignal, ledgerLineQuery, recordGraduateOutcomeUpdate } from '../../../workflows/graduate-1311/messages.js';
import { enrollmentChangedSignal } from '../../../workflows/person-messages.js';
import { graduate1311Workflow } from '../../../workflows/graduate-1311/workflow.js';
import { addTaskNoteUpdate, claimTaskUpdate, completeTaskUpdate, tasksQuery } from '../../../workflows/task-messages.js';
import { NOTES_KEPT } from '../../../workflows/tasks.js';
import { creditCode, graduateHandover } from '../../support/fixtures.js';
import { recorderCaseworker as caseworker, type Recording, type Scenario } from '../recording.js';

/** What the graduate answers to the three job recommendations (in the order completed) and to the training or internship offer. */
interface Responses {
  jobs: string[];
  training: string;
}

/** Contact, the six service items answered with `responses`, a second handover, then enrolment closes the case. */
async function graduateFullService(responses: Responses, { env, calls, worker, taskQueue }: Recording): Promise<string> {
  const { eventId, ...handover } = graduateHandover({ eventId: 'evt-replay-grad', occurredAt: new Date(await env.currentTimeMs()).toISOString() });
  const workflowId = graduate1311WorkflowId('replay0123456789abcdef00', handover.year);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(graduate1311Workflow, {
      workflowId,
      taskQueue,
      args: [{ handover, idHash: 'replay0123456789abcdef00', sourceEventId: eventId }],
    });
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
      'graduate-training-or-internship': { kind: 'internship', provider: '见习基地', response: responses.training },
    };
    const jobResponses = [...responses.jobs];
    for (const task of services) {
      const result =
        task.type === 'graduate-job-recommendation' ? { position: '测试工程师', employer: '示例科技', response: jobResponses.shift() } : results[task.type];
      await complete(task.id, result);
    }
    await env.sleep('1 day');
    await handle.signal(enrollmentChangedSignal, {
      change: 'enrolled',
      creditCode: '91220104MA00000773',
      effectiveDate: '2026-09-01',
      sourceEventId: 'evt-replay-si',
    });
    await handle.result();
  });
  return workflowId;
}

/**
 * graduate-1311.v4-employed: the social-insurance registry has the graduate enrolled at first look,
 * so the case closes as employed with no task, and the outcome goes to the education department.
 */
async function graduateEnrolledAtFirstLook({ env, calls, worker, taskQueue }: Recording): Promise<string> {
  const { eventId, ...handover } = graduateHandover({
    eventId: 'evt-replay-grad-si',
    occurredAt: new Date(await env.currentTimeMs()).toISOString(),
    studentRef: 'REPLAY-0001',
  });
  calls.registry.enrolment = () => ({ enrolled: true, creditCode: creditCode('220104', 'MA0000933'), since: handover.graduationDate });
  const workflowId = graduate1311WorkflowId('replay0123456789abcdef01', handover.year);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(graduate1311Workflow, {
      workflowId,
      taskQueue,
      args: [{ handover, idHash: 'replay0123456789abcdef01', sourceEventId: eventId }],
    });
    await handle.result();
  });
  return workflowId;
}

/** graduate-1311.v5-unreachable: a graduate who said no once, then three failed contacts: unreachable. */
async function graduateUnreachable({ env, worker, taskQueue }: Recording): Promise<string> {
  const { eventId, ...handover } = graduateHandover({ eventId: 'evt-replay-grad-gone', occurredAt: new Date(await env.currentTimeMs()).toISOString() });
  const workflowId = graduate1311WorkflowId('replay0123456789abcdef02', handover.year);
  const answers = [
    { reached: true, wantsWork: false, intention: 'undecided', skillLevel: 'none' },
    { reached: false, note: '无人接听' },
    { reached: false, note: '无人接听' },
    { reached: false, note: '空号' },
  ];
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(graduate1311Workflow, {
      workflowId,
      taskQueue,
      args: [{ handover, idHash: 'replay0123456789abcdef02', sourceEventId: eventId }],
    });
    for (const answer of answers) {
      let open = (await handle.query(tasksQuery)).filter((t) => t.status === 'open');
      while (open.length === 0) {
        await setTimeout(20);
        open = (await handle.query(tasksQuery)).filter((t) => t.status === 'open');
      }
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: open[0]!.id, actor: caseworker }] });
      await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: open[0]!.id, actor: caseworker, result: answer }] });
    }
    await handle.result();
  });
  return workflowId;
}

/**
 * graduate-1311.v6-bounded (patches task-notes-bounded, graduate-handover-dedupe,
 * graduate-handovers-bounded): more notes on the contact task and more handovers than the case
 * keeps; the line is trimmed once written; the first list is re-delivered and changes nothing; a
 * caseworker records further study.
 */
async function graduateBounded({ env, calls, worker, taskQueue }: Recording): Promise<string> {
  const { eventId, ...handover } = graduateHandover({ eventId: 'evt-replay-grad-v6', occurredAt: new Date(await env.currentTimeMs()).toISOString() });
  const workflowId = graduate1311WorkflowId('replay0123456789abcdef06', handover.year);
  const listed = (i: number) => ({
    ...handover,
    handoverId: `JL-2026-REPLAY-H${String(i).padStart(2, '0')}`,
    occurredAt: new Date(Date.parse(handover.occurredAt) + i * 60_000).toISOString(),
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(graduate1311Workflow, {
      workflowId,
      taskQueue,
      args: [{ handover, idHash: 'replay0123456789abcdef06', sourceEventId: eventId }],
    });
    while (calls.taskChanges.length === 0) await setTimeout(20);
    const [contact] = await handle.query(tasksQuery);
    for (let note = 1; note <= NOTES_KEPT + 2; note += 1) {
      await handle.executeUpdate(addTaskNoteUpdate, { args: [{ taskId: contact!.id, actor: caseworker, text: `第 ${note} 次尝试联系` }] });
    }
    const total = HANDOVERS_KEPT + 3;
    for (let i = 1; i <= total; i += 1) await handle.signal(graduateHandoverSignal, { handover: listed(i), sourceEventId: `evt-replay-h${i}` });
    for (;;) {
      const { handoverIds } = await handle.query(ledgerLineQuery);
      if (handoverIds.includes(listed(total).handoverId) && handoverIds.length <= HANDOVERS_KEPT) break;
      await setTimeout(50);
    }
    await handle.signal(graduateHandoverSignal, { handover: listed(1), sourceEventId: 'evt-replay-h1' });
    await handle.executeUpdate(recordGraduateOutcomeUpdate, { args: [{ actor: caseworker, outcome: 'further-study', note: '已考取硕士研究生' }] });
    await handle.result();
  });
  return workflowId;
}

export const graduate1311Recordings: Record<string, Scenario> = {
  // v1 came before the 6-month flag and the ledger read model.
  'graduate-1311.v2': (r) => graduateFullService({ jobs: ['declined', 'interviewing', 'accepted'], training: 'accepted' }, r),
  // Declined offers are recorded but no longer count as refusals: three declined jobs and a declined
  // internship leave the case open until the enrolment closes it.
  'graduate-1311.v3': (r) => graduateFullService({ jobs: ['declined', 'declined', 'declined'], training: 'declined' }, r),
  // The social-insurance look-up before the first contact, and the outcome sent to education.
  'graduate-1311.v4': (r) => graduateFullService({ jobs: ['declined', 'interviewing', 'accepted'], training: 'accepted' }, r),
  'graduate-1311.v4-employed': graduateEnrolledAtFirstLook,
  // Only failed contacts count toward unreachable.
  'graduate-1311.v5-unreachable': graduateUnreachable,
  'graduate-1311.v6-bounded': graduateBounded,
};
