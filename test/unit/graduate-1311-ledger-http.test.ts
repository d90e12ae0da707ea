/**
 * The ledger endpoints with the app in-process over embedded PGlite: what each jurisdiction sees,
 * the summary's item counts on the boundary days (against the one item classifier), paging, and
 * the export with its per-graduate audit entries.
 */
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFieldSeal } from '../../activities/infra/sealed.js';
import { createGraduate1311Activities } from '../../activities/graduate-1311.js';
import { GraduateLedgerLinePage, GraduateLedgerSummary } from '../../domain/contracts/graduate-1311.js';
import type { Actor } from '../../domain/actor.js';
import { createTokenService } from '../../services/http/auth.js';
import { itemState } from '../../domain/cases/graduate-1311.js';
import type { GraduatePerson, LedgerItem, LedgerLine } from '../../domain/cases/graduate-1311.js';
import { ledgerLine, residentId } from '../support/fixtures.js';
import { unitApi } from '../support/api.js';
import { migratedDatabase } from '../support/pglite.js';

// Today in Shanghai is 2026-11-20 (10:00 there, still the 20th in UTC too).
const NOW = new Date('2026-11-20T02:00:00Z');
const [YESTERDAY, TODAY, TOMORROW] = ['2026-11-19', '2026-11-20', '2026-11-21'];

const seal = createFieldSeal(randomBytes(32));
const tokens = createTokenService('ledger-unit-secret');
const pglite = migratedDatabase('jiuye-ledger-http-');
let app: ReturnType<typeof unitApi>;

const item = (kind: LedgerItem['kind'], seq: number, dueDate: string, status: LedgerItem['status'], completedAt: string | null = null): LedgerItem => ({
  kind,
  seq,
  taskId: `tk-${kind}-${seq}`,
  dueDate,
  status,
  completedAt,
  response: null,
  position: kind === 'job-recommendation' && completedAt ? '会计' : null,
  employer: kind === 'job-recommendation' && completedAt ? '示例会计师事务所' : null,
});

const person = (name: string, idNumber: string): GraduatePerson => ({
  name,
  idNumber,
  phone: '13812345678',
  school: '吉林大学',
  major: '会计学',
  degree: 'bachelor',
  graduationDate: '2026-06-30',
});

const ids = { a: residentId('220102', '20030915', '101'), b: residentId('220102', '20030916', '102'), c: residentId('220103', '20030917', '103') };
const lines: { line: LedgerLine; person: GraduatePerson }[] = [
  {
    // In service: every standing an open case can have, with the deadline-day boundary.
    line: ledgerLine({
      caseId: 'grad1311:a:2026',
      regionCode: '220102',
      status: 'in-service',
      items: [
        item('policy-briefing', 1, YESTERDAY, 'on-time', '2026-11-18T02:00:00Z'),
        item('job-recommendation', 1, YESTERDAY, 'late', '2026-11-20T01:00:00Z'),
        item('job-recommendation', 2, YESTERDAY, 'pending'),
        item('job-recommendation', 3, TODAY, 'pending'),
        item('vocational-guidance', 1, TOMORROW, 'pending'),
        item('training-or-internship', 1, YESTERDAY, 'pending'),
      ],
    }),
    person: person('李小明', ids.a),
  },
  {
    // Closed as employed: what was left is cancelled, even a line written before the workflow
    // cancelled it (a pending item past due on a closed case is not "missing").
    line: ledgerLine({
      caseId: 'grad1311:b:2026',
      regionCode: '220102',
      status: 'closed',
      outcome: 'employed',
      employerCreditCode: '91220104MA00000773',
      items: [
        item('policy-briefing', 1, YESTERDAY, 'on-time', '2026-11-10T02:00:00Z'),
        item('job-recommendation', 1, TOMORROW, 'cancelled'),
        item('job-recommendation', 2, YESTERDAY, 'pending'),
      ],
    }),
    person: person('王芳', ids.b),
  },
  { line: ledgerLine({ caseId: 'grad1311:c:2026', regionCode: '220103', flagged: true }), person: person('张伟', ids.c) },
  { line: ledgerLine({ caseId: 'grad1311:d:2026', regionCode: '220201' }), person: person('赵敏', residentId('220201')) },
  { line: ledgerLine({ caseId: 'grad1311:e:2025', regionCode: '220102', year: 2025 }), person: person('钱进', residentId('220102', '20020101', '105')) },
];

const caseworker: Actor = { userId: 'cw-wang', role: 'caseworker', jurisdiction: '220102' };
const supervisor: Actor = { userId: 'sup-li', role: 'supervisor', jurisdiction: '2201' };

async function get(url: string, actor: Actor): Promise<Response> {
  return app.request(url, { headers: { authorization: `Bearer ${await tokens.sign(actor)}` } });
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  const { recordLedgerLine } = createGraduate1311Activities({ prisma: pglite.db.prisma, seal });
  for (const { line, person: p } of lines) await recordLedgerLine({ line, person: p, revision: 1, at: NOW.toISOString() });
  app = unitApi({ prisma: pglite.db.prisma, tokens, seal });
});

afterAll(async () => {
  vi.useRealTimers();
});

describe('GET /api/ledgers/graduates', () => {
  it('is described in /openapi.json with the other routes', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/ledgers/graduates', '/api/ledgers/graduates/lines', '/api/ledgers/graduates/export']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['GraduateLedgerSummary', 'GraduateLedgerLinePage']));
  });

  it('counts a jurisdiction by status, outcome, flag and item standing; due today is pending, not missing', async () => {
    const res = await get('/api/ledgers/graduates?year=2026', supervisor);
    expect(res.status).toBe(200);
    const summary = GraduateLedgerSummary.parse(await res.json());
    expect(summary).toMatchObject({ year: 2026, region: '2201', asOf: TODAY, total: 3, flagged: 1, byOutcome: { employed: 1 } });
    expect(summary.byStatus).toEqual({ 'awaiting-contact': 1, 'in-service': 1, closed: 1 });
    expect(summary.items).toEqual({
      'policy-briefing': { onTime: 2, late: 0, missing: 0, pending: 0, cancelled: 0 },
      'job-recommendation': { onTime: 0, late: 1, missing: 1, pending: 1, cancelled: 2 },
      'vocational-guidance': { onTime: 0, late: 0, missing: 0, pending: 1, cancelled: 0 },
      'training-or-internship': { onTime: 0, late: 0, missing: 1, pending: 0, cancelled: 0 },
    });
    expect(summary.byRegion).toEqual([
      { regionCode: '220102', total: 2, closed: 1, employed: 1, flagged: 0 },
      { regionCode: '220103', total: 1, closed: 0, employed: 0, flagged: 1 },
    ]);

    // The SQL counts and the classifier the lines and the export use give the same answers.
    const counted = new Map<string, number>();
    for (const { line } of lines.filter((l) => l.line.year === 2026 && l.line.regionCode.startsWith('2201'))) {
      for (const i of line.items)
        counted.set(`${i.kind}/${itemState(i, line.status, TODAY)}`, (counted.get(`${i.kind}/${itemState(i, line.status, TODAY)}`) ?? 0) + 1);
    }
    const key = { onTime: 'on-time', late: 'late', missing: 'missing', pending: 'pending', cancelled: 'cancelled' } as const;
    for (const [kind, counts] of Object.entries(summary.items)) {
      for (const [field, n] of Object.entries(counts)) expect(n, `${kind} ${field}`).toBe(counted.get(`${kind}/${key[field as keyof typeof key]}`) ?? 0);
    }
  });

  it('shows a caller only their jurisdiction, and refuses regions outside it or roles without the ledger', async () => {
    const mine = GraduateLedgerSummary.parse(await (await get('/api/ledgers/graduates?year=2026&region=2201', caseworker)).json());
    expect(mine).toMatchObject({ region: '220102', total: 2 });
    expect((await get('/api/ledgers/graduates?year=2026&region=220201', supervisor)).status).toBe(403);
    expect((await get('/api/ledgers/graduates?year=2026', { ...caseworker, role: 'liaison' })).status).toBe(403);
    const leader = GraduateLedgerSummary.parse(
      await (await get('/api/ledgers/graduates?year=2026', { userId: 'ld', role: 'leader', jurisdiction: '22' })).json(),
    );
    expect(leader.total).toBe(4);
  });
});

describe('GET /api/ledgers/graduates/lines', () => {
  it('pages masked lines of the jurisdiction by region and case, with each item judged', async () => {
    const seen: GraduateLedgerLinePage['items'] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/ledgers/graduates/lines?year=2026&limit=1${cursor ? `&cursor=${cursor}` : ''}`, caseworker);
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const { person: p } of lines) {
        expect(text).not.toContain(p.idNumber);
        expect(text).not.toContain(p.name);
      }
      const page = GraduateLedgerLinePage.parse(JSON.parse(text));
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((l) => l.caseId)).toEqual(['grad1311:a:2026', 'grad1311:b:2026']);
    expect(seen[0]).toMatchObject({ name: '李**', idNumber: `${ids.a.slice(0, 6)}**********${ids.a.slice(16)}` });
    expect(seen[0]?.items.map((i) => i.state)).toEqual(['on-time', 'late', 'missing', 'pending', 'pending', 'missing']);
    expect(seen[1]?.items.map((i) => i.state)).toEqual(['on-time', 'cancelled', 'cancelled']);

    const closed = GraduateLedgerLinePage.parse(await (await get('/api/ledgers/graduates/lines?year=2026&region=22&status=closed', supervisor)).json());
    expect(closed.items.map((l) => l.caseId)).toEqual(['grad1311:b:2026']);
    expect(await (await get('/api/ledgers/graduates/lines?year=2026&cursor=nonsense', caseworker)).json()).toMatchObject({ code: 'bad_cursor' });
  });

  it("gives one case's line by caseId (a case page), and nothing for a case outside the jurisdiction or the year", async () => {
    const one = async (caseId: string, year = 2026) =>
      GraduateLedgerLinePage.parse(await (await get(`/api/ledgers/graduates/lines?year=${year}&caseId=${encodeURIComponent(caseId)}`, caseworker)).json());
    expect((await one('grad1311:b:2026')).items.map((l) => l.caseId)).toEqual(['grad1311:b:2026']);
    expect((await one('grad1311:c:2026')).items).toEqual([]);
    expect((await one('grad1311:e:2025')).items).toEqual([]);
    expect((await one('grad1311:e:2025', 2025)).items.map((l) => l.caseId)).toEqual(['grad1311:e:2025']);
  });
});

describe('GET /api/ledgers/graduates/export', () => {
  const audits = () => pglite.db.prisma.auditEntry.findMany({ where: { action: 'export-ledger' }, orderBy: [{ at: 'asc' }, { caseId: 'asc' }] });

  it('writes a CSV with BOM and Chinese headers, names in full and ID numbers masked, auditing each graduate on their case', async () => {
    const res = await get('/api/ledgers/graduates/export?year=2026&format=csv', caseworker);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('filename="graduate-ledger-2026-220102.csv"');
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('2026届高校毕业生1311服务台账_220102_2026-11-20.csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF序号,姓名,身份证号,联系电话,毕业院校')).toBe(true);
    const rows = text.trimEnd().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('李小明');
    expect(rows[1]).toContain('未按期提供（应于 2026-11-19 前）');
    expect(rows[1]).toContain('办理中（2026-11-20 前）');
    expect(rows[2]).toContain('已就业');
    expect(text).not.toContain(ids.a);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('张伟');

    const entries = await audits();
    expect(entries.map((a) => [a.caseId, a.actorId, a.regionCode])).toEqual([
      ['grad1311:a:2026', 'cw-wang', '220102'],
      ['grad1311:b:2026', 'cw-wang', '220102'],
    ]);
    expect(entries[0]?.detail).toMatchObject({ year: 2026, region: '220102', format: 'csv', personalData: 'masked' });
  });

  it('gives full ID numbers to supervisors only, in XLSX, and audits that export apart', async () => {
    const before = (await audits()).length;
    expect((await get('/api/ledgers/graduates/export?year=2026&format=csv&personalData=full', caseworker)).status).toBe(403);
    expect((await get('/api/ledgers/graduates/export?year=2026&region=3501', supervisor)).status).toBe(403);
    expect(await audits()).toHaveLength(before);

    const res = await get('/api/ledgers/graduates/export?year=2026&format=xlsx&personalData=full', supervisor);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('2026届毕业生台账');
    expect(sheet.getRow(1).getCell(1).value).toBe('序号');
    expect(sheet.rowCount).toBe(4);
    const column = (header: string) => (sheet.getRow(1).values as unknown[]).indexOf(header);
    expect(sheet.getRow(2).getCell(column('身份证号')).value).toBe(ids.a);
    expect(sheet.getRow(4).getCell(column('毕业6个月仍未落实')).value).toBe('是');

    // The clock is frozen in this file, so the two exports are told apart by who made them.
    const added = (await audits()).filter((a) => a.actorId === 'sup-li');
    expect(added.map((a) => a.caseId)).toEqual(['grad1311:a:2026', 'grad1311:b:2026', 'grad1311:c:2026']);
    const exportIds = new Set(added.map((a) => (a.detail as { exportId: string }).exportId));
    expect(exportIds.size).toBe(1);
    expect(added[0]).toMatchObject({ actorId: 'sup-li', actorRole: 'supervisor', detail: { personalData: 'full', format: 'xlsx', region: '2201' } });
  });
});
