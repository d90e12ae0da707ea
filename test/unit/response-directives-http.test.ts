/**
 * GET /api/responses/{caseId}/directives over embedded PGlite: each directive of one response where
 * its latest timeline step leaves it, overdue and unacknowledged judged at the time asked, a report
 * the response ignored moving nothing; another jurisdiction's response not found, and a case that
 * is no response refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../activities/infra/db.js';
import type { Actor } from '../../domain/actor.js';
import { ResponseDirectives } from '../../domain/contracts/risk-response.js';
import { createTokenService } from '../../services/http/auth.js';
import { unitApi } from '../support/api.js';

// 10:00 in Shanghai on 2026-11-20.
const NOW = new Date('2026-11-20T02:00:00Z');
const PAST = '2026-11-19T00:00:00.000Z';
const FUTURE = '2026-11-21T00:00:00.000Z';
const tokens = createTokenService('response-directives-unit-secret');
let db: Database;
let dir: string;
let app: ReturnType<typeof unitApi>;

const leader: Actor = { userId: 'leader-cc', role: 'leader', jurisdiction: '2201' };
const liaison: Actor = { userId: 'liaison-cc', role: 'liaison', jurisdiction: '2201' };
const fuzhou: Actor = { userId: 'leader-fz', role: 'leader', jurisdiction: '3501' };

async function get(url: string, actor: Actor) {
  const res = await app.request(url, { headers: { authorization: `Bearer ${await tokens.sign(actor)}` } });
  return { status: res.status, body: await res.json() };
}

const caseRow = (id: string, type: string, regionCode: string) => ({
  id,
  type,
  status: 'escalated',
  regionCode,
  title: id,
  openedAt: NOW,
  updatedAt: NOW,
});

let seq = 0;
const entry = (kind: string, detail: Record<string, string>) => ({ caseId: 'risk-response:220102:1', seq: ++seq, kind, occurredAt: NOW, detail });
const issued = (id: string, department: string, acknowledgeBy: string, completeBy: string) =>
  entry('directive.issued', { noteId: `${id}:issued:0`, directiveId: id, department, instruction: `指令 ${id}`, acknowledgeBy, completeBy });
const step = (id: string, department: string, status: string, note?: string) =>
  entry(`directive.${status}`, { noteId: `${id}:${status}:${seq}`, directiveId: id, department, ...(note ? { note, reportedAt: NOW.toISOString() } : {}) });

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-response-directives-'));
  db = await openDatabase({ pgliteDir: dir });
  await db.migrate();
  const { prisma } = db;
  await prisma.case.createMany({
    data: [caseRow('risk-response:220102:1', 'risk-response', '220102'), caseRow('layoff-filing:x:1', 'layoff-filing', '220102')],
  });
  await prisma.caseEvent.createMany({
    data: [
      entry('opened', { reason: 'Ⅳ级', level: 'IV' }),
      issued('d1', 'hrss', PAST, PAST),
      step('d1', 'hrss', 'acknowledged', '已收到'),
      step('d1', 'hrss', 'overdue'),
      issued('d2', 'publicity', PAST, FUTURE),
      issued('d3', 'finance', FUTURE, FUTURE),
      step('d3', 'finance', 'declined', '资金另行安排'),
      issued('d4', 'statistics', PAST, PAST),
      step('d4', 'statistics', 'done', '已按周报送'),
      // A report naming d4 from a department it was not given to: noted, and nothing moves.
      entry('directive.report-ignored', { noteId: 'x:ignored', directiveId: 'd4', department: 'education', status: 'declined' }),
      entry('level.raised', { level: 'III', why: '指标上升' }),
    ],
  });
  app = unitApi({ prisma, tokens });
});

afterAll(async () => {
  vi.useRealTimers();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/responses/{caseId}/directives', () => {
  const url = `/api/responses/${encodeURIComponent('risk-response:220102:1')}/directives`;

  it('gives each directive where its latest step leaves it, and the level', async () => {
    const res = await get(url, leader);
    expect(res.status).toBe(200);
    const body = ResponseDirectives.parse(res.body);
    expect(body).toMatchObject({ caseId: 'risk-response:220102:1', regionCode: '220102', level: 'III', asOf: NOW.toISOString() });
    expect(body.directives.map((d) => [d.directiveId, d.department, d.status, d.statusLabel, d.unacknowledged, d.overdue, d.lastNote])).toEqual([
      ['d1', 'hrss', 'acknowledged', '已确认', false, true, '已收到'],
      ['d2', 'publicity', 'issued', '已下达', true, false, null],
      ['d3', 'finance', 'declined', '已拒绝', false, false, '资金另行安排'],
      ['d4', 'statistics', 'done', '已完成', false, false, '已按周报送'],
    ]);
    expect(body.directives[0]).toMatchObject({
      departmentLabel: '人力资源社会保障部门',
      instruction: '指令 d1',
      completeBy: PAST,
      issuedAt: NOW.toISOString(),
    });
  });

  it('is read by every role that reads cases', async () => {
    expect((await get(url, liaison)).status).toBe(200);
  });

  it('answers another jurisdiction’s response as one that does not exist', async () => {
    const there = await get(url, fuzhou);
    const missing = await get(`/api/responses/${encodeURIComponent('risk-response:350102:9')}/directives`, fuzhou);
    expect(there).toEqual({ status: 404, body: { code: 'case_not_found', message: expect.any(String) } });
    expect(there).toEqual(missing);
  });

  it('refuses a case that is no emergency response', async () => {
    const res = await get(`/api/responses/${encodeURIComponent('layoff-filing:x:1')}/directives`, leader);
    expect(res).toMatchObject({ status: 409, body: { code: 'not_a_response' } });
  });

  it('is described in /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/responses/{caseId}/directives');
  });
});
