/**
 * No existence oracle: for every route that names a case, task or enterprise by ID, another
 * jurisdiction's resource is answered byte for byte as one that does not exist. The app runs
 * in-process over embedded PGlite with the rows written as the workflows write them; Temporal is
 * absent, so a route that asked it would not answer 404.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseActivities } from '../../activities/cases.js';
import { createKeyEnterpriseActivities } from '../../activities/key-enterprise.js';
import { createTaskActivities } from '../../activities/tasks.js';
import { systemActor, type Actor } from '../../domain/actor.js';
import { keyEnterpriseWorkflowId } from '../../domain/cases/key-enterprise.js';
import { createTokenService } from '../../services/http/auth.js';
import { creditCode, taskView } from '../support/fixtures.js';
import { unitApi } from '../support/api.js';
import { migratedDatabase } from '../support/pglite.js';

const tokens = createTokenService('uniform-unit-secret');
const pglite = migratedDatabase('jiuye-uniform-');
let app: ReturnType<typeof unitApi>;

type Ids = { id: string; creditCode: string; runId: string };
const existing: Ids = { id: 'layoff-filing:uniform', creditCode: creditCode('220102', 'MA0000KU1'), runId: 'run-6f1c2a9e-0d3b-4c7e-9a51-2b8d4e6f0a13' };
const taskId = 'tk-uniform';
const missing: Ids = { id: 'layoff-filing:nobody', creditCode: creditCode('220102', 'MA0000KN1'), runId: 'run-00000000-0000-4000-8000-000000000000' };
const at = '2026-11-20T02:00:00.000Z';

/** Every route that names a resource, with a body it accepts; `{id}` is a case's or a task's ID. */
const routes: { method: 'GET' | 'POST'; template: string; body?: unknown }[] = [
  { method: 'GET', template: '/api/cases/{id}' },
  { method: 'GET', template: '/api/cases/{id}/audit' },
  { method: 'GET', template: '/api/cases/{id}/personal-data' },
  { method: 'GET', template: '/api/responses/{caseId}/directives' },
  { method: 'GET', template: '/api/imports/graduates/files/{runId}' },
  { method: 'GET', template: '/api/imports/graduates/files/{runId}/rejected.csv' },
  { method: 'POST', template: '/api/cases/{id}/close', body: { reason: '帮扶措施已落实' } },
  { method: 'POST', template: '/api/cases/{id}/outcome', body: { outcome: 'further-study', note: '考取研究生' } },
  { method: 'GET', template: '/api/tasks/{id}' },
  { method: 'GET', template: '/api/tasks/{id}/vacancies' },
  { method: 'POST', template: '/api/tasks/{id}/claim', body: {} },
  { method: 'POST', template: '/api/tasks/{id}/release', body: {} },
  { method: 'POST', template: '/api/tasks/{id}/complete', body: { result: { planCompliant: true, measures: [], summary: '已核查' } } },
  { method: 'POST', template: '/api/tasks/{id}/reassign', body: { assignee: 'cw-new', reason: '工作调整' } },
  { method: 'POST', template: '/api/tasks/{id}/notes', body: { text: '备注' } },
  { method: 'POST', template: '/api/tasks/{id}/sla/pause', body: { reason: '等待企业补充材料' } },
  { method: 'POST', template: '/api/tasks/{id}/sla/resume', body: {} },
  { method: 'GET', template: '/api/enterprises/{creditCode}' },
  { method: 'POST', template: '/api/enterprises/{creditCode}/removal', body: { reason: '企业不再属于重点企业' } },
  { method: 'POST', template: '/api/enterprises/{creditCode}/demands', body: { positions: [{ title: '装配工', count: 2 }] } },
  { method: 'POST', template: '/api/enterprises/{creditCode}/subsidies', body: { subsidy: 'job-retention-refund' } },
  { method: 'GET', template: '/api/enterprises/{creditCode}/demands/{demandId}/matches' },
];

/** A supervisor (the role every one of these routes lets in) of Fuzhou, far from the Changchun rows. */
const fuzhou: Actor = { userId: 'sup-fuzhou', role: 'supervisor', jurisdiction: '3501' };

async function request(method: string, template: string, ids: Ids & { task: string }, body?: unknown) {
  const url = template
    .replace('{id}', encodeURIComponent(template.startsWith('/api/tasks') ? ids.task : ids.id))
    .replace('{caseId}', encodeURIComponent(ids.id))
    .replace('{runId}', ids.runId)
    .replace('{creditCode}', ids.creditCode)
    .replace('{demandId}', 'D-1');
  const res = await app.request(url, {
    method,
    headers: { authorization: `Bearer ${await tokens.sign(fuzhou)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

beforeAll(async () => {
  await createCaseActivities({ prisma: pglite.db.prisma }).recordCaseOpened({
    caseId: existing.id,
    type: 'layoff-filing',
    regionCode: '220102',
    title: '裁员备案',
    at,
    reason: '收到裁员备案',
    detail: {},
  });
  await createTaskActivities({ prisma: pglite.db.prisma, publish: async (input) => ({ eventId: input.message.eventId }) }).recordTaskChange({
    task: taskView({ id: taskId, caseId: existing.id }),
    action: 'created',
    actor: systemActor,
    at,
    before: null,
    after: {},
    detail: {},
  });
  await createKeyEnterpriseActivities({ prisma: pglite.db.prisma }).recordKeyEnterpriseAccount({
    account: {
      creditCode: existing.creditCode,
      name: '长春示例企业',
      regionCode: '220102',
      industryCode: 'C36',
      specialistId: 'liaison-wang',
      caseId: keyEnterpriseWorkflowId(existing.creditCode),
      status: 'listed',
      listedAt: at,
      removedAt: null,
      removalReason: null,
      contacts: 0,
      lastContactAt: null,
      nextContactDue: '2026-12-10',
      headcount: null,
      shortage: null,
      vacancyStructure: [],
      hires: 0,
      hiresOutsideDemands: 0,
      layoffFilings: [],
      demands: [],
    },
    revision: 1,
    at,
  });
  // A Changchun caseworker's list upload, as the upload route records it.
  await pglite.db.prisma.graduateImportRun.create({
    data: {
      id: existing.runId,
      createdAt: new Date(at),
      heartbeatAt: new Date(at),
      finishedAt: new Date(at),
      actorId: 'cw-changchun',
      actorRole: 'caseworker',
      regionCode: '220102',
      fileName: '名单.xlsx',
      handoverId: 'IMPORT-UNIFORM',
      occurredAt: at,
      status: 'finished',
      total: 1,
      processed: 1,
      imported: 0,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      rejectedRows: [{ row: 2, reasons: ['身份证号：校验位错误'] }],
    },
  });
  app = unitApi({ prisma: pglite.db.prisma, tokens });
});

describe('a resource of another jurisdiction', () => {
  it('is in the table below for every route the API names a resource in', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const named = Object.entries(doc.paths).flatMap(([p, methods]) => (p.includes('{') ? Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`) : []));
    expect(routes.map((r) => `${r.method} ${r.template}`).sort()).toEqual(named.sort());
  });

  it.each(routes)('is answered as a missing one: $method $template', async ({ method, template, body }) => {
    const elsewhere = await request(method, template, { ...existing, task: taskId }, body);
    const nowhere = await request(method, template, { ...missing, task: 'tk-nobody' }, body);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere).toEqual(nowhere);
  });

  it('is there for its own jurisdiction (the rows above are real)', async () => {
    const changchun: Actor = { ...fuzhou, jurisdiction: '2201' };
    for (const url of [
      `/api/cases/${encodeURIComponent(existing.id)}`,
      `/api/tasks/${taskId}`,
      `/api/enterprises/${existing.creditCode}`,
      `/api/imports/graduates/files/${existing.runId}`,
    ]) {
      const res = await app.request(url, { headers: { authorization: `Bearer ${await tokens.sign(changchun)}` } });
      expect(res.status).toBe(200);
    }
  });
});
