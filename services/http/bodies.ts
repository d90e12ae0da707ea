/**
 * Request bodies at the edge: a size cap by route class, checked before anything reads the body,
 * and hono's own refusals of a body (wrong media type, malformed JSON, too large) answered as the
 * client errors they are rather than as a server failure.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ErrorBody } from '../../domain/contracts/http.js';

/**
 * Any JSON body but an import's. The largest a schema lets through is a demand or a survey of 50
 * positions with every text field at its cap: about 70 KiB as UTF-8, about 140 KiB with every
 * Chinese character escaped as \uXXXX. Four times what any form sends, and nothing near the
 * megabytes that would tie up a worker parsing it.
 */
export const JSON_BODY_LIMIT = 256 * 1024;
/**
 * The import routes take a batch of rows read from a list file (npm run import sends 100 rows, the
 * schema allows 200): 200 graduate rows with every field at its cap come to about 1 MiB when
 * escaped. The command reads the spreadsheet itself; only an upload from the browser sends the file.
 */
export const IMPORT_BODY_LIMIT = 2 * 1024 * 1024;

const IMPORT_PREFIX = '/api/imports/';

/**
 * A graduate list uploaded in the browser, the file itself: a province's list of tens of thousands
 * of rows is a few megabytes as XLSX (about 150 bytes a row as CSV), so 20 MiB holds any one
 * bureau's list with room; it is written to a temporary file before it is read, never parsed whole.
 */
export const IMPORT_FILE_BODY_LIMIT = 20 * 1024 * 1024;

const IMPORT_FILE_PATH = '/api/imports/graduates/files';

const tooLarge = (limit: number) => (c: Context) =>
  c.json<ErrorBody>({ code: 'payload_too_large', message: `请求体过大：此接口最多接受 ${Math.round(limit / 1024)} KB` }, 413);

/** Caps every /api body by its route class; a body over the cap is refused before it is read whole. */
export function limitBodies(): MiddlewareHandler {
  const json = bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge(JSON_BODY_LIMIT) });
  const imports = bodyLimit({ maxSize: IMPORT_BODY_LIMIT, onError: tooLarge(IMPORT_BODY_LIMIT) });
  const files = bodyLimit({ maxSize: IMPORT_FILE_BODY_LIMIT, onError: tooLarge(IMPORT_FILE_BODY_LIMIT) });
  return (c, next) => {
    if (c.req.path === IMPORT_FILE_PATH) return files(c, next);
    return c.req.path.startsWith(IMPORT_PREFIX) ? imports(c, next) : json(c, next);
  };
}

/**
 * Hono's refusals of a request body, by status: the route's body validator throws 400 on JSON
 * that does not parse (or an empty body where one is required), the media-type gate 415 on a body
 * that is not JSON.
 */
const bodyRefusals: Readonly<Partial<Record<number, { status: 400 | 413 | 415; body: ErrorBody }>>> = {
  400: { status: 400, body: { code: 'invalid_json', message: '请求体不是有效的 JSON' } },
  413: { status: 413, body: { code: 'payload_too_large', message: '请求体过大' } },
  415: { status: 415, body: { code: 'unsupported_media_type', message: '请求体须为 JSON（Content-Type: application/json）' } },
};

/** The answer to a hono refusal of the request body, or undefined when `err` is none. */
export function bodyRefusal(err: unknown, c: Context): Response | undefined {
  if (!(err instanceof HTTPException)) return undefined;
  const refusal = bodyRefusals[err.status];
  return refusal === undefined ? undefined : c.json(refusal.body, refusal.status);
}

/**
 * How much of a refused body is read and thrown away so that its sender hears the answer: a web
 * server's lingering close (nginx: 30 s in all, 5 s without data). A client whose event loop is
 * busy (building its next multi-megabyte body) can pause its upload for seconds.
 */
export const LINGER_BYTES = 32 * 1024 * 1024;
export const LINGER_MS = 30_000;
export const LINGER_IDLE_MS = 5000;

/**
 * A request answered before its body was read (a 413, a 401 on a POST, a refusal before the
 * handler) leaves the rest of the body on the connection. Left there, the node adapter drains it for
 * half a second and destroys the socket: a client still sending loses the answer to a reset, and
 * one that reuses the keep-alive connection loses its next request (the fault suite's fuzz saw 11
 * of 226 requests so, plain GETs among them). So the rest of the body is read and thrown away before
 * the answer goes out, as a web server's lingering close does, bounded in bytes and time; a body
 * beyond the bound, or one another reader holds, gets its answer with `Connection: close`.
 */
export function closeUnreadBodies(log: Pick<Logger, 'warn'>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming === undefined || incoming.readableEnded || !declaresBody(incoming)) return;
    const started = Date.now();
    const outcome = await discardRest(c.req.raw, incoming);
    if (outcome === 'ended') return;
    // A client of this answer may see its connection reset instead: an operator needs to know why.
    log.warn(
      { path: c.req.path, status: c.res.status, outcome, declared: incoming.headers['content-length'] ?? 'chunked', ms: Date.now() - started },
      'refused request body not read to its end: answered with Connection: close',
    );
    c.header('Connection', 'close');
  };
}

function declaresBody({ headers }: IncomingMessage): boolean {
  const length = headers['content-length'];
  return length !== undefined ? length !== '0' : headers['transfer-encoding'] !== undefined;
}

type Discarded = 'ended' | 'over the bounds' | 'connection gone' | 'body held by another reader' | 'read failed';

/** Reads the rest of the body into nothing; 'ended' when it ended within the bounds. */
async function discardRest(request: Request, incoming: IncomingMessage): Promise<Discarded> {
  if (incoming.destroyed) return 'connection gone';
  // Untouched, the socket's stream is read directly; once a route looked at the body (the size
  // cap does, on every /api request) the adapter has wrapped it in a web stream, read through that.
  if (incoming.listenerCount('data') === 0) return settle(await discardChunks(onEachChunk(incoming)), incoming);
  const body = request.body;
  if (body === null || body.locked) return 'body held by another reader';
  const reader = body.getReader();
  try {
    const ended = await discardChunks(async (take) => {
      for (;;) {
        const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (chunk.done || chunk.value === undefined) return chunk.done;
        if (!take(chunk.value.byteLength)) return false;
      }
    });
    return settle(ended, incoming);
  } catch {
    return 'read failed';
  } finally {
    reader.releaseLock();
  }
}

function settle(ended: boolean, incoming: IncomingMessage): Discarded {
  if (ended) return 'ended';
  return incoming.destroyed ? 'connection gone' : 'over the bounds';
}

/** Feeds a node stream's chunk sizes to `take` until it ends (true), fails, or `take` says stop. */
function onEachChunk(incoming: IncomingMessage) {
  return (take: (bytes: number) => boolean) =>
    new Promise<boolean>((resolve) => {
      const finish = (ended: boolean) => {
        incoming.off('data', onData).off('end', onEnd).off('error', onError);
        if (!ended) incoming.pause();
        resolve(ended);
      };
      const onData = (chunk: Buffer) => {
        if (!take(chunk.length)) finish(false);
      };
      const onEnd = () => finish(true);
      const onError = () => finish(false);
      incoming.on('data', onData).on('end', onEnd).on('error', onError);
      incoming.resume();
    });
}

/**
 * Runs `read`, which reports each chunk's size to `take`, within the lingering bounds: false once
 * the bytes, the whole time or a pause between chunks runs over.
 */
async function discardChunks(read: (take: (bytes: number) => boolean) => Promise<boolean>): Promise<boolean> {
  const started = Date.now();
  let bytes = 0;
  let over = false;
  let idle: NodeJS.Timeout | undefined;
  let giveUp: (value: false) => void = () => undefined;
  const overdue = new Promise<false>((resolve) => (giveUp = resolve));
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(giveUp, Math.min(LINGER_IDLE_MS, Math.max(LINGER_MS - (Date.now() - started), 0)), false);
  };
  arm();
  try {
    return await Promise.race([
      read((n) => {
        bytes += n;
        if (over || bytes > LINGER_BYTES) return false;
        arm();
        return true;
      }),
      overdue,
    ]);
  } finally {
    // A reader still running after the bounds ran over stops at its next chunk.
    over = true;
    clearTimeout(idle);
  }
}
