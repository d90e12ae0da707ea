/**
 * GET /dashboard and its assets as the API serves them (outside the bearer auth, strict CSP, cache
 * headers, nothing but the built files), and the development sign-in, which mints a leader's token
 * exactly where `npm run token` would and refuses where it refuses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../activities/infra/config.js';
import { resolveSecrets } from '../../activities/infra/secrets.js';
import type { ApiEnv } from '../../services/http/access.js';
import type { ApiDeps } from '../../services/http/routes.js';
import { DASHBOARD_CSP, registerWebRoutes } from '../../services/http/web.js';
import { tempDir } from '../support/temp-dir.js';

const temp = tempDir('jiuye-dashboard-');
let webDir = '';
beforeAll(() => {
  webDir = temp.path('web');
  mkdirSync(path.join(webDir, 'assets'), { recursive: true });
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>看板</title><script type="module" src="/web/assets/index-abc.js"></script>');
  writeFileSync(path.join(webDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(webDir, 'workbench.html'), '<!doctype html><title>工作台</title><script type="module" src="/web/assets/workbench-abc.js"></script>');
  writeFileSync(path.join(webDir, 'secret.txt'), 'not an asset');
});

function app(env: NodeJS.ProcessEnv = {}) {
  const a = new OpenAPIHono<ApiEnv>();
  registerWebRoutes(a, {} as ApiDeps, { webDir, env });
  return a;
}

/** What @hono/node-server passes a handler: the request's socket. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

describe('GET /dashboard', () => {
  it('serves the page with a strict CSP, revalidated, without a token', async () => {
    const res = await app().request('/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("default-src 'none'");
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('看板');
  });

  it('serves hashed assets for good, and nothing that is not one', async () => {
    const asset = await app().request('/web/assets/index-abc.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log(1)');
    for (const p of ['/web/assets/..%2Fsecret.txt', '/web/assets/missing.js', '/dashboard/secret.txt', '/web/assets/..%2Findex.html']) {
      expect((await app().request(p)).status, p).toBe(404);
    }
  });

  it('says the page is not built rather than failing', async () => {
    const a = new OpenAPIHono<ApiEnv>();
    registerWebRoutes(a, {} as ApiDeps, { webDir: temp.path('nowhere') });
    const res = await a.request('/dashboard');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'dashboard_not_built', message: '页面尚未构建：请先运行 npm run build' });
  });
});

describe('GET /workbench', () => {
  it('answers every path under it with the workbench page, whose router draws it, under the same CSP', async () => {
    for (const p of ['/workbench', '/workbench/', '/workbench/tasks/tk-1', '/workbench/cases/graduate-1311%3Aabc%3A2026']) {
      const res = await app().request(p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(await res.text()).toContain('工作台');
    }
    expect(await (await app().request('/dashboard')).text()).toContain('看板');
  });
});

describe('POST /dashboard/dev-sign-in', () => {
  const signIn = (env: NodeJS.ProcessEnv, init: { region?: string; role?: string; user?: string; host?: string; origin?: string; remote?: string } = {}) =>
    app(env).request(
      'http://127.0.0.1:3000/dashboard/dev-sign-in',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          host: init.host ?? '127.0.0.1:3000',
          ...(init.origin ? { origin: init.origin } : {}),
        },
        body: JSON.stringify({ region: init.region ?? '22', ...(init.role ? { role: init.role } : {}), ...(init.user ? { user: init.user } : {}) }),
      },
      from(init.remote ?? '127.0.0.1'),
    );

  it('gives a development leader token signed as the token command signs it', async () => {
    const dataDir = temp.path('dev');
    const env = { NODE_ENV: 'development', JIUYE_DATA_DIR: dataDir };
    const res = await signIn(env, { origin: 'http://127.0.0.1:3000' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { token } = (await res.json()) as { token: string };
    const server = resolveSecrets(loadConfig(env));
    const { payload } = await jwtVerify(token, new TextEncoder().encode(server.jwtSecret));
    expect(payload).toMatchObject({ sub: 'dev-leader', role: 'leader', jurisdiction: '22' });
  });

  it('gives the workbench’s roles a token for the user named, and no admin token', async () => {
    const env = { NODE_ENV: 'development', JIUYE_DATA_DIR: temp.path('dev-roles') };
    const res = await signIn(env, { region: '220102', role: 'caseworker', user: 'cw-wang' });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const { payload } = await jwtVerify(token, new TextEncoder().encode(resolveSecrets(loadConfig(env)).jwtSecret));
    expect(payload).toMatchObject({ sub: 'cw-wang', role: 'caseworker', jurisdiction: '220102' });
    for (const bad of [{ role: 'admin' }, { role: 'caseworker', user: 'cw wang; rm' }]) expect((await signIn(env, bad)).status, JSON.stringify(bad)).toBe(400);
  });

  it('refuses with the command’s own reasons outside development and beside production secrets', async () => {
    const dataDir = temp.path('prod');
    const production = await signIn({ NODE_ENV: 'production', JIUYE_DATA_DIR: dataDir });
    expect(production.status).toBe(403);
    expect(await production.json()).toMatchObject({ code: 'dev_sign_in_refused', message: expect.stringContaining('拒绝签发') as unknown });
    const withSecret = await signIn({ NODE_ENV: 'development', JIUYE_DATA_DIR: dataDir, JIUYE_JWT_SECRET: 'x'.repeat(40) });
    expect(withSecret.status).toBe(403);
    expect(((await withSecret.json()) as { message: string }).message).toContain('环境变量中有生产密钥（JIUYE_JWT_SECRET）');
    const test = await signIn({ NODE_ENV: 'test', JIUYE_DATA_DIR: dataDir });
    expect(((await test.json()) as { message: string }).message).toBe('拒绝签发：开发令牌只在开发模式下可用（当前 NODE_ENV=test）');
  });

  it('refuses a request from another machine, another host name or another origin', async () => {
    const env = { NODE_ENV: 'development', JIUYE_DATA_DIR: temp.path('dev2') };
    for (const [init, reason] of [
      [{ remote: '10.0.0.8' }, '只接受本机的请求'],
      [{ host: 'attacker.example:3000' }, '127.0.0.1 或 localhost'],
      [{ origin: 'http://attacker.example' }, '本页面发起的请求'],
      [{ region: '22; rm -rf' }, '行政区划代码'],
    ] as const) {
      const res = await signIn(env, init);
      expect(res.status, JSON.stringify(init)).toBe('region' in init ? 400 : 403);
      expect(((await res.json()) as { message: string }).message).toContain(reason);
    }
  });
});
