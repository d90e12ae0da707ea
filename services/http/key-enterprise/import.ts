/**
 * Bulk import of the bureau's key-enterprise list. The file is read by the import command (npm run
 * import-enterprises), which sends its rows here in batches, as the graduate import does; each row
 * is validated again here (the edge) and listed through the one listing path, putOnKeyList, under
 * the caller's token: a row outside their jurisdiction is rejected on its own.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { fieldIssues } from '../../../domain/contracts/common.js';
import {
  EnterpriseImportBatch,
  EnterpriseImportResult,
  EnterpriseListingBody,
  type EnterpriseImportRowResult,
} from '../../../domain/contracts/key-enterprise.js';
import type { Actor } from '../../../domain/actor.js';
import { requireRole, type ApiEnv } from '../access.js';
import { HttpError } from '../errors.js';
import { errorResponse, jsonBody, jsonResponse, taggedRoutes } from '../openapi.js';
import type { ApiDeps } from '../routes.js';
import { listKeepers, putOnKeyList, type ListingDeps } from './listing.js';

/** Rows of one batch in flight at once: enough to hide Temporal round trips, few enough to stay gentle. */
const CONCURRENCY = 4;

const importRoute = taggedRoutes('imports').post(
  '/api/imports/enterprises',
  'Put a batch of rows from the bureau’s key-enterprise list on the list (used by npm run import-enterprises; supervisors, leaders)',
  { body: jsonBody(EnterpriseImportBatch) },
  { 200: jsonResponse(EnterpriseImportResult, 'What happened to each row'), 400: errorResponse('Malformed batch'), 403: errorResponse('Role not allowed') },
);

async function one(
  deps: ListingDeps,
  actor: Actor,
  fileName: string,
  { row, enterprise }: EnterpriseImportBatch['rows'][number],
): Promise<EnterpriseImportRowResult> {
  const parsed = EnterpriseListingBody.safeParse(enterprise);
  if (!parsed.success) {
    return { row, outcome: 'rejected', creditCode: null, reasons: fieldIssues(parsed.error).map((i) => `字段 ${i.path} 有误：${i.message}`), warnings: [] };
  }
  try {
    const result = await putOnKeyList(deps, actor, parsed.data, { via: 'import', fileName, row });
    return { row, outcome: result.effect, creditCode: result.creditCode, reasons: [], warnings: result.warnings };
  } catch (err) {
    // Refusals of this one row; anything else stops the batch. A listing outside the jurisdiction
    // answers with LISTING_REFUSED_REASON and no credit code, whether it claimed another region or
    // named an enterprise another bureau lists, so the two read alike.
    if (err instanceof HttpError && err.status === 403) return { row, outcome: 'rejected', creditCode: null, reasons: [err.message], warnings: [] };
    if (err instanceof HttpError && err.status === 409) {
      return { row, outcome: 'rejected', creditCode: parsed.data.creditCode, reasons: [err.message], warnings: [] };
    }
    throw err;
  }
}

export function registerEnterpriseImportRoutes(app: OpenAPIHono<ApiEnv>, { prisma, client, taskQueue, amr }: ApiDeps): void {
  app.openapi(importRoute, async (c) => {
    const actor = requireRole(c, listKeepers);
    const { source, rows } = c.req.valid('json');
    const results = new Array<EnterpriseImportRowResult>(rows.length);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < rows.length; i = next++) results[i] = await one({ prisma, client, taskQueue, amr }, actor, source.fileName, rows[i]!);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, lane));
    return c.json({ results }, 200);
  });
}
