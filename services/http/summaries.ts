/**
 * GET /api/summary/*: the counts the leaders' dashboard starts from (and other tools may use), by
 * district within the caller's jurisdiction. Counted in the database with GROUP BY on indexed
 * columns: a province has hundreds of thousands of cases, tasks and ledger lines.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { PrismaClient } from '../../activities/infra/db.js';
import { caseReaders } from '../../domain/access.js';
import { toShanghaiDate } from '../../domain/calendar/index.js';
import { graduate1311Labels } from '../../domain/cases/graduate-1311.js';
import { responseLabels } from '../../domain/cases/risk-response.js';
import { Department, ServiceItemKind } from '../../domain/contracts/common.js';
import {
  CasesSummary,
  DirectivesSummary,
  EnterpriseDemandsSummary,
  Graduate1311Summary,
  Graduate1311SummaryQuery,
  TasksSummary,
  type CasesSummary as CasesSummaryBody,
} from '../../domain/contracts/dashboard.js';
import type { CaseType } from '../../domain/contracts/outbound.js';
import { regionName, regionPrefix } from '../../domain/jurisdiction.js';
import { requireRole, type ApiEnv } from './access.js';
import { errorResponse, jsonResponse, taggedRoutes } from './openapi.js';
import type { ApiDeps } from './routes.js';

const { get } = taggedRoutes('summaries');

const casesRoute = get(
  '/api/summary/cases',
  'Open cases in my jurisdiction by district, case type and status',
  {},
  { 200: jsonResponse(CasesSummary, 'Counts') },
);
const tasksRoute = get(
  '/api/summary/tasks',
  'Unfinished tasks in my jurisdiction by district: open, overdue, escalated',
  {},
  {
    200: jsonResponse(TasksSummary, 'Counts'),
  },
);
const graduateRoute = get(
  '/api/summary/graduate-1311',
  'Graduate 1311 progress in my jurisdiction by district: reached, closed, service items on time / late / missing',
  { query: Graduate1311SummaryQuery },
  { 200: jsonResponse(Graduate1311Summary, 'Counts for the year'), 400: errorResponse('Bad year') },
);
const demandsRoute = get(
  '/api/summary/enterprise-demands',
  'Key enterprises in my jurisdiction by district, with their demands open / filled and vacancies',
  {},
  { 200: jsonResponse(EnterpriseDemandsSummary, 'Counts') },
);
const directivesRoute = get(
  '/api/summary/directives',
  'Directives of the emergency responses in my jurisdiction, by member department: outstanding, overdue, done',
  {},
  { 200: jsonResponse(DirectivesSummary, 'Counts') },
);

/** The district of a region code: its county-level 6 digits (441900003 → 441900). */
const districtSql = 'left(region_code, 6)';
const named = (code: string) => ({ regionCode: code, regionName: regionName(code) ?? code });
const n = (v: bigint | number | null) => Number(v ?? 0);

export async function casesSummary(prisma: PrismaClient, prefix: string) {
  const rows = await prisma.$queryRawUnsafe<{ district: string; type: string; status: string; n: bigint }[]>(
    `SELECT ${districtSql} AS district, type, status, count(*) AS n FROM "case"
     WHERE region_code LIKE $1 AND status <> 'closed' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    `${prefix}%`,
  );
  return rows.map((r): CasesSummaryBody['rows'][number] => ({
    ...named(r.district),
    caseType: r.type as CaseType,
    status: r.status as CasesSummaryBody['rows'][number]['status'],
    count: n(r.n),
  }));
}

export async function tasksSummary(prisma: PrismaClient, prefix: string) {
  const rows = await prisma.$queryRawUnsafe<{ district: string; open: bigint; overdue: bigint; escalated: bigint }[]>(
    `SELECT ${districtSql} AS district, count(*) AS open,
       count(*) FILTER (WHERE overdue) AS overdue, count(*) FILTER (WHERE escalation_level > 0) AS escalated
     FROM task WHERE region_code LIKE $1 AND status IN ('open', 'claimed') GROUP BY 1 ORDER BY 1`,
    `${prefix}%`,
  );
  return rows.map((r) => ({ ...named(r.district), open: n(r.open), overdue: n(r.overdue), escalated: n(r.escalated) }));
}

/**
 * The year asked, or the latest with cases in the jurisdiction. The item standings are itemState
 * (domain/cases/graduate-1311.ts) in SQL, as the ledger summary counts them; `today` is Shanghai's.
 */
export async function graduate1311Summary(prisma: PrismaClient, prefix: string, asked: number | undefined, today: string) {
  const like = `${prefix}%`;
  const year = asked ?? (await prisma.graduateLedger.aggregate({ where: { regionCode: { startsWith: prefix } }, _max: { year: true } }))._max.year ?? null;
  if (year === null) return { year, rows: [] };
  const cases = await prisma.$queryRawUnsafe<{ district: string; cases: bigint; reached: bigint; closed: bigint }[]>(
    `SELECT ${districtSql} AS district, count(*) AS cases,
       count(*) FILTER (WHERE status <> 'awaiting-contact' AND outcome IS DISTINCT FROM 'unreachable') AS reached,
       count(*) FILTER (WHERE status = 'closed') AS closed
     FROM graduate_ledger WHERE year = $1 AND region_code LIKE $2 GROUP BY 1 ORDER BY 1`,
    year,
    like,
  );
  const items = await prisma.$queryRawUnsafe<{ district: string; kind: string; on_time: bigint; late: bigint; missing: bigint }[]>(
    `SELECT left(g.region_code, 6) AS district, i->>'kind' AS kind,
       count(*) FILTER (WHERE i->>'status' = 'on-time') AS on_time,
       count(*) FILTER (WHERE i->>'status' = 'late') AS late,
       count(*) FILTER (WHERE i->>'status' = 'pending' AND g.status <> 'closed' AND i->>'dueDate' < $3) AS missing
     FROM graduate_ledger g CROSS JOIN LATERAL jsonb_array_elements(g.items) AS i
     WHERE g.year = $1 AND g.region_code LIKE $2 GROUP BY 1, 2`,
    year,
    like,
    today,
  );
  const byDistrict = new Map(items.map((r) => [`${r.district}/${r.kind}`, r]));
  const rows = cases.map((r) => ({
    ...named(r.district),
    cases: n(r.cases),
    reached: n(r.reached),
    closed: n(r.closed),
    items: ServiceItemKind.options.map((item) => {
      const c = byDistrict.get(`${r.district}/${item}`);
      return { item, label: graduate1311Labels.serviceItem[item], onTime: n(c?.on_time ?? 0), late: n(c?.late ?? 0), missing: n(c?.missing ?? 0) };
    }),
  }));
  return { year, rows };
}

export async function enterpriseDemandsSummary(prisma: PrismaClient, prefix: string) {
  const like = `${prefix}%`;
  const enterprises = await prisma.$queryRawUnsafe<{ district: string; n: bigint }[]>(
    `SELECT ${districtSql} AS district, count(*) AS n FROM key_enterprise WHERE region_code LIKE $1 AND status = 'listed' GROUP BY 1`,
    like,
  );
  const demands = await prisma.$queryRawUnsafe<
    { district: string; open: bigint; filled: bigint; vacancies_open: bigint | null; vacancies_filled: bigint | null }[]
  >(
    `SELECT ${districtSql} AS district,
       count(*) FILTER (WHERE status = 'open') AS open,
       count(*) FILTER (WHERE status = 'filled') AS filled,
       sum(greatest(vacancies - filled, 0)) FILTER (WHERE status = 'open') AS vacancies_open,
       sum(filled) AS vacancies_filled
     FROM enterprise_demand WHERE region_code LIKE $1 GROUP BY 1`,
    like,
  );
  const rows = new Map<string, EnterpriseDemandsSummary['rows'][number]>();
  const row = (district: string) => {
    const found = rows.get(district);
    if (found) return found;
    const fresh = { ...named(district), enterprises: 0, demandsOpen: 0, demandsFilled: 0, vacanciesOpen: 0, vacanciesFilled: 0 };
    rows.set(district, fresh);
    return fresh;
  };
  for (const e of enterprises) row(e.district).enterprises = n(e.n);
  for (const d of demands) {
    Object.assign(row(d.district), {
      demandsOpen: n(d.open),
      demandsFilled: n(d.filled),
      vacanciesOpen: n(d.vacancies_open),
      vacanciesFilled: n(d.vacancies_filled),
    });
  }
  return [...rows.values()].sort((a, b) => a.regionCode.localeCompare(b.regionCode));
}

/**
 * Directives live in their response workflow; what the read model keeps of them is the case
 * timeline, one `directive.<step>` entry per step (workflows/risk-response/directives.ts). A
 * directive stands where its latest status entry says; its completion deadline is on its
 * `directive.issued` entry. Reached through the response cases of the jurisdiction (indexed by
 * type and region) and their timelines' primary key, never a scan of every timeline.
 */
export async function directivesSummary(prisma: PrismaClient, prefix: string, now: Date) {
  const rows = await prisma.$queryRawUnsafe<{ department: string; outstanding: bigint; overdue: bigint; done: bigint }[]>(
    `SELECT department,
       count(*) FILTER (WHERE status IN ('issued', 'acknowledged', 'in-progress')) AS outstanding,
       count(*) FILTER (WHERE status IN ('issued', 'acknowledged', 'in-progress') AND complete_by < $2) AS overdue,
       count(*) FILTER (WHERE status = 'done') AS done
     FROM (
       SELECT e.detail->>'directiveId' AS id,
         max(e.detail->>'department') AS department,
         (array_agg(substr(e.kind, 11) ORDER BY e.seq DESC)
           FILTER (WHERE e.kind IN ('directive.issued', 'directive.acknowledged', 'directive.in-progress', 'directive.done', 'directive.declined', 'directive.withdrawn')))[1] AS status,
         max((e.detail->>'completeBy')::timestamptz) FILTER (WHERE e.kind = 'directive.issued') AS complete_by
       FROM "case" c JOIN case_event e ON e.case_id = c.id
       WHERE c.type = 'risk-response' AND c.region_code LIKE $1 AND e.kind LIKE 'directive.%'
       GROUP BY 1
     ) d
     GROUP BY department ORDER BY department`,
    `${prefix}%`,
    now,
  );
  return rows
    .filter((r) => Department.safeParse(r.department).success)
    .map((r) => {
      const department = r.department as Department;
      return { department, departmentLabel: responseLabels.department[department], outstanding: n(r.outstanding), overdue: n(r.overdue), done: n(r.done) };
    });
}

export function registerSummaryRoutes(app: OpenAPIHono<ApiEnv>, { prisma }: ApiDeps): void {
  /** The caller's jurisdiction as a prefix, and the moment the counts are taken. */
  const scope = (c: Parameters<typeof requireRole>[0]) => {
    const actor = requireRole(c, caseReaders);
    return { jurisdiction: regionPrefix(actor.jurisdiction), asOf: new Date() };
  };

  app.openapi(casesRoute, async (c) => {
    const { jurisdiction, asOf } = scope(c);
    return c.json({ asOf: asOf.toISOString(), jurisdiction, rows: await casesSummary(prisma, jurisdiction) }, 200);
  });
  app.openapi(tasksRoute, async (c) => {
    const { jurisdiction, asOf } = scope(c);
    return c.json({ asOf: asOf.toISOString(), jurisdiction, rows: await tasksSummary(prisma, jurisdiction) }, 200);
  });
  app.openapi(graduateRoute, async (c) => {
    const { jurisdiction, asOf } = scope(c);
    const { year, rows } = await graduate1311Summary(prisma, jurisdiction, c.req.valid('query').year, toShanghaiDate(asOf.toISOString()));
    return c.json({ asOf: asOf.toISOString(), jurisdiction, year, rows }, 200);
  });
  app.openapi(demandsRoute, async (c) => {
    const { jurisdiction, asOf } = scope(c);
    return c.json({ asOf: asOf.toISOString(), jurisdiction, rows: await enterpriseDemandsSummary(prisma, jurisdiction) }, 200);
  });
  app.openapi(directivesRoute, async (c) => {
    const { jurisdiction, asOf } = scope(c);
    return c.json({ asOf: asOf.toISOString(), jurisdiction, rows: await directivesSummary(prisma, jurisdiction, asOf) }, 200);
  });
}
