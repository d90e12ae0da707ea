/**
 * One process's fan-out of the outbound topics to its SSE subscribers: the records the process's
 * one consumer passes, validated once and kept for a retention window (time and count), and a
 * cursor per subscriber into them. Memory is the window, shared, plus a small queue per
 * subscriber: a subscriber that cannot keep up does not buffer the events it has not taken; they
 * stay in the window and it reads them when its socket drains. What measures a slow client is the
 * bytes of its own events that arrived while it was connected and are still unsent: beyond the
 * bound it is told `slow_consumer` and cut off, and resumes from its last ID when it can.
 * No Kafka here: kafka-source.ts feeds it; the unit tests drive it directly.
 */
import { canSeeRegion } from '../../domain/access.js';
import type { Actor } from '../../domain/actor.js';
import { streamTopics, type StreamClosing, type StreamTopic } from '../../domain/contracts/dashboard.js';
import { outboundTopics } from '../../domain/contracts/outbound.js';
import type { StreamSettings } from '../../activities/infra/config.js';
import type { Logger } from '../../activities/infra/logger.js';
import { covers, decodeEventId, encodeEventId, furthest, positionOf, type Positions } from './event-id.js';

/** A record as the window keeps it: its SSE frame built once for every subscriber. */
interface Entry {
  seq: number;
  topic: StreamTopic;
  partition: number;
  offset: number;
  /** The record's Kafka timestamp (ms): the window is measured on it, the same on every instance. */
  timestamp: number;
  regionCode: string;
  data: string;
  /** The process's position once past this record: the event's ID. */
  positions: Positions;
  frame: Uint8Array;
}

/** The stream queue of one subscriber, before the socket: small, the window holds the rest. */
const QUEUE_BYTES = 16 * 1024;
const encoder = new TextEncoder();

const frameOf = (event: string, data: string, id?: string) => encoder.encode(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${data}\n\n`);
const HEARTBEAT = encoder.encode(': heartbeat\n\n');

export const streamMessages = {
  resumeGap: '断线时间过长或续传位置无效，无法补发期间的事件；请重新加载汇总数据，此后的事件将实时推送',
  slowConsumer: '接收速度跟不上推送，连接已断开；请使用最后收到的事件编号重新连接',
  shuttingDown: '服务正在停止，请稍后使用最后收到的事件编号重新连接',
  full: '实时推送连接数已达上限，请稍后重试',
} as const;

class Subscriber {
  closing = false;
  closed = false;
  /** Bytes of this client's events appended since it connected and not yet in its queue. */
  pendingBytes = 0;
  grace: NodeJS.Timeout | undefined;
  constructor(
    readonly actor: Actor,
    readonly controller: ReadableStreamDefaultController<Uint8Array>,
    /** The next entry to look at. */
    public cursor: number,
    /** Entries from here on count towards pendingBytes (the replay of a resume does not). */
    readonly liveFrom: number,
    /** A resumed client's own position, while this process has not passed it everywhere. */
    public from: Positions | undefined,
  ) {}

  /** Whether the entry is this client's: in its jurisdiction and not already sent to it (resumed). */
  wants(e: Entry): boolean {
    if (!canSeeRegion(this.actor, e.regionCode)) return false;
    return !this.from || e.offset >= positionOf(this.from, e.topic, e.partition);
  }
}

export type Subscription = { stream: ReadableStream<Uint8Array> } | { full: true };

export class StreamFanout {
  /** The window: entries[head…]; the evicted ones before head are dropped in bulk (no shift per record). */
  private entries: Entry[] = [];
  private head = 0;
  /** Sequence number of entries[head]; the next entry gets nextSeq. */
  private firstSeq = 0;
  /** The next offset per partition this process has not yet passed. */
  private readonly next = new Map<StreamTopic, number[]>();
  /** Per partition, the lowest offset from which every record is still in the window. */
  private readonly floor = new Map<StreamTopic, number[]>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly heartbeat: NodeJS.Timeout;
  readonly counts = { received: 0, invalid: 0, duplicates: 0, slowConsumers: 0 };

  constructor(
    start: Positions,
    private readonly settings: StreamSettings,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    for (const topic of streamTopics) {
      this.next.set(topic, [...(start.get(topic) ?? [])]);
      this.floor.set(topic, [...(start.get(topic) ?? [])]);
    }
    this.heartbeat = setInterval(() => this.tick(), settings.heartbeatMs);
    this.heartbeat.unref();
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  get buffered(): number {
    return this.entries.length - this.head;
  }

  private get nextSeq(): number {
    return this.firstSeq + this.entries.length - this.head;
  }

  /** Whether this process has passed every partition's offset in `positions`. */
  reached(positions: Positions): boolean {
    for (const [topic, offsets] of positions) {
      const next = this.next.get(topic) ?? [];
      if (offsets.some((offset, partition) => (next[partition] ?? 0) < offset)) return false;
    }
    return true;
  }

  /** A record of a stream topic, in its partition's order (a record seen again after a rebalance is skipped). */
  accept(topic: StreamTopic, partition: number, offset: number, timestamp: number, value: string | null): void {
    const next = this.next.get(topic)!;
    if (offset < (next[partition] ?? 0)) {
      this.counts.duplicates += 1;
      return;
    }
    next[partition] = offset + 1;
    this.counts.received += 1;
    const message = parse(topic, value);
    if (!message) {
      // Skipped, never sent; the position still moves past it. Its content stays out of the log.
      this.counts.invalid += 1;
      this.log.warn({ topic, partition, offset, invalid: this.counts.invalid }, 'stream: outbound record failed its contract; skipped');
      return;
    }
    const positions = new Map(streamTopics.map((t) => [t, [...this.next.get(t)!]]));
    const entry: Entry = {
      seq: this.nextSeq,
      topic,
      partition,
      offset,
      timestamp,
      regionCode: message.regionCode,
      data: message.data,
      positions,
      frame: frameOf(topic, message.data, encodeEventId(positions)),
    };
    // Before the push: a record older than the window (a catch-up) still reaches those waiting for it.
    this.evict();
    this.entries.push(entry);
    for (const sub of this.subscribers) {
      if (sub.wants(entry)) sub.pendingBytes += entry.frame.byteLength;
      this.pump(sub);
    }
  }

  /**
   * A new subscriber: from its Last-Event-ID if the window still holds everything after it, else
   * told so (stream.reset) and sent what comes from now on. Undefined `lastEventId`: from now on.
   */
  subscribe(actor: Actor, lastEventId: string | undefined): Subscription {
    if (this.subscribers.size >= this.settings.maxSubscribers) return { full: true };
    const resumeFrom = lastEventId === undefined ? undefined : decodeEventId(lastEventId);
    const resumed = resumeFrom !== undefined && this.withinWindow(resumeFrom);
    let sub: Subscriber | undefined;
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          const here = encodeEventId(this.next);
          if (resumed) {
            sub = new Subscriber(actor, controller, this.firstSeq, this.nextSeq, resumeFrom);
            controller.enqueue(frameOf('stream.ready', JSON.stringify({ resumed: true })));
          } else {
            sub = new Subscriber(actor, controller, this.nextSeq, this.nextSeq, undefined);
            // The ID of where this process stands: a client that drops before any event resumes from here.
            if (lastEventId === undefined) controller.enqueue(frameOf('stream.ready', JSON.stringify({ resumed: false }), here));
            else {
              controller.enqueue(frameOf('stream.ready', JSON.stringify({ resumed: false })));
              controller.enqueue(frameOf('stream.reset', JSON.stringify({ code: 'resume_gap', message: streamMessages.resumeGap }), here));
            }
          }
          this.subscribers.add(sub);
          this.pump(sub);
        },
        pull: () => {
          if (sub) this.pump(sub);
        },
        cancel: () => {
          if (sub) this.detach(sub);
        },
      },
      { highWaterMark: QUEUE_BYTES, size: (chunk) => chunk.byteLength },
    );
    return { stream };
  }

  /** Every subscriber told why and closed: on shutdown. */
  closeAll(): void {
    for (const sub of [...this.subscribers]) this.close(sub, 'shutting_down', streamMessages.shuttingDown);
    clearInterval(this.heartbeat);
  }

  /** Whether every record after `positions` is still in the window (or still to come). */
  private withinWindow(positions: Positions): boolean {
    for (const [topic, floor] of this.floor) {
      for (const [partition, offset] of floor.entries()) if (positionOf(positions, topic, partition) < offset) return false;
    }
    return true;
  }

  /** Moves what the client's queue has room for from the window into it. */
  private pump(sub: Subscriber): void {
    const { controller } = sub;
    if (sub.closing) {
      // Cut off: the closing event is queued; the stream ends once the client has read it.
      if (!sub.closed && controller.desiredSize === QUEUE_BYTES) this.finish(sub);
      return;
    }
    while (sub.cursor < this.nextSeq && (controller.desiredSize ?? 0) > 0) {
      if (sub.cursor < this.firstSeq) {
        // Its next events left the window before it took them.
        this.cutOff(sub);
        return;
      }
      const entry = this.entries[this.head + sub.cursor - this.firstSeq]!;
      sub.cursor += 1;
      if (!sub.wants(entry)) continue;
      if (entry.seq >= sub.liveFrom) sub.pendingBytes -= entry.frame.byteLength;
      if (!sub.from) {
        controller.enqueue(entry.frame);
        continue;
      }
      // Resumed ahead of this process somewhere: its ID keeps the client's own position there.
      controller.enqueue(frameOf(entry.topic, entry.data, encodeEventId(furthest(entry.positions, sub.from))));
      if (covers(entry.positions, sub.from)) sub.from = undefined;
    }
    if (sub.pendingBytes > this.settings.clientBufferBytes) this.cutOff(sub);
  }

  private cutOff(sub: Subscriber): void {
    this.counts.slowConsumers += 1;
    this.log.info({ user: sub.actor.userId, slowConsumers: this.counts.slowConsumers }, 'stream: slow subscriber cut off');
    this.close(sub, 'slow_consumer', streamMessages.slowConsumer);
  }

  /**
   * Queues the closing event past the queue's bound (it is small) and stops sending. A client that
   * does not read it within two heartbeats has its connection dropped, so it holds nothing longer.
   */
  private close(sub: Subscriber, code: StreamClosing['code'], message: string): void {
    if (sub.closing) return;
    sub.closing = true;
    this.subscribers.delete(sub);
    const closing = frameOf('stream.closing', JSON.stringify({ code, message }));
    const idle = sub.controller.desiredSize === QUEUE_BYTES;
    sub.controller.enqueue(closing);
    // On shutdown the server waits for the stream to end; the event goes out with what is queued.
    if (idle || code === 'shutting_down') {
      this.finish(sub);
      return;
    }
    sub.grace = setTimeout(() => {
      if (sub.closed) return;
      sub.closed = true;
      sub.controller.error(new Error('stream subscriber did not read its closing event'));
    }, this.settings.heartbeatMs * 2);
    sub.grace.unref();
  }

  private finish(sub: Subscriber): void {
    if (sub.closed) return;
    sub.closed = true;
    clearTimeout(sub.grace);
    sub.controller.close();
  }

  private detach(sub: Subscriber): void {
    sub.closed = true;
    clearTimeout(sub.grace);
    this.subscribers.delete(sub);
  }

  /** Drops what is older than the window or beyond its size; the floor moves past each. */
  private evict(): void {
    const oldest = this.now() - this.settings.windowMs;
    const { entries } = this;
    let drop = this.head + Math.max(0, entries.length - this.head - this.settings.windowEvents);
    while (drop < entries.length && entries[drop]!.timestamp < oldest) drop += 1;
    if (drop === this.head) return;
    for (let i = this.head; i < drop; i += 1) this.floor.get(entries[i]!.topic)![entries[i]!.partition] = entries[i]!.offset + 1;
    this.firstSeq += drop - this.head;
    this.head = drop;
    if (this.head > 1024 && this.head * 2 > entries.length) {
      this.entries = entries.slice(this.head);
      this.head = 0;
    }
  }

  private tick(): void {
    this.evict();
    for (const sub of this.subscribers) {
      if ((sub.controller.desiredSize ?? 0) > 0) sub.controller.enqueue(HEARTBEAT);
      // A client whose next events were evicted while it stalled learns it here, not on its next read.
      if (sub.cursor < this.firstSeq) this.cutOff(sub);
    }
  }
}

/**
 * The record validated against its topic's contract; its data the JSON as published, on one line
 * (as SSE needs). Undefined for what is not a valid message of the topic.
 */
function parse(topic: StreamTopic, value: string | null): { regionCode: string; data: string } | undefined {
  if (value === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const result = outboundTopics[topic].safeParse(json);
  if (!result.success) return undefined;
  return { regionCode: result.data.regionCode, data: /[\r\n]/.test(value) ? JSON.stringify(json) : value };
}
