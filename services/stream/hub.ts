/**
 * The process's one Kafka consumer of the stream topics, feeding its fan-out (fanout.ts).
 *
 * Every API process must see every event: a client reconnecting to another instance resumes
 * there, and a dashboard's region may be on any partition. So the consumer is in a group of its
 * own, named for this process and never shared (its partitions are never split with another
 * instance), and commits nothing. As it joins, it seeks to the records of the last retention
 * window (by timestamp), so a freshly started instance can resume a client that was on another
 * one. On stop the group is deleted; one left by a crash holds no members and expires with the
 * broker's offsets retention.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { StreamSettings } from '../../activities/infra/config.js';
import type { Logger } from '../../activities/infra/logger.js';
import type { Actor } from '../../domain/actor.js';
import { streamTopics, type StreamTopic } from '../../domain/contracts/dashboard.js';
import { StreamFanout, type Subscription } from './fanout.js';

export interface StreamHub {
  subscribe(actor: Actor, lastEventId: string | undefined): Subscription;
  /**
   * Counts for operators and the benchmark. `windowLoaded`: the process has read the topics up to
   * where they ended when it started. Until then every subscriber receives the window's records as
   * they are read, in a burst that can cut a slow client off (it resumes from its last ID).
   */
  status(): { groupId: string; subscribers: number; buffered: number; windowLoaded: boolean } & StreamFanout['counts'];
  /** Tells every subscriber and closes its stream: before the HTTP server closes, which waits for them. */
  closeSubscribers(): void;
  stop(): Promise<void>;
}

/**
 * Runs `read` again while Kafka answers with an error it calls retriable: a topic just created,
 * or a broker just restarted, has no partition leader for a moment (NOT_LEADER_FOR_PARTITION), and
 * the admin client does not retry that itself. Bounded, so a broker that never settles still
 * fails the start, with its own error.
 */
export async function whileKafkaSettles<T>(read: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (err) {
      if (attempt >= attempts || (err as { retriable?: unknown }).retriable !== true) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2000)));
    }
  }
}

export async function startStreamHub(options: { kafka: Kafka; clientId: string; settings: StreamSettings; log: Logger }): Promise<StreamHub> {
  const { kafka, clientId, settings, log } = options;
  // A name an operator can trace to the process, unique even for two processes with one pid (containers).
  const groupId = `${clientId}-stream-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  const start = new Map<StreamTopic, number[]>();
  const ends = new Map<StreamTopic, number[]>();
  try {
    const since = Date.now() - settings.windowMs;
    for (const topic of streamTopics) {
      const end: number[] = [];
      for (const { partition, high } of await whileKafkaSettles(() => admin.fetchTopicOffsets(topic))) end[partition] = Number(high);
      ends.set(topic, end);
      const offsets = await whileKafkaSettles(() => admin.fetchTopicOffsetsByTimestamp(topic, since));
      const next: number[] = [];
      for (const { partition, offset } of offsets) next[partition] = Number(offset);
      start.set(
        topic,
        Array.from(next, (o) => o ?? 0),
      );
    }
  } catch (err) {
    await admin.disconnect();
    throw err;
  }

  const fanout = new StreamFanout(start, settings, log);
  // As intake's: an idle fetch waits 1 s, and so does a stop (kafkajs's default is 5 s).
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1000 });
  consumer.on(consumer.events.CRASH, ({ payload }) => log.warn({ err: payload.error, groupId, restart: payload.restart }, 'stream consumer crashed'));
  try {
    await consumer.connect();
    // From the beginning only where no position was sought: a partition added since start.
    await consumer.subscribe({ topics: [...streamTopics], fromBeginning: true });
    const running = consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        fanout.accept(topic as StreamTopic, partition, Number(message.offset), Number(message.timestamp), message.value?.toString('utf8') ?? null);
      },
    });
    // The window's start, sought before the group is joined: kafkajs applies a seek at the start of
    // the next fetch, so nothing older is read. (admin.setOffsets would join the group and wait out
    // a fetch once per topic, 5 s each: 20 s before an API process was ready.)
    for (const [topic, offsets] of start) offsets.forEach((offset, partition) => consumer.seek({ topic, partition, offset: String(offset) }));
    await running;
  } catch (err) {
    fanout.closeAll();
    await consumer.disconnect().catch(() => undefined);
    await admin.disconnect();
    throw err;
  }
  log.info({ groupId, windowMs: settings.windowMs }, 'stream consumer started');

  return {
    subscribe: (actor, lastEventId) => fanout.subscribe(actor, lastEventId),
    status: () => ({ groupId, subscribers: fanout.subscriberCount, buffered: fanout.buffered, windowLoaded: fanout.reached(ends), ...fanout.counts }),
    closeSubscribers: () => fanout.closeAll(),
    async stop() {
      fanout.closeAll();
      try {
        await consumer.disconnect();
        await admin
          .deleteGroups([groupId])
          .catch((err: unknown) => log.warn({ err, groupId }, 'stream consumer group not deleted; it expires with the offsets retention'));
      } finally {
        await admin.disconnect();
      }
    },
  };
}
