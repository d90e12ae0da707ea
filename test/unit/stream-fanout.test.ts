/**
 * The stream's pure parts: the position-vector IDs, resume within and outside the window (on
 * another instance that interleaved the partitions differently), jurisdiction, invalid records,
 * the subscriber cap and the slow-client cut-off. No Kafka: records are handed to the fan-out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../activities/infra/logger.js';
import type { Actor } from '../../domain/actor.js';
import type { StreamTopic } from '../../domain/contracts/dashboard.js';
import { decodeEventId, encodeEventId, MAX_EVENT_ID_LENGTH } from '../../services/stream/event-id.js';
import { StreamFanout } from '../../services/stream/fanout.js';
import { whileKafkaSettles } from '../../services/stream/hub.js';

const log = createLogger('silent');
const changchun: Actor = { userId: 'leader-cc', role: 'leader', jurisdiction: '2201' };
const fuzhou: Actor = { userId: 'leader-fz', role: 'leader', jurisdiction: '3501' };
const start = new Map<StreamTopic, number[]>([
  ['case.lifecycle.v1', [0, 0, 0]],
  ['task.lifecycle.v1', [0, 0, 0]],
  ['risk.level.v1', [0, 0, 0]],
  ['dept.directive.v1', [0, 0, 0]],
]);
const settings = { windowMs: 60_000, windowEvents: 100, heartbeatMs: 60_000, clientBufferBytes: 4096, maxSubscribers: 4 };
const fanouts: StreamFanout[] = [];
const clock = 1_000_000;

function fanout(more: Partial<typeof settings> = {}): StreamFanout {
  const f = new StreamFanout(start, { ...settings, ...more }, log, () => clock);
  fanouts.push(f);
  return f;
}

afterEach(() => {
  for (const f of fanouts.splice(0)) f.closeAll();
});

const message = (n: number, regionCode: string) =>
  JSON.stringify({
    eventId: `e${n}`,
    occurredAt: '2026-11-20T02:00:00.000Z',
    caseId: `layoff-filing:${n}`,
    kind: 'opened',
    caseType: 'layoff-filing',
    regionCode,
    status: 'opened',
    reason: '收到裁员备案',
  });

type Event = { id?: string; event: string; data: string };
const field = (e: Event, name: 'regionCode' | 'eventId') => (JSON.parse(e.data) as Record<string, string>)[name];

/** Reads what the stream has queued so far, without waiting for more. */
async function drain(stream: ReadableStream<Uint8Array>, reader = stream.getReader()): Promise<{ events: Event[]; reader: typeof reader }> {
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const next = await Promise.race([reader.read(), new Promise<'idle'>((r) => setTimeout(() => r('idle'), 20))]);
    if (next === 'idle' || next.done) break;
    text += decoder.decode(next.value);
  }
  const events = text
    .split('\n\n')
    .filter((block) => block.trim() !== '' && !block.startsWith(':'))
    .map((block) => {
      const fields = Object.fromEntries(block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
      return { ...(fields.id ? { id: fields.id } : {}), event: fields.event!, data: fields.data! };
    });
  return { events, reader };
}

function subscribe(f: StreamFanout, actor: Actor, lastEventId?: string): ReadableStream<Uint8Array> {
  const s = f.subscribe(actor, lastEventId);
  if ('full' in s) throw new Error('full');
  return s.stream;
}

describe('event IDs', () => {
  it('encode the position vector compactly and decode it back; anything else is not an ID', () => {
    const positions = new Map<StreamTopic, number[]>([
      ['case.lifecycle.v1', [0, 123_456_789_012, 7]],
      ['task.lifecycle.v1', [1, 2, 3]],
      ['risk.level.v1', []],
      ['dept.directive.v1', [9]],
    ]);
    const id = encodeEventId(positions);
    expect(id).toBe('1:0.1kpqzg2c.7_1.2.3__9');
    expect(decodeEventId(id)).toEqual(positions);
    for (const bad of ['', '2:0_0_0_0', '1:0_0_0', '1:A_0_0_0', '1:0.-1_0_0_0', `1:${'0.'.repeat(300)}0___`]) expect(decodeEventId(bad), bad).toBeUndefined();
    // A dozen partitions per topic at trillion-record offsets still fit the contract's length.
    const big = new Map<StreamTopic, number[]>([...positions.keys()].map((t) => [t, Array.from({ length: 12 }, () => 1e12)]));
    expect(encodeEventId(big).length).toBeLessThanOrEqual(MAX_EVENT_ID_LENGTH);
  });
});

describe('StreamFanout', () => {
  it('sends a subscriber its jurisdiction’s events only, each with an ID, after stream.ready', async () => {
    const f = fanout();
    const cc = subscribe(f, changchun);
    const fz = subscribe(f, fuzhou);
    f.accept('case.lifecycle.v1', 0, 0, clock, message(1, '220102'));
    f.accept('case.lifecycle.v1', 1, 0, clock, message(2, '350102'));
    const mine = (await drain(cc)).events;
    expect(mine.map((e) => e.event)).toEqual(['stream.ready', 'case.lifecycle.v1']);
    expect(JSON.parse(mine[0]!.data)).toEqual({ resumed: false });
    expect(mine[1]!.data).toBe(message(1, '220102'));
    expect(mine[1]!.id).toMatch(/^1:/);
    expect((await drain(fz)).events.map((e) => e.data)).toEqual([JSON.stringify({ resumed: false }), message(2, '350102')]);
  });

  it('has reached a position once past every partition’s offset in it, a skipped record included', () => {
    const f = fanout();
    const ends = new Map<StreamTopic, number[]>([['case.lifecycle.v1', [2, 1]]]);
    expect(f.reached(ends)).toBe(false);
    f.accept('case.lifecycle.v1', 0, 0, clock, message(1, '220102'));
    f.accept('case.lifecycle.v1', 0, 1, clock, 'not json');
    expect(f.reached(ends)).toBe(false);
    f.accept('case.lifecycle.v1', 1, 0, clock, message(2, '350102'));
    expect(f.reached(ends)).toBe(true);
  });

  it('skips and counts a record that breaks its contract, and a record seen again', async () => {
    const f = fanout();
    const s = subscribe(f, changchun);
    f.accept('case.lifecycle.v1', 0, 0, clock, '{"not":"a case event"}');
    f.accept('case.lifecycle.v1', 0, 1, clock, 'not json');
    f.accept('case.lifecycle.v1', 0, 2, clock, message(3, '220102'));
    f.accept('case.lifecycle.v1', 0, 2, clock, message(3, '220102'));
    expect((await drain(s)).events.map((e) => e.event)).toEqual(['stream.ready', 'case.lifecycle.v1']);
    expect(f.counts).toMatchObject({ received: 3, invalid: 2, duplicates: 1 });
  });

  it('resumes exactly after the last ID on another instance that interleaved the partitions differently', async () => {
    const records: [number, number, string][] = [
      [0, 0, '220102'],
      [1, 0, '220103'],
      [0, 1, '350102'],
      [2, 0, '220104'],
      [1, 1, '220105'],
      [0, 2, '220106'],
    ];
    const a = fanout();
    const b = fanout();
    const s = subscribe(a, changchun);
    // Instance a reads partition by partition as they come; b reads partition 0 first, then 1, then 2.
    for (const [p, o, r] of records.slice(0, 3)) a.accept('case.lifecycle.v1', p, o, clock, message(p * 10 + o, r));
    for (const [p, o, r] of [...records].sort((x, y) => x[0] - y[0] || x[1] - y[1])) b.accept('case.lifecycle.v1', p, o, clock, message(p * 10 + o, r));
    const seen = (await drain(s)).events.filter((e) => e.event === 'case.lifecycle.v1');
    expect(seen.map((e) => field(e, 'regionCode'))).toEqual(['220102', '220103']);
    const resumed = (await drain(subscribe(b, changchun, seen.at(-1)!.id))).events;
    expect(resumed[0]).toMatchObject({ event: 'stream.ready', data: JSON.stringify({ resumed: true }) });
    // The rest, each once: 220104, 220105, 220106, whatever order b read them in.
    expect(resumed.slice(1).map((e) => field(e, 'regionCode'))).toEqual(['220106', '220105', '220104']);
  });

  it('waits on an instance that lags behind the client’s ID, and never goes back', async () => {
    const ahead = fanout();
    const lagging = fanout();
    const s = subscribe(ahead, changchun);
    for (let o = 0; o < 3; o += 1) ahead.accept('case.lifecycle.v1', 0, o, clock, message(o, '220102'));
    const last = (await drain(s)).events.at(-1)!.id!;
    const resumed = subscribe(lagging, changchun, last);
    for (let o = 0; o < 4; o += 1) lagging.accept('case.lifecycle.v1', 0, o, clock, message(o, '220102'));
    const events = (await drain(resumed)).events.slice(1);
    expect(events.map((e) => field(e, 'eventId'))).toEqual(['e3']);
  });

  it('answers a Last-Event-ID outside the window, or not one of ours, with stream.reset and then live events', async () => {
    const f = fanout({ windowEvents: 2 });
    const s = subscribe(f, changchun);
    f.accept('case.lifecycle.v1', 0, 0, clock, message(0, '220102'));
    const first = (await drain(s)).events.at(-1)!.id!;
    for (let o = 1; o < 6; o += 1) f.accept('case.lifecycle.v1', 0, o, clock, message(o, '220102'));
    for (const id of [first, 'garbage']) {
      const again = subscribe(f, changchun, id);
      f.accept('case.lifecycle.v1', 0, id === first ? 6 : 7, clock, message(9, '220102'));
      const events = (await drain(again)).events;
      expect(events.map((e) => e.event)).toEqual(['stream.ready', 'stream.reset', 'case.lifecycle.v1']);
      expect(JSON.parse(events[1]!.data)).toMatchObject({ code: 'resume_gap' });
      expect(events[1]!.id).toMatch(/^1:/);
    }
    // By time as well: what is older than the window is gone.
    const t = fanout();
    const sub = subscribe(t, changchun);
    t.accept('case.lifecycle.v1', 0, 0, clock - 61_000, message(0, '220102'));
    t.accept('case.lifecycle.v1', 0, 1, clock, message(1, '220102'));
    const [ready, old] = (await drain(sub)).events;
    expect(old).toMatchObject({ event: 'case.lifecycle.v1' });
    const events = (await drain(subscribe(t, changchun, ready!.id))).events;
    expect(events.map((e) => e.event)).toEqual(['stream.ready', 'stream.reset']);
    expect((await drain(subscribe(t, changchun, old!.id))).events.map((e) => [e.event, e.id ? 'id' : ''])).toEqual([
      ['stream.ready', ''],
      ['case.lifecycle.v1', 'id'],
    ]);
  });

  it('refuses a subscriber beyond the cap', () => {
    const f = fanout();
    for (let i = 0; i < 4; i += 1) subscribe(f, changchun);
    expect(f.subscribe(changchun, undefined)).toEqual({ full: true });
  });

  it('cuts off a client that does not read, with slow_consumer, instead of keeping its events', async () => {
    const f = fanout({ clientBufferBytes: 4096, windowEvents: 10_000 });
    const slow = subscribe(f, changchun);
    const quick = subscribe(f, changchun);
    const reader = quick.getReader();
    for (let o = 0; o < 200; o += 1) {
      f.accept('case.lifecycle.v1', 0, o, clock, message(o, '220102'));
      if (o % 20 === 0) await drain(quick, reader);
    }
    expect(f.subscriberCount).toBe(1);
    expect(f.counts.slowConsumers).toBe(1);
    const { events } = await drain(slow);
    expect(events.at(-1)).toMatchObject({ event: 'stream.closing' });
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ code: 'slow_consumer' });
    const received = (await drain(quick, reader)).events;
    expect(received.at(-1)).toMatchObject({ event: 'case.lifecycle.v1' });
  });
});

describe('the stream hub’s start while Kafka settles', () => {
  it('reads again on an error Kafka calls retriable (no partition leader yet), and not on another', async () => {
    let calls = 0;
    const notLeader = Object.assign(new Error('This server is not the leader for that topic-partition'), { retriable: true });
    expect(await whileKafkaSettles(async () => (++calls < 3 ? Promise.reject(notLeader) : 'offsets'))).toBe('offsets');
    expect(calls).toBe(3);
    const refused = Object.assign(new Error('Topic authorization failed'), { retriable: false });
    calls = 0;
    await expect(whileKafkaSettles(async () => (++calls, Promise.reject(refused)))).rejects.toBe(refused);
    expect(calls).toBe(1);
    calls = 0;
    await expect(whileKafkaSettles(async () => (++calls, Promise.reject(notLeader)), 2)).rejects.toBe(notLeader);
    expect(calls).toBe(2);
  });
});
