/**
 * Graduates on the real engines: a handover message opens one case per person and year however
 * many handovers name them, a bad ID goes to the DLQ, a caseworker's first contact over HTTP opens
 * the 1+3+1+1 service tasks, and a social-insurance enrolment closes the case as employed; the
 * ledger counts it and exports it as a bureau submits it.
 */
import ExcelJS from 'exceljs';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetail, CaseList } from '../../domain/contracts/http.js';
import { GraduateLedgerSummary } from '../../domain/contracts/graduate-1311.js';
import { TaskList, TaskView } from '../../domain/contracts/tasks.js';
import { type Actor } from '../../domain/actor.js';
import { chinaCalendar } from '../../domain/calendar/index.js';
import { hashIdNumber } from '../../domain/identity.js';
import { graduate1311WorkflowId } from '../../domain/cases/graduate-1311.js';
import { ledgerLineQuery } from '../../workflows/graduate-1311/messages.js';
import { creditCode, graduateHandover, residentId, shanghaiDay } from '../support/fixtures.js';
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
    const first = graduateHandover({ idNumber, handoverId: 'JL-2026-07-101' });
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), first.year);
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
    const graduateCases = CaseList.parse((await sys.api('/api/cases?type=graduate-1311&limit=200', cw)).body).items.filter((c) =>
      c.id.startsWith(caseId.slice(0, -4)),
    );
    expect(graduateCases).toHaveLength(1);

    const [contact] = await openTasks(caseId, 1);
    expect(contact?.type).toBe('graduate-first-contact');
    expect((await sys.api(`/api/tasks/${enc(contact!.id)}/claim`, cw, { body: {} })).status).toBe(200);
    const done = await sys.api(`/api/tasks/${enc(contact!.id)}/complete`, cw, {
      body: { result: { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'intermediate' } },
    });
    expect(done.status).toBe(200);
    // Service deadlines count from today; all six open at once, whatever the date. One counted
    // through a year without a holiday notice is marked provisional (预计), never held back.
    const services = await openTasks(caseId, 6);
    const reachedYear = Number(shanghaiDay().slice(0, 4));
    for (const task of services) {
      const years = Array.from({ length: Number(task.dueDate.slice(0, 4)) - reachedYear + 1 }, (_, i) => reachedYear + i);
      expect(task.dueProvisional, `${task.type} due ${task.dueDate}`).toBe(years.some((y) => chinaCalendar.isProvisionalYear(y)));
    }
    const settled = { opened: services.length };

    const employer = creditCode('220104', 'MA0000077');
    await send(producer, 'si.enrollment.changed.v1', idNumber, {
      eventId: `si-${first.eventId}`,
      occurredAt: new Date().toISOString(),
      idNumber,
      creditCode: employer,
      regionCode: '220104',
      change: 'enrolled',
      effectiveDate: shanghaiDay(),
    });
    const closed = await eventually('the case closed as employed', async () => {
      const d = CaseDetail.parse((await sys.api(`/api/cases/${enc(caseId)}`, cw)).body);
      return d.status === 'closed' ? d : undefined;
    });
    expect(closed.reason).toContain(employer);
    const cancelled = await sys.system.database.prisma.task.count({ where: { caseId, status: 'cancelled' } });
    expect(cancelled).toBe(settled.opened);

    const outbound = [...(observer.messages.get('case.lifecycle.v1') ?? []), ...(observer.messages.get('task.lifecycle.v1') ?? [])].filter(
      (m) => m.key === caseId,
    );
    expect(outbound.length).toBeGreaterThan(0);
    expect(outbound.some((m) => m.value.includes(idNumber) || m.value.includes('13812345678') || m.value.includes('李小明'))).toBe(false);
  });

  it('counts a graduate served over HTTP and employed in the ledger, and exports the ledger', async () => {
    // Its own district, so the ledger counts only this graduate.
    const region = '220104';
    const worker: Actor = { userId: 'cw-zhao', role: 'caseworker', jurisdiction: region };
    const supervisor: Actor = { userId: 'sup-qian', role: 'supervisor', jurisdiction: '2201' };
    const idNumber = residentId(region, '20031109', '412');
    const handover = graduateHandover({ idNumber, name: '赵思远', phone: '13900001111', handoverId: 'JL-2026-11-201', householdRegionCode: region });
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), handover.year);
    await send(producer, 'edu.graduate.handover.v1', idNumber, handover);

    const work = async (taskId: string, result: unknown) => {
      expect((await sys.api(`/api/tasks/${enc(taskId)}/claim`, worker, { body: {} })).status).toBe(200);
      expect((await sys.api(`/api/tasks/${enc(taskId)}/complete`, worker, { body: { result } })).status).toBe(200);
    };
    const inbox = async () => TaskList.parse((await sys.api('/api/tasks?scope=team&limit=200', worker)).body).items.filter((t) => t.caseId === caseId);
    const contact = await eventually('the first-contact task in the inbox', async () => (await inbox()).find((t) => t.type === 'graduate-first-contact'));
    await work(contact.id, { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior' });

    const opened = await eventually('the six service items opened', async () => {
      const open = (await inbox()).filter((t) => t.type !== 'graduate-first-contact' && t.status === 'open');
      return open.length === 6 ? open : undefined;
    });
    const results: Record<string, unknown> = {
      'graduate-policy-briefing': { channel: 'phone', summary: '讲解就业补贴政策' },
      'graduate-vocational-guidance': { channel: 'in-person', summary: '简历指导' },
      // The vacancy the task offered (GET /api/tasks/{id}/vacancies) rides along with the text the ledger shows.
      'graduate-job-recommendation': {
        position: '出纳',
        employer: '长春示例商贸有限公司',
        response: 'interviewing',
        vacancy: { creditCode: creditCode('220104', 'MA0000202'), demandId: 'D-1', positionIndex: 0 },
      },
      'graduate-training-or-internship': { kind: 'internship', provider: '朝阳区就业见习基地', response: 'accepted' },
    };
    for (const task of opened) await work(task.id, results[task.type]);
    const recommendation = opened.find((t) => t.type === 'graduate-job-recommendation');
    expect(TaskView.parse((await sys.api(`/api/tasks/${enc(recommendation?.id ?? '')}`, worker)).body).result).toEqual(results['graduate-job-recommendation']);
    const delivered = new Map<string, number>();
    for (const task of opened) delivered.set(task.type, (delivered.get(task.type) ?? 0) + 1);

    await send(producer, 'si.enrollment.changed.v1', idNumber, {
      eventId: `si-${handover.eventId}`,
      occurredAt: new Date().toISOString(),
      idNumber,
      creditCode: creditCode(region, 'MA0000201'),
      regionCode: region,
      change: 'enrolled',
      effectiveDate: shanghaiDay(),
    });
    const ledger = await eventually('the ledger counting the employed graduate', async () => {
      const res = await sys.api(`/api/ledgers/graduates?year=${handover.year}&region=${region}`, worker);
      const summary = res.status === 200 ? GraduateLedgerSummary.parse(res.body) : undefined;
      return summary?.byStatus.closed === 1 ? summary : undefined;
    });
    expect(ledger).toMatchObject({ total: 1, byStatus: { 'awaiting-contact': 0, 'in-service': 0, closed: 1 }, byOutcome: { employed: 1 }, flagged: 0 });
    expect(ledger.byRegion).toEqual([{ regionCode: region, total: 1, closed: 1, employed: 1, flagged: 0 }]);
    expect(ledger.items['policy-briefing']).toEqual({ onTime: 1, late: 0, missing: 0, pending: 0, cancelled: 0 });
    expect(ledger.items['job-recommendation'].onTime).toBe(delivered.get('graduate-job-recommendation') ?? 0);
    // Nobody outside the district sees its ledger.
    expect((await sys.api(`/api/ledgers/graduates?year=${handover.year}&region=${region}`, { ...worker, jurisdiction: '220102' })).status).toBe(403);

    // The export: names always (a real-name ledger), full ID numbers only for a supervisor.
    const exported = async (actor: Actor, query: string) => {
      const res = await sys.fetchAs(`/api/ledgers/graduates/export?year=${handover.year}&region=${region}&${query}`, actor);
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        disposition: res.headers.get('content-disposition'),
        body: Buffer.from(await res.arrayBuffer()),
      };
    };
    const csv = await exported(worker, 'format=csv');
    expect(csv.status).toBe(200);
    expect(csv.disposition).toContain('.csv');
    const text = csv.body.toString('utf8');
    expect(text.startsWith('\uFEFF序号,姓名,身份证号')).toBe(true);
    expect(text).toContain('赵思远');
    expect(text).toContain('已就业');
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain('13900001111');
    expect((await exported(worker, 'format=csv&personalData=full')).status).toBe(403);

    const xlsx = await exported(supervisor, 'format=xlsx&personalData=full');
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('姓名');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(3).value).toBe(idNumber);

    const audits = await sys.system.database.prisma.auditEntry.findMany({ where: { action: 'export-ledger' }, orderBy: { at: 'asc' } });
    // One entry per exported graduate, on their own case.
    expect(audits.map((a) => [a.actorId, (a.detail as { personalData: string }).personalData, a.caseId])).toEqual([
      ['cw-zhao', 'masked', caseId],
      ['sup-qian', 'full', caseId],
    ]);
  });

  it('closes a case with the outcome a caseworker records, once', async () => {
    const idNumber = residentId('220102', '20030620', '233');
    const handover = graduateHandover({ idNumber, handoverId: 'JL-2026-07-103' });
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), handover.year);
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
