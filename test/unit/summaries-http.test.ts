/**
 * The dashboard's summaries over embedded PGlite: the counts by district, what each jurisdiction
 * sees (another's nothing), and the directives' standing read from the responses' timelines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../activities/infra/db.js';
import type { Actor } from '../../domain/actor.js';
import type { LedgerItem } from '../../domain/cases/graduate-1311.js';
import { CasesSummary, DirectivesSummary, EnterpriseDemandsSummary, Graduate1311Summary, TasksSummary } from '../../domain/contracts/dashboard.js';
import { createTokenService } from '../../services/http/auth.js';
import { unitApi } from '../support/api.js';

// 10:00 in Shanghai on 2026-11-20.
const NOW = new Date('2026-11-20T02:00:00Z');
const at = (iso: string) => new Date(iso);
const tokens = createTokenService('summaries-unit-secret');
let db: Database;
let dir: string;
let app: ReturnType<typeof unitApi>;

const changchun: Actor = { userId: 'leader-cc', role: 'leader', jurisdiction: '2201' };
const nanguan: Actor = { userId: 'cw-ng', role: 'caseworker', jurisdiction: '220102' };
const fuzhou: Actor = { userId: 'leader-fz', role: 'leader', jurisdiction: '3501' };

async function get(url: string, actor: Actor) {
  const res = await app.request(url, { headers: { authorization: `Bearer ${await tokens.sign(actor)}` } });
  return { status: res.status, body: await res.json() };
}

const caseRow = (id: string, type: string, status: string, regionCode: string) => ({
  id,
  type,
  status,
  regionCode,
  title: id,
  openedAt: NOW,
  updatedAt: NOW,
  closedAt: status === 'closed' ? NOW : null,
});

const taskRow = (id: string, regionCode: string, status: string, more: { overdue?: boolean; escalationLevel?: number } = {}) => ({
  id,
  caseId: 'c1',
  caseType: 'layoff-filing',
  type: 'layoff-review',
  title: id,
  status,
  regionCode,
  candidateRole: 'caseworker',
  dueDate: '2026-11-25',
  dueAt: at('2026-11-25T16:00:00Z'),
  version: 1,
  createdAt: NOW,
  updatedAt: NOW,
  ...more,
});

const item = (kind: LedgerItem['kind'], dueDate: string, status: LedgerItem['status']) => ({
  kind,
  seq: 1,
  taskId: `tk-${kind}`,
  dueDate,
  status,
  completedAt: null,
});

const ledgerRow = (caseId: string, regionCode: string, year: number, status: string, items: unknown[], outcome: string | null = null) => ({
  caseId,
  year,
  regionCode,
  status,
  outcome,
  handoverIds: [],
  items: items as object[],
  nameMasked: '李*',
  idNumberMasked: '2201**********1234',
  nameSealed: 'x',
  idNumberSealed: 'x',
  school: '吉林大学',
  major: '会计学',
  degree: 'bachelor',
  graduationDate: `${year}-06-30`,
  revision: 1,
  updatedAt: NOW,
});

const directiveEvent = (caseId: string, seq: number, step: string, directiveId: string, department: string, completeBy?: string) => ({
  caseId,
  seq,
  kind: `directive.${step}`,
  occurredAt: NOW,
  detail: { noteId: `${directiveId}:${step}:${seq}`, directiveId, department, ...(completeBy ? { completeBy } : {}) },
});

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-summaries-'));
  db = await openDatabase({ pgliteDir: dir });
  await db.migrate();
  const { prisma } = db;
  await prisma.case.createMany({
    data: [
      caseRow('c1', 'layoff-filing', 'opened', '220102'),
      caseRow('c2', 'layoff-filing', 'opened', '220102001'),
      caseRow('c3', 'layoff-filing', 'closed', '220102'),
      caseRow('c4', 'graduate-1311', 'in-progress', '220103'),
      caseRow('c5', 'layoff-filing', 'opened', '350102'),
      caseRow('r1', 'risk-response', 'escalated', '220102'),
      caseRow('r2', 'risk-response', 'escalated', '350102'),
    ],
  });
  await prisma.task.createMany({
    data: [
      taskRow('t1', '220102', 'open', { overdue: true }),
      taskRow('t2', '220102', 'claimed', { overdue: true, escalationLevel: 1 }),
      taskRow('t3', '220102', 'completed', { overdue: true }),
      taskRow('t4', '220103', 'open'),
      taskRow('t5', '220102', 'cancelled'),
      taskRow('t6', '350102', 'open', { overdue: true }),
    ],
  });
  await prisma.graduateLedger.createMany({
    data: [
      ledgerRow('g1', '220102', 2026, 'in-service', [
        item('policy-briefing', '2026-11-10', 'on-time'),
        item('job-recommendation', '2026-11-19', 'pending'),
        item('vocational-guidance', '2026-11-20', 'pending'),
      ]),
      ledgerRow('g2', '220102', 2026, 'awaiting-contact', []),
      ledgerRow(
        'g3',
        '220102',
        2026,
        'closed',
        [item('policy-briefing', '2026-11-01', 'late'), item('job-recommendation', '2026-11-01', 'pending')],
        'employed',
      ),
      ledgerRow('g4', '220102', 2026, 'closed', [], 'unreachable'),
      ledgerRow('g5', '220102', 2025, 'in-service', [item('policy-briefing', '2025-11-01', 'pending')]),
      ledgerRow('g6', '350102', 2027, 'in-service', []),
    ],
  });
  const enterprise = (creditCode: string, regionCode: string, status: string) => ({
    creditCode,
    caseId: `ke:${creditCode}`,
    name: '示例企业',
    regionCode,
    industryCode: 'C36',
    specialistId: 'liaison',
    status,
    listedAt: NOW,
    vacancyStructure: [],
    layoffFilings: [],
    revision: 1,
    updatedAt: NOW,
  });
  await prisma.keyEnterprise.createMany({
    data: [
      enterprise('E1', '220102', 'listed'),
      enterprise('E2', '220102', 'removed'),
      enterprise('E3', '220103', 'listed'),
      enterprise('E4', '350102', 'listed'),
    ],
  });
  const demand = (creditCode: string, demandId: string, regionCode: string, status: string, vacancies: number, filled: number) => ({
    creditCode,
    demandId,
    caseId: `ke:${creditCode}`,
    regionCode,
    source: 'liaison',
    receivedAt: NOW,
    positions: [],
    vacancies,
    filled,
    status,
    listedAt: NOW,
    revision: 1,
    updatedAt: NOW,
  });
  await prisma.enterpriseDemand.createMany({
    data: [
      demand('E1', 'D1', '220102', 'open', 10, 3),
      demand('E1', 'D2', '220102', 'filled', 4, 4),
      demand('E1', 'D3', '220102', 'closed', 5, 1),
      demand('E4', 'D1', '350102', 'open', 9, 0),
    ],
  });
  const past = '2026-11-19T00:00:00.000Z';
  const future = '2026-11-21T00:00:00.000Z';
  await prisma.caseEvent.createMany({
    data: [
      // hrss: one overdue and acknowledged, one done; publicity: one in progress in time, one withdrawn.
      directiveEvent('r1', 1, 'issued', 'r1:d1', 'hrss', past),
      directiveEvent('r1', 2, 'acknowledged', 'r1:d1', 'hrss'),
      directiveEvent('r1', 3, 'overdue', 'r1:d1', 'hrss'),
      directiveEvent('r1', 4, 'issued', 'r1:d2', 'hrss', past),
      directiveEvent('r1', 5, 'done', 'r1:d2', 'hrss'),
      directiveEvent('r1', 6, 'issued', 'r1:d3', 'publicity', future),
      directiveEvent('r1', 7, 'in-progress', 'r1:d3', 'publicity'),
      directiveEvent('r1', 8, 'issued', 'r1:d4', 'publicity', past),
      directiveEvent('r1', 9, 'withdrawn', 'r1:d4', 'publicity'),
      { caseId: 'r1', seq: 10, kind: 'level.escalated', occurredAt: NOW, detail: {} },
      directiveEvent('r2', 1, 'issued', 'r2:d1', 'finance', past),
    ],
  });
  app = unitApi({ prisma, tokens });
});

afterAll(async () => {
  vi.useRealTimers();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/summary/*', () => {
  it('counts open cases by district, type and status, streets under their county', async () => {
    const res = await get('/api/summary/cases', changchun);
    expect(res.status).toBe(200);
    const body = CasesSummary.parse(res.body);
    expect(body).toMatchObject({ asOf: NOW.toISOString(), jurisdiction: '2201' });
    expect(body.rows).toEqual([
      { regionCode: '220102', regionName: '220102', caseType: 'layoff-filing', status: 'opened', count: 2 },
      { regionCode: '220102', regionName: '220102', caseType: 'risk-response', status: 'escalated', count: 1 },
      { regionCode: '220103', regionName: '220103', caseType: 'graduate-1311', status: 'in-progress', count: 1 },
    ]);
  });

  it('counts unfinished tasks, overdue and escalated, by district', async () => {
    const body = TasksSummary.parse((await get('/api/summary/tasks', changchun)).body);
    expect(body.rows).toEqual([
      { regionCode: '220102', regionName: '220102', open: 2, overdue: 2, escalated: 1 },
      { regionCode: '220103', regionName: '220103', open: 1, overdue: 0, escalated: 0 },
    ]);
  });

  it('counts 1311 progress for the latest year, or the year asked; due today is not missing', async () => {
    const body = Graduate1311Summary.parse((await get('/api/summary/graduate-1311', changchun)).body);
    expect(body.year).toBe(2026);
    expect(body.rows).toHaveLength(1);
    const [row] = body.rows;
    // Reached: in service or closed, not as unreachable.
    expect(row).toMatchObject({ regionCode: '220102', cases: 4, reached: 2, closed: 2 });
    expect(row!.items).toEqual([
      { item: 'policy-briefing', label: '政策宣介', onTime: 1, late: 1, missing: 0 },
      // The closed case's pending recommendation is cancelled, not missing.
      { item: 'job-recommendation', label: '岗位推荐', onTime: 0, late: 0, missing: 1 },
      { item: 'vocational-guidance', label: '职业指导', onTime: 0, late: 0, missing: 0 },
      { item: 'training-or-internship', label: '技能培训或就业见习机会', onTime: 0, late: 0, missing: 0 },
    ]);
    const earlier = Graduate1311Summary.parse((await get('/api/summary/graduate-1311?year=2025', changchun)).body);
    expect(earlier.rows.map((r) => [r.cases, r.items[0]!.missing])).toEqual([[1, 1]]);
    expect((await get('/api/summary/graduate-1311?year=20', changchun)).status).toBe(400);
  });

  it('counts listed enterprises and their demands by district', async () => {
    const body = EnterpriseDemandsSummary.parse((await get('/api/summary/enterprise-demands', changchun)).body);
    expect(body.rows).toEqual([
      { regionCode: '220102', regionName: '220102', enterprises: 1, demandsOpen: 1, demandsFilled: 1, vacanciesOpen: 7, vacanciesFilled: 8 },
      { regionCode: '220103', regionName: '220103', enterprises: 1, demandsOpen: 0, demandsFilled: 0, vacanciesOpen: 0, vacanciesFilled: 0 },
    ]);
  });

  it('counts directives by department where their latest step leaves them', async () => {
    const body = DirectivesSummary.parse((await get('/api/summary/directives', changchun)).body);
    expect(body.rows).toEqual([
      { department: 'hrss', departmentLabel: '人力资源社会保障部门', outstanding: 1, overdue: 1, done: 1 },
      { department: 'publicity', departmentLabel: '宣传部门', outstanding: 1, overdue: 0, done: 0 },
    ]);
  });

  it('shows a caller nothing of another jurisdiction', async () => {
    for (const name of ['cases', 'tasks', 'graduate-1311', 'enterprise-demands', 'directives']) {
      const res = await get(`/api/summary/${name}`, fuzhou);
      expect(res.status, name).toBe(200);
      expect(JSON.stringify(res.body), name).not.toContain('"2201');
      const county = await get(`/api/summary/${name}`, nanguan);
      expect(JSON.stringify(county.body), name).not.toContain('220103');
      expect(JSON.stringify(county.body), name).not.toContain('3501');
    }
    expect(Graduate1311Summary.parse((await get('/api/summary/graduate-1311', fuzhou)).body).year).toBe(2027);
    expect(DirectivesSummary.parse((await get('/api/summary/directives', fuzhou)).body).rows.map((r) => r.department)).toEqual(['finance']);
  });

  it('is described in /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/summary/cases',
        '/api/summary/tasks',
        '/api/summary/graduate-1311',
        '/api/summary/enterprise-demands',
        '/api/summary/directives',
      ]),
    );
  });
});
