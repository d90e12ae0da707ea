/**
 * A graduate list uploaded in the browser: the API reads the file with the import command's own
 * reader (graduateList: readGraduateRows, the same header table, cells and checks) and hands its
 * rows over in batches through the batch route's own function (graduateHandOver), tallied by the
 * command's own loop (handOverRows). No second reading or hand-over exists.
 *
 * The upload answers once the file is known to be readable (type, header, columns) and its rows are
 * counted; the rows are then handed over in the background by the API process that received it,
 * which writes the run's progress after every batch to the database, so any API process can answer
 * GET /api/imports/graduates/files/{runId} while it runs.
 *
 * If that process dies mid-run, the run stops moving: its heartbeat (written every
 * HEARTBEAT_MS while it runs) grows old and the run is reported `interrupted` with what was done.
 * Nothing is lost or doubled by uploading the same file again: the handover ID defaults to a hash of
 * the file's content and every row's eventId comes from the handover ID and the ID number, so rows
 * already handed over come back `unchanged` and the rest are handed over.
 *
 * The file holds names and ID numbers in clear: it is written to a private temporary folder for
 * the reader (which streams from a file) and removed when the run ends, whatever its end.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { canSeeRegion } from '../../../domain/access.js';
import {
  GraduateImportFileQuery,
  GraduateImportRejectedRow,
  GraduateImportRun,
  GraduateImportRunId,
  GraduateImportRunList,
  type GraduateImportBatch,
  type GraduateImportRunSummary,
} from '../../../domain/contracts/graduate-1311.js';
import type { Actor } from '../../../domain/actor.js';
import { regionPrefix } from '../../../domain/jurisdiction.js';
import type { PrismaClient } from '../../../activities/infra/db.js';
import { ImportFileError } from '../../import/errors.js';
import { defaultHandoverId, graduateList, type GraduateImportOutcome } from '../../import/graduate-1311.js';
import { rejectedRowsCsv } from '../../import/rejected.js';
import { handOverRows, type Tally } from '../../import/run-import.js';
import { requireRole, type ApiEnv } from '../access.js';
import { HttpError } from '../errors.js';
import { errorResponse, jsonResponse, taggedRoutes } from '../openapi.js';
import type { ApiDeps } from '../routes.js';
import { importers, type GraduateHandOver } from './import.js';

/** How often a running run says it is still running. */
export const HEARTBEAT_MS = 10_000;
/** A running run whose heartbeat is older than this has lost its process. */
export const STALE_MS = 60_000;
/** Recent runs listed for a jurisdiction. */
const RECENT_RUNS = 20;

const fileTypes = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'An .xlsx list',
  'text/csv': 'A .csv list (UTF-8, GB18030 or UTF-16)',
  'application/octet-stream': 'Either, as the file name says',
} as const;
const fileBody = {
  content: Object.fromEntries(Object.entries(fileTypes).map(([type, description]) => [type, { schema: z.string().meta({ format: 'binary', description }) }])),
  required: true,
};

const imports = taggedRoutes('imports');
const uploadRoute = imports.post(
  '/api/imports/graduates/files',
  'Upload a graduate list file (XLSX or CSV) and hand its rows over to their cases, as npm run import does',
  { query: GraduateImportFileQuery, body: fileBody },
  {
    202: jsonResponse(GraduateImportRun, 'Read and counted; its rows are being handed over: follow the run'),
    400: errorResponse('The file cannot be read as a list (type, header, columns) or the query is wrong'),
    413: errorResponse('The file is larger than the upload cap'),
  },
  {
    description:
      'The body is the file itself. The answer comes once the file is read and its rows counted; poll GET /api/imports/graduates/files/{runId} for progress. Uploading the same file again hands nothing over twice.',
  },
);
const runsRoute = imports.get(
  '/api/imports/graduates/files',
  'Recent uploaded graduate lists of the caller’s jurisdiction, newest first',
  {},
  { 200: jsonResponse(GraduateImportRunList, 'The runs, without their rejected rows') },
);
const runRoute = imports.get(
  '/api/imports/graduates/files/{runId}',
  'An uploaded graduate list’s progress, counts and rejected rows',
  { params: GraduateImportRunId },
  { 200: jsonResponse(GraduateImportRun, 'The run'), 404: errorResponse('No such run in the caller’s jurisdiction') },
);
const rejectedRoute = imports.get(
  '/api/imports/graduates/files/{runId}/rejected.csv',
  'The run’s rejected rows as the CSV file npm run import writes (row number, reasons)',
  { params: GraduateImportRunId },
  {
    200: { content: { 'text/csv': { schema: z.string() } }, description: 'UTF-8 with a BOM, for Excel' },
    404: errorResponse('No such run in the caller’s jurisdiction'),
  },
);

type RunRow = NonNullable<Awaited<ReturnType<PrismaClient['graduateImportRun']['findUnique']>>>;

function summary(run: RunRow, now: Date): GraduateImportRunSummary {
  const lost = run.status === 'running' && now.getTime() - run.heartbeatAt.getTime() > STALE_MS;
  return {
    runId: run.id,
    fileName: run.fileName,
    handoverId: run.handoverId,
    occurredAt: run.occurredAt,
    uploadedBy: run.actorId,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    status: lost ? 'interrupted' : (run.status as GraduateImportRunSummary['status']),
    total: run.total,
    processed: run.processed,
    counts: { imported: run.imported, updated: run.updated, unchanged: run.unchanged, rejected: run.rejected },
    failure: lost ? interruptedMessage(run.processed, run.total) : run.failure,
  };
}

const RejectedRows = z.array(GraduateImportRejectedRow);

const view = (run: RunRow, now: Date): GraduateImportRun => ({ ...summary(run, now), rejected: RejectedRows.parse(run.rejectedRows) });

const resume = '请重新上传同一文件继续（已处理的行不会重复导入）';
const interruptedMessage = (processed: number, total: number) => `导入在处理 ${processed}/${total} 行时中断（服务进程已停止），${resume}`;

/** The file's extension, for the reader to go by; anything odd becomes none, which the reader refuses. */
function extensionOf(fileName: string): string {
  const ext = path.extname(fileName).toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : '';
}

export function registerGraduateImportFileRoutes(app: OpenAPIHono<ApiEnv>, { prisma, log }: Pick<ApiDeps, 'prisma' | 'log'>, handOver: GraduateHandOver): void {
  async function visibleRun(actor: Actor, runId: string): Promise<RunRow> {
    const run = await prisma.graduateImportRun.findUnique({ where: { id: runId } });
    if (!run || !canSeeRegion(actor, run.regionCode)) throw new HttpError(404, 'import_run_not_found', '未找到此次导入，或它不在您的辖区内');
    return run;
  }

  app.openapi(uploadRoute, async (c) => {
    const actor = requireRole(c, importers);
    const query = c.req.valid('query');
    const content = Buffer.from(await c.req.arrayBuffer());
    if (content.length === 0) throw new HttpError(400, 'empty_file', '上传的文件是空的，请选择名单文件后重试');
    const dir = await mkdtemp(path.join(tmpdir(), 'jiuye-upload-'));
    const file = path.join(dir, `list${extensionOf(query.fileName)}`);
    let started = false;
    try {
      await writeFile(file, content, { mode: 0o600 });
      const handoverId = query.handoverId ?? (await defaultHandoverId(file));
      const occurredAt = query.occurredAt ?? new Date().toISOString();
      const kind = graduateList({ handoverId, occurredAt });
      let total: number;
      try {
        total = await kind.total(file);
      } catch (err) {
        if (err instanceof ImportFileError) throw new HttpError(400, 'unreadable_file', err.message);
        throw err;
      }
      const now = new Date();
      const run = await prisma.graduateImportRun.create({
        data: {
          id: `run-${randomUUID()}`,
          createdAt: now,
          heartbeatAt: now,
          actorId: actor.userId,
          actorRole: actor.role,
          regionCode: actor.jurisdiction,
          fileName: query.fileName,
          handoverId,
          occurredAt,
          status: 'running',
          total,
          processed: 0,
          imported: 0,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          rejectedRows: [],
        },
      });
      const source: GraduateImportBatch['source'] = { fileName: query.fileName, handoverId };
      started = true;
      void handOverFile(run.id, kind, file, total, source, actor).finally(() => rm(dir, { recursive: true, force: true }));
      return c.json(view(run, now), 202);
    } finally {
      if (!started) await rm(dir, { recursive: true, force: true });
    }
  });

  /** Hands the file's rows over, writing the run's progress after every batch; never throws. */
  async function handOverFile(
    runId: string,
    kind: ReturnType<typeof graduateList>,
    file: string,
    total: number,
    source: GraduateImportBatch['source'],
    actor: Actor,
  ): Promise<void> {
    const where = { id: runId };
    const beat = () =>
      prisma.graduateImportRun.updateMany({ where: { ...where, status: 'running' }, data: { heartbeatAt: new Date() } }).catch((err: unknown) => {
        log.warn({ runId, err: err instanceof Error ? err.name : 'unknown' }, 'graduate list upload: heartbeat not written');
      });
    const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
    heartbeat.unref();
    const progress = (t: Tally<GraduateImportOutcome>) => ({
      heartbeatAt: new Date(),
      processed: t.done,
      imported: t.counts.imported,
      updated: t.counts.updated,
      unchanged: t.counts.unchanged,
      rejected: t.counts.rejected,
      rejectedRows: [...t.rejected].sort((a, b) => a.row - b.row).map(({ row, reasons }) => ({ row, reasons })),
    });
    let last: Tally<GraduateImportOutcome> | undefined;
    try {
      const tally = await handOverRows(kind.rows(file), {
        outcomes: kind.outcomes,
        total,
        send: (batch) =>
          handOver(
            actor,
            source,
            batch.map(({ row, value }) => ({ row, handover: value })),
          ),
        onProgress: async (t) => {
          last = t;
          await prisma.graduateImportRun.update({ where, data: progress(t) });
        },
      });
      await prisma.graduateImportRun.update({ where, data: { ...progress(tally), status: 'finished', finishedAt: new Date() } });
      log.info({ runId, total, rejected: tally.counts.rejected }, 'graduate list upload finished');
    } catch (err) {
      // The reader's own message is for the person who supplied the file; anything else is ours.
      const stop = err instanceof ImportFileError ? `${err.message}；` : '导入中断：服务暂时无法处理，';
      const failure = `${stop}已处理 ${last?.done ?? 0}/${total} 行。${resume}`;
      // Only the error's kind: a message from deep down could quote a cell.
      log.error({ runId, err: err instanceof Error ? err.name : 'unknown' }, 'graduate list upload failed');
      await prisma.graduateImportRun
        .update({ where, data: { ...(last ? progress(last) : {}), status: 'failed', failure, finishedAt: new Date() } })
        .catch((writeErr: unknown) =>
          log.error({ runId, err: writeErr instanceof Error ? writeErr.name : 'unknown' }, 'graduate list upload: failure not recorded'),
        );
    } finally {
      clearInterval(heartbeat);
    }
  }

  app.openapi(runsRoute, async (c) => {
    const actor = requireRole(c, importers);
    const rows = await prisma.graduateImportRun.findMany({
      where: { regionCode: { startsWith: regionPrefix(actor.jurisdiction) } },
      orderBy: { createdAt: 'desc' },
      take: RECENT_RUNS,
    });
    const now = new Date();
    return c.json({ items: rows.filter((run) => canSeeRegion(actor, run.regionCode)).map((run) => summary(run, now)) }, 200);
  });

  app.openapi(runRoute, async (c) => {
    const actor = requireRole(c, importers);
    return c.json(view(await visibleRun(actor, c.req.valid('param').runId), new Date()), 200);
  });

  app.openapi(rejectedRoute, async (c) => {
    const actor = requireRole(c, importers);
    const run = await visibleRun(actor, c.req.valid('param').runId);
    const base = path.basename(run.fileName, path.extname(run.fileName));
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="rejected.csv"; filename*=UTF-8''${encodeURIComponent(`${base}.rejected.csv`)}`);
    return c.body(rejectedRowsCsv(RejectedRows.parse(run.rejectedRows)), 200);
  });
}
