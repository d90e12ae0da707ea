/**
 * Imports a list file through the running system's API, whatever the list: reads the file row by
 * row, sends the readable rows in batches to the list's import endpoint, and tallies what each row
 * did. Rows the file itself gets wrong and rows the server rejects end up in one rejected-rows
 * file. Each list (the graduates, the key enterprises) says what it is in a ListKind: how its rows
 * are read, where they go and what a row can come to.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { writeRejectedRows, type RejectedRow } from './rejected.js';

/** A row of the file: the value it stands for, or why it cannot be sent. */
export type RowResult<V> = { row: number; ok: true; value: V } | { row: number; ok: false; reasons: string[] };

/** What the server did with one row. */
export interface RowOutcome<O extends string> {
  row: number;
  outcome: O | 'rejected';
  reasons: string[];
  /** Taken, but worth checking (a credit code whose check character fails). */
  warnings?: string[];
}

/** What a row can come to besides rejected, as the summary names it in Chinese and English. */
export interface OutcomeLabel<O extends string> {
  outcome: O;
  zh: string;
}

export interface ListKind<V, O extends string> {
  /** The running API's import endpoint, e.g. /api/imports/graduates. */
  path: string;
  outcomes: readonly OutcomeLabel<O>[];
  /** The file's data rows, read and mapped or rejected with reasons, in file order. */
  rows(file: string): AsyncIterable<RowResult<V>>;
  /** How many rows `rows` yields, for the progress bar. */
  total(file: string): Promise<number>;
  /** The request body of a batch of readable rows from `fileName`. */
  batch(fileName: string, rows: { row: number; value: V }[]): unknown;
  /** The endpoint's answer, row by row. */
  results(body: unknown): RowOutcome<O>[];
}

export interface ImportOptions {
  file: string;
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

export type ImportSummary<O extends string> = {
  total: number;
  rejected: number;
  /** Set when rows were rejected. */
  rejectedFile: string | null;
  /** Rows taken with a warning, with the warnings. */
  warned: RejectedRow[];
  elapsedMs: number;
} & Record<O, number>;

/** A failure that stops the import: nothing more is sent; what was sent stays handed over. */
export class ImportStoppedError extends Error {
  override name = 'ImportStoppedError';
}

/** Where a list's import stands: rows read, what they came to, the rejected and warned rows so far. */
export interface Tally<O extends string> {
  total: number;
  /** Rows read and either rejected by the file or answered by the server. */
  done: number;
  counts: Record<O | 'rejected', number>;
  rejected: RejectedRow[];
  warned: RejectedRow[];
}

export interface HandOverOptions<V, O extends string> {
  outcomes: readonly OutcomeLabel<O>[];
  total: number;
  /** Hands a batch of readable rows over and says what each came to; `tally` is where the import stands before it. */
  send(rows: { row: number; value: V }[], tally: Readonly<Tally<O>>): Promise<RowOutcome<O>[]>;
  batchSize?: number;
  /** Told after each batch and once at the end; awaited, so a recorder can keep up. */
  onProgress?: (tally: Tally<O>) => void | Promise<void>;
}

/**
 * Reads the rows, sends the readable ones in batches and tallies what every row came to: the one
 * loop both the import command (sending over HTTP) and the browser upload (handing over inside the
 * API) run. The rejected and warned rows come back in row order.
 */
export async function handOverRows<V, O extends string>(rows: AsyncIterable<RowResult<V>>, options: HandOverOptions<V, O>): Promise<Tally<O>> {
  const batchSize = options.batchSize ?? 100;
  const counts = Object.fromEntries([...options.outcomes.map((o) => o.outcome), 'rejected'].map((o) => [o, 0])) as Record<O | 'rejected', number>;
  const tally: Tally<O> = { total: options.total, done: 0, counts, rejected: [], warned: [] };

  async function send(batch: { row: number; value: V }[]): Promise<void> {
    for (const result of await options.send(batch, tally)) {
      counts[result.outcome] += 1;
      if (result.outcome === 'rejected') tally.rejected.push({ row: result.row, reasons: result.reasons });
      else if (result.warnings?.length) tally.warned.push({ row: result.row, reasons: result.warnings });
    }
    tally.done += batch.length;
    await options.onProgress?.(tally);
  }

  let batch: { row: number; value: V }[] = [];
  for await (const result of rows) {
    if (!result.ok) {
      counts.rejected += 1;
      tally.rejected.push({ row: result.row, reasons: result.reasons });
      tally.done += 1;
      continue;
    }
    batch.push({ row: result.row, value: result.value });
    if (batch.length >= batchSize) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await send(batch);
  tally.rejected.sort((a, b) => a.row - b.row);
  tally.warned.sort((a, b) => a.row - b.row);
  // Rows rejected by the file after the last batch are counted too.
  await options.onProgress?.(tally);
  return tally;
}

export async function runImport<V, O extends string>(kind: ListKind<V, O>, options: ImportOptions): Promise<ImportSummary<O>> {
  const started = performance.now();
  const doFetch = options.fetch ?? fetch;
  const delays = options.retryDelaysMs ?? [1000, 3000, 10_000];
  const total = await kind.total(options.file);
  const fileName = options.file.split(/[\\/]/).at(-1) ?? options.file;

  async function send(rows: { row: number; value: V }[], { done }: Readonly<Tally<O>>): Promise<RowOutcome<O>[]> {
    for (let attempt = 0; ; attempt += 1) {
      let response: Response | undefined;
      let failure: string;
      try {
        response = await doFetch(`${options.api}${kind.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
          body: JSON.stringify(kind.batch(fileName, rows)),
        });
        failure = `服务返回 ${response.status}`;
      } catch (err) {
        failure = `无法连接 ${options.api}（${err instanceof Error ? err.message : String(err)}），请确认系统已用 npm start 启动`;
      }
      if (response?.ok) return kind.results(await response.json());
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

  const tally = await handOverRows(kind.rows(options.file), {
    outcomes: kind.outcomes,
    total,
    send,
    batchSize: options.batchSize,
    onProgress: (t) => options.onProgress?.(t.done, t.total),
  });
  const summary = { ...tally.counts, total, rejectedFile: null, warned: tally.warned, elapsedMs: 0 } as ImportSummary<O>;
  if (tally.rejected.length > 0) {
    await writeRejectedRows(options.rejectedPath, tally.rejected);
    summary.rejectedFile = options.rejectedPath;
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

/** Warned rows named in the summary; the rest are counted. */
const WARNED_SHOWN = 10;

/** One line per outcome, Chinese and English labels aligned in a terminal (a Chinese character is two columns wide). */
export function formatSummary<O extends string>(kind: Pick<ListKind<unknown, O>, 'outcomes'>, file: string, s: ImportSummary<O>): string {
  const line = (zh: string, en: string, count: number, more = '') =>
    `  ${zh}${' '.repeat(Math.max(1, 9 - 2 * zh.length))}${`${en}:`.padEnd(11)}${count}${more}`;
  const lines = [
    `导入完成 (import finished): ${file}`,
    ...kind.outcomes.map((o) => line(o.zh, o.outcome, s[o.outcome])),
    line('未导入', 'rejected', s.rejected, s.rejectedFile ? `  → 行号与原因见 ${s.rejectedFile}` : ''),
    ...(s.warned.length > 0
      ? [
          line('有提示', 'warnings', s.warned.length, `  （已导入，请核对）`),
          ...s.warned.slice(0, WARNED_SHOWN).map((w) => `    第 ${w.row} 行：${w.reasons.join('；')}`),
          ...(s.warned.length > WARNED_SHOWN ? [`    …另有 ${s.warned.length - WARNED_SHOWN} 行`] : []),
        ]
      : []),
    `  共 ${s.total} 行，用时 ${(s.elapsedMs / 1000).toFixed(1)} 秒`,
  ];
  return `${lines.join('\n')}\n`;
}
