/**
 * Graduates on the real engines: a handover message opens one case per person and year however
 * many handovers name them, a bad ID goes to the DLQ, a caseworker's first contact over HTTP opens
 * the 1+3+1+1 service tasks, and a social-insurance enrolment closes the case as employed.
 */
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetail, CaseList } from '../../domain/contracts/http.js';
import { TaskList, type Actor } from '../../domain/contracts/tasks.js';
import { hashIdNumber } from '../../domain/identity.js';
import { graduate1311WorkflowId, ledgerLineQuery } from '../../workflows/graduate-1311.js';
import { creditCode, graduateHandover, residentId } from '../support/fixtures.js';
import { collect, eventually, send, startTestSystem, testKafka, type TestSystem } from './harness.js';

let sys: TestSystem;
let producer: Producer;
let observer: Awaited<ReturnType<typeof collect>>;
const cw: Actor = { userId: 'cw-liu', role: 'caseworker', jurisdiction: '220102' };
const enc = encodeURIComponent;

beforeAll(async () => {
  sys = await startTestSystem('graduate');
  const kafka = testKafka();
  producer = kafka.producer();
  await producer.connect();
  observer = await collect(kafka, ['edu.graduate.handover.v1.dlq', 'case.lifecycle.v1', 'task.lifecycle.v1']);
});

afterAll(async () => {
  await observer?.consumer.disconnect();
  await producer?.disconnect();
  await sys?.stop();
});

async function openTasks(caseId: string, count: number) {
  // The team view, as a supervisor or colleague sees it.
  return eventually(`${count} open tasks on ${caseId}`, async () => {
    const list = TaskList.parse((await sys.api('/api/tasks?scope=team&limit=200', cw)).body);
    const mine = list.items.filter((t) => t.caseId === caseId && t.status === 'open');
    return mine.length >= count ? mine : undefined;
  });
}

describe('graduate intake on real Temporal, Kafka and PostgreSQL', () => {
  it('keeps one case per person and year, serves it, and closes it on enrolment', async () => {
    const idNumber = residentId('220102', '20040312', '517');
    // A fixed handover date: the first-contact deadline is counted from it, on bundled calendar data.
    const first = graduateHandover({ idNumber, handoverId: 'JL-2026-07-101', occurredAt: '2026-07-15T09:30:00+08:00' });
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), 2026);
    await send(producer, 'edu.graduate.handover.v1', idNumber, first);
    await send(producer, 'edu.graduate.handover.v1', idNumber, first);
    await send(producer, 'edu.graduate.handover.v1', idNumber, { ...first, eventId: `${first.eventId}-b`, handoverId: 'JL-2026-08-102' });

    const detail = await eventually('the graduate case', async () => {
      const res = await sys.api(`/api/cases/${enc(caseId)}`, cw);
      return res.status === 200 ? CaseDetail.parse(res.body) : undefined;
    });
    expect(detail.type).toBe('graduate-1311');
    expect(detail.title).toContain('李**');
    expect(detail.title).not.toContain('李小明');
    const ledger = await eventually('both handovers on the case', async () => {
      const line = await sys.system.client.workflow.getHandle(caseId).query(ledgerLineQuery);
      return line.handoverIds.length === 2 ? line : undefined;
    });
    expect(ledger.handoverIds).toEqual(['JL-2026-07-101', 'JL-2026-08-102']);
    const graduateCases = CaseList.parse((await sys.api('/api/cases?type=graduate-1311&limit=200', cw)).body).items.filter((c) => c.id.startsWith(caseId.slice(0, -4)));
    expect(graduateCases).toHaveLength(1);

    const [contact] = await openTasks(caseId, 1);
    expect(contact?.type).toBe('graduate-first-contact');
    expect((await sys.api(`/api/tasks/${enc(contact!.id)}/claim`, cw, { body: {} })).status).toBe(200);
    const done = await sys.api(`/api/tasks/${enc(contact!.id)}/complete`, cw, {
      body: { result: { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'intermediate' } },
    });
    expect(done.status).toBe(200);
    // Service deadlines count from today. An item whose deadline falls in a year without calendar
    // data waits, visibly failing (never guessed); every one of the six is either open or waiting.
    const handle = sys.system.client.workflow.getHandle(caseId);
    const settled = await eventually('all six service items opened or waiting for calendar data', async () => {
      const opened = await sys.system.database.prisma.task.count({ where: { caseId, type: { not: 'graduate-first-contact' } } });
      const waiting = ((await handle.describe()).raw.pendingActivities ?? []).filter((a) => a.lastFailure?.message?.includes('工作日历缺少')).length;
      return opened + waiting === 6 ? { opened, waiting } : undefined;
    });

    const employer = creditCode('220104', 'MA0000077');
    await send(producer, 'si.enrollment.changed.v1', idNumber, {
      eventId: `si-${first.eventId}`,
      occurredAt: new Date().toISOString(),
      idNumber,
      creditCode: employer,
      regionCode: '220104',
      change: 'enrolled',
      effectiveDate: '2026-09-01',
    });
    const closed = await eventually('the case closed as employed', async () => {
      const d = CaseDetail.parse((await sys.api(`/api/cases/${enc(caseId)}`, cw)).body);
      return d.status === 'closed' ? d : undefined;
    });
    expect(closed.reason).toContain(employer);
    const cancelled = await sys.system.database.prisma.task.count({ where: { caseId, status: 'cancelled' } });
    expect(cancelled).toBe(settled.opened);

    const outbound = [...(observer.messages.get('case.lifecycle.v1') ?? []), ...(observer.messages.get('task.lifecycle.v1') ?? [])].filter((m) => m.key === caseId);
    expect(outbound.length).toBeGreaterThan(0);
    expect(outbound.some((m) => m.value.includes(idNumber) || m.value.includes('13812345678') || m.value.includes('李小明'))).toBe(false);
  });

  it('closes a case with the outcome a caseworker records, once', async () => {
    const idNumber = residentId('220102', '20030620', '233');
    const handover = graduateHandover({ idNumber, handoverId: 'JL-2026-07-103', occurredAt: '2026-07-15T09:30:00+08:00' });
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), 2026);
    await send(producer, 'edu.graduate.handover.v1', idNumber, handover);
    await openTasks(caseId, 1);
    const path = `/api/cases/${enc(caseId)}/outcome`;
    expect((await sys.api(path, cw, { body: { outcome: 'employed', note: '已入职' } })).status).toBe(400);
    expect((await sys.api(path, { ...cw, role: 'liaison' }, { body: { outcome: 'further-study', note: '考取研究生' } })).status).toBe(403);
    expect((await sys.api(path, { ...cw, jurisdiction: '3501' }, { body: { outcome: 'further-study', note: '考取研究生' } })).status).toBe(403);
    const accepted = await sys.api(path, cw, { body: { outcome: 'further-study', note: '考取吉林大学研究生' } });
    expect(accepted.status).toBe(202);
    const closed = await eventually('the case closed as further study', async () => {
      const d = CaseDetail.parse((await sys.api(`/api/cases/${enc(caseId)}`, cw)).body);
      return d.status === 'closed' ? d : undefined;
    });
    expect(closed.reason).toContain('升学');
    expect((await sys.api(path, cw, { body: { outcome: 'enlisted', note: '重复登记' } })).status).toBe(409);
  });

  it('sends a handover with an invalid ID number to the DLQ without echoing the number', async () => {
    const id = residentId();
    const corrupted = id.slice(0, 16) + ((Number(id[16]) + 1) % 10) + id.slice(17);
    const bad = graduateHandover({ idNumber: corrupted });
    await send(producer, 'edu.graduate.handover.v1', 'bad-graduate', bad);
    const dead = await eventually('the DLQ entry', async () => observer.messages.get('edu.graduate.handover.v1.dlq')?.find((m) => m.key === 'bad-graduate'));
    expect(dead.headers['dlq-reason']).toContain('idNumber');
    expect(dead.headers['dlq-reason']).not.toContain(corrupted);
    expect(dead.headers['dlq-issues']).not.toContain(corrupted);
  });
});
