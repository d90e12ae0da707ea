/**
 * The emergency response on the real engines: five layoff filings in one Shandong county, each
 * cutting more than 50 people, make level IV; risk.level.v1 says so, a response case opens and its
 * directives go out on dept.directive.v1; departments' reports on dept.directive.reported.v1
 * advance them; the filing's roster opens re-employment cases, one of which social insurance
 * closes as employed; a deregistration is noted on its filing; a caseworker closes a filing.
 */
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { reemploymentWorkflowId } from '../../domain/cases/reemployment.js';
import { CaseDetail } from '../../domain/contracts/http.js';
import { RiskList } from '../../domain/contracts/risk-response.js';
import { TaskList } from '../../domain/contracts/tasks.js';
import { hashIdNumber } from '../../domain/identity.js';
import { creditCode, layoffFiling, residentId, shanghaiDay, shanghaiInstant } from '../support/fixtures.js';
import { collect, eventually, send, startTestSystem, testKafka, type TestSystem } from './harness.js';

let sys: TestSystem;
let producer: Producer;
let observer: Awaited<ReturnType<typeof collect>>;
const logLines: string[] = [];
const county = '370102';
const leader: Actor = { userId: 'ld-jinan', role: 'leader', jurisdiction: '37' };
const caseworker: Actor = { userId: 'cw-lixia', role: 'caseworker', jurisdiction: county };
const enc = encodeURIComponent;
// Codes unique to this run: other test files' systems read the same topics from the beginning.
const run = String(Date.now()).slice(-6);
const firms = [1, 2, 3, 4, 5].map((i) => creditCode(county, `MA${run}${i}`.padEnd(9, '0')));

beforeAll(async () => {
  sys = await startTestSystem('risk', { logLines });
  const kafka = testKafka();
  producer = kafka.producer();
  await producer.connect();
  observer = await collect(kafka, ['risk.level.v1', 'dept.directive.v1', 'case.lifecycle.v1', 'task.lifecycle.v1']);
});

afterAll(async () => {
  await observer?.consumer.disconnect();
  await producer?.disconnect();
  await sys?.stop();
});

const caseOf = async (id: string, actor: Actor = leader) => {
  const res = await sys.api(`/api/cases/${enc(id)}`, actor);
  return res.status === 200 ? CaseDetail.parse(res.body) : undefined;
};

describe('unemployment-risk response on real Temporal, Kafka and PostgreSQL', () => {
  it('raises level IV from five filings, sends directives, follows reports and re-employs the roster', async () => {
    const filings = firms.map((code, i) =>
      layoffFiling({ creditCode: code, filingId: `LF-${run}-${i + 1}`, regionCode: county, industryCode: 'C36', headcount: 1000, layoffCount: 60 }),
    );
    for (const f of filings) await send(producer, 'hrss.layoff.filed.v1', f.creditCode, f);

    // risk.level.v1: null → IV for the county, with the indicators and reasons behind it.
    const level = await eventually('risk.level.v1 for the county', async () =>
      observer.messages
        .get('risk.level.v1')
        ?.map(
          (m) =>
            JSON.parse(m.value) as {
              regionCode: string;
              level: string | null;
              previousLevel: string | null;
              caseId: string;
              indicators: Record<string, number>;
              reasons: string[];
            },
        )
        .find((m) => m.regionCode === county && m.level === 'IV'),
    );
    expect(level).toMatchObject({ previousLevel: null, indicators: { layoffFirms: 5, layoffFilings: 5 } });
    expect(level.reasons[0]).toContain('5户企业集中裁员');
    const responseId = level.caseId;

    // The response case, and the county's level on GET /api/risk.
    const response = await eventually('the response case under way', async () => {
      const d = await caseOf(responseId);
      return d?.status === 'in-progress' ? d : undefined;
    });
    expect(response).toMatchObject({ type: 'risk-response', regionCode: county, status: 'in-progress' });
    const risk = await eventually('the county in /api/risk', async () =>
      RiskList.parse((await sys.api('/api/risk?region=37', leader)).body).items.find((r) => r.regionCode === county),
    );
    expect(risk).toMatchObject({ declaredLevel: 'IV', colour: 'blue', responseCaseId: responseId });
    expect(RiskList.parse((await sys.api('/api/risk', { ...leader, jurisdiction: '22' })).body).items).toEqual([]);

    // The supervisor's report task, due within 24 clock hours.
    const supervisor: Actor = { userId: 'sv-jinan', role: 'supervisor', jurisdiction: '3701' };
    const report = await eventually('the report task', async () =>
      TaskList.parse((await sys.api('/api/tasks?scope=mine', supervisor)).body).items.find((t) => t.caseId === responseId && t.type === 'risk-report'),
    );
    expect(Date.parse(report.dueAt) - Date.parse(report.createdAt)).toBeLessThanOrEqual(24 * 3_600_000);

    // Directives on dept.directive.v1; a department acknowledges one and reports it done.
    const directives = await eventually('five directives', async () => {
      const mine = (observer.messages.get('dept.directive.v1') ?? [])
        .filter((m) => m.key === responseId)
        .map((m) => JSON.parse(m.value) as { directiveId: string; department: string; instruction: string });
      return mine.length >= 5 ? mine : undefined;
    });
    expect(new Set(directives.map((d) => d.department))).toEqual(new Set(['hrss']));
    const fair = directives.find((d) => d.instruction.includes('专场招聘'))!;
    for (const status of ['acknowledged', 'done'] as const) {
      await send(producer, 'dept.directive.reported.v1', fair.directiveId, {
        eventId: `dr-${run}-${status}`,
        occurredAt: shanghaiInstant(),
        directiveId: fair.directiveId,
        department: 'hrss',
        status,
        note: status === 'done' ? '已举办专场招聘会，进场企业32家' : '已收到',
      });
    }
    const advanced = await eventually('the reports in the timeline', async () => {
      const d = await caseOf(responseId);
      return d?.timeline.some((e) => e.kind === 'directive.done' && e.detail.directiveId === fair.directiveId) ? d : undefined;
    });
    expect(advanced.timeline.filter((e) => e.detail.directiveId === fair.directiveId).map((e) => e.kind)).toEqual([
      'directive.issued',
      'directive.acknowledged',
      'directive.done',
    ]);

    // The roster of the first filing: a re-employment case per worker.
    const workers = [residentId('370102', '19850303', '311'), residentId('370102', '19900707', '422')];
    for (const [i, idNumber] of workers.entries()) {
      await send(producer, 'hrss.layoff.worker.v1', idNumber, {
        eventId: `lw-${run}-${i}`,
        occurredAt: shanghaiInstant(),
        filingId: filings[0]!.filingId,
        creditCode: filings[0]!.creditCode,
        idNumber,
        name: i === 0 ? '张卫东' : '刘红梅',
        phone: i === 0 ? '13600001234' : '13600005678',
        householdRegionCode: county,
        lastWorkingDay: shanghaiDay(20),
        occupation: '装配工',
      });
    }
    const caseIds = workers.map((id) => reemploymentWorkflowId(hashIdNumber(id, sys.config.secrets.idHashKey as string), filings[0]!.filingId));
    for (const id of caseIds) await eventually(`re-employment case ${id}`, () => caseOf(id, caseworker));
    const contact = await eventually('a first contact in the caseworker inbox', async () =>
      TaskList.parse((await sys.api('/api/tasks?scope=mine', caseworker)).body).items.find(
        (t) => t.caseId === caseIds[0] && t.type === 'reemployment-first-contact',
      ),
    );
    expect(contact.title).toContain('张**');

    // Social insurance enrols the first worker: the case closes, the response counts the placement.
    await send(producer, 'si.enrollment.changed.v1', workers[0]!, {
      eventId: `si-${run}`,
      occurredAt: shanghaiInstant(),
      idNumber: workers[0],
      creditCode: creditCode('370103', `MA${run}9`.padEnd(9, '0')),
      regionCode: '370103',
      change: 'enrolled',
      effectiveDate: shanghaiDay(),
    });
    await eventually('the worker placed', async () => ((await caseOf(caseIds[0]!, caseworker))?.status === 'closed' ? true : undefined));
    const placed = await eventually('the placement in /api/risk', async () => {
      const row = RiskList.parse((await sys.api('/api/risk?region=370102', leader)).body).items.find((r) => r.regionCode === county);
      return row?.placed === 1 ? row : undefined;
    });
    expect(placed).toMatchObject({ workers: 2, placed: 1 });

    // Market regulation deregisters the second firm: noted on its filing's case.
    const second = layoffFilingWorkflowId(filings[1]!);
    await send(producer, 'amr.enterprise.status.v1', filings[1]!.creditCode, {
      eventId: `amr-${run}`,
      occurredAt: shanghaiInstant(),
      creditCode: filings[1]!.creditCode,
      name: filings[1]!.enterpriseName,
      regionCode: county,
      industryCode: 'C36',
      status: 'deregistered',
    });
    await eventually('the deregistration on the filing', async () =>
      (await caseOf(second, caseworker))?.timeline.some((e) => e.kind === 'enterprise.status') ? true : undefined,
    );

    // A caseworker of the county closes the first filing; it is audited.
    const first = layoffFilingWorkflowId(filings[0]!);
    expect((await sys.api(`/api/cases/${enc(first)}/close`, { ...caseworker, jurisdiction: '3501' }, { body: { reason: '帮扶措施已落实' } })).status).toBe(403);
    expect((await sys.api(`/api/cases/${enc(first)}/close`, caseworker, { body: { reason: '帮扶措施已落实' } })).status).toBe(202);
    await eventually('the filing closed', async () => ((await caseOf(first, caseworker))?.status === 'closed' ? true : undefined));
    const audit = await sys.system.database.prisma.auditEntry.findMany({ where: { caseId: first, action: 'case.close' } });
    expect(audit.map((a) => a.actorId)).toEqual(['cw-lixia']);
    expect((await sys.api(`/api/cases/${enc(responseId)}/close`, { ...caseworker, jurisdiction: '37' }, { body: { reason: '手动关闭' } })).status).toBe(409);

    // No ID number or phone in clear in anything that left the system, nor in its logs.
    const outbound = [...observer.messages.values()]
      .flat()
      .map((m) => `${m.key}\n${m.value}\n${JSON.stringify(m.headers)}`)
      .join('\n');
    const logs = logLines.join('');
    expect(logs).toContain('"level":20');
    for (const secret of [...workers, '13600001234', '13600005678', '张卫东']) {
      expect(outbound).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
