/**
 * The caseworker inbox over HTTP on the real engines: the full flow from a filing to a completed
 * review task (timeline, audit, events), the claim race, and the access matrix: every endpoint
 * with every role, inside and outside the case's (or key enterprise's) jurisdiction, with no token
 * and a tampered one.
 */
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetail, CaseList } from '../../domain/contracts/http.js';
import { AuditList, TaskList, TaskView } from '../../domain/contracts/tasks.js';
import { type Actor, type Role } from '../../domain/actor.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { creditCode, graduateHandover, layoffFiling } from '../support/fixtures.js';
import { collect, eventually, send, startTestSystem, testKafka, type TestSystem } from './harness.js';

let sys: TestSystem;
let producer: Producer;
let observer: Awaited<ReturnType<typeof collect>>;

const roles: Role[] = ['caseworker', 'supervisor', 'liaison', 'leader', 'admin'];
const inside = (role: Role, userId = `${role}-changchun`): Actor => ({ userId, role, jurisdiction: '2201' });
const outside = (role: Role): Actor => ({ userId: `${role}-fuzhou`, role, jurisdiction: '3501' });
const goodResult = { planCompliant: true, measures: ['reemployment-services', 'special-job-fair'], summary: '已上门核查，方案合规，组织专场招聘' };
const enc = encodeURIComponent;

// Credit codes unique to this run: account workflow IDs are the credit code.
const run = String(Date.now()).slice(-6);
let enterprises = 0;

/** Lists a key enterprise in Changchun and returns its credit code once its account is in the read model. */
async function openEnterprise(): Promise<string> {
  enterprises += 1;
  const code = creditCode('220102', `M${run}${String(enterprises).padStart(2, '0')}`);
  const listing = { creditCode: code, name: '长春示例企业', regionCode: '220102', industryCode: 'C36', specialistId: 'liaison-changchun' };
  expect((await sys.api('/api/enterprises', inside('supervisor'), { body: listing })).status).toBe(201);
  await eventually(
    `the account of ${code}`,
    async () => (await sys.system.database.prisma.keyEnterprise.findUnique({ where: { creditCode: code } })) ?? undefined,
  );
  return code;
}

/** Publishes a filing and returns its case and review task once the task is in the read model. */
async function openCase(): Promise<{ caseId: string; taskId: string }> {
  const filing = layoffFiling();
  await send(producer, 'hrss.layoff.filed.v1', filing.creditCode, filing);
  const caseId = layoffFilingWorkflowId(filing);
  const task = await eventually(`review task of ${caseId}`, async () => {
    const row = await sys.system.database.prisma.task.findFirst({ where: { caseId } });
    return row ?? undefined;
  });
  return { caseId, taskId: task.id };
}

beforeAll(async () => {
  sys = await startTestSystem('tasks');
  const kafka = testKafka();
  producer = kafka.producer();
  await producer.connect();
  observer = await collect(kafka, ['task.lifecycle.v1', 'case.lifecycle.v1']);
});

afterAll(async () => {
  await observer?.consumer.disconnect();
  await producer?.disconnect();
  await sys?.stop();
});

describe('caseworker inbox over HTTP', () => {
  it('takes a review task from the inbox to done, with timeline, audit and events', async () => {
    const { caseId, taskId } = await openCase();
    const me = inside('caseworker', 'cw-wang');

    const inbox = TaskList.parse((await sys.api('/api/tasks?scope=mine', me)).body);
    const mine = inbox.items.find((t) => t.id === taskId);
    expect(mine).toMatchObject({ status: 'open', candidateRole: 'caseworker', type: 'layoff-review', overdue: false });
    // Due at the end of a working day in Shanghai, from the profile's 3 working days.
    expect(mine?.dueAt).toMatch(/T23:59:59\.999\+08:00$|T15:59:59\.999Z$/);

    const claimed = await sys.api(`/api/tasks/${enc(taskId)}/claim`, me, { body: {} });
    expect(claimed.status).toBe(200);
    expect(TaskView.parse(claimed.body)).toMatchObject({ status: 'claimed', assignee: 'cw-wang' });

    const noted = await sys.api(`/api/tasks/${enc(taskId)}/notes`, me, { body: { text: '已电话联系企业人事负责人' } });
    expect(TaskView.parse(noted.body).notes).toEqual([expect.objectContaining({ by: 'cw-wang', text: '已电话联系企业人事负责人' })]);

    const bad = await sys.api(`/api/tasks/${enc(taskId)}/complete`, me, { body: { result: { planCompliant: 'yes', measures: [] } } });
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
      'result.measures',
      'result.planCompliant',
      'result.summary',
    ]);

    const done = await sys.api(`/api/tasks/${enc(taskId)}/complete`, me, { body: { result: goodResult } });
    expect(done.status).toBe(200);
    expect(TaskView.parse(done.body)).toMatchObject({ status: 'completed', result: goodResult });

    const detail = await eventually('case advanced', async () => {
      const d = CaseDetail.parse((await sys.api(`/api/cases/${enc(caseId)}`, me)).body);
      return d.status === 'in-progress' ? d : undefined;
    });
    expect(detail.timeline.map((e) => e.kind)).toEqual(['opened', 'task.created', 'task.claim', 'task.note', 'task.complete', 'advanced']);

    const audit = await sys.api(`/api/cases/${enc(caseId)}/audit`, inside('supervisor'));
    const entries = AuditList.parse(audit.body).items;
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ['task.created', 'system'],
      ['task.claim', 'cw-wang'],
      ['task.note', 'cw-wang'],
      ['task.complete', 'cw-wang'],
    ]);
    expect(entries[1]).toMatchObject({
      actorRole: 'caseworker',
      before: { status: 'open', assignee: null },
      after: { status: 'claimed', assignee: 'cw-wang' },
    });
    expect((await sys.api(`/api/cases/${enc(caseId)}/audit`, me)).status).toBe(403);

    const events = await eventually('task.lifecycle.v1 completed', async () => {
      const mineEvents = observer.messages.get('task.lifecycle.v1')?.filter((m) => m.key === caseId) ?? [];
      return mineEvents.some((m) => (JSON.parse(m.value) as { kind: string }).kind === 'completed') ? mineEvents : undefined;
    });
    expect(events.map((m) => (JSON.parse(m.value) as { kind: string }).kind)).toEqual(['created', 'claimed', 'completed']);
  });

  it('lets one of two simultaneous claims win and answers the other with 409', async () => {
    const { taskId } = await openCase();
    const [a, b] = await Promise.all([
      sys.api(`/api/tasks/${enc(taskId)}/claim`, inside('caseworker', 'cw-li'), { body: {} }),
      sys.api(`/api/tasks/${enc(taskId)}/claim`, inside('caseworker', 'cw-zhao'), { body: {} }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body).toMatchObject({ code: 'task_conflict', message: '任务已被他人认领' });
    const row = await sys.system.database.prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(row.assignee).toBe(a.status === 200 ? 'cw-li' : 'cw-zhao');
  });

  it('pages the team inbox by due date with a cursor, without gaps or repeats', async () => {
    await openCase();
    await openCase();
    const supervisor = inside('supervisor');
    const all = TaskList.parse((await sys.api('/api/tasks?scope=team&limit=200', supervisor)).body).items;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${enc(cursor)}` : '';
      const page = TaskList.parse((await sys.api(`/api/tasks?scope=team&limit=2${query}`, supervisor)).body);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((t) => t.id));
    const dues = all.map((t) => Date.parse(t.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect((await sys.api('/api/tasks?scope=team&cursor=garbage', supervisor)).status).toBe(400);
  });

  describe('access matrix', () => {
    type Ids = { caseId: string; taskId: string; creditCode: string; runId: string };
    /** `opens`: what a state-changing success needs of its own, so later cells still see the shared one as it was. */
    type Endpoint = { name: string; method: 'GET' | 'POST'; path: (ids: Ids) => string; body?: unknown; changesState?: boolean; opens?: 'enterprise' };
    const listing = (code: string) => ({
      creditCode: code,
      name: '长春示例企业',
      regionCode: '220102',
      industryCode: 'C36',
      specialistId: 'liaison-changchun',
    });
    const endpoints: Endpoint[] = [
      { name: 'list cases', method: 'GET', path: () => '/api/cases' },
      { name: 'get case', method: 'GET', path: ({ caseId }) => `/api/cases/${enc(caseId)}` },
      { name: 'case audit', method: 'GET', path: ({ caseId }) => `/api/cases/${enc(caseId)}/audit` },
      { name: 'personal data', method: 'GET', path: ({ caseId }) => `/api/cases/${enc(caseId)}/personal-data` },
      { name: 'list tasks', method: 'GET', path: () => '/api/tasks?scope=team' },
      { name: 'get task', method: 'GET', path: ({ taskId }) => `/api/tasks/${enc(taskId)}` },
      { name: 'task vacancies', method: 'GET', path: ({ taskId }) => `/api/tasks/${enc(taskId)}/vacancies` },
      { name: 'claim', method: 'POST', path: ({ taskId }) => `/api/tasks/${enc(taskId)}/claim`, body: {}, changesState: true },
      { name: 'release', method: 'POST', path: ({ taskId }) => `/api/tasks/${enc(taskId)}/release`, body: {}, changesState: true },
      { name: 'complete', method: 'POST', path: ({ taskId }) => `/api/tasks/${enc(taskId)}/complete`, body: { result: goodResult }, changesState: true },
      {
        name: 'reassign',
        method: 'POST',
        path: ({ taskId }) => `/api/tasks/${enc(taskId)}/reassign`,
        body: { assignee: 'cw-new', reason: '工作调整' },
        changesState: true,
      },
      { name: 'note', method: 'POST', path: ({ taskId }) => `/api/tasks/${enc(taskId)}/notes`, body: { text: '备注' } },
      {
        name: 'pause sla',
        method: 'POST',
        path: ({ taskId }) => `/api/tasks/${enc(taskId)}/sla/pause`,
        body: { reason: '等待企业补充材料' },
        changesState: true,
      },
      { name: 'resume sla', method: 'POST', path: ({ taskId }) => `/api/tasks/${enc(taskId)}/sla/resume`, body: {}, changesState: true },
      {
        name: 'graduate outcome',
        method: 'POST',
        path: ({ caseId }) => `/api/cases/${enc(caseId)}/outcome`,
        body: { outcome: 'further-study', note: '考取研究生' },
      },
      { name: 'ledger summary', method: 'GET', path: () => '/api/ledgers/graduates?year=2026&region=220102' },
      { name: 'ledger lines', method: 'GET', path: () => '/api/ledgers/graduates/lines?year=2026&region=220102' },
      { name: 'ledger export', method: 'GET', path: () => '/api/ledgers/graduates/export?year=2026&region=220102&format=csv' },
      { name: 'ledger export full', method: 'GET', path: () => '/api/ledgers/graduates/export?year=2026&region=220102&format=csv&personalData=full' },
      { name: 'list risk', method: 'GET', path: () => '/api/risk' },
      { name: 'list summary cases', method: 'GET', path: () => '/api/summary/cases' },
      { name: 'list summary tasks', method: 'GET', path: () => '/api/summary/tasks' },
      { name: 'list summary graduate-1311', method: 'GET', path: () => '/api/summary/graduate-1311' },
      { name: 'list summary enterprise-demands', method: 'GET', path: () => '/api/summary/enterprise-demands' },
      { name: 'list summary directives', method: 'GET', path: () => '/api/summary/directives' },
      { name: 'response directives', method: 'GET', path: ({ caseId }) => `/api/responses/${enc(caseId)}/directives` },
      { name: 'close case', method: 'POST', path: ({ caseId }) => `/api/cases/${enc(caseId)}/close`, body: { reason: '帮扶措施已落实' }, changesState: true },
      {
        name: 'import graduates',
        method: 'POST',
        path: () => '/api/imports/graduates',
        body: {
          source: { fileName: '名单.xlsx', handoverId: 'JL-2026-MATRIX' },
          rows: [{ row: 2, handover: graduateHandover({ handoverId: 'JL-2026-MATRIX' }) }],
        },
      },
      // A list's header alone: a run that hands nothing over, so no cell opens a case.
      { name: 'upload graduate list', method: 'POST', path: () => `/api/imports/graduates/files?fileName=${enc('名单.csv')}`, body: 'file' },
      { name: 'recent import runs', method: 'GET', path: () => '/api/imports/graduates/files' },
      { name: 'import run', method: 'GET', path: ({ runId }) => `/api/imports/graduates/files/${runId}` },
      { name: 'import run rejected rows', method: 'GET', path: ({ runId }) => `/api/imports/graduates/files/${runId}/rejected.csv` },
      { name: 'list enterprises', method: 'GET', path: () => '/api/enterprises' },
      { name: 'list my enterprises', method: 'GET', path: () => '/api/enterprises?scope=mine' },
      { name: 'get enterprise', method: 'GET', path: ({ creditCode }) => `/api/enterprises/${creditCode}` },
      { name: 'put on the key list', method: 'POST', path: () => '/api/enterprises', body: 'listing' },
      {
        name: 'record demand',
        method: 'POST',
        path: ({ creditCode }) => `/api/enterprises/${creditCode}/demands`,
        body: { positions: [{ title: '装配工', count: 2 }] },
      },
      { name: 'subsidy help', method: 'POST', path: ({ creditCode }) => `/api/enterprises/${creditCode}/subsidies`, body: { subsidy: 'job-retention-refund' } },
      { name: 'demand matches', method: 'GET', path: ({ creditCode }) => `/api/enterprises/${creditCode}/demands/MATRIX-1/matches` },
      { name: 'demand ledger export', method: 'GET', path: () => '/api/enterprises/demands/export?region=2201&format=csv' },
      { name: 'import enterprises', method: 'POST', path: () => '/api/imports/enterprises', body: 'import' },
      {
        name: 'remove from the key list',
        method: 'POST',
        path: ({ creditCode }) => `/api/enterprises/${creditCode}/removal`,
        body: { reason: '企业不再属于重点企业' },
        changesState: true,
        opens: 'enterprise',
      },
    ];
    // Expected status on an open, unclaimed task, inside the jurisdiction, by role:
    //                       caseworker supervisor liaison leader admin
    const insideExpected: Record<string, number[]> = {
      'list cases': [200, 200, 200, 200, 200],
      'get case': [200, 200, 200, 200, 200],
      'case audit': [403, 200, 403, 200, 200],
      // A layoff filing has no person: the roles that may see one are told so.
      'personal data': [409, 409, 403, 409, 403],
      'list tasks': [200, 200, 200, 200, 200],
      'get task': [200, 200, 200, 200, 200],
      // A layoff review offers no jobs: every reader is told so.
      'task vacancies': [409, 409, 409, 409, 409],
      claim: [200, 200, 403, 403, 403],
      release: [403, 409, 403, 403, 403],
      complete: [409, 409, 403, 403, 403],
      reassign: [403, 200, 403, 403, 403],
      note: [200, 200, 200, 200, 403],
      'pause sla': [403, 200, 403, 403, 403],
      'resume sla': [403, 409, 403, 403, 403],
      // On a layoff case: the roles that may record outcomes are told it is not a graduate case.
      'graduate outcome': [409, 409, 403, 403, 403],
      'ledger summary': [200, 200, 403, 200, 200],
      'ledger lines': [200, 200, 403, 200, 200],
      'ledger export': [200, 200, 403, 200, 200],
      'ledger export full': [403, 200, 403, 200, 403],
      'import graduates': [200, 200, 403, 403, 403],
      'upload graduate list': [202, 202, 403, 403, 403],
      'recent import runs': [200, 200, 403, 403, 403],
      'import run': [200, 200, 403, 403, 403],
      'import run rejected rows': [200, 200, 403, 403, 403],
      'list risk': [200, 200, 200, 200, 200],
      'list summary cases': [200, 200, 200, 200, 200],
      'list summary tasks': [200, 200, 200, 200, 200],
      'list summary graduate-1311': [200, 200, 200, 200, 200],
      'list summary enterprise-demands': [200, 200, 200, 200, 200],
      'list summary directives': [200, 200, 200, 200, 200],
      // The shared case is a layoff filing: every reader is told it is no emergency response.
      'response directives': [409, 409, 409, 409, 409],
      'close case': [202, 202, 403, 403, 403],
      'list enterprises': [200, 200, 200, 200, 200],
      'list my enterprises': [200, 200, 200, 200, 200],
      'get enterprise': [200, 200, 200, 200, 200],
      // Listed already: the listing is unchanged.
      'put on the key list': [403, 200, 403, 200, 403],
      'record demand': [403, 202, 202, 403, 403],
      'subsidy help': [403, 200, 200, 403, 403],
      'demand matches': [200, 200, 200, 200, 200],
      'demand ledger export': [200, 200, 200, 200, 200],
      'import enterprises': [403, 200, 403, 200, 403],
      'remove from the key list': [403, 202, 403, 202, 403],
    };
    // Outside the jurisdiction only the list endpoints answer, and without the case. A case, task or
    // enterprise named by ID is not found (404, as one that does not exist) for every role the
    // route lets in, and 403 for a role it never lets in, which tells nothing of the resource. A
    // region filter outside the jurisdiction is 403; a listing there is refused (403). An importer's
    // batch is accepted, its rows outside the jurisdiction rejected one by one (checked below).
    //                        caseworker supervisor liaison leader admin
    const notFound = [404, 404, 404, 404, 404];
    const outsideByRole: Record<string, number[]> = {
      'get case': notFound,
      'case audit': [403, 404, 403, 404, 404],
      'personal data': [404, 404, 403, 404, 403],
      'get task': notFound,
      'task vacancies': notFound,
      claim: notFound,
      release: notFound,
      complete: notFound,
      reassign: notFound,
      note: notFound,
      'pause sla': notFound,
      'resume sla': notFound,
      'graduate outcome': [404, 404, 403, 403, 403],
      'close case': [404, 404, 403, 403, 403],
      'get enterprise': notFound,
      'response directives': notFound,
      'record demand': [403, 404, 404, 403, 403],
      'subsidy help': [403, 404, 404, 403, 403],
      'demand matches': notFound,
      'remove from the key list': [403, 404, 403, 404, 403],
      'import graduates': [200, 200, 403, 403, 403],
      'upload graduate list': [202, 202, 403, 403, 403],
      'recent import runs': [200, 200, 403, 403, 403],
      'import run': [404, 404, 403, 403, 403],
      'import run rejected rows': [404, 404, 403, 403, 403],
      'import enterprises': [403, 200, 403, 200, 403],
    };
    const outsideExpected = (name: string, role: Role) => (name.startsWith('list') ? 200 : (outsideByRole[name]?.[roles.indexOf(role)] ?? 403));

    it('allows exactly what each role may do, and only in its jurisdiction', async () => {
      const shared: Ids = { ...(await openCase()), creditCode: await openEnterprise(), runId: await uploadList() };
      // The shared enterprise's demand, for its matches.
      expect(
        (
          await sys.api(`/api/enterprises/${shared.creditCode}/demands`, inside('supervisor'), {
            body: { demandId: 'MATRIX-1', positions: [{ title: '数控车工', count: 1 }] },
          })
        ).status,
      ).toBe(202);
      await eventually(
        'the shared demand',
        async () =>
          (await sys.system.database.prisma.enterpriseDemand.findUnique({
            where: { creditCode_demandId: { creditCode: shared.creditCode, demandId: 'MATRIX-1' } },
          })) ?? undefined,
      );
      const bodyOf = (endpoint: Endpoint, ids: Ids): unknown =>
        endpoint.body === 'listing'
          ? listing(ids.creditCode)
          : endpoint.body === 'import'
            ? { source: { fileName: '重点企业名单.xlsx' }, rows: [{ row: 3, enterprise: listing(ids.creditCode) }] }
            : endpoint.body;
      const failures: string[] = [];
      const check = async (label: string, endpoint: Endpoint, actor: Actor | null, expected: number, ids = shared, token?: string) => {
        const body = bodyOf(endpoint, ids);
        const res =
          endpoint.body === 'file'
            ? await fetch(`${sys.system.httpUrl}${endpoint.path(ids)}`, {
                method: 'POST',
                headers: { 'content-type': 'text/csv', ...(token || actor ? { authorization: `Bearer ${token ?? (await signedToken(actor!))}` } : {}) },
                body: LIST_HEADER,
              }).then(async (r) => ({ status: r.status, body: await r.json() }))
            : token
              ? await fetch(`${sys.system.httpUrl}${endpoint.path(ids)}`, {
                  method: endpoint.method,
                  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                  body: body === undefined ? undefined : JSON.stringify(body),
                }).then((r) => ({ status: r.status, body: null as unknown }))
              : await sys.api(endpoint.path(ids), actor, { method: endpoint.method, body });
        if (res.status !== expected) failures.push(`${label} ${endpoint.name}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
        return res;
      };

      for (const endpoint of endpoints) {
        for (const [i, role] of roles.entries()) {
          const expected = insideExpected[endpoint.name]![i]!;
          // A state-changing success gets a case of its own, so later cells still see an open task.
          const fresh = endpoint.changesState && (expected === 200 || expected === 202);
          const ids = !fresh
            ? shared
            : endpoint.opens === 'enterprise'
              ? { ...shared, creditCode: await openEnterprise() }
              : { ...shared, ...(await openCase()) };
          await check(`inside ${role}`, endpoint, inside(role), expected, ids);
          const res = await check(`outside ${role}`, endpoint, outside(role), outsideExpected(endpoint.name, role));
          if ((endpoint.name === 'import graduates' || endpoint.name === 'import enterprises') && res.status === 200) {
            expect((res.body as { results: { outcome: string; caseId?: unknown; creditCode?: unknown }[] }).results).toEqual([
              expect.objectContaining({ outcome: 'rejected', ...(endpoint.name === 'import graduates' ? { caseId: null } : { creditCode: null }) }),
            ]);
          }
          if (res.status === 404) {
            // Byte for byte what a missing resource of the same kind gets.
            const gone = await sys.api(
              endpoint.path({
                caseId: 'layoff-filing:nobody',
                taskId: 'tk-nobody',
                creditCode: creditCode('220102', 'MA0000NX1'),
                runId: 'run-00000000-0000-0000-0000-000000000000',
              }),
              outside(role),
              {
                method: endpoint.method,
                body: bodyOf(endpoint, shared),
              },
            );
            if (JSON.stringify(gone) !== JSON.stringify(res))
              failures.push(`outside ${role} ${endpoint.name}: ${JSON.stringify(res)} differs from missing ${JSON.stringify(gone)}`);
          }
          if (endpoint.name === 'list cases') expect(CaseList.parse(res.body).items.map((c) => c.id)).not.toContain(shared.caseId);
          if (endpoint.name === 'list tasks') expect(TaskList.parse(res.body).items.map((t) => t.id)).not.toContain(shared.taskId);
          if (endpoint.name === 'list enterprises') expect(JSON.stringify(res.body)).not.toContain(shared.creditCode);
          if (endpoint.name === 'recent import runs' && res.status === 200) expect(JSON.stringify(res.body)).not.toContain(shared.runId);
          // A summary outside the jurisdiction counts nothing of Changchun's (the shared case, task, enterprise).
          if (endpoint.name.startsWith('list summary')) expect(JSON.stringify(res.body)).not.toContain('"2201');
        }
        await check('no token', endpoint, null, 401);
        const [head, payload, signature] = (await signedToken(inside('caseworker'))).split('.');
        const widened = Buffer.from(
          JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'supervisor', jurisdiction: '22' }),
        ).toString('base64url');
        await check('tampered token', endpoint, null, 401, shared, `${head}.${widened}.${signature}`);
      }
      expect(failures).toEqual([]);
      // The shared task went through every refused action untouched.
      const task = TaskView.parse((await sys.api(`/api/tasks/${enc(shared.taskId)}`, inside('caseworker'))).body);
      expect(task).toMatchObject({ status: 'open', assignee: null, slaPaused: false });
    });
  });
});

const LIST_HEADER = '姓名,身份证号,毕业院校,专业,学历,毕业时间,户籍所在地代码\n';

/** Uploads a graduate list as a Changchun supervisor; the run's ID. */
async function uploadList(): Promise<string> {
  const res = await fetch(`${sys.system.httpUrl}/api/imports/graduates/files?fileName=${enc('名单.csv')}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${await signedToken(inside('supervisor'))}` },
    body: LIST_HEADER,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { runId: string }).runId;
}

/** A valid token for the system under test, for tampering with. */
async function signedToken(actor: Actor): Promise<string> {
  const { createTokenService } = await import('../../services/http/auth.js');
  return createTokenService(sys.config.secrets.jwtSecret as string).sign(actor);
}
