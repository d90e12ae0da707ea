/**
 * The workbench's task page in a real browser on the real engines: a caseworker opens a graduate's
 * first-contact task (the case opened by a handover sent to Kafka), claims it and completes it
 * through the form generated from the result schema, and the case's service-item tasks follow; a
 * second caseworker whose page had not yet heard of the claim gets "already claimed"; a form sent
 * with a required field missing says so beside the field in Chinese and sends nothing; a
 * supervisor reassigns a task to a named caseworker. Screenshots go to test/e2e/screenshots/.
 */
import type { Producer } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import type { TaskView } from '../../domain/contracts/tasks.js';
import { eventually, send, startTestSystem, testKafka, type TestSystem } from '../integration/harness.js';
import { freshResidentId, graduateHandover } from '../support/fixtures.js';
import { launchBrowser, openSignedIn, shot, type SignedInPage } from './browser.js';

/** A county no other test file uses: its cases are workflows on the shared Temporal. */
const county = '220182';
const first: Actor = { userId: 'cw-tp-a', role: 'caseworker', jurisdiction: county };
const second: Actor = { userId: 'cw-tp-b', role: 'caseworker', jurisdiction: county };
const supervisor: Actor = { userId: 'sup-tp', role: 'supervisor', jurisdiction: county };
const run = String(Date.now()).slice(-6);

let sys: TestSystem;
let producer: Producer;
let browser: Browser;
const opened: SignedInPage[] = [];

async function open(actor: Actor, path: string, options: { live?: boolean } = {}): Promise<SignedInPage> {
  const signedIn = await openSignedIn(browser, sys.system.httpUrl, actor, sys.config.secrets.jwtSecret as string, path);
  opened.push(signedIn);
  // A page that has not heard of a change yet, as a colleague's page is between a claim and its event.
  if (options.live === false) await signedIn.context.route('**/api/stream', (route) => route.abort());
  if (options.live === false) await signedIn.page.reload();
  await signedIn.page.locator('.task-page').waitFor({ timeout: 30_000 });
  return signedIn;
}

async function teamTasks(caseId: string): Promise<TaskView[]> {
  const res = await sys.api('/api/tasks?scope=team&limit=200', supervisor);
  return (res.body as { items: TaskView[] }).items.filter((t) => t.caseId === caseId);
}

/** Opens a graduate's case by handover and waits for its first-contact task. */
async function firstContactTask(name: string): Promise<TaskView> {
  const g = graduateHandover({ idNumber: freshResidentId(county, '200306'), name, householdRegionCode: county, handoverId: `TP-E2E-${run}` });
  await send(producer, 'edu.graduate.handover.v1', g.idNumber, g);
  return eventually(
    `${name}'s first-contact task`,
    async () => {
      const res = await sys.api('/api/tasks?scope=team&limit=200', supervisor);
      return (res.body as { items: TaskView[] }).items.find((t) => t.type === 'graduate-first-contact' && t.status === 'open' && !seen.has(t.id));
    },
    90_000,
  ).then((t) => {
    seen.add(t.id);
    return t;
  });
}
const seen = new Set<string>();

const status = (page: Page) => page.locator('.task-status').textContent();

beforeAll(async () => {
  browser = await launchBrowser();
  sys = await startTestSystem('task_page');
  producer = testKafka().producer();
  await producer.connect();
}, 180_000);

afterAll(async () => {
  for (const p of opened) await p.context.close().catch(() => undefined);
  await browser?.close();
  await producer?.disconnect();
  await sys?.stop();
});

describe('the task page in Chromium', () => {
  let task: TaskView;
  let mine: SignedInPage;

  it('shows the task: type, case link, region, deadline in working days, and the claim a caseworker may take', async () => {
    task = await firstContactTask('赵一鸣');
    mine = await open(first, `/workbench/tasks/${encodeURIComponent(task.id)}`);
    const { page } = mine;
    expect(await status(page)).toContain('待认领');
    expect(await page.locator('.task-head').textContent()).toMatch(/高校毕业生/);
    expect(await page.locator('.task-deadline').textContent()).toMatch(/截止 \d{4}-\d{2}-\d{2}，(还剩 \d+ 个工作日|今天到期)/);
    expect(await page.getByRole('link', { name: '查看案件' }).getAttribute('href')).toBe(`/workbench/cases/${encodeURIComponent(task.caseId)}`);
    // Not claimed yet: nothing to complete.
    expect(await page.getByRole('button', { name: '提交办结' }).count()).toBe(0);
    await shot(page, 'task-page-open');
  });

  it('a second caseworker whose page had not heard of the claim is told it was claimed first', async () => {
    const theirs = await open(second, `/workbench/tasks/${encodeURIComponent(task.id)}`, { live: false });
    await mine.page.getByRole('button', { name: '认领' }).click();
    await mine.page.getByRole('button', { name: '提交办结' }).waitFor();
    expect(await status(mine.page)).toContain('办理中');

    await theirs.page.getByRole('button', { name: '认领' }).click();
    await expect.poll(() => theirs.page.locator('.task-problem').textContent(), { timeout: 15_000 }).toContain('任务已被他人认领');
    // The refusal brings the task as it is now.
    await expect.poll(() => status(theirs.page), { timeout: 15_000 }).toContain('办理中');
    expect(await theirs.page.getByRole('button', { name: '认领' }).count()).toBe(0);
    await shot(theirs.page, 'task-page-already-claimed');
    expect(theirs.problems).toEqual([]);
  });

  it('a form with a required field missing says so beside the field, in Chinese, and sends nothing', async () => {
    const { page } = mine;
    const completions: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/complete')) completions.push(r.url());
    });
    await page.getByRole('radio', { name: '已联系上' }).check({ force: true });
    await page.getByRole('radio', { name: '是' }).check({ force: true });
    await page.getByRole('button', { name: '提交办结' }).click();
    const skill = page.locator('.el-form-item', { hasText: '技能等级' });
    await expect.poll(() => skill.locator('.field-error').textContent()).toBe('请选择技能等级');
    expect(await page.locator('.rf-summary').textContent()).toContain('去向意向：请选择去向意向');
    // The message is what the choice is described by, and the choice is marked invalid.
    const choice = page.getByRole('radiogroup', { name: '技能等级' });
    expect(await choice.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await choice.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toBe('请选择技能等级');
    await shot(page, 'task-form-missing-field');
    expect(completions).toEqual([]);
  });

  it('completes the first contact through the generated form, and the service-item tasks follow', async () => {
    const { page } = mine;
    await page.locator('.el-form-item', { hasText: '去向意向' }).locator('.el-select').click();
    await page.getByRole('option', { name: '就业', exact: true }).click();
    await page.getByRole('radio', { name: '初级' }).check({ force: true });
    await page.getByLabel('备注', { exact: true }).fill('电话联系，本人希望在长春就业');
    expect(await page.locator('.rf-summary').count()).toBe(0);
    await shot(page, 'task-form-filled');
    await page.getByRole('button', { name: '提交办结' }).click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toContain('已办结');
    const result = await page.locator('.task-result').textContent();
    expect(result).toContain('已联系上');
    expect(result).toContain('初级');
    await shot(page, 'task-page-completed');

    const items = await eventually('the service-item tasks', async () => {
      const types = new Set((await teamTasks(task.caseId)).map((t) => t.type));
      return types.has('graduate-policy-briefing') && types.has('graduate-job-recommendation') ? types : undefined;
    });
    expect(items.has('graduate-first-contact')).toBe(false);
    expect(mine.problems).toEqual([]);
  });

  it('a supervisor reassigns a task to a named caseworker, with the reason', async () => {
    const briefing = (await teamTasks(task.caseId)).find((t) => t.type === 'graduate-policy-briefing');
    expect(briefing).toBeDefined();
    const { page, problems } = await open(supervisor, `/workbench/tasks/${encodeURIComponent(briefing!.id)}`);
    await page.getByLabel('改派给（用户名）').fill(second.userId);
    await page.getByLabel('改派原因', { exact: true }).fill('原经办人休假，改由同组同事办理');
    await page.getByRole('button', { name: '改派', exact: true }).click();
    await expect.poll(() => page.locator('.task-done').textContent(), { timeout: 30_000 }).toContain('已改派');
    expect(await page.locator('.task-head').textContent()).toContain(second.userId);
    await shot(page, 'task-page-reassigned');
    const after = (await sys.api(`/api/tasks/${encodeURIComponent(briefing!.id)}`, supervisor)).body as TaskView;
    expect([after.status, after.assignee]).toEqual(['claimed', second.userId]);
    expect(problems).toEqual([]);
  });
});
