/**
 * GET /api/stream: the outbound topics' events in the caller's jurisdiction as server-sent events,
 * for the leaders' dashboard (contract: docs and services/stream). The token comes in the
 * Authorization header only (the page reads with fetch), never in the URL, where logs keep it.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { caseReaders } from '../../domain/access.js';
import { streamMessages } from '../stream/fanout.js';
import { requireRole, type ApiEnv } from './access.js';
import { HttpError } from './errors.js';
import { denied, errorResponse, security } from './openapi.js';
import type { ApiDeps } from './routes.js';
import { RETRY_AFTER_SECONDS } from './unavailable.js';

const streamRoute = createRoute({
  method: 'get',
  path: '/api/stream',
  tags: ['stream'],
  summary: 'Live events of my jurisdiction (server-sent events), resumable with Last-Event-ID',
  description: [
    'Events of case.lifecycle.v1, task.lifecycle.v1, risk.level.v1 and dept.directive.v1 whose regionCode lies in the caller’s jurisdiction.',
    'Each: `id: <opaque, ≤512 chars>`, `event: <topic>`, `data: <the outbound message JSON as published>`.',
    'First `event: stream.ready` with `{"resumed": boolean}` (with an id where the stream starts fresh). A Last-Event-ID the',
    'retention window no longer covers (or not one of ours) gets `event: stream.reset` `{"code":"resume_gap","message"}`',
    '(with the id to keep), then live events. A comment `: heartbeat` every STREAM_HEARTBEAT_MS. A client too slow to read',
    'gets `event: stream.closing` `{"code":"slow_consumer","message"}` and the connection ends; on shutdown the code is',
    'shutting_down. Reconnect with the last id seen.',
  ].join(' '),
  security,
  request: {
    headers: z.object({
      'last-event-id': z.string().optional().meta({ description: 'The last event id received, to resume from' }),
    }),
  },
  responses: {
    ...denied,
    200: { content: { 'text/event-stream': { schema: z.string() } }, description: 'The event stream (never ends by itself)' },
    503: errorResponse('Too many subscribers on this instance (Retry-After), or no stream in this process'),
  },
});

export function registerStreamRoutes(app: OpenAPIHono<ApiEnv>, { stream }: ApiDeps): void {
  app.openapi(streamRoute, (c) => {
    const actor = requireRole(c, caseReaders);
    if (!stream) throw new HttpError(503, 'stream_unavailable', '本服务实例未提供实时推送');
    const subscription = stream.subscribe(actor, c.req.header('last-event-id'));
    if ('full' in subscription) {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new HttpError(503, 'stream_full', streamMessages.full);
    }
    return new Response(subscription.stream, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // Reverse proxies (nginx) must pass events on as they come, not buffer them.
        'x-accel-buffering': 'no',
      },
    });
  });
}
