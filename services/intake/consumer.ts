/**
 * Inbound Kafka consumption for every contract topic that has a handler. Per message: parse JSON,
 * validate against the topic's one schema, drop an eventId already handled, hand the value to the
 * handler, remember the eventId. A message that can never succeed (bad JSON, schema failure, a
 * handler's permanent rejection, a value the database refuses) goes to `<topic>.dlq`, sealed, with
 * the reason in headers (dead-letter.ts); the consumer then goes on.
 *
 * No message may stall intake, and none may be lost: one consumer serves every topic, so an error
 * thrown out of the batch handler would crash it and rejoin in a loop, holding every topic. A
 * failure is therefore classified (failures.ts) and settled here: an unknown one is tried a few
 * times in place and then dead-lettered with its attempt count; a transient one (an engine down)
 * that outlasts the same attempts pauses only its partition, without marking the message consumed,
 * and resumes it after a growing delay, so the partition reads the same message again.
 */
import type { Consumer, EachBatchHandler, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { IntakeSettings } from '../../activities/infra/config.js';
import { creditCodeWarning, fieldIssues, occurredWithin, type FieldIssue } from '../../domain/contracts/common.js';
import { inboundTopics, type InboundTopic } from '../../domain/contracts/inbound.js';
import type { PrismaClient } from '../../activities/infra/db.js';
import type { Logger } from '../../activities/infra/logger.js';
import { sendToDeadLetter, type DeadLetterSeal } from './dead-letter.js';
import { classifyFailure, failureLabel } from './failures.js';
import { PermanentIntakeError, type HandlerResult } from './handler.js';
import { handleAll, type TopicHandlers } from './registry.js';

export interface ConsumerDeps {
  kafka: Kafka;
  producer: Pick<Producer, 'send'>;
  prisma: PrismaClient;
  groupId: string;
  handlers: TopicHandlers;
  log: Logger;
  deadLetterSeal: DeadLetterSeal;
  settings: IntakeSettings;
}

export type Outcome = { kind: 'handled'; workflowId: string; duplicate: boolean } | { kind: 'duplicate-event' } | { kind: 'dead-lettered'; reason: string };

/** What readiness needs to know of intake. */
export interface IntakeStatus {
  /** The consumer is a member of its group with partitions assigned (false while rebalancing or crashed). */
  joined: boolean;
  /** `topic/partition` of every partition paused because an engine is down. */
  paused: string[];
}

export interface IntakeConsumer {
  consumer: Consumer;
  topics: InboundTopic[];
  readonly status: () => IntakeStatus;
  stop(): Promise<void>;
}

type ProcessDeps = Pick<ConsumerDeps, 'producer' | 'prisma' | 'handlers' | 'log' | 'deadLetterSeal'>;

/**
 * Processes one message; exported apart from the consumer loop so it can be tested directly.
 * Returns once the message is settled (handled, a duplicate, or dead-lettered); throws when it
 * should be tried again: a transient failure, or an unknown one before its last attempt.
 */
export async function processMessage(
  deps: ProcessDeps,
  topic: InboundTopic,
  partition: number,
  message: KafkaMessage,
  { attempt = 1, maxAttempts = 1 }: { attempt?: number; maxAttempts?: number } = {},
): Promise<Outcome> {
  const deadLetter = async (reason: string, issues: FieldIssue[], attempts: number): Promise<Outcome> => {
    const written = await sendToDeadLetter(deps, { topic, partition, message, reason, issues, attempts });
    return { kind: 'dead-lettered', reason: written.reason };
  };

  let raw: unknown;
  try {
    raw = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    return deadLetter('value is not valid JSON', [], attempt);
  }
  const parsed = occurredWithin(inboundTopics[topic].schema, () => new Date()).safeParse(raw);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error);
    return deadLetter(`schema ${topic} rejected: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues, attempt);
  }
  const value = parsed.data;
  // GB 32100 codes that fail their check character exist in real registers: accepted, but said.
  const code = (value as { creditCode?: unknown }).creditCode;
  const warning = typeof code === 'string' ? creditCodeWarning(code) : undefined;
  if (warning) deps.log.warn({ topic, eventId: value.eventId, creditCode: code, warning }, 'credit code check character mismatch');
  try {
    const seen = await deps.prisma.processedEvent.findUnique({
      where: { topic_eventId: { topic, eventId: value.eventId } },
      select: { eventId: true },
    });
    if (seen) return { kind: 'duplicate-event' };
    // The value was parsed by this topic's own schema, so it fits this topic's handler; TypeScript
    // cannot correlate the two unions, hence the widening.
    const handlers = deps.handlers[topic] as ((value: unknown) => Promise<HandlerResult>)[] | undefined;
    if (!handlers?.length) throw new Error(`no handler for ${topic}`);
    const result = await handleAll(handlers, value);
    // Recorded after the handler succeeded: a crash in between replays the message, and the
    // handler's business-key idempotency (workflow IDs) absorbs the second delivery.
    await deps.prisma.processedEvent.upsert({
      where: { topic_eventId: { topic, eventId: value.eventId } },
      create: { topic, eventId: value.eventId, workflowId: result.workflowId, processedAt: new Date() },
      update: {},
    });
    return { kind: 'handled', ...result };
  } catch (err) {
    const failure = classifyFailure(err);
    if (err instanceof PermanentIntakeError) return deadLetter(err.message, err.issues, attempt);
    if (failure === 'permanent') return deadLetter(`permanent failure: ${failureLabel(err)}`, [], attempt);
    if (failure === 'unknown' && attempt >= maxAttempts) return deadLetter(`unknown failure after ${attempt} attempts: ${failureLabel(err)}`, [], attempt);
    throw err;
  }
}

export interface BatchDeps extends ProcessDeps {
  settings: IntakeSettings;
  /** Pauses and resumes partitions: the consumer itself. */
  partitions: Pick<Consumer, 'pause' | 'resume'>;
}

export interface BatchLoop {
  eachBatch: EachBatchHandler;
  paused(): string[];
  /** Cancels pending resumes; the consumer is stopping. */
  stop(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The consumer's batch handler. Batches, not single messages, because only a batch handler may
 * leave a message unresolved without throwing: the failed message is not marked consumed, the
 * partition's next fetch after the resume starts at it again, and nothing is skipped.
 */
export function createBatchLoop(deps: BatchDeps): BatchLoop {
  const { settings, partitions, log } = deps;
  const resumes = new Map<string, NodeJS.Timeout>();
  /** Consecutive pauses per partition, for the growing delay; reset by a message that settles. */
  const outages = new Map<string, number>();

  const pause = (topic: string, partition: number) => {
    const key = `${topic}/${partition}`;
    const count = (outages.get(key) ?? 0) + 1;
    outages.set(key, count);
    const delayMs = Math.min(settings.pauseMs * 2 ** Math.min(count - 1, 20), settings.pauseMaxMs);
    partitions.pause([{ topic, partitions: [partition] }]);
    log.warn({ topic, partition, delayMs, pauses: count }, 'partition paused: an engine is unavailable');
    resumes.set(
      key,
      setTimeout(() => {
        resumes.delete(key);
        log.info({ topic, partition }, 'partition resumed');
        partitions.resume([{ topic, partitions: [partition] }]);
      }, delayMs),
    );
  };

  const eachBatch: EachBatchHandler = async (payload) => {
    const { batch } = payload;
    const topic = batch.topic as InboundTopic;
    const { partition } = batch;
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) return;
      for (let attempt = 1; ; attempt++) {
        try {
          const outcome = await processMessage(deps, topic, partition, message, { attempt, maxAttempts: settings.maxAttempts });
          log.debug({ topic, partition, offset: message.offset, outcome: outcome.kind }, 'inbound message');
          break;
        } catch (err) {
          log.warn({ topic, partition, offset: message.offset, attempt, failure: classifyFailure(err), error: failureLabel(err) }, 'inbound message failed');
          // Only a transient failure (or a DLQ that cannot be written) is still unsettled here.
          if (attempt >= settings.maxAttempts) return pause(topic, partition);
          if (!payload.isRunning()) return;
          await sleep(Math.min(settings.retryBackoffMs * 2 ** (attempt - 1), settings.retryBackoffMaxMs));
          await payload.heartbeat();
        }
      }
      outages.delete(`${topic}/${partition}`);
      payload.resolveOffset(message.offset);
      await payload.heartbeat();
    }
  };

  return {
    eachBatch,
    paused: () => [...resumes.keys()],
    stop() {
      for (const timer of resumes.values()) clearTimeout(timer);
      resumes.clear();
    },
  };
}

export async function startIntake(deps: ConsumerDeps): Promise<IntakeConsumer> {
  const topics = (Object.keys(deps.handlers) as InboundTopic[]).filter((t) => deps.handlers[t]?.length);
  // A fetch returns as soon as a record arrives; the wait bounds only an idle fetch, and a stop
  // waits for the fetch under way: 1 s instead of kafkajs's 5 s.
  const consumer = deps.kafka.consumer({ groupId: deps.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1000 });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  for (const left of [consumer.events.REBALANCING, consumer.events.CRASH, consumer.events.STOP, consumer.events.DISCONNECT])
    consumer.on(left, () => (joined = false));
  const loop = createBatchLoop({ ...deps, partitions: consumer });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    // Messages of one partition stay in order; a retry or a pause holds only that partition.
    partitionsConsumedConcurrently: 3,
    eachBatchAutoResolve: false,
    eachBatch: loop.eachBatch,
  });
  return {
    consumer,
    topics,
    status: () => ({ joined, paused: loop.paused() }),
    async stop() {
      loop.stop();
      await consumer.disconnect();
    },
  };
}
