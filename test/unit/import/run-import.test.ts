/** The import runner with the graduate list against a fake API, and its progress output. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraduateImportBatch } from '../../../domain/contracts/graduate-1311.js';
import { createProgress, progressBar } from '../../../services/import/progress.js';
import { graduateList } from '../../../services/import/graduate-1311.js';
import { formatSummary, ImportStoppedError, runImport, type ImportOptions } from '../../../services/import/run-import.js';

const small = path.resolve(import.meta.dirname, '../../fixtures/graduates-2026-small.csv');
const dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake API: answers each batch with `outcome(row)`, after failing the first `failures` calls with `failWith`. */
function fakeApi(outcome: (row: number) => string, failures = 0, failWith: number | 'network' = 503) {
  const batches: GraduateImportBatch[] = [];
  let calls = 0;
  const fake = (async (_url: string | URL | Request, init?: RequestInit) => {
    calls += 1;
    if (calls <= failures) {
      if (failWith === 'network') throw new TypeError('fetch failed');
      return new Response(JSON.stringify({ code: 'x', message: '令牌无效' }), { status: failWith });
    }
    const batch = JSON.parse(init?.body as string) as GraduateImportBatch;
    batches.push(batch);
    const results = batch.rows.map(({ row }) => ({
      row,
      outcome: outcome(row),
      caseId: outcome(row) === 'rejected' ? null : `grad1311:x${row}:2026`,
      reasons: outcome(row) === 'rejected' ? ['户籍地 220202 不在您的辖区内'] : [],
    }));
    return new Response(JSON.stringify({ results }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fake, batches, calls: () => calls };
}

const graduates = graduateList({ handoverId: 'JL-2026-07-IMPORT', occurredAt: '2026-07-15T09:30:00+08:00' });
const runGraduateImport = (options: ImportOptions) => runImport(graduates, options);

const options = (over: Partial<ImportOptions>): ImportOptions => ({
  file: small,
  api: 'http://api.invalid',
  token: 't',
  rejectedPath: path.join(dir, 'rejected.csv'),
  retryDelaysMs: [1, 1],
  ...over,
});

describe('runImport with the graduate list', () => {
  it('sends readable rows in batches and tallies what each did, file and server rejections in one file', async () => {
    const api = fakeApi((row) => (row === 2 ? 'rejected' : row % 2 ? 'imported' : 'updated'));
    const seen: number[] = [];
    const summary = await runGraduateImport(options({ fetch: api.fake, batchSize: 5, onProgress: (done) => seen.push(done) }));
    expect(api.batches.map((b) => b.rows.length)).toEqual([5, 5, 5, 2]);
    expect(api.batches[0]?.source).toEqual({ fileName: 'graduates-2026-small.csv', handoverId: 'JL-2026-07-IMPORT' });
    expect(summary).toMatchObject({ total: 20, rejected: 4, unchanged: 0 });
    expect(summary.imported + summary.updated).toBe(16);
    expect(seen.at(-1)).toBe(20);
    const rejected = readFileSync(summary.rejectedFile!, 'utf8');
    expect(
      rejected
        .split('\r\n')
        .filter(Boolean)
        .map((l) => l.split(',')[0]),
    ).toEqual(['\uFEFF行号', '2', '6', '11', '16']);
    expect(rejected).toContain('校验位错误');
    expect(rejected).not.toMatch(/\d{17}[\dX]/);
  });

  it('retries a batch the server failed, then goes on', async () => {
    const api = fakeApi(() => 'unchanged', 2, 'network');
    const retries: string[] = [];
    const summary = await runGraduateImport(options({ fetch: api.fake, onRetry: (failure) => retries.push(failure) }));
    expect(summary.unchanged).toBe(17);
    expect(api.calls()).toBe(3);
    expect(retries).toHaveLength(2);
    expect(retries[0]).toContain('无法连接 http://api.invalid');
  });

  it('stops at once when the server refuses the caller, and after the last retry', async () => {
    const refused = fakeApi(() => 'imported', 1, 403);
    await expect(runGraduateImport(options({ fetch: refused.fake }))).rejects.toThrow(/HTTP 403.*令牌无效/);
    const down = fakeApi(() => 'imported', 10, 503);
    await expect(runGraduateImport(options({ fetch: down.fake }))).rejects.toThrow(ImportStoppedError);
    await expect(runGraduateImport(options({ fetch: fakeApi(() => 'imported', 10, 503).fake }))).rejects.toThrow('服务返回 503；已处理 3/20 行');
    expect(down.calls()).toBe(3);
  });
});

describe('import progress and summary', () => {
  it('draws a bar on a terminal and plain lines, at most every few seconds, elsewhere', () => {
    expect(progressBar(250, 1000, 5000, 10)).toBe('[███░░░░░░░] 250/1000 行 25%  50 行/秒');
    let clock = 0;
    const log: string[] = [];
    const plain = createProgress({ write: (t: string) => log.push(t) }, () => clock);
    for (const done of [100, 200, 300, 1000]) {
      clock += 1000;
      plain(done, 1000);
    }
    plain(1000, 1000);
    expect(log.map((l) => l.split(' ')[1])).toEqual(['100/1000', '300/1000', '1000/1000']);
    const screen: string[] = [];
    const tty = createProgress({ isTTY: true, write: (t: string) => screen.push(t) }, () => clock);
    tty(500, 1000);
    tty(1000, 1000);
    expect(screen[0]?.startsWith('\r[')).toBe(true);
    expect(screen[1]?.endsWith('\n')).toBe(true);
  });

  it('summarises in Chinese with English labels', () => {
    const text = formatSummary(graduates, '名单.xlsx', {
      total: 1000,
      imported: 990,
      updated: 3,
      unchanged: 0,
      rejected: 7,
      rejectedFile: '名单.rejected.csv',
      warned: [],
      elapsedMs: 41_230,
    });
    expect(text).toContain('新建案件 imported:  990');
    expect(text).toContain('更新案件 updated:   3');
    expect(text).toContain('无变化   unchanged: 0');
    expect(text).toContain('未导入   rejected:  7  → 行号与原因见 名单.rejected.csv');
    expect(text).toContain('用时 41.2 秒');
  });
});
