/**
 * The web pages: the leaders' dashboard (GET /dashboard) and the caseworkers' and liaison
 * officers' workbench (GET /workbench and the paths under it, which its router draws in the
 * browser): the Vite build of services/web (dist/web), served
 * by the API itself so that nothing is fetched from a CDN (government networks are often offline).
 * Outside /api and its bearer auth: the page holds no data; it asks for a token and then calls the
 * API with it. A strict Content-Security-Policy lets it load only its own scripts and styles and
 * talk only to this origin. Hashed assets are cached for good; the page itself is revalidated.
 *
 * POST /dashboard/dev-sign-in runs the development token command (npm run token) for a role
 * (a leader unless the page asks for another), a region and optionally a user, and hands back the token: refused wherever the command refuses (not development, a production
 * secret in the environment, secrets file not generated here), and, because the command can only
 * be run by someone at the machine, also refused unless the request comes from this machine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { tokenCommand } from '../cli/token-command.js';
import type { ApiEnv } from './access.js';
import type { ApiDeps } from './routes.js';

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

/** dist/web beside the compiled server (dist/services/http → dist/web), or from the sources (services/http → dist/web). */
export function defaultWebDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../web'), path.resolve(here, '../../dist/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[1]!;
}

export interface DashboardOptions {
  /** The Vite build's output directory. */
  webDir?: string;
  /** The environment the development sign-in checks, as the token command run here would see it. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

interface Asset {
  body: ArrayBuffer;
  type: string;
}

/** The built files, read once: the set of names is fixed at build time, so no request path reaches the file system. */
function readBuild(webDir: string): { index: string; workbench: string | undefined; assets: Map<string, Asset> } | undefined {
  const indexFile = path.join(webDir, 'index.html');
  if (!existsSync(indexFile)) return undefined;
  const workbenchFile = path.join(webDir, 'workbench.html');
  const assetsDir = path.join(webDir, 'assets');
  const assets = new Map<string, Asset>();
  if (existsSync(assetsDir)) {
    for (const name of readdirSync(assetsDir)) {
      const type = contentTypes[path.extname(name)];
      if (!type) continue;
      // A small file's Buffer is a view into Node's shared pool: keep only its own bytes.
      const bytes = readFileSync(path.join(assetsDir, name));
      assets.set(name, { body: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), type });
    }
  }
  return { index: readFileSync(indexFile, 'utf8'), workbench: existsSync(workbenchFile) ? readFileSync(workbenchFile, 'utf8') : undefined, assets };
}

function secure(c: Context): void {
  c.header('Content-Security-Policy', DASHBOARD_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('X-Frame-Options', 'DENY');
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const isLoopbackAddress = (address: string | undefined) => address !== undefined && /^(127\.|::1$|::ffff:127\.)/.test(address);

/** Why a sign-in request does not come from this machine, or undefined when it does. */
function notFromThisMachine(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!isLoopbackAddress(incoming?.socket.remoteAddress)) return '开发环境登录只接受本机的请求';
  // A page of another site that resolves its name to 127.0.0.1 (DNS rebinding) arrives with its own Host.
  const host = (c.req.header('host') ?? '').replace(/:\d+$/, '');
  if (!LOOPBACK_HOSTS.has(host)) return '开发环境登录只接受以 127.0.0.1 或 localhost 访问的页面';
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== `http://${c.req.header('host')}`) return '开发环境登录只接受本页面发起的请求';
  return undefined;
}

/** The roles a development sign-in may ask for: every person-facing one (an admin's token is minted at the command line). */
const SignInBody = z.object({
  region: z.string().regex(/^\d{2,12}$/),
  role: z.enum(['leader', 'supervisor', 'caseworker', 'liaison']).default('leader'),
  user: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
});

export function registerWebRoutes(app: OpenAPIHono<ApiEnv>, _deps: ApiDeps, options: DashboardOptions = {}): void {
  const webDir = options.webDir ?? defaultWebDir();
  const env = options.env ?? process.env;
  let build: ReturnType<typeof readBuild>;
  const current = () => (build ??= readBuild(webDir));

  const page = (which: 'index' | 'workbench') => (c: Context) => {
    secure(c);
    const html = current()?.[which];
    if (html === undefined) return c.json({ code: 'dashboard_not_built', message: '页面尚未构建：请先运行 npm run build' }, 503);
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  };
  app.get('/dashboard', page('index'));
  app.get('/dashboard/', page('index'));
  // The workbench's router draws every path under it in the browser, so a reload or a shared link lands on the same page.
  app.get('/workbench', page('workbench'));
  app.get('/workbench/*', page('workbench'));

  app.get('/web/assets/:name', (c) => {
    secure(c);
    const asset = current()?.assets.get(c.req.param('name'));
    if (!asset) return c.json({ code: 'not_found', message: '没有此文件' }, 404);
    c.header('Content-Type', asset.type);
    // File names carry a hash of their content: a new build has new names.
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(asset.body);
  });

  app.post(
    '/dashboard/dev-sign-in',
    bodyLimit({ maxSize: 1024, onError: (c) => c.json({ code: 'payload_too_large', message: '请求体过大' }, 413) }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      const refusedHere = notFromThisMachine(c);
      if (refusedHere) return c.json({ code: 'dev_sign_in_refused', message: `拒绝签发：${refusedHere}` }, 403);
      const body = SignInBody.safeParse(await c.req.json().catch(() => undefined));
      if (!body.success)
        return c.json({ code: 'validation_failed', message: '请填写行政区划代码或前缀（2–12 位数字）、身份，用户名只能含字母、数字和 . _ -' }, 400);
      let out = '';
      let err = '';
      const { role, region, user } = body.data;
      const status = await tokenCommand(['--role', role, '--region', region, ...(user ? ['--user', user] : [])], {
        env,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        stdout: { write: (text: string) => (out += text) },
        stderr: { write: (text: string) => (err += text) },
      });
      if (status !== 0) return c.json({ code: 'dev_sign_in_refused', message: err.trim() }, 403);
      return c.json({ token: out.trim() });
    },
  );
}
