/** Case read endpoints: list with filters and cursor paging, one case with its timeline. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { CaseDetail, CaseIdParam, CaseList, CaseListQuery, ErrorBody, type CaseSummary } from '../../domain/contracts/http.js';
import type { PrismaClient } from '../../activities/infra/db.js';
import { HttpError } from './errors.js';

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

function encodeCursor(row: CaseRow): string {
  return Buffer.from(JSON.stringify([row.openedAt.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { openedAt: Date; id: string } {
  try {
    const [openedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(openedAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { openedAt: date, id };
  } catch {
    throw new HttpError(400, 'bad_cursor', '分页游标无效，请从第一页重新查询', [{ path: 'cursor', message: 'not a cursor from this API' }]);
  }
}

const errorResponse = (description: string) => ({ content: { 'application/json': { schema: ErrorBody } }, description });

const listRoute = createRoute({
  method: 'get',
  path: '/api/cases',
  tags: ['cases'],
  summary: 'List cases, newest first',
  request: { query: CaseListQuery },
  responses: {
    200: { content: { 'application/json': { schema: CaseList } }, description: 'A page of cases' },
    400: errorResponse('Bad filter'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/cases/{id}',
  tags: ['cases'],
  summary: 'One case with its timeline',
  request: { params: CaseIdParam },
  responses: {
    200: { content: { 'application/json': { schema: CaseDetail } }, description: 'The case' },
    404: errorResponse('No such case'),
  },
});

export function registerCaseRoutes(app: OpenAPIHono, prisma: PrismaClient): void {
  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await prisma.case.findMany({
      where: {
        type: query.type,
        status: query.status,
        regionCode: query.region ? { startsWith: query.region.replace(/(00)+$/, '') } : undefined,
        ...(after
          ? { OR: [{ openedAt: { lt: after.openedAt } }, { openedAt: after.openedAt, id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return c.json({ items: page.map(summary), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const row = await prisma.case.findUnique({ where: { id }, include: { events: { orderBy: { seq: 'asc' } } } });
    if (!row) throw new HttpError(404, 'case_not_found', `案件 ${id} 不存在`);
    const timeline = row.events.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      occurredAt: e.occurredAt.toISOString(),
      detail: (e.detail ?? {}) as Record<string, unknown>,
    }));
    return c.json({ ...summary(row), timeline }, 200);
  });
}
