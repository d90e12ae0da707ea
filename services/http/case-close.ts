/**
 * POST /api/cases/{id}/close for the cases a person closes: the caller's role and jurisdiction are
 * checked here and again by the case workflow, which records the close in the timeline and the
 * audit trail. Each case type that may be closed this way registers how, one line below.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Actor } from '../../domain/actor.js';
import { CaseIdParam, CloseCaseBody } from '../../domain/contracts/http.js';
import { combineDisjoint } from '../../domain/registry.js';
import { closeLayoffCaseUpdate } from '../../workflows/layoff-filing/messages.js';
import { requireRole, type ApiEnv } from './access.js';
import { loadVisibleCase } from './cases.js';
import { fromWorkflowFailure, HttpError } from './errors.js';
import { errorResponse, jsonBody, jsonResponse, taggedRoutes } from './openapi.js';
import type { ApiDeps } from './routes.js';

type Closer = (client: Client, caseId: string, actor: Actor, reason: string) => Promise<unknown>;

const closeLayoffFiling: Closer = (client, caseId, actor, reason) =>
  client.workflow.getHandle(caseId).executeUpdate(closeLayoffCaseUpdate, { args: [{ reason, by: actor.userId, actor }] });

const closers: Record<string, Closer> = combineDisjoint('case closers', { 'layoff-filing': closeLayoffFiling });

const closeRoute = taggedRoutes('cases').post(
  '/api/cases/{id}/close',
  'Close a case a person closes (a layoff filing once its help is in place): caseworkers and supervisors of its jurisdiction',
  { params: CaseIdParam, body: jsonBody(CloseCaseBody) },
  {
    202: jsonResponse(z.object({ caseId: z.string(), accepted: z.literal(true) }), 'Accepted; the case closes'),
    400: errorResponse('Bad input'),
    404: errorResponse('No such case'),
    409: errorResponse('The case is closed already, or its type is not closed by a person'),
  },
);

export function registerCaseCloseRoutes(app: OpenAPIHono<ApiEnv>, { prisma, client }: ApiDeps): void {
  app.openapi(closeRoute, async (c) => {
    const actor = requireRole(c, ['caseworker', 'supervisor']);
    const row = await loadVisibleCase(prisma, actor, c.req.valid('param').id);
    const closer = closers[row.type];
    if (!closer) throw new HttpError(409, 'not_closable', '此类案件由系统或负责人按流程办结，不能直接关闭');
    if (row.status === 'closed') throw new HttpError(409, 'case_closed', '案件已关闭');
    try {
      await closer(client, row.id, actor, c.req.valid('json').reason);
    } catch (err) {
      fromWorkflowFailure(err, '案件已关闭');
    }
    return c.json({ caseId: row.id, accepted: true as const }, 202);
  });
}
