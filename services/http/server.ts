/**
 * The HTTP server the API runs on, and its answer to requests Node's HTTP parser refuses before
 * any route sees them: a URL and headers over Node's 16 KB, a malformed request line, bad chunk
 * framing.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { ErrorBody } from '../../domain/contracts/http.js';
import { LINGER_BYTES, LINGER_IDLE_MS, LINGER_MS } from './bodies.js';

export interface HttpServerOptions {
  fetch: (request: Request, env: unknown) => Response | Promise<Response>;
  port: number;
  hostname: string;
  keepAliveTimeoutMs?: number;
  log: Pick<Logger, 'warn'>;
}

/** Listens for the API; resolves once the port is bound. */
export function startHttpServer(options: HttpServerOptions): Promise<ServerType> {
  const { keepAliveTimeoutMs } = options;
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: options.fetch,
        port: options.port,
        hostname: options.hostname,
        // Node wants the headers deadline above the idle one, or it may cut a reused connection.
        serverOptions: keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: keepAliveTimeoutMs, headersTimeout: keepAliveTimeoutMs + 1000 },
      },
      () => resolve(server),
    );
    server.once('error', reject);
    server.on('clientError', refuseMalformedRequests(options.log));
  });
}

interface Refusal {
  status: number;
  reason: string;
  body: ErrorBody;
}

const refusals: Readonly<Record<string, Refusal>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    body: { code: 'headers_too_large', message: `请求头（含网址）过大：最多 ${Math.floor(http.maxHeaderSize / 1024)} KB` },
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    reason: 'Payload Too Large',
    body: { code: 'payload_too_large', message: '请求体的分块扩展过大' },
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    body: { code: 'request_timeout', message: '请求未在时限内送达' },
  },
};
const malformed: Refusal = { status: 400, reason: 'Bad Request', body: { code: 'malformed_request', message: '请求格式有误，无法解析' } };

/**
 * Node's own answer to a request its parser refuses is written just before it destroys the
 * socket. When the client is still sending (a 2 MB body behind a URL of half a megabyte, as the
 * fault suite's fuzz sends), the unread bytes make that destroy a TCP reset, and a client that had
 * not yet read the answer loses it to ECONNRESET (the fuzz lost one request so, on both tries).
 * Here the answer says its length and closes only our side; the rest the client sends is read and
 * dropped, within the same bounds as a refused body's, until it closes its side too. A slow client
 * that ran out of time is not waited for.
 */
export function refuseMalformedRequests(log: Pick<Logger, 'warn'>): (err: Error & { code?: string }, socket: Duplex) => void {
  // The parser refuses every later chunk on the connection again: each lands here once more.
  const refusedAt = new WeakMap<Duplex, number>();
  return (err, duplex) => {
    const socket = duplex as Socket;
    const bytesAtRefusal = refusedAt.get(socket);
    if (bytesAtRefusal !== undefined) {
      if (socket.bytesRead - bytesAtRefusal > LINGER_BYTES) socket.destroy();
      return;
    }
    refusedAt.set(socket, socket.bytesRead);
    // A response under way on this connection cannot be followed by another one.
    const inFlight = (socket as { _httpMessage?: object | null })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight) {
      socket.destroy();
      return;
    }
    const refusal = (err.code !== undefined ? refusals[err.code] : undefined) ?? malformed;
    const body = JSON.stringify(refusal.body);
    socket.end(
      `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    // The code and status only: the refused bytes hold a URL and headers, personal data among them.
    log.warn({ code: err.code ?? 'unknown', status: refusal.status }, 'request refused by the HTTP parser before any route: answered and closed');
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.destroySoon();
      return;
    }
    const destroy = () => socket.destroy();
    const overall = setTimeout(destroy, LINGER_MS);
    overall.unref();
    socket.setTimeout(LINGER_IDLE_MS, destroy);
    socket.once('end', destroy).once('close', () => clearTimeout(overall));
    socket.resume();
  };
}
