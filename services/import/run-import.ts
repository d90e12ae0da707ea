/**
 * Imports a graduate list through the running system's API: reads the file row by row, sends the
 * readable rows in batches to POST /api/imports/graduates, and tallies what each row did. Rows the
 * file itself gets wrong and rows the server rejects end up in one rejected-rows file. Safe to run
 * again: eventIds and the handover ID come from the file, and a case that already has the handover
 * reports the row as unchanged.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { GraduateImportResult, type GraduateImportBatch } from '../../domain/contracts/graduate-1311.js';
import { readGraduateRows, totalDataRows } from './graduate-1311.js';
import { writeRejectedRows, type RejectedRow } from './rejected.js';

export interface ImportOptions {
  file: string;
  /** The list's batch ID; the same for a re-run of the same file. */
  handoverId: string;
  /** When the bureau received the list: first-contact deadlines count from it. */
  occurredAt: string;
  idHashKey: string;
  /** Base URL of the running API, e.g. http://127.0.0.1:3000. */
  api: string;
  token: string;
  /** Where rejected rows are written when there are any. */
  rejectedPath: string;
  batchSize?: number;
  /** Waits before retrying a failed batch (server error or unreachable). */
  retryDelaysMs?: readonly number[];
  fetch?: typeof fetch;
  onProgress?: (done: number, total: number) => void;
  /** Told before each wait for a retry, so the person watching knows why nothing moves. */
  onRetry?: (failure: string, delayMs: number) => void;
}

export interface ImportSummary {
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Set when rows were rejected. */
  rejectedFile: string | null;
  elapsedMs: number;
}

/** A failure that stops the import: nothing more is sent; what was sent stays handed over. */
export class ImportStoppedError extends Error {
  override name = 'ImportStoppedError';
}

export async function runGraduateImport(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const doFetch = options.fetch ?? fetch;
  const batchSize = options.batchSize ?? 100;
  const delays = options.retryDelaysMs ?? [1000, 3000, 10_000];
  const total = await totalDataRows(options.file);
  const summary: ImportSummary = { total, imported: 0, updated: 0, unchanged: 0, rejected: 0, rejectedFile: null, elapsedMs: 0 };
  const rejected: RejectedRow[] = [];
  let done = 0;
  const source = { fileName: options.file.split(/[\\/]/).at(-1) ?? options.file, handoverId: options.handoverId };

  async function send(rows: GraduateImportBatch['rows']): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      let response: Response | undefined;
      let failure: string;
      try {
        response = await doFetch(`${options.api}/api/imports/graduates`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
          body: JSON.stringify({ source, rows } satisfies GraduateImportBatch),
        });
        failure = `服务返回 ${response.status}`;
      } catch (err) {
        failure = `无法连接 ${options.api}（${err instanceof Error ? err.message : String(err)}），请确认系统已用 npm start 启动`;
      }
      if (response?.ok) {
        for (const result of GraduateImportResult.parse(await response.json()).results) {
          summary[result.outcome] += 1;
          if (result.outcome === 'rejected') rejected.push({ row: result.row, reasons: result.reasons });
        }
        done += rows.length;
        options.onProgress?.(done, total);
        return;
      }
      // A refusal will not change on retry: stop and say why.
      if (response && response.status < 500) {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        throw new ImportStoppedError(`导入被拒绝（HTTP ${response.status}）：${body.message ?? ''}`);
      }
      const delay = delays[attempt];
      if (delay === undefined) throw new ImportStoppedError(`导入中断：${failure}；已处理 ${done}/${total} 行，重新运行同一文件可继续（已导入的行不会重复）`);
      options.onRetry?.(failure, delay);
      await sleep(delay);
    }
  }

  let batch: GraduateImportBatch['rows'] = [];
  for await (const result of readGraduateRows(options.file, { handoverId: options.handoverId, occurredAt: options.occurredAt, idHashKey: options.idHashKey })) {
    if (!result.ok) {
      summary.rejected += 1;
      rejected.push({ row: result.row, reasons: result.reasons });
      done += 1;
      continue;
    }
    batch.push({ row: result.row, handover: result.value });
    if (batch.length >= batchSize) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await send(batch);
  // Rows rejected by the file after the last batch are counted too.
  options.onProgress?.(done, total);

  if (rejected.length > 0) {
    rejected.sort((a, b) => a.row - b.row);
    await writeRejectedRows(options.rejectedPath, rejected);
    summary.rejectedFile = options.rejectedPath;
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

export function formatSummary(file: string, s: ImportSummary): string {
  const lines = [
    `导入完成 (import finished): ${file}`,
    `  新建案件 imported:  ${s.imported}`,
    `  更新案件 updated:   ${s.updated}`,
    `  无变化   unchanged: ${s.unchanged}`,
    `  未导入   rejected:  ${s.rejected}${s.rejectedFile ? `  → 行号与原因见 ${s.rejectedFile}` : ''}`,
    `  共 ${s.total} 行，用时 ${(s.elapsedMs / 1000).toFixed(1)} 秒`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The list's batch ID when none is given: from the file's content, so a re-run is the same handover. */
export async function defaultHandoverId(file: string): Promise<string> {
  return `IMPORT-${createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
    .slice(0, 16)}`;
}
