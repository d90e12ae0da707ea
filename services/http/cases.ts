/** Case read endpoints: list with filters and cursor paging, one case with its timeline. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { PrismaClient } from '../../activities/infra/db.js';
import { auditReaders, canSeeRegion, caseReaders } from '../../domain/access.js';
import type { Actor } from '../../domain/actor.js';
import { CaseDetail, CaseIdParam, CaseList, CaseListQuery, type CaseSummary } from '../../domain/contracts/http.js';
import { AuditList } from '../../domain/contracts/tasks.js';
import { regionPrefix } from '../../domain/jurisdiction.js';
import { requireRole, type ApiEnv } from './access.js';
import { HttpError } from './errors.js';
import { errorResponse, jsonResponse, taggedRoutes } from './openapi.js';
import { decodeCursor, encodeCursor } from './paging.js';
import type { ApiDeps } from './routes.js';

type CaseRow = Awaited<ReturnType<PrismaClient['case']['findFirstOrThrow']>>;

function summary(row: CaseRow): CaseSummary {
  return {
    id: row.id,
    type: row.type as CaseSummary['type'],
    status: row.status as CaseSummary['status'],
    regionCode: row.regionCode,
    industryCode: row.industryCode,
    title: row.title,
    reason: row.reason,
    openedAt: row.openedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

const { get } = taggedRoutes('cases');

const listRoute = get(
  '/api/cases',
  'List the cases in my jurisdiction, newest first',
  { query: CaseListQuery },
  {
    200: jsonResponse(CaseList, 'A page of cases'),
    400: errorResponse('Bad filter'),
  },
);

const getRoute = get(
  '/api/cases/{id}',
  'One case with its timeline',
  { params: CaseIdParam },
  {
    200: jsonResponse(CaseDetail, 'The case'),
    404: errorResponse('No such case in my jurisdiction (another jurisdiction’s case is answered the same)'),
  },
);

const auditRoute = get(
  '/api/cases/{id}/audit',
  'Every action on a case, oldest first (supervisors and leaders)',
  { params: CaseIdParam },
  {
    200: jsonResponse(AuditList, 'The audit trail'),
    403: errorResponse('Role not allowed'),
    404: errorResponse('No such case in my jurisdiction'),
  },
);

/** The narrower of the caller's jurisdiction and the requested region; undefined if they do not overlap. */
export function effectivePrefix(actor: Actor, region: string | undefined): string | undefined {
  const mine = regionPrefix(actor.jurisdiction);
  if (!region) return mine;
  const asked = regionPrefix(region);
  if (asked.startsWith(mine)) return asked;
  if (mine.startsWith(asked)) return mine;
  return undefined;
}

/**
 * The case, if it exists and lies in the caller's jurisdiction. Another jurisdiction's case is
 * answered exactly as a case that does not exist (same status, code and words, none of them the
 * ID, and the same one read), so the API never tells whether an ID has a case elsewhere.
 */
export async function loadVisibleCase(prisma: PrismaClient, actor: Actor, id: string): Promise<CaseRow> {
  const row = await prisma.case.findUnique({ where: { id } });
  if (!row || !canSeeRegion(actor, row.regionCode)) throw new HttpError(404, 'case_not_found', '未找到此案件，或它不在您的辖区内');
  return row;
}

export function registerCaseRoutes(app: OpenAPIHono<ApiEnv>, { prisma }: ApiDeps): void {
  const loadVisible = (actor: Actor, id: string) => loadVisibleCase(prisma, actor, id);

  app.openapi(listRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const query = c.req.valid('query');
    const prefix = effectivePrefix(actor, query.region);
    if (prefix === undefined) return c.json({ items: [], nextCursor: null }, 200);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await prisma.case.findMany({
      where: {
        type: query.type,
        status: query.status,
        regionCode: { startsWith: prefix },
        ...(after ? { OR: [{ openedAt: { lt: after.at } }, { openedAt: after.at, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return c.json({ items: page.map(summary), nextCursor: rows.length > query.limit && last ? encodeCursor(last.openedAt, last.id) : null }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const row = await loadVisible(actor, c.req.valid('param').id);
    const events = await prisma.caseEvent.findMany({ where: { caseId: row.id }, orderBy: { seq: 'asc' } });
    const timeline = events.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      occurredAt: e.occurredAt.toISOString(),
      detail: (e.detail ?? {}) as Record<string, unknown>,
    }));
    return c.json({ ...summary(row), timeline }, 200);
  });

  app.openapi(auditRoute, async (c) => {
    const actor = requireRole(c, auditReaders);
    const row = await loadVisible(actor, c.req.valid('param').id);
    const entries = await prisma.auditEntry.findMany({ where: { caseId: row.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    return c.json(
      {
        items: entries.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          actorId: e.actorId,
          actorRole: e.actorRole,
          action: e.action,
          caseId: e.caseId,
          taskId: e.taskId,
          before: e.before ?? null,
          after: e.after ?? null,
          detail: e.detail ?? null,
        })),
      },
      200,
    );
  });
}
