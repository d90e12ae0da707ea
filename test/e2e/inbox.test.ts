/**
 * The inbox and the case page in a real browser (Debian's Chromium driven by playwright-core) on
 * the real engines: graduates handed over on Kafka become first-contact tasks in a caseworker's
 * inbox, soonest due first; a colleague claiming one (over the API) takes it out of the first
 * caseworker's claimable list without a reload; the case page shows the timeline and the graduate
 * masked, and "查看完整信息" shows them in full and leaves an audit entry. Screenshots go to
 * test/e2e/screenshots/ (inbox-*, case-*).
 */
import { readFile } from 'node:fs/promises';
import type { Producer } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { AuditList, TaskList, type TaskView } from '../../domain/contracts/tasks.js';
import { eventually, send, startTestSystem, testKafka, type TestSystem } from '../integration/harness.js';
import { freshResidentId, graduateHandover, shanghaiInstant } from '../support/fixtures.js';
import { launchBrowser, openSignedIn, shot } from './browser.js';

/** A county no other test file uses: graduate cases are workflows on the shared Temporal. */
const county = '220113';
const caseworker: Actor = { userId: 'cw-zhang', role: 'caseworker', jurisdiction: county };
const colleague: Actor = { userId: 'cw-li', role: 'caseworker', jurisdiction: county };
const supervisor: Actor = { userId: 'sup-wang', role: 'supervisor', jurisdiction: county };
const run = String(Date.now()).slice(-6);

// Handed over a week, three days and no days ago: their first contacts fall due in that order.
const graduates = [
  { name: '王小雨', days: -7 },
  { name: '陈思远', days: -3 },
  { name: '刘晓东', days: 0 },
].map(({ name, days }) =>
  graduateHandover({
    idNumber: freshResidentId(county, '200304'),
    name,
    phone: '13912345678',
    householdRegionCode: county,
    handoverId: `JL-E2E-INBOX-${run}`,
    occurredAt: shanghaiInstant(days),
  }),
);

let sys: TestSystem;
let producer: Producer;
let browser: Browser;
let page: Page;
let problems: string[];
let tasks: TaskView[];

const inboxIds = async (p: Page) => Promise.all((await p.locator('.inbox-task').all()).map(async (row) => (await row.getAttribute('data-task-id')) ?? ''));

beforeAll(async () => {
  sys = await startTestSystem('inbox');
  producer = testKafka().producer();
  await producer.connect();
  browser = await launchBrowser();
  for (const g of graduates) await send(producer, 'edu.graduate.handover.v1', g.idNumber, g);
  tasks = await eventually(
    'three first-contact tasks',
    async () => {
      const page = TaskList.parse((await sys.api('/api/tasks?scope=mine&caseType=graduate-1311', caseworker)).body);
      return page.items.length === 3 ? page.items : undefined;
    },
    90_000,
  );
});

afterAll(async () => {
  await browser?.close();
  await producer?.disconnect();
  await sys?.stop();
});

describe('the inbox and the case page in Chromium', () => {
  it("lists the caseworker's first contacts, soonest due first, each claimable", async () => {
    ({ page, problems } = await openSignedIn(browser, sys.system.httpUrl, caseworker, sys.config.secrets.jwtSecret as string, '/workbench/tasks'));
    await expect.poll(() => inboxIds(page), { timeout: 30_000 }).toHaveLength(3);
    const shown = await inboxIds(page);
    expect([...shown].sort()).toEqual(tasks.map((t) => t.id).sort());
    const dues = shown.map((id) => Date.parse(tasks.find((t) => t.id === id)?.dueAt ?? ''));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(await page.getByRole('button', { name: /^认领：/ }).count()).toBe(3);
    expect(await page.locator('.inbox-left').first().textContent()).toMatch(/工作日|今天到期|即将到期|已逾期/);
    // Nobody's full name or ID number on the list.
    const text = (await page.locator('main').textContent()) ?? '';
    for (const g of graduates) {
      expect(text).not.toContain(g.name);
      expect(text).not.toContain(g.idNumber);
    }
    await page.locator('.connection[data-state="open"]').waitFor({ timeout: 30_000 });
    await shot(page, 'inbox-01-mine');
  });

  it('takes a task a colleague claimed out of the claimable list, without a reload', async () => {
    await page.evaluate("window.e2eMarker = 'no reload'");
    const taken = tasks[0]!;
    const claimed = await sys.api(`/api/tasks/${encodeURIComponent(taken.id)}/claim`, colleague, { method: 'POST', body: {} });
    expect(claimed.status).toBe(200);
    await page.locator(`.inbox-task[data-task-id="${taken.id}"]`).waitFor({ state: 'detached', timeout: 30_000 });
    expect(await inboxIds(page)).toHaveLength(2);
    expect(await page.evaluate('window.e2eMarker')).toBe('no reload');

    // Claiming one of the others from the page: it stays, now the caseworker's own.
    const mine = tasks.find((t) => t.id !== taken.id)!;
    await page
      .getByRole('button', { name: `认领：${mine.title}` })
      .first()
      .click();
    await expect
      .poll(() => page.locator('tr', { has: page.locator(`.inbox-task[data-task-id="${mine.id}"]`) }).textContent(), { timeout: 30_000 })
      .toContain('已认领（我）');
    await shot(page, 'inbox-02-after-colleague-claimed');
  });

  it('shows the case with its timeline and the graduate masked, and in full on request, audited', async () => {
    const mine = tasks.find((t) => t.id !== tasks[0]!.id)!;
    await page.locator(`.inbox-task[data-task-id="${mine.id}"]`).getByRole('link', { name: '查看案件' }).click();
    await page.locator('.case-timeline').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.case-timeline').textContent(), { timeout: 30_000 }).toContain('认领任务');
    await page.locator('.case-person').waitFor();
    const masked = (await page.locator('.case-person').textContent()) ?? '';
    const person = graduates.find((g) => masked.includes(`${g.name.slice(0, 1)}**`) && masked.includes(g.idNumber.slice(0, 6)))!;
    expect(person).toBeDefined();
    expect(masked).not.toContain(person.name);
    expect(masked).not.toContain(person.idNumber);
    expect(await page.locator('.case-page').textContent()).toContain('服务台账');
    await shot(page, 'case-01-masked');

    await page.getByRole('button', { name: '查看完整信息' }).click();
    await expect.poll(() => page.locator('.case-person').textContent(), { timeout: 30_000 }).toContain(person.idNumber);
    const full = (await page.locator('.case-person').textContent()) ?? '';
    expect(full).toContain(person.name);
    expect(full).toContain('13912345678');
    await shot(page, 'case-02-full');

    // The outcome form says in Chinese, beside each field, what is missing.
    await page.getByRole('button', { name: '登记去向' }).click();
    await page.locator('.el-form-item__error', { hasText: '请选择去向' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.el-form-item__error', { hasText: '请填写去向说明' }).count()).toBe(1);

    const audit = AuditList.parse((await sys.api(`/api/cases/${encodeURIComponent(mine.caseId)}/audit`, supervisor)).body);
    expect(audit.items.filter((e) => e.action === 'view-personal-data')).toEqual([
      expect.objectContaining({ actorId: caseworker.userId, actorRole: 'caseworker', caseId: mine.caseId }),
    ]);
    expect(problems).toEqual([]);
  });

  it('gives a supervisor the ledger line with its service items and the audit trail', async () => {
    const mine = tasks.find((t) => t.id !== tasks[0]!.id)!;
    const act = async (taskId: string, action: string, body: unknown = {}) =>
      expect((await sys.api(`/api/tasks/${encodeURIComponent(taskId)}/${action}`, caseworker, { method: 'POST', body })).status).toBe(200);
    await act(mine.id, 'complete', { result: { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior', note: '已电话联系，愿意就业' } });
    const briefing = await eventually('the policy briefing task', async () => {
      const open = TaskList.parse((await sys.api(`/api/tasks?scope=team&caseId=${encodeURIComponent(mine.caseId)}`, caseworker)).body);
      return open.items.find((t) => t.type === 'graduate-policy-briefing');
    });
    await act(briefing.id, 'claim');
    await act(briefing.id, 'complete', { result: { channel: 'phone', summary: '电话讲解就业补贴和见习政策' } });

    const lead = await openSignedIn(
      browser,
      sys.system.httpUrl,
      supervisor,
      sys.config.secrets.jwtSecret as string,
      `/workbench/cases/${encodeURIComponent(mine.caseId)}`,
    );
    await expect.poll(() => lead.page.locator('.case-page').textContent(), { timeout: 60_000 }).toContain('按期完成');
    await expect.poll(() => lead.page.locator('.case-audit').textContent(), { timeout: 30_000 }).toContain('查看完整个人信息');
    const text = (await lead.page.locator('.case-page').textContent()) ?? '';
    for (const g of graduates) expect(text).not.toContain(g.idNumber);
    await shot(lead.page, 'case-03-supervisor');
    expect(lead.problems).toEqual([]);
    await lead.context.close();
  });

  it('lets a supervisor download the graduates’ ledger in full, each graduate audited, and the demand ledger', async () => {
    const lead = await openSignedIn(browser, sys.system.httpUrl, supervisor, sys.config.secrets.jwtSecret as string, '/workbench/ledgers');
    const { page: p } = lead;
    await p.getByRole('heading', { name: '台账导出' }).waitFor();
    await p.getByText('CSV', { exact: true }).click();
    await p.locator('#ledger-year').fill(String(graduates[0]!.year));
    await p.getByText('完整（留痕审计）').click();
    const [graduatesFile] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: '导出毕业生台账' }).click()]);
    expect(graduatesFile.suggestedFilename()).toMatch(new RegExp(`^${graduates[0]!.year}届高校毕业生1311服务台账_${county}_\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const csv = await readFile(await graduatesFile.path(), 'utf8');
    for (const g of graduates) expect(csv).toContain(g.idNumber);
    const audit = AuditList.parse((await sys.api(`/api/cases/${encodeURIComponent(tasks[0]!.caseId)}/audit`, supervisor)).body);
    expect(audit.items.some((e) => e.action === 'export-ledger' && e.actorId === supervisor.userId)).toBe(true);
    const [demandsFile] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: '导出用工需求台账' }).click()]);
    expect(demandsFile.suggestedFilename()).toMatch(/^重点企业用工需求台账_220113_.*\.csv$/);
    await expect.poll(() => p.locator('.ledgers .el-alert').textContent()).toContain('已下载');
    await shot(p, 'ledgers-01-exported');
    expect(lead.problems).toEqual([]);
    await lead.context.close();
  });
});
