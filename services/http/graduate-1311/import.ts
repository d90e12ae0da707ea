/**
 * Bulk import of the graduate lists bureaus receive. The import command (npm run import) reads
 * the file and sends its rows here in batches; a file uploaded in the browser is read by the API
 * itself (import-files.ts) and its rows go through the same function, graduateHandOver. The running
 * system owns the database (embedded PGlite serves one process) and the Temporal client, and the
 * caller's token decides which rows they may hand over. Each row is validated again here (the
 * edge), gets its eventId here, from the deployment's ID-hash key (the command holds no key), and
 * goes through the same hand-over as the Kafka intake.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { canSeeRegion } from '../../../domain/access.js';
import { fieldIssues, occurredWithin } from '../../../domain/contracts/common.js';
import { GraduateImportBatch, GraduateImportHandover, GraduateImportResult, type GraduateImportRowResult } from '../../../domain/contracts/graduate-1311.js';
import { GraduateHandoverV1 } from '../../../domain/contracts/inbound.js';
import type { Actor, Role } from '../../../domain/actor.js';
import { graduateCaseId, graduateImportEventId, importGraduate } from '../../intake/graduate-1311.js';
import type { ApiDeps } from '../routes.js';
import { requireRole, type ApiEnv } from '../access.js';
import { errorResponse, jsonBody, jsonResponse, taggedRoutes } from '../openapi.js';

/** Who may hand graduates over to cases: the people who will serve them and their supervisors. */
export const importers: readonly Role[] = ['caseworker', 'supervisor'];
/** Rows of one batch in flight at once: enough to hide Temporal round trips, few enough to stay gentle. */
const CONCURRENCY = 8;
/** A row's hand-over, its occurredAt judged on this server's clock like an event from the topic. */
const Handover = occurredWithin(GraduateHandoverV1, () => new Date());

const importRoute = taggedRoutes('imports').post(
  '/api/imports/graduates',
  'Hand a batch of rows from a graduate list over to their cases (used by npm run import)',
  { body: jsonBody(GraduateImportBatch) },
  { 200: jsonResponse(GraduateImportResult, 'What happened to each row'), 400: errorResponse('Malformed batch'), 403: errorResponse('Role not allowed') },
);

/**
 * One answer for a row the caller may not hand over, whether its claimed household region lies
 * outside their jurisdiction or the person's case is served by another bureau: no case ID, no
 * status, and the same words, so the reply does not say which of the two it was, nor anything
 * about the other bureau's case. What stays visible is that a row claiming the caller's own region
 * was refused where an unknown person's row would open a case; that is told only to an
 * authenticated importer who already holds the full ID number, and every such refusal is written
 * to the owning case's audit trail, where that bureau's supervisors see who tried.
 */
export const IMPORT_REFUSED_REASON = '此行无法由您导入：户籍地不在您的辖区内，或此人已由其他地区跟踪服务。请核对户籍地，需要转办的请联系上级就业服务机构';

function refused(row: number): GraduateImportRowResult {
  return { row, outcome: 'rejected', caseId: null, reasons: [IMPORT_REFUSED_REASON] };
}

/** Hands a batch of a list's rows over to their cases as `actor`, and says what each row came to. */
export type GraduateHandOver = (actor: Actor, source: GraduateImportBatch['source'], rows: GraduateImportBatch['rows']) => Promise<GraduateImportRowResult[]>;

/**
 * The one hand-over of a list's rows, whichever way the list came: a batch the import command
 * posts, or a file uploaded in the browser (import-files.ts). Each row is validated again here (the
 * edge) and gets its eventId from the deployment's ID-hash key.
 */
export function graduateHandOver({ prisma, client, taskQueue, idHashKey }: Pick<ApiDeps, 'prisma' | 'client' | 'taskQueue' | 'idHashKey'>): GraduateHandOver {
  const graduates = { client, taskQueue, idHashKey };
  async function refuse(actor: Actor, source: GraduateImportBatch['source'], row: number, caseId: string, caseRegion: string) {
    await prisma.auditEntry.createMany({
      data: [
        {
          id: `import-refused:${caseId}:${source.handoverId}:${row}:${actor.userId}`,
          at: new Date(),
          actorId: actor.userId,
          actorRole: actor.role,
          action: 'import-refused-other-jurisdiction',
          caseId,
          regionCode: caseRegion,
          detail: { fileName: source.fileName, handoverId: source.handoverId, row, actorJurisdiction: actor.jurisdiction },
        },
      ],
      skipDuplicates: true,
    });
    return refused(row);
  }
  async function one(
    actor: Actor,
    source: GraduateImportBatch['source'],
    { row, handover }: GraduateImportBatch['rows'][number],
  ): Promise<GraduateImportRowResult> {
    const rejected = (error: z.ZodError) => ({
      row,
      outcome: 'rejected' as const,
      caseId: null,
      reasons: fieldIssues(error).map((i) => `字段 ${i.path} 不符合 edu.graduate.handover.v1：${i.message}`),
    });
    const candidate = GraduateImportHandover.safeParse(handover);
    if (!candidate.success) return rejected(candidate.error);
    // The derived eventId must fit the contract too (a long handoverId makes a long eventId).
    const parsed = Handover.safeParse({
      ...candidate.data,
      eventId: graduateImportEventId(candidate.data.handoverId, candidate.data.idNumber, graduates.idHashKey),
    });
    if (!parsed.success) return rejected(parsed.error);
    const value = parsed.data;
    if (!canSeeRegion(actor, value.householdRegionCode)) return refused(row);
    // The ledger read model answers a re-run without waking every case: its handovers only grow and
    // a closed case stays closed, so a yes from it is final; anything else asks the case itself.
    // Either way the case's own region decides, never the region the row claims.
    const caseId = graduateCaseId(value, graduates.idHashKey);
    const known = await prisma.graduateLedger.findUnique({
      where: { caseId },
      select: { caseId: true, status: true, handoverIds: true, regionCode: true },
    });
    if (known && !canSeeRegion(actor, known.regionCode)) return refuse(actor, source, row, caseId, known.regionCode);
    if (known && (known.status === 'closed' || (known.handoverIds as string[]).includes(value.handoverId))) {
      return { row, outcome: 'unchanged', caseId: known.caseId, reasons: [] };
    }
    const imported = await importGraduate(graduates, value, (regionCode) => canSeeRegion(actor, regionCode));
    if (imported.effect === 'refused') return refuse(actor, source, row, imported.workflowId, imported.regionCode);
    const { workflowId, effect } = imported;
    if (effect !== 'unchanged') {
      // The case's own audit trail shows who brought the graduate in, from which file and row.
      await prisma.auditEntry.createMany({
        data: [
          {
            id: `import:${workflowId}:${value.handoverId}`,
            at: new Date(),
            actorId: actor.userId,
            actorRole: actor.role,
            action: 'import-handover',
            caseId: workflowId,
            regionCode: value.householdRegionCode,
            detail: { fileName: source.fileName, handoverId: value.handoverId, row, effect },
          },
        ],
        skipDuplicates: true,
      });
    }
    return { row, outcome: effect, caseId: workflowId, reasons: [] };
  }

  return async (actor, source, rows) => {
    const results = new Array<GraduateImportRowResult>(rows.length);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < rows.length; i = next++) results[i] = await one(actor, source, rows[i]!);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, lane));
    return results;
  };
}

export function registerGraduateImportRoutes(app: OpenAPIHono<ApiEnv>, handOver: GraduateHandOver): void {
  app.openapi(importRoute, async (c) => {
    const actor = requireRole(c, importers);
    const { source, rows } = c.req.valid('json');
    return c.json({ results: await handOver(actor, source, rows) }, 200);
  });
}
