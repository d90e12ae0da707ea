/**
 * A key enterprise's account on the real engines: a supervisor lists it over HTTP and its liaison
 * officer gets the first contact; the recruitment platform posts a demand on Kafka the day before
 * National Day 2026 and the response falls due on the right working day after the holiday (and one
 * posted on the Friday after it counts the Saturday make-up day); social insurance enrols a
 * graduate there, which counts a hire against the demand and closes the graduate's case; a
 * headcount drop opens a job-keeping task and a layoff filing is linked; the supervisor takes the
 * enterprise off the list.
 *
 * The demand dates are named, and hold whenever the test runs: a deadline counts from the event's
 * occurredAt on the bundled 2026 State Council notice, not from the wall clock.
 */
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { graduate1311WorkflowId } from '../../domain/cases/graduate-1311.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { CaseDetail } from '../../domain/contracts/http.js';
import { EnterpriseDetail, EnterpriseList } from '../../domain/contracts/key-enterprise.js';
import { TaskList, type TaskView } from '../../domain/contracts/tasks.js';
import { hashIdNumber } from '../../domain/identity.js';
import { creditCode, graduateHandover, layoffFiling, residentId, shanghaiDay, shanghaiInstant } from '../support/fixtures.js';
import { collect, eventually, send, startTestSystem, testKafka, type TestSystem } from './harness.js';

let sys: TestSystem;
let producer: Producer;
let observer: Awaited<ReturnType<typeof collect>>;
// Fuzhou's Gulou district: the headcounts this test reports feed the risk monitors too, and the
// risk-response test expects no monitored region in Jilin.
const county = '350102';
const supervisor: Actor = { userId: 'sup-gulou', role: 'supervisor', jurisdiction: county };
const liaison: Actor = { userId: 'liaison-he', role: 'liaison', jurisdiction: county };
const cw: Actor = { userId: 'cw-gulou', role: 'caseworker', jurisdiction: county };
const enc = encodeURIComponent;
// A code unique to this run: account workflow IDs are the credit code, and other test files'
// systems read the same topics from the beginning.
const run = String(Date.now()).slice(-6);
const code = creditCode(county, `MA${run}K`.padEnd(9, '0'));

beforeAll(async () => {
  sys = await startTestSystem('key_enterprise');
  const kafka = testKafka();
  producer = kafka.producer();
  await producer.connect();
  observer = await collect(kafka, ['ent.hiring.demand.v1.dlq', 'task.lifecycle.v1']);
});

afterAll(async () => {
  await observer?.consumer.disconnect();
  await producer?.disconnect();
  await sys?.stop();
});

const tasksOf = async (actor: Actor, scope: 'mine' | 'team' = 'mine'): Promise<TaskView[]> =>
  TaskList.parse((await sys.api(`/api/tasks?scope=${scope}&limit=200`, actor)).body).items;
const accountOf = async () => {
  const res = await sys.api(`/api/enterprises/${code}`, liaison);
  return res.status === 200 ? EnterpriseDetail.parse(res.body) : undefined;
};

describe('key-enterprise account on real Temporal, Kafka and PostgreSQL', () => {
  it('lists, answers a demand across National Day, counts a hire, keeps jobs and takes it off the list', async () => {
    // Listed over HTTP by the county's supervisor: the liaison's first contact, assigned to them.
    const listing = { creditCode: code, name: '福州示例装备制造有限公司', regionCode: county, industryCode: 'C34', specialistId: liaison.userId };
    // Market regulation (the stand-in, over HTTP) has it registered as typed: no warning.
    sys.registries.seed({
      enterprises: [{ creditCode: code, name: listing.name, regionCode: county, industryCode: 'C34', status: 'active', establishedOn: '2012-03-01' }],
    });
    expect((await sys.api('/api/enterprises', liaison, { body: listing })).status).toBe(403);
    const listed = await sys.api('/api/enterprises', supervisor, { body: listing });
    expect(listed.status).toBe(201);
    expect(listed.body).toMatchObject({
      creditCode: code,
      caseId: `key-enterprise:${code}`,
      effect: 'listed',
      registration: { checked: true, name: listing.name, status: 'active' },
      warnings: [],
    });
    const contact = await eventually('the first contact in the liaison’s inbox', async () =>
      (await tasksOf(liaison)).find((t) => t.caseId === `key-enterprise:${code}` && t.type === 'enterprise-contact'),
    );
    expect(contact).toMatchObject({ status: 'claimed', assignee: liaison.userId, candidateRole: 'liaison' });
    const mine = await eventually('the account among mine, with its next contact', async () =>
      EnterpriseList.parse((await sys.api('/api/enterprises?scope=mine', liaison)).body).items.find((e) => e.creditCode === code && e.nextContactDue !== null),
    );
    expect(mine).toMatchObject({ status: 'listed', contacts: 0, nextContactDue: contact.dueDate, openDemands: 0 });

    // The platform's demand, posted on 30 September 2026: 1–7 October off, due Friday 9 October.
    const demand = {
      eventId: `dm-${run}-1`,
      occurredAt: '2026-09-30T16:30:00+08:00',
      demandId: `HR-${run}-1`,
      creditCode: code,
      regionCode: county,
      positions: [
        { title: '数控车工', count: 2, skillLevel: 'intermediate', wageMin: 5500, wageMax: 7500 },
        { title: '电工', count: 1 },
      ],
    };
    await send(producer, 'ent.hiring.demand.v1', code, demand);
    // One posted on Friday 9 October: Saturday 10 October is a make-up working day, so due Monday 12.
    await send(producer, 'ent.hiring.demand.v1', code, { ...demand, eventId: `dm-${run}-2`, demandId: `HR-${run}-2`, occurredAt: '2026-10-09T11:00:00+08:00' });
    // One the platform gets wrong goes to the DLQ with the reason.
    await send(producer, 'ent.hiring.demand.v1', code, { ...demand, eventId: `dm-${run}-3`, demandId: `HR-${run}-3`, positions: [] });
    const responses = await eventually('both responses in the liaison’s inbox', async () => {
      const found = (await tasksOf(liaison)).filter((t) => t.caseId === `key-enterprise:${code}` && t.type === 'enterprise-demand-response');
      return found.length === 2 ? found : undefined;
    });
    const dueDates = Object.fromEntries(responses.map((t) => [String((t.data as { demandId: string }).demandId), t.dueDate]));
    expect(dueDates).toEqual({ [`HR-${run}-1`]: '2026-10-09', [`HR-${run}-2`]: '2026-10-12' });
    const dead = await eventually('the bad demand in the DLQ', async () =>
      observer.messages.get('ent.hiring.demand.v1.dlq')?.find((m) => m.value.includes(`HR-${run}-3`)),
    );
    expect(dead.headers['dlq-reason']).toContain('positions');

    // Left unfilled past its days, the first demand's fill task went up the ladder: the county's supervisor, then the city's.
    const fill = await eventually('the first demand escalated to the city', async () => {
      const t = (await tasksOf({ ...supervisor, jurisdiction: '3501' })).find(
        (task) => task.type === 'enterprise-demand-fill' && (task.data as { demandId: string }).demandId === `HR-${run}-1`,
      );
      return t?.escalationPath.some((s) => s.regionCode === '3501') ? t : undefined;
    });
    expect(fill.escalationPath.slice(0, 2)).toEqual([
      { role: 'supervisor', regionCode: county },
      { role: 'supervisor', regionCode: '3501' },
    ]);

    // A graduate of the county is enrolled there: a hire against the oldest demand, and the graduate's case closes.
    const idNumber = residentId(county, '20030411', '624');
    const handover = graduateHandover({ idNumber, householdRegionCode: county, handoverId: `JL-${run}` });
    const graduateCase = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), handover.year);
    await send(producer, 'edu.graduate.handover.v1', idNumber, handover);
    await eventually('the graduate’s case', async () => ((await sys.api(`/api/cases/${enc(graduateCase)}`, cw)).status === 200 ? true : undefined));
    await send(producer, 'si.enrollment.changed.v1', idNumber, {
      eventId: `si-${run}`,
      occurredAt: shanghaiInstant(),
      idNumber,
      creditCode: code,
      regionCode: county,
      change: 'enrolled',
      effectiveDate: shanghaiDay(),
    });
    const hired = await eventually('the hire counted', async () => {
      const a = await accountOf();
      return a?.hires === 1 ? a : undefined;
    });
    expect(hired.demands.find((d) => d.demandId === `HR-${run}-1`)).toMatchObject({ filled: 1, vacancies: 3, status: 'open' });
    expect(hired).toMatchObject({ openDemands: 2, vacanciesOpen: 5, vacanciesFilled: 1 });
    const closed = await eventually('the graduate’s case closed', async () => {
      const d = CaseDetail.parse((await sys.api(`/api/cases/${enc(graduateCase)}`, cw)).body);
      return d.status === 'closed' ? d : undefined;
    });
    expect(closed.reason).toContain(code);

    // Social insurance's months: 14% fewer insured staff opens a job-keeping task; a layoff filing is linked.
    for (const [period, insuredHeadcount] of [
      ['2026-10', 500],
      ['2026-11', 430],
    ] as const) {
      await send(producer, 'si.headcount.reported.v1', code, {
        eventId: `hc-${run}-${period}`,
        occurredAt: shanghaiInstant(),
        creditCode: code,
        regionCode: county,
        industryCode: 'C34',
        period,
        insuredHeadcount,
      });
    }
    const keeping = await eventually('the job-keeping task', async () =>
      (await tasksOf(liaison)).find((t) => t.caseId === `key-enterprise:${code}` && t.type === 'enterprise-job-keeping'),
    );
    expect(keeping.title).toContain('下降 14.0%');
    const filing = layoffFiling({ creditCode: code, filingId: `LF-${run}`, regionCode: county, industryCode: 'C34', headcount: 430, layoffCount: 60 });
    await send(producer, 'hrss.layoff.filed.v1', code, filing);
    const linked = await eventually('the filing linked', async () => {
      const a = await accountOf();
      // The timeline note and the account's read model are separate writes: wait for both.
      return a?.timeline.find((e) => e.kind === 'layoff.linked') && a.layoffFilings.length > 0 ? a : undefined;
    });
    expect(linked.layoffFilings).toEqual([
      { filingId: filing.filingId, caseId: layoffFilingWorkflowId(filing), layoffCount: 60, plannedDate: filing.plannedDate },
    ]);
    expect(linked.headcount).toMatchObject({ count: 430, period: '2026-11', source: 'social-insurance' });

    // Off the list: its tasks cancelled, the account removed, a removal audited.
    expect((await sys.api(`/api/enterprises/${code}/removal`, liaison, { body: { reason: '企业迁出' } })).status).toBe(403);
    expect((await sys.api(`/api/enterprises/${code}/removal`, supervisor, { body: { reason: '企业已迁出本区' } })).status).toBe(202);
    const removed = await eventually('the account removed', async () => {
      const a = await accountOf();
      return a?.status === 'removed' && a.tasks.length === 0 ? a : undefined;
    });
    expect(removed).toMatchObject({ removalReason: '企业已迁出本区', tasks: [] });
    expect(removed.demands.every((d) => d.status === 'closed' || d.status === 'filled')).toBe(true);
    const audit = await sys.system.database.prisma.auditEntry.findMany({ where: { caseId: `key-enterprise:${code}` }, orderBy: { at: 'asc' } });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['enterprise.list', 'case.close']));
    // The graduate's ID number never left in a task event.
    const events = (observer.messages.get('task.lifecycle.v1') ?? []).map((m) => m.value).join('\n');
    expect(events).not.toContain(idNumber);
  });
});
