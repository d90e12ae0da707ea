/** The key-enterprise list read row by row, and imported through the shared runner against a fake API. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EnterpriseImportBatch } from '../../../domain/contracts/key-enterprise.js';
import { UsageError, parseCommandArgs } from '../../../services/import/command.js';
import { enterpriseImportCommand, enterpriseList, matchEnterpriseColumn, readEnterpriseRows } from '../../../services/import/key-enterprise.js';
import { formatSummary, runImport } from '../../../services/import/run-import.js';
import { loadConfig } from '../../../activities/infra/config.js';

const small = path.resolve(import.meta.dirname, '../../fixtures/key-enterprises-2026-small.csv');
const dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-enterprise-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the key-enterprise list', () => {
  it('finds the header below a title row under the names bureaus use', () => {
    expect(matchEnterpriseColumn('统一社会信用代码')).toBe('creditCode');
    expect(matchEnterpriseColumn('单位名称')).toBe('name');
    expect(matchEnterpriseColumn('所在地行政区划代码')).toBe('regionCode');
    expect(matchEnterpriseColumn('国民经济行业分类代码')).toBe('industryCode');
    expect(matchEnterpriseColumn('就业服务专员账号')).toBe('specialistId');
    expect(matchEnterpriseColumn('备注')).toBeUndefined();
  });

  it('maps each row to a listing or says why not, in Chinese and by column', async () => {
    const rows = [];
    for await (const r of readEnterpriseRows(small)) rows.push(r);
    expect(rows.map((r) => [r.row, r.ok])).toEqual([
      [3, true],
      [4, true],
      [5, true],
      [6, true],
      [7, false],
      [8, false],
      [9, false],
    ]);
    const ok = rows.flatMap((r) => (r.ok ? [r.value] : []));
    // A class code (C3714) names its division; a failing check character is for the server to warn of.
    expect(ok.map((v) => v.industryCode)).toEqual(['C36', 'C37', 'C39', 'C34']);
    expect(ok[2]?.creditCode).toBe('91220106MA17K00030');
    const reasons = Object.fromEntries(rows.flatMap((r) => (r.ok ? [] : [[r.row, r.reasons]])));
    expect(reasons).toEqual({
      7: ['统一社会信用代码：只能由数字和大写字母组成（不含 I、O、S、V、Z）'],
      8: ['与第 3 行统一社会信用代码重复'],
      9: ['就业服务专员：不能为空'],
    });
  });
});

describe('importing it', () => {
  it('sends the readable rows and tallies listings, updates, refusals and warnings', async () => {
    const batches: EnterpriseImportBatch[] = [];
    const fake = (async (_url: string | URL | Request, init?: RequestInit) => {
      const batch = JSON.parse(init?.body as string) as EnterpriseImportBatch;
      batches.push(batch);
      const results = batch.rows.map(({ row, enterprise }) => {
        const { creditCode, regionCode } = enterprise as { creditCode: string; regionCode: string };
        if (!regionCode.startsWith('2201'))
          return { row, outcome: 'rejected', creditCode, reasons: ['企业所在地 370102 不在您的辖区（2201）内'], warnings: [] };
        const warnings = creditCode.endsWith('0') ? ['统一社会信用代码校验位不符'] : [];
        return { row, outcome: row === 4 ? 'updated' : 'listed', creditCode, reasons: [], warnings };
      });
      return new Response(JSON.stringify({ results }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const rejectedPath = path.join(dir, 'rejected.csv');
    const summary = await runImport(enterpriseList, { file: small, api: 'http://api.invalid', token: 't', rejectedPath, fetch: fake });
    expect(batches).toHaveLength(1);
    expect(batches[0]?.source).toEqual({ fileName: 'key-enterprises-2026-small.csv' });
    expect(summary).toMatchObject({
      total: 7,
      listed: 2,
      updated: 1,
      unchanged: 0,
      rejected: 4,
      warned: [{ row: 5, reasons: ['统一社会信用代码校验位不符'] }],
    });
    const rejected = readFileSync(rejectedPath, 'utf8');
    expect(rejected).toContain('不在您的辖区');
    expect(rejected).toContain('与第 3 行统一社会信用代码重复');
    const text = formatSummary(enterpriseList, small, summary);
    expect(text).toContain('列入名单 listed:    2');
    expect(text).toContain('有提示   warnings:  1  （已导入，请核对）');
    expect(text).toContain('第 5 行：统一社会信用代码校验位不符');
  });

  it('takes only the shared flags', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(parseCommandArgs(enterpriseImportCommand, ['名单.xlsx', '--token', 't'], {}, config)).toEqual({
      file: '名单.xlsx',
      token: 't',
      api: 'http://127.0.0.1:3000',
      rejectedPath: '名单.rejected.csv',
    });
    expect(() => parseCommandArgs(enterpriseImportCommand, ['名单.xlsx', '--token', 't', '--handover-id', 'x'], {}, config)).toThrow(UsageError);
  });
});
