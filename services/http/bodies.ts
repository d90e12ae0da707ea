/**
 * Request bodies at the edge: a size cap by route class, checked before anything reads the body,
 * and hono's own refusals of a body (wrong media type, malformed JSON, too large) answered as the
 * client errors they are rather than as a server failure.
 */
import type { IncomingMessage } from 'node:http';
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
 * escaped. The spreadsheet itself never reaches the API: the import command reads it.
 */
export const IMPORT_BODY_LIMIT = 2 * 1024 * 1024;

const IMPORT_PREFIX = '/api/imports/';

const tooLarge = (limit: number) => (c: Context) =>
  c.json<ErrorBody>({ code: 'payload_too_large', message: `请求体过大：此接口最多接受 ${Math.round(limit / 1024)} KB` }, 413);

/** Caps every /api body by its route class; a body over the cap is refused before it is read whole. */
export function limitBodies(): MiddlewareHandler {
  const json = bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge(JSON_BODY_LIMIT) });
  const imports = bodyLimit({ maxSize: IMPORT_BODY_LIMIT, onError: tooLarge(IMPORT_BODY_LIMIT) });
  return (c, next) => (c.req.path.startsWith(IMPORT_PREFIX) ? imports(c, next) : json(c, next));
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
 * A request answered before its body was read (a 413, a 401 on a POST, a refusal before the
 * handler) leaves the rest of the body on the connection. The node adapter drains it for half a
 * second and then destroys the socket, while the client, told nothing, reuses that keep-alive
 * connection for its next request, which then fails with no answer (the fault suite's fuzz saw 11
 * of 226 requests lost so, plain GETs among them). `Connection: close` on such an answer tells the
 * client the connection ends with it, so the next request opens a fresh one.
 */
export function closeUnreadBodies(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming !== undefined && !incoming.readableEnded && declaresBody(incoming)) c.header('Connection', 'close');
  };
}

function declaresBody({ headers }: IncomingMessage): boolean {
  const length = headers['content-length'];
  return length !== undefined ? length !== '0' : headers['transfer-encoding'] !== undefined;
}
