/**
 * The liaison officer's accounts and the leaders' emergency responses in the workbench, in Chromium
 * on the real engines: a supervisor lists an enterprise for a liaison officer (over the API); the
 * officer finds it in "my enterprises", opens the account, records a demand through the form (a
 * missing position title first, answered in Chinese beside the field), sees it in the demand
 * ledger and the graduate of the same county among its matched job seekers, name masked; a leader
 * sees the emergency response that the county's layoff filings opened, with its directives by department
 * and a department's acknowledgement. Screenshots go to test/e2e/screenshots/.
 *
 * The system runs in a Temporal namespace of its own: an app a developer runs on the same broker
 * (its own consumer group) takes these messages too and, in the shared namespace, would start the
 * filings' cases and signal the county's risk monitor first, under workflow IDs that are business
 * keys, with payloads this system cannot read.
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import type { Producer } from 'kafkajs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { ResponseDirectives, RiskList } from '../../domain/contracts/risk-response.js';
import { eventually, send, startTestSystem, testKafka, type TestSystem } from '../integration/harness.js';
import { creditCode, freshResidentId, graduateHandover, layoffFiling, shanghaiInstant } from '../support/fixtures.js';
import { launchBrowser, openSignedIn, shot } from './browser.js';

/** Counties no other test file uses: the response's risk monitor is a workflow on the shared Temporal. */
const enterpriseCounty = '630102';
const responseCounty = '630103';
const run = String(Date.now()).slice(-6);
const supervisor: Actor = { userId: 'sup-xining', role: 'supervisor', jurisdiction: '6301' };
const liaison: Actor = { userId: `liaison-${run}`, role: 'liaison', jurisdiction: enterpriseCounty };
const leader: Actor = { userId: 'ld-xining', role: 'leader', jurisdiction: '6301' };
const code = creditCode(enterpriseCounty, `MA${run}1`);
const enterpriseName = `西宁示例高原食品有限公司${run}`;
const graduateName = '赵小青';
const demandId = `D-E2E-${run}`;

const NAMESPACE = 'jiuye-e2e-accounts';
/** How long the namespace keeps closed workflows' histories: enough to look into a failed run. */
const RETENTION = '3 days';

let sys: TestSystem;
let producer: Producer;
let browser: Browser;

/** Ends what earlier runs left of the county's risk monitor and responses (long-lived workflows on the shared Temporal). */
async function endRiskWorkflows(): Promise<void> {
  const ids = [
    `risk-monitor:${responseCounty}`,
    `risk-monitor:${responseCounty}:C`,
    ...[1, 2, 3].flatMap((n) => [`risk-response:${responseCounty}:${n}`, `risk-response:${responseCounty}:C:${n}`]),
  ];
  for (const id of ids)
    await sys.system.client.workflow
      .getHandle(id)
      .terminate('e2e: a fresh start')
      .catch(() => undefined);
}

/** Registers the test's namespace on the shared Temporal once, and waits until it answers. */
async function ensureNamespace(): Promise<void> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    await connection.workflowService.registerNamespace({ namespace: NAMESPACE, workflowExecutionRetentionPeriod: msToTs(RETENTION) }).catch((err: unknown) => {
      if (!/already/i.test(String(err))) throw err;
    });
    await eventually('the test namespace', () =>
      connection.workflowService.describeNamespace({ namespace: NAMESPACE }).then(
        () => true,
        () => undefined,
      ),
    );
  } finally {
    await connection.close();
  }
}

beforeAll(async () => {
  await ensureNamespace();
  sys = await startTestSystem('accounts', { env: { TEMPORAL_NAMESPACE: NAMESPACE } });
  await endRiskWorkflows();
  producer = testKafka().producer();
  await producer.connect();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await producer?.disconnect();
  if (sys) {
    await endRiskWorkflows();
    await sys.system.client.workflow
      .getHandle(`key-enterprise:${code}`)
      .terminate('e2e: done')
      .catch(() => undefined);
  }
  await sys?.stop();
});

describe('accounts and responses in the workbench', () => {
  it('lets a liaison officer find the account, record a demand and see its matched job seekers', async () => {
    const graduate = graduateHandover({
      idNumber: freshResidentId(enterpriseCounty, '200305'),
      name: graduateName,
      householdRegionCode: enterpriseCounty,
      handoverId: `QH-E2E-${run}`,
      major: '食品科学与工程',
    });
    await send(producer, 'edu.graduate.handover.v1', graduate.idNumber, graduate);
    const listing = { creditCode: code, name: enterpriseName, regionCode: enterpriseCounty, industryCode: 'C14', specialistId: liaison.userId };
    expect((await sys.api('/api/enterprises', supervisor, { body: listing })).status).toBe(201);
    const prisma = sys.system.database.prisma;
    await eventually('the account with its first contact due', async () => {
      const row = await prisma.keyEnterprise.findUnique({ where: { creditCode: code } });
      return row?.nextContactDue ? row : undefined;
    });
    await eventually(
      'the graduate awaiting contact',
      async () => (await prisma.graduateLedger.findFirst({ where: { regionCode: enterpriseCounty } })) ?? undefined,
      60_000,
    );

    const { page, problems } = await openSignedIn(browser, sys.system.httpUrl, liaison, sys.config.secrets.jwtSecret as string, '/workbench/enterprises');
    await page.getByRole('heading', { name: '我的重点企业' }).waitFor({ timeout: 30_000 });
    const row = page.locator('.enterprise-table tr', { hasText: enterpriseName });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('[data-due]').textContent()).toMatch(/还剩 \d+ 个工作日|今日到期|下一个工作日到期/);
    await shot(page, '10-accounts-mine');

    await row.getByRole('link', { name: enterpriseName }).click();
    await page.getByRole('heading', { name: enterpriseName }).waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`/workbench/enterprises/${code}`);
    // The first contact task, linked to its task page.
    expect(await page.getByRole('link', { name: /定期联系重点企业/ }).getAttribute('href')).toMatch(/^\/workbench\/tasks\/tk-/);
    // A liaison officer records on the account but does not keep the list.
    expect(await page.getByRole('button', { name: '移出重点企业名单' }).count()).toBe(0);

    const form = page.locator('#demand-form');
    await form.getByLabel(/需求编号/).fill(demandId);
    await form.getByRole('button', { name: '添加岗位' }).click();
    await form.getByLabel('岗位名称').nth(1).fill('电工');
    await form.getByLabel('招聘人数').nth(1).fill('1');
    await form.getByRole('button', { name: '登记用工需求' }).click();
    // The first position's title left empty: said beside it, in Chinese, and nothing sent.
    await form.locator('.el-form-item__error', { hasText: '请填写岗位名称' }).waitFor({ timeout: 10_000 });
    expect(await form.locator('.form-alert').textContent()).toContain('请按提示修改');
    await shot(page, '11-demand-missing-title');

    await form.getByLabel('岗位名称').first().fill('食品检验员');
    await form.getByLabel('招聘人数').first().fill('3');
    await form.getByLabel('招聘人数').first().press('Tab');
    await form.getByRole('button', { name: '登记用工需求' }).click();
    await form.getByText(`已登记用工需求 ${demandId}`).waitFor({ timeout: 30_000 });
    expect(await form.locator('.el-form-item__error').count()).toBe(0);

    const card = page.locator(`[data-demand="${demandId}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('已招用 0 / 共 4 人，尚缺 4 人');
    expect(await card.locator('.el-table__body').first().textContent()).toMatch(/食品检验员.*3.*电工.*1/);
    await card.getByRole('button', { name: '查看匹配的求职者' }).click();
    const matches = card.locator('.matches');
    await matches.locator('td', { hasText: '赵**' }).first().waitFor({ timeout: 30_000 });
    expect(await matches.textContent()).toContain('高校毕业生');
    // Names are masked: the graduate's full name is nowhere on the page.
    expect(await page.content()).not.toContain(graduateName);
    await shot(page, '12-demand-ledger');

    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.tagName')).not.toBe('BODY');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows a leader the emergency response with its directives by department', async () => {
    // Five filings of 60 in a county are level IV; two more, in case another system on the shared
    // broker (a developer's running app) takes one of them first.
    for (const serial of [1, 2, 3, 4, 5, 6, 7]) {
      const filing = layoffFiling({
        creditCode: creditCode(responseCounty, `MA${run}${serial}`),
        filingId: `LF-QH-${run}-${serial}`,
        enterpriseName: `西宁示例机械厂${run}-${serial}`,
        regionCode: responseCounty,
        industryCode: 'C34',
        headcount: 1000,
        layoffCount: 60,
      });
      await send(producer, 'hrss.layoff.filed.v1', filing.creditCode, filing);
    }
    const caseId = await eventually(
      'the county at level IV with its response',
      async () =>
        RiskList.parse((await sys.api(`/api/risk?region=${responseCounty}`, leader)).body).items.find((i) => i.responseCaseId)?.responseCaseId ?? undefined,
      120_000,
    );
    const url = `/api/responses/${encodeURIComponent(caseId)}/directives`;
    // The response's case reaches the read model a moment after the county names it.
    const issued = await eventually('the directives issued', async () => {
      const res = await sys.api(url, leader);
      if (res.status !== 200) return undefined;
      const { directives } = ResponseDirectives.parse(res.body);
      return directives.length > 0 ? directives : undefined;
    });
    const hrss = issued.find((d) => d.department === 'hrss');
    expect(hrss).toBeDefined();
    await send(producer, 'dept.directive.reported.v1', hrss!.directiveId, {
      eventId: `dr-${run}`,
      occurredAt: shanghaiInstant(),
      directiveId: hrss!.directiveId,
      department: 'hrss',
      status: 'acknowledged',
      note: '已收到，正在筹备专场招聘会',
    });
    await eventually('the acknowledgement', async () =>
      ResponseDirectives.parse((await sys.api(url, leader)).body).directives.some((d) => d.directiveId === hrss!.directiveId && d.status === 'acknowledged')
        ? true
        : undefined,
    );

    const { page, problems } = await openSignedIn(browser, sys.system.httpUrl, leader, sys.config.secrets.jwtSecret as string, '/workbench/responses');
    const card = page.locator(`[data-case="${caseId}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.locator('.level-badge').getAttribute('data-level')).toBe('IV');
    expect(await card.textContent()).toMatch(/\d户企业集中裁员/);
    const hrssRow = card.locator('tr', { hasText: hrss!.instruction });
    expect(await hrssRow.textContent()).toContain('人力资源社会保障部门');
    expect(await hrssRow.locator('[data-standing]').getAttribute('data-standing')).toBe('已确认');
    expect(await hrssRow.textContent()).toContain('已收到，正在筹备专场招聘会');
    // Every directive the level calls for, one of them acknowledged; the page reads them all.
    const all = ResponseDirectives.parse((await sys.api(url, leader)).body).directives;
    await expect.poll(() => card.locator('.directive-tally').textContent(), { timeout: 90_000 }).toMatch(new RegExp(`共 ${all.length} 条`));
    expect(await card.locator('tbody tr').count()).toBe(all.length);
    expect(await card.locator('[data-standing="待确认"]').count()).toBe(all.filter((d) => d.status === 'issued').length);
    await shot(page, '13-responses');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
