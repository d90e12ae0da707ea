/**
 * GET /api/stream on the real engines: events published to the outbound topics reach a subscriber
 * of their jurisdiction and no other; a reconnect with Last-Event-ID gets exactly what it missed;
 * a client that stops reading is cut off with slow_consumer; a newly started process reads the
 * topics from its window's start, not from their beginning.
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { createLogger } from '../../activities/infra/logger.js';
import { createTokenService } from '../../services/http/auth.js';
import { startStreamHub } from '../../services/stream/hub.js';
import { openSse, type SseEvent } from '../support/sse.js';
import { eventually, startTestSystem, testKafka, type TestSystem } from './harness.js';

let sys: TestSystem;
let producer: Producer;
const run = randomUUID().slice(0, 8);
const changchun: Actor = { userId: 'leader-cc', role: 'leader', jurisdiction: '2201' };
const fuzhou: Actor = { userId: 'leader-fz', role: 'leader', jurisdiction: '3501' };

const token = (actor: Actor) => createTokenService(sys.config.secrets.jwtSecret as string).sign(actor);
const url = () => `${sys.system.httpUrl}/api/stream`;

const caseEvent = (n: number, regionCode: string) => ({
  eventId: `${run}-${n}`,
  occurredAt: new Date().toISOString(),
  caseId: `layoff-filing:${run}-${n}`,
  kind: 'opened',
  caseType: 'layoff-filing',
  regionCode,
  status: 'opened',
  reason: '收到裁员备案',
});
const riskEvent = (n: number, regionCode: string) => ({
  eventId: `${run}-${n}`,
  occurredAt: new Date().toISOString(),
  caseId: `risk-monitor:${regionCode}`,
  regionCode,
  previousLevel: null,
  level: 'IV',
  indicators: { layoffRate: 1.2 },
  reasons: ['裁员比例超过阈值'],
});

/** Publishes n events spread over keys (so over partitions), alternating Changchun and Fuzhou. */
async function publish(from: number, n: number): Promise<void> {
  const messages = (topic: 'case.lifecycle.v1' | 'risk.level.v1') =>
    Array.from({ length: n }, (_, i) => from + i)
      .filter((k) => (topic === 'case.lifecycle.v1') === (k % 3 !== 0))
      .map((k) => {
        const region = k % 2 === 0 ? '220102' : '350102';
        return { key: `k${k}`, value: JSON.stringify(topic === 'case.lifecycle.v1' ? caseEvent(k, region) : riskEvent(k, region)) };
      });
  await producer.sendBatch({
    topicMessages: [
      { topic: 'case.lifecycle.v1', messages: messages('case.lifecycle.v1') },
      { topic: 'risk.level.v1', messages: messages('risk.level.v1') },
    ],
  });
}

const ours = (events: SseEvent[]) => events.filter((e) => e.event === 'case.lifecycle.v1' || e.event === 'risk.level.v1').filter((e) => e.data.includes(run));
const numberOf = (e: SseEvent) => Number((JSON.parse(e.data) as { eventId: string }).eventId.split('-').at(-1));

beforeAll(async () => {
  sys = await startTestSystem('stream', {
    env: { JIUYE_ROLES: 'api', STREAM_HEARTBEAT_MS: '500', STREAM_CLIENT_BUFFER_BYTES: '4096', STREAM_WINDOW_EVENTS: '200000' },
  });
  producer = testKafka().producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await sys?.stop();
});

describe('GET /api/stream', () => {
  it('sends each jurisdiction its own events, and a reconnect exactly what it missed', async () => {
    const cc: SseEvent[] = [];
    const fz: SseEvent[] = [];
    const first = await openSse(url(), await token(changchun), (e) => cc.push(e));
    const other = await openSse(url(), await token(fuzhou), (e) => fz.push(e));
    expect([first.status, other.status]).toEqual([200, 200]);
    await eventually('stream.ready', async () => (cc[0]?.event === 'stream.ready' && fz[0]?.event === 'stream.ready' ? true : undefined));

    await publish(0, 60);
    await eventually('Changchun’s 30 events', async () => (ours(cc).length === 30 ? true : undefined));
    await eventually('Fuzhou’s 30 events', async () => (ours(fz).length === 30 ? true : undefined));
    expect(ours(cc).every((e) => e.data.includes('"regionCode":"220102"'))).toBe(true);
    expect(ours(fz).every((e) => e.data.includes('"regionCode":"350102"'))).toBe(true);
    expect(ours(cc).every((e) => e.id && e.id.length <= 512)).toBe(true);

    // Drop the connection after an event in the middle; what came after it is "missed".
    first.close();
    const seen = ours(cc).slice(0, 17);
    const lastId = seen.at(-1)!.id!;
    await publish(60, 40);
    const again: SseEvent[] = [];
    const resumed = await openSse(url(), await token(changchun), (e) => again.push(e), { lastEventId: lastId });
    await eventually('the missed and the new events', async () => (ours(again).length === 13 + 20 ? true : undefined));
    expect(again[0]).toMatchObject({ event: 'stream.ready', data: JSON.stringify({ resumed: true }) });
    const all = [...seen, ...ours(again)].map(numberOf).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, k) => k).filter((k) => k % 2 === 0));

    // An ID the window no longer covers, or not one of ours: reset, then live.
    const reset: SseEvent[] = [];
    const stale = await openSse(url(), await token(changchun), (e) => reset.push(e), { lastEventId: '1:0.0.0_0.0.0_0.0.0_0.0.0-forged' });
    await eventually('stream.reset', async () => (reset[1]?.event === 'stream.reset' ? true : undefined));
    expect(JSON.parse(reset[1]!.data)).toMatchObject({ code: 'resume_gap' });
    resumed.close();
    other.close();
    stale.close();
  });

  it('cuts off a client that stops reading, with slow_consumer', async () => {
    const res = await fetch(url(), { headers: { authorization: `Bearer ${await token(changchun)}` } });
    expect(res.status).toBe(200);
    // Enough to fill the sockets' buffers between us and the server, then its bound for this client.
    for (let batch = 0; batch < 40; batch += 1) await publish(1000 + batch * 1000, 1000);
    const text = await res.text();
    const closing = text.split('\n\n').find((block) => block.includes('event: stream.closing'));
    expect(closing).toBeDefined();
    expect(closing).toContain('"code":"slow_consumer"');
  });

  it('refuses a request without a token', async () => {
    expect((await fetch(url())).status).toBe(401);
  });

  it('starts a new process’s consumer at its window’s start: nothing older is read, everything after is', async () => {
    const windowMs = 2000;
    // Every event this file published (tens of thousands) is older than the window once it has passed.
    await publish(100_000, 30);
    await new Promise((resolve) => setTimeout(resolve, windowMs + 500));
    const hub = await startStreamHub({
      kafka: testKafka(),
      clientId: `it-stream-window-${run}`,
      settings: { ...sys.config.stream, windowMs },
      log: createLogger('silent', 'it-stream-window'),
    });
    try {
      await publish(200_000, 30);
      await eventually('the 30 events published after the start', async () => (hub.status().received >= 30 ? true : undefined));
      // A little longer: a consumer that began at the topics' beginning would still be reading.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(hub.status()).toMatchObject({ received: 30, duplicates: 0 });
    } finally {
      await hub.stop();
    }
  });

  it('says when a new process has read its window: not as it starts, once it has read what the topics held then', async () => {
    const hub = await startStreamHub({
      kafka: testKafka(),
      clientId: `it-stream-loaded-${run}`,
      settings: sys.config.stream,
      log: createLogger('silent', 'it-stream-loaded'),
    });
    try {
      // This file published over 40,000 events within the 15-minute window: reading them takes a while.
      expect(hub.status().windowLoaded).toBe(false);
      await eventually('the window read', async () => (hub.status().windowLoaded ? true : undefined));
      expect(hub.status().received).toBeGreaterThan(40_000);
    } finally {
      await hub.stop();
    }
  });
});
