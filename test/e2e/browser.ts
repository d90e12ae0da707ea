/**
 * What the browser tests share: Debian's Chromium driven by playwright-core, a page signed in as
 * an actor (the token put in sessionStorage, where the page's own sign-in puts it), console and
 * page errors collected so a test can require none, and screenshots under test/e2e/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Actor } from '../../domain/actor.js';
import { createTokenService } from '../../services/http/auth.js';
import { defaultWebDir } from '../../services/http/web.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = path.join(import.meta.dirname, 'screenshots');

/** Refuses to start without the build or the browser, with what to do about it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(path.join(defaultWebDir(), 'workbench.html'))) throw new Error('the web pages are not built: run npm run build first');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export interface SignedInPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors seen so far (a failed fetch the page handles is not one). */
  problems: string[];
}

/**
 * A new browser context (its own sessionStorage: a second person at a second browser) on
 * `baseUrl + path`, signed in as `actor` with a token signed by `jwtSecret`.
 */
export async function openSignedIn(browser: Browser, baseUrl: string, actor: Actor, jwtSecret: string, pagePath = '/workbench'): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|ERR_/.test(m.text())) problems.push(m.text());
    if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  const token = await createTokenService(jwtSecret).sign(actor);
  // The page keeps its token in sessionStorage, per tab; set it on this origin before the page reads it.
  await context.addInitScript(`sessionStorage.setItem('jiuye.dashboard.token', ${JSON.stringify(token)})`);
  await page.goto(`${baseUrl}${pagePath}`);
  return { page, context, problems };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
