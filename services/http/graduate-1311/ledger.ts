/**
 * The graduate 1311 ledger (台账) by jurisdiction: counts a bureau is judged on, and the export it
 * submits. Read from the ledger read model that each case workflow keeps written.
 */
import { randomUUID } from 'node:crypto';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { PrismaClient } from '../../../activities/infra/db.js';
import { toShanghaiDate } from '../../../domain/calendar/index.js';
import {
  GraduateLedgerExportQuery,
  GraduateLedgerLinePage,
  GraduateLedgerLinesQuery,
  GraduateLedgerQuery,
  GraduateLedgerSummary,
  type GraduateLedgerLineView,
} from '../../../domain/contracts/graduate-1311.js';
import type { Role } from '../../../domain/actor.js';
import { itemState, type LedgerItem, type LedgerLine } from '../../../domain/cases/graduate-1311.js';
import { ServiceItemKind } from '../../../domain/contracts/common.js';
import { requireRole, type ApiEnv } from '../access.js';
import { effectivePrefix } from '../cases.js';
import { HttpError } from '../errors.js';
import { errorResponse, jsonResponse, taggedRoutes } from '../openapi.js';
import { ledgerSheet, masked, type ExportLine } from './ledger-export.js';
import { spreadsheetResponse } from '../spreadsheet-export.js';
import type { ApiDeps } from '../routes.js';
import { decodeKeyCursor, encodeKeyCursor } from '../paging.js';

/** Who reads the ledger: the people judged on it and those who judge. */
const ledgerReaders: readonly Role[] = ['caseworker', 'supervisor', 'leader', 'admin'];
/** Who may take complete ID numbers and phones out of the system (PIPL: as few as the work needs). */
const fullDataExporters: readonly Role[] = ['supervisor', 'leader'];

const { get } = taggedRoutes('ledgers');

const summaryRoute = get(
  '/api/ledgers/graduates',
  'The graduate 1311 ledger of my jurisdiction: cases by status and outcome, service items on time / late / missing',
  { query: GraduateLedgerQuery },
  {
    200: jsonResponse(
      GraduateLedgerSummary,
      'Counts for the year and region. Service items: onTime / late = delivered by / after the deadline day; ' +
        'missing = not delivered, case open, deadline day before today (Asia/Shanghai); pending = not delivered, case open, ' +
        'due today or later; cancelled = the case closed before delivery.',
    ),
    400: errorResponse('Bad filter'),
  },
);

const linesRoute = get(
  '/api/ledgers/graduates/lines',
  'The graduate 1311 ledger line by line (names and ID numbers masked), by region then case',
  { query: GraduateLedgerLinesQuery },
  { 200: jsonResponse(GraduateLedgerLinePage, 'A page of ledger lines'), 400: errorResponse('Bad filter or cursor') },
);

const file = z.string().meta({ format: 'binary' });
const exportRoute = get(
  '/api/ledgers/graduates/export',
  'Export the graduate 1311 ledger (XLSX or CSV, Chinese headers); every exported graduate is audited',
  { query: GraduateLedgerExportQuery },
  {
    200: {
      content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: file }, 'text/csv': { schema: file } },
      description: 'One row per graduate',
    },
    400: errorResponse('Bad filter'),
  },
  {
    description:
      'Names in full (a real-name ledger); ID numbers and phones masked unless a supervisor or leader asks for personalData=full. ' +
      'Each exported case gets an audit entry (action export-ledger) before its row is sent.',
  },
);

const PAGE = 500;

type LedgerRow = Awaited<ReturnType<PrismaClient['graduateLedger']['findMany']>>[number];
type LedgerKey = Pick<LedgerRow, 'regionCode' | 'caseId'>;

/**
 * The ledger's one page order, by region then case ID: a line's timestamps change with every write,
 * its keys never do, so paging never skips or repeats a line that changed meanwhile.
 */
const byLedgerKey = [{ regionCode: 'asc' }, { caseId: 'asc' }] as const;
const afterLedgerKey = (after: LedgerKey | undefined) =>
  after ? { OR: [{ regionCode: { gt: after.regionCode } }, { regionCode: after.regionCode, caseId: { gt: after.caseId } }] } : {};

/** The read model's row as the workflow's ledger line (the columns both the lines and the export show). */
function lineOf(row: Omit<LedgerRow, 'nameSealed' | 'idNumberSealed' | 'phoneSealed'>): ExportLine['line'] {
  return {
    regionCode: row.regionCode,
    status: row.status as LedgerLine['status'],
    outcome: row.outcome as LedgerLine['outcome'],
    intention: row.intention as LedgerLine['intention'],
    skillLevel: row.skillLevel,
    contactAttempts: row.contactAttempts,
    refusals: row.refusals,
    items: row.items as unknown as LedgerItem[],
    employerCreditCode: row.employerCreditCode,
    closedReason: row.closedReason,
    flagged: row.flagged,
  };
}

export function registerLedgerRoutes(app: OpenAPIHono<ApiEnv>, { prisma, seal }: ApiDeps): void {
  app.openapi(summaryRoute, async (c) => {
    const actor = requireRole(c, ledgerReaders);
    const { year, region } = c.req.valid('query');
    const prefix = effectivePrefix(actor, region);
    if (prefix === undefined) throw new HttpError(403, 'outside_jurisdiction', '所选地区不在您的辖区内');
    const today = toShanghaiDate(new Date().toISOString());
    const like = `${prefix}%`;
    // Counted in the database: a province's ledger is hundreds of thousands of lines. The item
    // counts are itemState (ledger-export.ts) in SQL; the unit tests hold the two to the same answers.
    const cases = await prisma.$queryRaw<{ region_code: string; status: string; outcome: string | null; flagged: boolean; n: bigint }[]>`
      SELECT region_code, status, outcome, flagged, count(*) AS n FROM graduate_ledger
      WHERE year = ${year} AND region_code LIKE ${like} GROUP BY region_code, status, outcome, flagged`;
    const items = await prisma.$queryRaw<{ kind: string; on_time: bigint; late: bigint; missing: bigint; pending: bigint; cancelled: bigint }[]>`
      SELECT i->>'kind' AS kind,
        count(*) FILTER (WHERE i->>'status' = 'on-time') AS on_time,
        count(*) FILTER (WHERE i->>'status' = 'late') AS late,
        count(*) FILTER (WHERE i->>'status' = 'pending' AND g.status <> 'closed' AND i->>'dueDate' < ${today}) AS missing,
        count(*) FILTER (WHERE i->>'status' = 'pending' AND g.status <> 'closed' AND i->>'dueDate' >= ${today}) AS pending,
        count(*) FILTER (WHERE i->>'status' = 'cancelled' OR (i->>'status' = 'pending' AND g.status = 'closed')) AS cancelled
      FROM graduate_ledger g CROSS JOIN LATERAL jsonb_array_elements(g.items) AS i
      WHERE g.year = ${year} AND g.region_code LIKE ${like} GROUP BY 1`;

    const summary: GraduateLedgerSummary = {
      year,
      region: prefix,
      asOf: today,
      total: 0,
      byStatus: { 'awaiting-contact': 0, 'in-service': 0, closed: 0 },
      byOutcome: {},
      flagged: 0,
      items: Object.fromEntries(
        ServiceItemKind.options.map((k) => [k, { onTime: 0, late: 0, missing: 0, pending: 0, cancelled: 0 }]),
      ) as GraduateLedgerSummary['items'],
      byRegion: [],
    };
    const regions = new Map<string, GraduateLedgerSummary['byRegion'][number]>();
    for (const row of cases) {
      const n = Number(row.n);
      summary.total += n;
      const status = row.status as keyof GraduateLedgerSummary['byStatus'];
      summary.byStatus[status] = (summary.byStatus[status] ?? 0) + n;
      if (row.outcome) summary.byOutcome[row.outcome] = (summary.byOutcome[row.outcome] ?? 0) + n;
      if (row.flagged) summary.flagged += n;
      const r = regions.get(row.region_code) ?? { regionCode: row.region_code, total: 0, closed: 0, employed: 0, flagged: 0 };
      r.total += n;
      if (row.status === 'closed') r.closed += n;
      if (row.outcome === 'employed') r.employed += n;
      if (row.flagged) r.flagged += n;
      regions.set(row.region_code, r);
    }
    summary.byRegion = [...regions.values()].sort((a, b) => a.regionCode.localeCompare(b.regionCode));
    for (const row of items) {
      const counts = summary.items[row.kind as (typeof ServiceItemKind.options)[number]];
      if (!counts) continue;
      counts.onTime = Number(row.on_time);
      counts.late = Number(row.late);
      counts.missing = Number(row.missing);
      counts.pending = Number(row.pending);
      counts.cancelled = Number(row.cancelled);
    }
    return c.json(summary, 200);
  });

  app.openapi(linesRoute, async (c) => {
    const actor = requireRole(c, ledgerReaders);
    const { year, region, status, caseId, limit, cursor } = c.req.valid('query');
    const prefix = effectivePrefix(actor, region);
    if (prefix === undefined) throw new HttpError(403, 'outside_jurisdiction', '所选地区不在您的辖区内');
    const keys = cursor ? decodeKeyCursor(cursor, 2) : undefined;
    const today = toShanghaiDate(new Date().toISOString());
    const rows = await prisma.graduateLedger.findMany({
      where: { year, status, caseId, regionCode: { startsWith: prefix }, ...afterLedgerKey(keys && { regionCode: keys[0]!, caseId: keys[1]! }) },
      orderBy: [...byLedgerKey],
      take: limit + 1,
      // The sealed columns stay in the database: this list shows masked forms only.
      omit: { nameSealed: true, idNumberSealed: true, phoneSealed: true },
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const items = page.map((row): GraduateLedgerLineView => {
      const line = lineOf(row);
      return {
        ...line,
        caseId: row.caseId,
        name: row.nameMasked,
        idNumber: row.idNumberMasked,
        school: row.school,
        major: row.major,
        degree: row.degree as GraduateLedgerLineView['degree'],
        graduationDate: row.graduationDate,
        intention: row.intention,
        items: line.items.map((item) => ({
          kind: item.kind,
          seq: item.seq,
          dueDate: item.dueDate,
          dueProvisional: item.dueProvisional ?? false,
          state: itemState(item, line.status, today),
          completedAt: item.completedAt,
          response: item.response,
          position: item.position ?? null,
          employer: item.employer ?? null,
        })),
        updatedAt: row.updatedAt.toISOString(),
      };
    });
    return c.json({ asOf: today, items, nextCursor: rows.length > limit && last ? encodeKeyCursor([last.regionCode, last.caseId]) : null }, 200);
  });

  app.openapi(exportRoute, async (c) => {
    const actor = requireRole(c, ledgerReaders);
    const { year, region, format, personalData } = c.req.valid('query');
    const prefix = effectivePrefix(actor, region);
    if (prefix === undefined) throw new HttpError(403, 'outside_jurisdiction', '所选地区不在您的辖区内');
    if (personalData === 'full' && !fullDataExporters.includes(actor.role)) {
      throw new HttpError(403, 'role_not_allowed', '只有主管或领导可以导出完整身份证号和电话');
    }
    const where = { year, regionCode: { startsWith: prefix } };
    const exportId = randomUUID();
    const at = new Date();
    const today = toShanghaiDate(at.toISOString());
    async function* pages(): AsyncGenerator<ExportLine[]> {
      let after: LedgerKey | undefined;
      for (;;) {
        const page = await prisma.graduateLedger.findMany({ where: { ...where, ...afterLedgerKey(after) }, orderBy: [...byLedgerKey], take: PAGE });
        if (page.length === 0) return;
        after = page.at(-1);
        // A name (and on request a full ID number) leaves the system here, so each exported graduate
        // gets an audit entry on their own case, written before their row is sent: the case's audit
        // trail then answers "who took this person's data out, when, unmasked or not" (PIPL), which
        // one entry per export under an invented case ID could not. Entries of one export share
        // exportId in detail, which also tells who exported what filter in how many rows.
        await prisma.auditEntry.createMany({
          data: page.map((row) => ({
            id: `ledger-export:${exportId}:${row.caseId}`,
            at,
            actorId: actor.userId,
            actorRole: actor.role,
            action: 'export-ledger',
            caseId: row.caseId,
            regionCode: row.regionCode,
            detail: { exportId, year, region: prefix, format, personalData },
          })),
        });
        yield page.map((row) => {
          const line: ExportLine = {
            line: lineOf(row),
            name: seal.open(row.nameSealed),
            idNumber: seal.open(row.idNumberSealed),
            phone: row.phoneSealed === null ? null : seal.open(row.phoneSealed),
            school: row.school,
            major: row.major,
            degree: row.degree,
            graduationDate: row.graduationDate,
          };
          return personalData === 'full' ? line : masked(line);
        });
        if (page.length < PAGE) return;
      }
    }
    return await spreadsheetResponse(ledgerSheet(today), pages(), {
      format,
      sheetName: `${year}届毕业生台账`,
      name: `${year}届高校毕业生1311服务台账_${prefix}_${today}`,
      asciiName: `graduate-ledger-${year}-${prefix}`,
    });
  });
}
