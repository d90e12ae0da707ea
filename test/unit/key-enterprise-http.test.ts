/**
 * The /api/enterprises endpoints with the app in-process over embedded PGlite and a fake Temporal
 * client: listing (who may, a failing check character as a warning, the audit entry), the list by
 * jurisdiction and a liaison's own accounts, one account with its ledger, the ledger export, the
 * job seekers ranked for a demand, the bulk import's row results; and the account read model
 * keeping the newest write only.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldSeal } from '../../activities/infra/sealed.js';
import { createGraduate1311Activities } from '../../activities/graduate-1311.js';
import { createKeyEnterpriseActivities } from '../../activities/key-enterprise.js';
import { createReemploymentActivities } from '../../activities/reemployment.js';
import type { Actor } from '../../domain/actor.js';
import { keyEnterpriseWorkflowId, type DemandLine, type KeyEnterpriseAccount } from '../../domain/cases/key-enterprise.js';
import { DemandMatches, EnterpriseDetail, EnterpriseImportResult, EnterpriseList, EnterpriseListingResult } from '../../domain/contracts/key-enterprise.js';
import { createTokenService } from '../../services/http/auth.js';
import { demandLedgerHeaders } from '../../services/http/key-enterprise/demand-export.js';
import { LISTING_REFUSED_REASON } from '../../services/http/key-enterprise/listing.js';
import { startRegistryStandIn, type RegistryStandIn } from '../../deploy/registries/stand-in.js';
import { creditCode, ledgerLine, residentId } from '../support/fixtures.js';
import { registryAt } from '../support/registries.js';
import { unitApi } from '../support/api.js';
import { migratedDatabase } from '../support/pglite.js';

const tokens = createTokenService('enterprise-unit-secret');
const pglite = migratedDatabase('jiuye-enterprise-http-');
let app: ReturnType<typeof unitApi>;
/** Market regulation, over real HTTP; enterprises the tests do not seed are unknown to it. */
let amr: RegistryStandIn;
/** What the fake Temporal client was asked: starts of new accounts, updates of running ones. */
/** `foreign`: running accounts of another jurisdiction, by workflow ID, that the read model does not have yet. */
const temporal = { started: [] as unknown[], updated: [] as unknown[], running: new Set<string>(), foreign: new Map<string, string>() };

const codes = { a: creditCode('220102', 'MA0000KA1'), b: creditCode('220104', 'MA0000KB1'), c: creditCode('370102', 'MA0000KC1') };
const supervisor: Actor = { userId: 'sup-changchun', role: 'supervisor', jurisdiction: '2201' };
const liaison: Actor = { userId: 'liaison-wang', role: 'liaison', jurisdiction: '2201' };

function demand(demandId: string, changes: Partial<DemandLine> = {}): DemandLine {
  return {
    demandId,
    source: 'platform',
    receivedAt: '2026-11-16T02:00:00.000Z',
    neededBy: '2026-12-31',
    positions: [
      { title: '数控车工', count: 3, skillLevel: 'intermediate', wageMin: 5000, wageMax: 7000 },
      { title: '质检员', count: 1, degree: 'associate' },
    ],
    vacancies: 4,
    filled: 1,
    status: 'open',
    responseTaskId: 'tk-1',
    responseDueDate: '2026-11-18',
    respondedAt: '2026-11-17T03:00:00.000Z',
    response: { vacanciesPublished: true, seekersPushed: 8, specialRecruitment: 'needed', summary: '已发布' },
    fillTaskId: null,
    fillDueDate: '2026-12-16',
    closedAt: null,
    closedReason: null,
    ...changes,
  };
}

function account(code: string, regionCode: string, specialistId: string, changes: Partial<KeyEnterpriseAccount> = {}): KeyEnterpriseAccount {
  return {
    creditCode: code,
    name: `示例企业${regionCode}`,
    regionCode,
    industryCode: 'C36',
    specialistId,
    caseId: keyEnterpriseWorkflowId(code),
    status: 'listed',
    listedAt: '2026-11-01T02:00:00.000Z',
    removedAt: null,
    removalReason: null,
    contacts: 1,
    lastContactAt: '2026-11-10T02:00:00.000Z',
    nextContactDue: '2026-12-10',
    headcount: { count: 820, period: '2026-11', source: 'survey' },
    shortage: 30,
    vacancyStructure: [{ title: '数控车工', count: 20 }],
    hires: 3,
    hiresOutsideDemands: 2,
    layoffFilings: [],
    demands: [],
    ...changes,
  };
}

async function call(url: string, actor: Actor, body?: unknown): Promise<Response> {
  return app.request(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${await tokens.sign(actor)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const fakeClient = {
  // The API runs each call in the client's deadline scope; a fake answers at once.
  withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
  workflow: {
    start: async (_workflow: unknown, options: { workflowId: string; args: unknown[] }) => {
      if (temporal.running.has(options.workflowId)) throw new WorkflowExecutionAlreadyStartedError('running', options.workflowId, 'keyEnterpriseWorkflow');
      temporal.running.add(options.workflowId);
      temporal.started.push(options.args[0]);
    },
    getHandle: (workflowId: string) => ({
      query: async () => ({ regionCode: temporal.foreign.get(workflowId) }),
      executeUpdate: async (_update: unknown, { args }: { args: unknown[] }) => {
        if (temporal.foreign.has(workflowId)) {
          throw new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'CaseForbidden', message: '该企业不在您的辖区内' }));
        }
        temporal.updated.push({ workflowId, ...(args[0] as object) });
        return { effect: 'updated', changed: ['specialistId'] };
      },
    }),
  },
} as unknown as Client;

beforeAll(async () => {
  const accounts = createKeyEnterpriseActivities({ prisma: pglite.db.prisma });
  const recordKeyEnterpriseAccount = accounts.recordKeyEnterpriseAccount.bind(accounts);
  const at = '2026-11-20T02:00:00.000Z';
  await recordKeyEnterpriseAccount({
    account: account(codes.a, '220102', 'liaison-wang', { demands: [demand('D-1'), demand('D-2', { status: 'filled', filled: 4 })] }),
    revision: 3,
    at,
  });
  // A late write of an older revision changes nothing.
  await recordKeyEnterpriseAccount({ account: account(codes.a, '220102', 'liaison-old'), revision: 2, at });
  await recordKeyEnterpriseAccount({ account: account(codes.b, '220104', 'liaison-zhao'), revision: 1, at });
  await recordKeyEnterpriseAccount({ account: account(codes.c, '370102', 'liaison-sun'), revision: 1, at });
  // Job seekers of Changchun for the matches: graduates and laid-off workers, open and closed.
  const seal = createFieldSeal(randomBytes(32));
  const graduates = createGraduate1311Activities({ prisma: pglite.db.prisma, seal });
  const person = { idNumber: residentId(), phone: null, school: '长春工业大学', graduationDate: '2026-06-30' };
  for (const [caseId, regionCode, name, major, degree, intention, status] of [
    ['grad1311:g1:2026', '220102', '李小明', '机械设计制造及其自动化', 'associate', 'employment', 'in-service'],
    ['grad1311:g2:2026', '220104', '王芳', '会计学', 'bachelor', 'employment', 'in-service'],
    ['grad1311:g3:2026', '220102', '张伟', '数控技术', 'associate', 'further-study', 'in-service'],
    ['grad1311:g4:2026', '220102', '赵敏', '数控技术', 'associate', 'employment', 'closed'],
    ['grad1311:g5:2026', '370102', '钱进', '数控技术', 'associate', 'employment', 'in-service'],
  ] as const) {
    await graduates.recordLedgerLine({
      line: ledgerLine({ caseId, regionCode, intention, status, skillLevel: 'intermediate' }),
      person: { ...person, name, major, degree },
      revision: 1,
      at,
    });
  }
  await createReemploymentActivities({ prisma: pglite.db.prisma, seal }).recordReemploymentLine({
    line: {
      caseId: 'reemployment:w1:LF-1',
      filingId: 'LF-1',
      creditCode: codes.b,
      regionCode: '220102',
      status: 'in-service',
      outcome: null,
      intention: 'employment',
      skillLevel: 'senior',
      contactAttempts: 1,
      refusals: 0,
      items: [],
      employerCreditCode: null,
      closedReason: null,
    },
    person: { name: '刘建国', idNumber: residentId('220102', '19800101', '311'), phone: null, lastWorkingDay: '2026-10-31', occupation: '数控车工' },
    revision: 1,
    at,
  });
  amr = await startRegistryStandIn({ token: 'unit-amr' });
  app = unitApi({ prisma: pglite.db.prisma, client: fakeClient, tokens, seal, amr: registryAt('amr', amr.amrUrl, 'unit-amr') });
});

afterAll(async () => {
  await amr?.stop();
});

describe('the account read model', () => {
  it('keeps the newest write: a higher revision, or a later listing', async () => {
    expect(await pglite.db.prisma.keyEnterprise.findUnique({ where: { creditCode: codes.a } })).toMatchObject({
      specialistId: 'liaison-wang',
      revision: 3,
      openDemands: 1,
      vacanciesOpen: 3,
      vacanciesFilled: 5,
    });
    const accounts = createKeyEnterpriseActivities({ prisma: pglite.db.prisma });
    const recordKeyEnterpriseAccount = accounts.recordKeyEnterpriseAccount.bind(accounts);
    const relisted = account(codes.b, '220104', 'liaison-new', { listedAt: '2026-11-25T02:00:00.000Z', contacts: 0 });
    expect(await recordKeyEnterpriseAccount({ account: relisted, revision: 1, at: '2026-11-25T02:00:00.000Z' })).toEqual({ written: true });
    expect(await recordKeyEnterpriseAccount({ account: account(codes.b, '220104', 'liaison-zhao'), revision: 9, at: '2026-11-25T03:00:00.000Z' })).toEqual({
      written: false,
    });
    expect(await pglite.db.prisma.keyEnterprise.findUnique({ where: { creditCode: codes.b } })).toMatchObject({ specialistId: 'liaison-new', contacts: 0 });
  });
});

describe('/api/enterprises', () => {
  it('is described in /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/enterprises',
        '/api/enterprises/{creditCode}',
        '/api/enterprises/{creditCode}/removal',
        '/api/enterprises/{creditCode}/demands',
        '/api/enterprises/{creditCode}/subsidies',
        '/api/enterprises/{creditCode}/demands/{demandId}/matches',
        '/api/enterprises/demands/export',
        '/api/imports/enterprises',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['EnterpriseListing', 'EnterpriseSummary', 'EnterpriseDetail', 'EnterpriseDemand']),
    );
  });

  it('lists an enterprise for a supervisor of its region, with a warning for a failing check character, and audits it', async () => {
    const good = creditCode('220106', 'MA0000KD1');
    const failing = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const body = { creditCode: failing, name: '长春示例光电科技有限公司', regionCode: '220106', industryCode: 'C39', specialistId: 'liaison-wang' };
    const res = await call('/api/enterprises', supervisor, body);
    expect(res.status).toBe(201);
    const listed = EnterpriseListingResult.parse(await res.json());
    expect(listed).toMatchObject({ creditCode: failing, caseId: `key-enterprise:${failing}`, effect: 'listed' });
    expect(listed.warnings[0]).toContain('校验位不符');
    expect(temporal.started.at(-1)).toEqual({ enterprise: body, listedBy: supervisor.userId });
    // Listed again with a new liaison officer: the running account is updated.
    const again = await call('/api/enterprises', supervisor, { ...body, specialistId: 'liaison-li' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ effect: 'updated' });
    expect(temporal.updated.at(-1)).toMatchObject({ workflowId: `key-enterprise:${failing}`, actor: supervisor, enterprise: { specialistId: 'liaison-li' } });
    const audit = await pglite.db.prisma.auditEntry.findMany({ where: { caseId: `key-enterprise:${failing}` }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['enterprise.list', supervisor.userId],
      ['enterprise.update', supervisor.userId],
    ]);

    expect((await call('/api/enterprises', { ...supervisor, role: 'caseworker' }, body)).status).toBe(403);
    expect((await call('/api/enterprises', liaison, body)).status).toBe(403);
    expect((await call('/api/enterprises', { ...supervisor, jurisdiction: '220104' }, body)).status).toBe(403);
    const bad = await call('/api/enterprises', supervisor, { ...body, creditCode: '91220106MA0000KI1', industryCode: 'c39' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['creditCode', 'industryCode']);
  });

  it('checks a listing against market regulation: the record beside what was typed, a deregistered one refused, an outage only a warning', async () => {
    const code = creditCode('220106', 'MA0000KF1');
    const typed = { creditCode: code, name: '长春示例光学仪器有限公司', regionCode: '220106', industryCode: 'C40', specialistId: 'liaison-wang' };
    const record = { creditCode: code, name: '长春示例光学仪器（集团）有限公司', regionCode: '220106', industryCode: 'C40', establishedOn: '2010-06-01' };

    amr.seed({ enterprises: [{ ...record, status: 'deregistered' }] });
    const refused = await call('/api/enterprises', supervisor, typed);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      code: 'enterprise_deregistered',
      message: '市场监管登记显示该企业已注销（登记名称：长春示例光学仪器（集团）有限公司），不能列入重点企业名单',
    });

    amr.seed({ enterprises: [{ ...record, status: 'suspended' }] });
    const listed = EnterpriseListingResult.parse(await (await call('/api/enterprises', supervisor, typed)).json());
    expect(listed.registration).toEqual({
      checked: true,
      name: record.name,
      status: 'suspended',
      regionCode: '220106',
      industryCode: 'C40',
      establishedOn: '2010-06-01',
    });
    expect(listed.warnings).toEqual([
      '企业名称与市场监管登记不一致：填报“长春示例光学仪器有限公司”，登记为“长春示例光学仪器（集团）有限公司”',
      '市场监管登记状态为停业（歇业），已列入，请关注稳岗',
    ]);
    const audit = await pglite.db.prisma.auditEntry.findFirst({ where: { caseId: `key-enterprise:${code}`, action: 'enterprise.list' } });
    expect(audit?.detail).toMatchObject({ registration: { name: record.name, status: 'suspended' } });

    amr.fault('amr', { kind: 'down' });
    try {
      const unchecked = EnterpriseListingResult.parse(await (await call('/api/enterprises', supervisor, { ...typed, specialistId: 'liaison-li' })).json());
      expect(unchecked.registration.checked).toBe(false);
      expect(unchecked.warnings).toEqual(['未能与市场监管登记核对名称和状态（市场监管登记系统暂不可用：HTTP 503），已按填报列入']);
    } finally {
      amr.fault('amr', null);
    }
    // Asked twice (one quick retry) while it was down, with a request ID each time, never an ID number in the path.
    expect(
      amr
        .requests()
        .filter((r) => r.path === `/amr/v1/enterprises/${code}`)
        .every((r) => r.requestId?.startsWith(`enterprise-listing:${code}:`)),
    ).toBe(true);
  });

  it('lists the jurisdiction’s accounts by region, and a liaison’s own with scope=mine', async () => {
    const all = EnterpriseList.parse(await (await call('/api/enterprises', supervisor)).json());
    expect(all.items.map((i) => i.creditCode)).toEqual([codes.a, codes.b]);
    expect(all.items[0]).toMatchObject({
      nextContactDue: '2026-12-10',
      openDemands: 1,
      vacanciesOpen: 3,
      vacanciesFilled: 5,
      headcount: { count: 820, period: '2026-11', source: 'survey' },
    });
    const mine = EnterpriseList.parse(await (await call('/api/enterprises?scope=mine', liaison)).json());
    expect(mine.items.map((i) => i.creditCode)).toEqual([codes.a]);
    const paged = EnterpriseList.parse(await (await call('/api/enterprises?limit=1', supervisor)).json());
    expect(paged.items).toHaveLength(1);
    const next = EnterpriseList.parse(await (await call(`/api/enterprises?limit=1&cursor=${encodeURIComponent(paged.nextCursor!)}`, supervisor)).json());
    expect(next.items.map((i) => i.creditCode)).toEqual([codes.b]);
    expect(EnterpriseList.parse(await (await call('/api/enterprises', { ...liaison, jurisdiction: '3501' })).json()).items).toEqual([]);
  });

  it('gives one account with its demand ledger, within the jurisdiction only', async () => {
    const res = await call(`/api/enterprises/${codes.a}`, liaison);
    expect(res.status).toBe(200);
    const detail = EnterpriseDetail.parse(await res.json());
    expect(detail.demands.map((d) => [d.demandId, d.status, d.filled])).toEqual([
      ['D-1', 'open', 1],
      ['D-2', 'filled', 4],
    ]);
    expect(detail).toMatchObject({ vacancyStructure: [{ title: '数控车工', count: 20 }], hiresOutsideDemands: 2, tasks: [], timeline: [] });
    // Listed in Jinan: answered as an enterprise on no list.
    const elsewhere = await call(`/api/enterprises/${codes.c}`, liaison);
    const nowhere = await call(`/api/enterprises/${creditCode('220102', 'MA0000KY9')}`, liaison);
    expect(elsewhere.status).toBe(404);
    expect([nowhere.status, await nowhere.text()]).toEqual([404, await elsewhere.text()]);
  });

  it('exports the demand ledger one row per position, with Chinese headers', async () => {
    const res = await call('/api/enterprises/demands/export?region=220102', liaison);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('重点企业用工需求台账_220102_'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]!.slice(1)).toEqual([...demandLedgerHeaders]);
    expect(rows).toHaveLength(5);
    const cell = (r: number, header: (typeof demandLedgerHeaders)[number]) => rows[r]![demandLedgerHeaders.indexOf(header) + 1];
    expect([cell(1, '需求编号'), cell(1, '岗位名称'), cell(1, '技能等级要求'), cell(1, '尚缺人数'), cell(1, '需求状态'), cell(1, '专场招聘')]).toEqual([
      'D-1',
      '数控车工',
      '中级',
      3,
      '招聘中',
      '需要（已安排）',
    ]);
    expect([cell(2, '岗位名称'), cell(2, '学历要求'), cell(3, '需求状态')]).toEqual(['质检员', '专科', '已补足']);
    const bytes = Buffer.from(await (await call('/api/enterprises/demands/export?format=csv&status=filled', supervisor)).arrayBuffer());
    // A BOM first, which Excel needs to read the Chinese.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.startsWith('序号,统一社会信用代码')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(3);
  });

  it('imports a batch of the bureau’s list row by row under the caller’s jurisdiction', async () => {
    const good = {
      creditCode: creditCode('220103', 'MA0000KE1'),
      name: '长春示例医药物流有限公司',
      regionCode: '220103',
      industryCode: 'G59',
      specialistId: 'liaison-wang',
    };
    const res = await call('/api/imports/enterprises', supervisor, {
      source: { fileName: '重点企业名单.xlsx' },
      rows: [
        { row: 3, enterprise: good },
        { row: 4, enterprise: { ...good, creditCode: codes.c, regionCode: '370102' } },
        { row: 5, enterprise: { ...good, specialistId: '' } },
      ],
    });
    expect(res.status).toBe(200);
    const { results } = EnterpriseImportResult.parse(await res.json());
    expect(results.map((r) => [r.row, r.outcome])).toEqual([
      [3, 'listed'],
      [4, 'rejected'],
      [5, 'rejected'],
    ]);
    expect(results[1]).toMatchObject({ creditCode: null, reasons: [LISTING_REFUSED_REASON] });
    expect(results[2]?.reasons[0]).toMatch(/^字段 specialistId 有误：/);
    const audit = await pglite.db.prisma.auditEntry.findFirst({ where: { caseId: `key-enterprise:${good.creditCode}` } });
    expect(audit?.detail).toMatchObject({ via: 'import', fileName: '重点企业名单.xlsx', row: 3 });
    expect((await call('/api/imports/enterprises', liaison, { source: { fileName: 'x.csv' }, rows: [{ row: 2, enterprise: good }] })).status).toBe(403);
  });

  it('ranks the jurisdiction’s open job seekers for a demand, masked, with the reasons', async () => {
    const res = await call(`/api/enterprises/${codes.a}/demands/D-1/matches`, liaison);
    expect(res.status).toBe(200);
    const matches = DemandMatches.parse(await res.json());
    // Closed cases, someone going on to study and people outside the jurisdiction are not offered.
    expect(matches.seekersConsidered).toBe(3);
    expect(matches.items.map((m) => m.caseId)).toEqual(['reemployment:w1:LF-1', 'grad1311:g1:2026', 'grad1311:g2:2026']);
    expect(matches.items[0]).toMatchObject({ caseType: 'reemployment', nameMasked: '刘**', positionTitle: '数控车工', positionIndex: 0 });
    expect(matches.items[0]?.reasons.map((r) => r.text)).toContain('原职业“数控车工”与岗位“数控车工”相符');
    expect(JSON.stringify(matches)).not.toMatch(/李小明|王芳|刘建国/);
    expect(DemandMatches.parse(await (await call(`/api/enterprises/${codes.a}/demands/D-1/matches?limit=1`, liaison)).json()).items).toHaveLength(1);
    expect((await call(`/api/enterprises/${codes.a}/demands/D-9/matches`, liaison)).status).toBe(404);
    expect((await call(`/api/enterprises/${codes.c}/demands/D-1/matches`, liaison)).status).toBe(404);
  });

  describe('a listing that touches another jurisdiction’s enterprise', () => {
    const listing = (code: string, regionCode = '220102') => ({
      creditCode: code,
      name: '长春示例企业',
      regionCode,
      industryCode: 'C36',
      specialistId: 'liaison-wang',
    });
    const refusedAudit = (code: string) =>
      pglite.db.prisma.auditEntry.findMany({ where: { caseId: keyEnterpriseWorkflowId(code), action: 'enterprise.list-refused-other-jurisdiction' } });

    it('is refused with the very answer a listing claiming another region gets, touches nothing and is audited at the owner', async () => {
      const before = { started: temporal.started.length, updated: temporal.updated.length };
      // Jinan lists codes.c; Changchun claims it for its own district.
      const held = await call('/api/enterprises', supervisor, listing(codes.c));
      const otherRegion = await call('/api/enterprises', supervisor, listing(creditCode('370102', 'MA0000KX1'), '370102'));
      expect(held.status).toBe(403);
      const body = await held.text();
      expect(JSON.parse(body)).toEqual({ code: 'listing_refused', message: LISTING_REFUSED_REASON });
      expect([otherRegion.status, await otherRegion.text()]).toEqual([403, body]);
      expect({ started: temporal.started.length, updated: temporal.updated.length }).toEqual(before);
      expect(await refusedAudit(codes.c)).toEqual([
        expect.objectContaining({
          actorId: supervisor.userId,
          regionCode: '370102',
          detail: expect.objectContaining({ claimedRegionCode: '220102', via: 'api' }),
        }),
      ]);
    });

    it('is refused alike when only the account itself knows it is another jurisdiction’s (the read model has not caught up)', async () => {
      const code = creditCode('370102', 'MA0000KR1');
      temporal.running.add(keyEnterpriseWorkflowId(code));
      temporal.foreign.set(keyEnterpriseWorkflowId(code), '370102');
      const res = await call('/api/enterprises', supervisor, listing(code));
      expect([res.status, await res.json()]).toEqual([403, { code: 'listing_refused', message: LISTING_REFUSED_REASON }]);
      expect(await refusedAudit(code)).toEqual([expect.objectContaining({ regionCode: '370102' })]);
    });

    it('is rejected in an import with no credit code and the same reason as a row of another region', async () => {
      const res = await call('/api/imports/enterprises', supervisor, {
        source: { fileName: '重点企业名单.xlsx' },
        rows: [
          { row: 2, enterprise: listing(codes.c) },
          { row: 3, enterprise: listing(creditCode('370102', 'MA0000KX2'), '370102') },
        ],
      });
      const { results } = EnterpriseImportResult.parse(await res.json());
      const refused = { outcome: 'rejected', creditCode: null, reasons: [LISTING_REFUSED_REASON], warnings: [] };
      expect(results).toEqual([
        { row: 2, ...refused },
        { row: 3, ...refused },
      ]);
      expect(await refusedAudit(codes.c)).toEqual(
        expect.arrayContaining([expect.objectContaining({ detail: expect.objectContaining({ via: 'import', row: 2 }) })]),
      );
    });
  });
});
