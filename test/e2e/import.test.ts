/**
 * The graduate list upload in a real browser on the real engines: a caseworker picks an XLSX list
 * with three good rows and one whose ID number has a wrong check digit, uploads it, sees the
 * progress and then the summary (three cases opened, one row not imported) with the rejected row's
 * Chinese reason, downloads the rejected rows as CSV, and the cases exist afterwards.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseList } from '../../domain/contracts/http.js';
import type { Actor } from '../../domain/actor.js';
import { readGraduateRows } from '../../services/import/graduate-1311.js';
import { graduateCaseId } from '../../services/intake/graduate-1311.js';
import { eventually, startTestSystem, type TestSystem } from '../integration/harness.js';
import { fixtureGraduation, freshResidentId, shanghaiInstant } from '../support/fixtures.js';
import { launchBrowser, openSignedIn, SHOTS } from './browser.js';

/** A county no other test file imports into. */
const county = '220182';
const caseworker: Actor = { userId: 'cw-yushu', role: 'caseworker', jurisdiction: county };

/** As shot(), with the progress bar's transition run to its end, so the picture shows the state asserted. */
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });

let sys: TestSystem;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  sys = await startTestSystem('import_page');
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-import-page-'));
});

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The list as a bureau receives it: a title row above the header, ID numbers as text. */
async function writeList(file: string): Promise<void> {
  const { graduationDate } = fixtureGraduation();
  const good = [freshResidentId(county, '200309'), freshResidentId(county, '200402'), freshResidentId(county, '200211')];
  const valid = freshResidentId(county, '200305');
  const wrongCheck = `${valid.slice(0, 17)}${valid.endsWith('1') ? '2' : '1'}`;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(['2026届离校未就业高校毕业生实名清单']);
  sheet.addRow(['姓名', '身份证号', '手机号码', '毕业院校', '专业', '学历', '毕业时间', '户籍所在地代码']);
  const row = (name: string, id: string) => sheet.addRow([name, id, '13912345678', '吉林农业大学', '农学', '本科', graduationDate, county]);
  row('赵一', good[0]!);
  row('钱二', good[1]!);
  row('孙三', wrongCheck);
  row('李四', good[2]!);
  await workbook.xlsx.writeFile(file);
}

describe('graduate list upload page', () => {
  it('uploads an XLSX list, shows progress, the summary and the rejected row, and opens the cases', { timeout: 240_000 }, async () => {
    const file = path.join(dir, '榆树市2026届名单.xlsx');
    await writeList(file);
    const { page, context, problems } = await openSignedIn(
      browser,
      sys.system.httpUrl,
      caseworker,
      sys.config.secrets.jwtSecret as string,
      '/workbench/imports',
    );

    await page.getByRole('heading', { name: '导入离校未就业高校毕业生名单' }).waitFor();
    // Each input is found by its label: the page is usable without a mouse.
    await page.getByLabel('名单文件').setInputFiles(file);
    await expect.poll(() => page.getByLabel('批次号').inputValue()).toMatch(/^IMPORT-[0-9a-f]{16}$/);
    await page.getByRole('button', { name: '上传并导入' }).click();

    const progress = page.getByRole('progressbar');
    await progress.waitFor();
    await expect.poll(() => page.locator('.run-count').textContent()).toMatch(/已处理 \d+ \/ 4 行/);
    await shot(page, 'import-progress');

    await page.locator('.imports-run .el-tag', { hasText: '已完成' }).waitFor({ timeout: 180_000 });
    await expect.poll(() => page.locator('.run-count').textContent()).toBe('已处理 4 / 4 行');
    expect(await page.locator('.run-summary .count-imported').textContent()).toBe('3');
    expect(await page.locator('.run-summary .count-rejected').textContent()).toBe('1');
    const rejected = page.locator('.rejected-table tbody tr');
    await expect.poll(() => rejected.count()).toBe(1);
    // Row 5: the title, the header, then the third graduate.
    expect(await rejected.first().innerText()).toMatch(/^5\s+身份证号：校验位错误$/);
    await shot(page, 'import-finished');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载未导入行清单（CSV）' }).click()]);
    expect(download.suggestedFilename()).toBe('榆树市2026届名单.rejected.csv');
    const saved = path.join(dir, 'rejected.csv');
    await download.saveAs(saved);
    expect(readFileSync(saved, 'utf8')).toBe('\ufeff行号,原因\r\n5,身份证号：校验位错误\r\n');

    // The recent runs list the upload too.
    await expect.poll(() => page.locator('.imports-recent tbody tr').first().innerText()).toContain('榆树市2026届名单.xlsx');

    // The cases exist, each the case of a good row.
    const expected: string[] = [];
    for await (const r of readGraduateRows(file, { handoverId: 'ids', occurredAt: shanghaiInstant() })) {
      if (r.ok) expected.push(graduateCaseId(r.value, sys.config.secrets.idHashKey as string));
    }
    expect(expected).toHaveLength(3);
    const cases = await eventually('the three cases', async () => {
      const ids = CaseList.parse((await sys.api(`/api/cases?type=graduate-1311&region=${county}`, caseworker)).body).items.map((c) => c.id);
      return expected.every((id) => ids.includes(id)) ? ids : undefined;
    });
    expect(cases).toEqual(expect.arrayContaining(expected));
    expect(problems).toEqual([]);
    await context.close();
  });
});
