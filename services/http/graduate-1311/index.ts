/**
 * The graduate 1311 case's routes: recording a graduate's outcome, the ledger, and the bulk
 * import of the lists bureaus receive (batches of rows, or the file uploaded in the browser).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { graduate1311CaseType } from '../../../domain/cases/graduate-1311.js';
import { CaseIdParam } from '../../../domain/contracts/http.js';
import { GraduateOutcomeBody } from '../../../domain/contracts/graduate-1311.js';
import { recordGraduateOutcomeUpdate } from '../../../workflows/graduate-1311/messages.js';
import { requireRole, type ApiEnv } from '../access.js';
import { loadVisibleCase } from '../cases.js';
import { fromWorkflowFailure, HttpError } from '../errors.js';
import { errorResponse, jsonBody, jsonResponse, taggedRoutes } from '../openapi.js';
import type { ApiDeps } from '../routes.js';
import { registerGraduateImportFileRoutes } from './import-files.js';
import { graduateHandOver, registerGraduateImportRoutes } from './import.js';
import { registerLedgerRoutes } from './ledger.js';

const outcomeRoute = taggedRoutes('cases').post(
  '/api/cases/{id}/outcome',
  'Record where a graduate went; closes the 1311 case (caseworkers, supervisors)',
  { params: CaseIdParam, body: jsonBody(GraduateOutcomeBody) },
  {
    202: jsonResponse(z.object({ caseId: z.string(), accepted: z.literal(true) }), 'Accepted; the case closes'),
    400: errorResponse('Bad input'),
    404: errorResponse('No such case'),
    409: errorResponse('The case is already closed or is not a graduate case'),
  },
);

export function registerGraduate1311Routes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  const { prisma, client } = deps;
  app.openapi(outcomeRoute, async (c) => {
    const actor = requireRole(c, ['caseworker', 'supervisor']);
    const row = await loadVisibleCase(prisma, actor, c.req.valid('param').id);
    if (row.type !== graduate1311CaseType) throw new HttpError(409, 'not_a_graduate_case', '只有高校毕业生案件可以登记去向');
    if (row.status === 'closed') throw new HttpError(409, 'case_closed', '案件已办结');
    const body = c.req.valid('json');
    try {
      await client.workflow.getHandle(row.id).executeUpdate(recordGraduateOutcomeUpdate, { args: [{ actor, ...body }] });
    } catch (err) {
      fromWorkflowFailure(err, '案件已办结');
    }
    return c.json({ caseId: row.id, accepted: true as const }, 202);
  });
  registerLedgerRoutes(app, deps);
  const handOver = graduateHandOver(deps);
  registerGraduateImportRoutes(app, handOver);
  registerGraduateImportFileRoutes(app, deps, handOver);
}
