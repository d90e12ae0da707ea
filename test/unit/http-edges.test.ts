/**
 * What the HTTP edge refuses before any handler runs, and how: a body over its route class's cap
 * (413), a body that is not JSON (415) or not well-formed JSON (400 invalid_json), a token naming
 * a jurisdiction that is no division (401), free text a database write could never store (400
 * naming the field). Never a 500.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../activities/infra/db.js';
import { IMPORT_BODY_LIMIT, JSON_BODY_LIMIT, LINGER_BYTES } from '../../services/http/bodies.js';
import { createTokenService } from '../../services/http/auth.js';
import { encodeKeyCursor } from '../../services/http/paging.js';
import { startHttpServer } from '../../services/http/server.js';
import { createLogger } from '../../activities/infra/logger.js';
import { unitApi } from '../support/api.js';

const tokens = createTokenService('edges-unit-secret');
/** One task, of a layoff review in the caller's county: enough for a completion to reach its result's validation. */
const prisma = {
  task: { findUnique: async () => ({ id: 'tk-1', caseId: 'layoff-filing:x', type: 'layoff-review', regionCode: '220102' }) },
} as unknown as PrismaClient;
/** What the API warned about: the bodies it could not read to their end. */
const warnings: { fields: Record<string, unknown>; message: string }[] = [];
const log = Object.assign(createLogger('silent'), {
  warn: (fields: Record<string, unknown>, message: string) => void warnings.push({ fields, message }),
}) as unknown as ReturnType<typeof createLogger>;
const app = unitApi({ prisma, tokens, log });
const caseworker = { userId: 'cw-1', role: 'caseworker', jurisdiction: '220102' } as const;

async function post(path: string, body: string, contentType: string | null = 'application/json', token?: string): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token ?? (await tokens.sign(caseworker))}` };
  if (contentType !== null) headers['content-type'] = contentType;
  return app.request(path, { method: 'POST', headers, body });
}

describe('HTTP edge', () => {
  it('refuses a body over its route class’s cap with 413 and says so in Chinese; imports may send more', async () => {
    const note = JSON.stringify({ text: 'x'.repeat(JSON_BODY_LIMIT) });
    const res = await post('/api/tasks/tk-1/notes', note);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/请求体过大/) });
    // The same size is within an import's cap: it gets as far as the batch's validation.
    const batch = JSON.stringify({ source: { fileName: 'a.xlsx', handoverId: 'h' }, rows: [], padding: 'x'.repeat(JSON_BODY_LIMIT) });
    expect((await post('/api/imports/graduates', batch)).status).toBe(400);
    const huge = JSON.stringify({ source: { fileName: 'a.xlsx', handoverId: 'h' }, rows: [], padding: 'x'.repeat(IMPORT_BODY_LIMIT) });
    expect((await post('/api/imports/graduates', huge)).status).toBe(413);
  });

  it('answers a body that is not JSON with 415, and malformed JSON with 400 invalid_json', async () => {
    const text = await post('/api/tasks/tk-1/notes', '{"text":"x"}', 'text/plain');
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: 'unsupported_media_type' });
    expect((await post('/api/tasks/tk-1/notes', '{"text":"x"}', null)).status).toBe(415);
    for (const bad of ['{"text":', '', 'not json']) {
      const res = await post('/api/tasks/tk-1/notes', bad);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'invalid_json', message: '请求体不是有效的 JSON' });
    }
  });

  it('refuses a signed token whose jurisdiction names no division as an invalid token (401), not a 500', async () => {
    for (const jurisdiction of ['220', '99', '2200000']) {
      const token = await tokens.sign({ ...caseworker, jurisdiction });
      const res = await app.request('/api/cases', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'invalid_token' });
    }
  });

  it('refuses a region filter that names no division (well-formed digits such as 04) with 400 on every route that takes one, not a 500', async () => {
    const token = await tokens.sign({ ...caseworker, role: 'leader', jurisdiction: '22' });
    for (const path of [
      '/api/cases?region=04',
      '/api/risk?region=04',
      '/api/enterprises?region=0401',
      '/api/enterprises/demands/export?region=04',
      '/api/ledgers/graduates?year=2026&region=04',
      '/api/ledgers/graduates/lines?year=2026&region=04',
      '/api/ledgers/graduates/export?year=2026&region=04',
    ]) {
      const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({
        code: 'validation_failed',
        issues: [{ path: 'region', message: 'region names no administrative division' }],
      });
    }
  });

  it('refuses free text holding NUL or another control character with 400 naming the field', async () => {
    const note = await post('/api/tasks/tk-1/notes', JSON.stringify({ text: '已联系\u0000' }));
    expect(note.status).toBe(400);
    expect(await note.json()).toMatchObject({ code: 'validation_failed', issues: [{ path: 'text' }] });
    const result = { planCompliant: true, measures: ['reemployment-services'], summary: '核查\u0085完毕' };
    const completion = await post('/api/tasks/tk-1/complete', JSON.stringify({ result }));
    expect(completion.status).toBe(400);
    expect(await completion.json()).toMatchObject({ code: 'validation_failed', issues: [{ path: 'result.summary' }] });
    const close = await post('/api/cases/c-1/close', JSON.stringify({ reason: 'a\u202eb' }));
    expect(close.status).toBe(400);
    expect(await close.json()).toMatchObject({ issues: [{ path: 'reason' }] });
  });

  it('refuses a forged page cursor whose keys hold NUL as a bad cursor (400), before any query', async () => {
    const cursor = encodeKeyCursor([new Date().toISOString(), 'tk\u0000']);
    const res = await app.request(`/api/tasks?cursor=${cursor}`, { headers: { authorization: `Bearer ${await tokens.sign(caseworker)}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad_cursor' });
  });

  it('answers every request over real keep-alive connections when bodies are refused unread (413, 401)', async () => {
    // Over a socket, not app.request: what failed was the next request on a connection whose refused
    // body the server had not read. Four clients interleave refusals with plain GETs, as the fuzz did.
    const server = await startHttpServer({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', log });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = await tokens.sign(caseworker);
    const oversized = 'x'.repeat(3 * 1024 * 1024);
    const unauthenticated = JSON.stringify({ text: 'x'.repeat(200 * 1024) });
    const kinds = [
      () =>
        fetch(`${base}/api/tasks/tk-1/notes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: oversized,
        }),
      () => fetch(`${base}/api/cases`),
      () => fetch(`${base}/api/tasks/tk-1/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: unauthenticated }),
    ];
    const outcomes: (number | string)[] = [];
    try {
      await Promise.all(
        [0, 1, 2, 3].map(async (client) => {
          for (let i = 0; i < 12; i++) {
            const res = await kinds[(client + i) % kinds.length]!().catch((err: unknown) => String((err as { cause?: { code?: string } }).cause?.code ?? err));
            outcomes.push(typeof res === 'string' ? res : (await res.arrayBuffer(), res.status));
          }
        }),
      );
      // Beyond what the server reads to throw away, the answer still arrives, and closes the connection.
      const beyond = await fetch(`${base}/api/tasks/tk-1/notes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: 'x'.repeat(LINGER_BYTES + 1024 * 1024),
      });
      expect([beyond.status, beyond.headers.get('connection')]).toEqual([413, 'close']);
      // Only that one is logged, with why, for the operator whose client saw a reset.
      expect(warnings).toEqual([
        { fields: expect.objectContaining({ status: 413, outcome: 'over the bounds' }), message: expect.stringMatching(/Connection: close/) },
      ]);
    } finally {
      server.close();
    }
    expect(outcomes.filter((o) => typeof o === 'string')).toEqual([]);
    expect(new Set(outcomes)).toEqual(new Set([413, 401]));
  });

  it('answers a request the HTTP parser refuses (a URL over 16 KB) with 431 on every try, even with megabytes still being sent', async () => {
    // Node's own answer to it came just before a reset, and a client still sending its body lost it
    // (the fuzz: a 578 KB path and a 2 MB body, ECONNRESET on both tries). On new connections, as the fuzz's retry.
    const server = await startHttpServer({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', log });
    const { port } = server.address() as AddressInfo;
    const id = '身份证号110101199003070011'.repeat(3000);
    const send = (path: string, body?: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', agent: false, headers: { 'content-type': 'application/json' } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.once('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
            res.once('error', reject);
          },
        );
        req.once('error', reject);
        req.end(body);
      });
    warnings.length = 0;
    try {
      const body = JSON.stringify({ result: 'x'.repeat(2_000_000) });
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          send(`/api/tasks/${encodeURIComponent(id)}/complete`, i % 3 === 2 ? undefined : body).then(
            (res) => res,
            (err: unknown) => ({ status: 0, text: String((err as { code?: string }).code ?? err) }),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.status !== 431).map((o) => o.text)).toEqual([]);
      expect(JSON.parse(outcomes[0]!.text)).toEqual({ code: 'headers_too_large', message: expect.stringMatching(/请求头（含网址）过大：最多 16 KB/) });
      // The same server goes on answering, and the operator hears of each refusal without the URL's content.
      expect((await send('/api/tasks/tk-1/notes', '{"text":')).status).toBe(401);
      expect(warnings).toHaveLength(12);
      expect(warnings[0]).toEqual({ fields: { code: 'HPE_HEADER_OVERFLOW', status: 431 }, message: expect.stringMatching(/HTTP parser/) });
      expect(JSON.stringify(warnings)).not.toContain('110101');
      // A request that is not HTTP at all is told so in the same way.
      const garbage = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write('HELLO WORLD\r\n\r\n'));
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.once('error', reject);
      });
      expect(garbage).toMatch(
        /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Connection: close\r\n\r\n\{"code":"malformed_request","message":"请求格式有误，无法解析"\}$/,
      );
    } finally {
      server.close();
    }
  });
});
