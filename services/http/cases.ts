/** Case read endpoints: list with filters and cursor paging, one case with its timeline. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../../activities/infra/db.js';
import { auditReaders, canSeeRegion, caseReaders } from '../../domain/access.js';
import { CaseDetail, CaseIdParam, CaseList, CaseListQuery, GraduateOutcomeBody, type CaseSummary } from '../../domain/contracts/http.js';
import { recordGraduateOutcomeUpdate } from '../../workflows/graduate-1311.js';
import { AuditList, type Actor } from '../../domain/contracts/tasks.js';
import { regionPrefix } from '../../domain/jurisdiction.js';
import { requireRole, type ApiEnv } from './access.js';
import { HttpError } from './errors.js';
import { errorResponse, security, denied } from './openapi.js';
import { decodeCursor, encodeCursor } from './paging.js';

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



const listRoute = createRoute({
  method: 'get',
  path: '/api/cases',
  tags: ['cases'],
  summary: 'List the cases in my jurisdiction, newest first',
  security,
  request: { query: CaseListQuery },
  responses: {
    200: { content: { 'application/json': { schema: CaseList } }, description: 'A page of cases' },
    400: errorResponse('Bad filter'),
    ...denied,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/cases/{id}',
  tags: ['cases'],
  summary: 'One case with its timeline',
  security,
  request: { params: CaseIdParam },
  responses: {
    200: { content: { 'application/json': { schema: CaseDetail } }, description: 'The case' },
    404: errorResponse('No such case'),
    ...denied,
  },
});

const auditRoute = createRoute({
  method: 'get',
  path: '/api/cases/{id}/audit',
  tags: ['cases'],
  summary: 'Every action on a case, oldest first (supervisors and leaders)',
  security,
  request: { params: CaseIdParam },
  responses: {
    200: { content: { 'application/json': { schema: AuditList } }, description: 'The audit trail' },
    404: errorResponse('No such case'),
    ...denied,
  },
});

const outcomeRoute = createRoute({
  method: 'post',
  path: '/api/cases/{id}/outcome',
  tags: ['cases'],
  summary: 'Record where a graduate went; closes the 1311 case (caseworkers, supervisors)',
  security,
  request: { params: CaseIdParam, body: { content: { 'application/json': { schema: GraduateOutcomeBody } }, required: true } },
  responses: {
    202: { content: { 'application/json': { schema: z.object({ caseId: z.string(), accepted: z.literal(true) }) } }, description: 'Accepted; the case closes' },
    400: errorResponse('Bad input'),
    404: errorResponse('No such case'),
    409: errorResponse('The case is already closed or is not a graduate case'),
    ...denied,
  },
});

/** The narrower of the caller's jurisdiction and the requested region; undefined if they do not overlap. */
export function effectivePrefix(actor: Actor, region: string | undefined): string | undefined {
  const mine = regionPrefix(actor.jurisdiction);
  if (!region) return mine;
  const asked = regionPrefix(region);
  if (asked.startsWith(mine)) return asked;
  if (mine.startsWith(asked)) return mine;
  return undefined;
}

export function registerCaseRoutes(app: OpenAPIHono<ApiEnv>, prisma: PrismaClient, client: Client): void {
  async function loadVisible(actor: Actor, id: string) {
    const row = await prisma.case.findUnique({ where: { id }, include: { events: { orderBy: { seq: 'asc' } } } });
    if (!row) throw new HttpError(404, 'case_not_found', `案件 ${id} 不存在`);
    if (!canSeeRegion(actor, row.regionCode)) throw new HttpError(403, 'outside_jurisdiction', '该案件不在您的辖区内');
    return row;
  }

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
    const timeline = row.events.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      occurredAt: e.occurredAt.toISOString(),
      detail: (e.detail ?? {}) as Record<string, unknown>,
    }));
    return c.json({ ...summary(row), timeline }, 200);
  });

  app.openapi(outcomeRoute, async (c) => {
    const actor = requireRole(c, ['caseworker', 'supervisor']);
    const row = await loadVisible(actor, c.req.valid('param').id);
    if (row.type !== 'graduate-1311') throw new HttpError(409, 'not_a_graduate_case', '只有高校毕业生案件可以登记去向');
    if (row.status === 'closed') throw new HttpError(409, 'case_closed', '案件已办结');
    const body = c.req.valid('json');
    try {
      await client.workflow.getHandle(row.id).executeUpdate(recordGraduateOutcomeUpdate, { args: [{ actor, ...body }] });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'case_closed', '案件已办结');
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        const status = err.cause.type === 'CaseForbidden' ? 403 : err.cause.type === 'CaseConflict' ? 409 : 400;
        throw new HttpError(status, status === 409 ? 'case_closed' : status === 403 ? 'forbidden' : 'validation_failed', err.cause.message);
      }
      throw err;
    }
    return c.json({ caseId: row.id, accepted: true as const }, 202);
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
