/**
 * Inbound Kafka consumption for every contract topic that has a handler. Per message: parse JSON,
 * validate against the topic's one schema, drop an eventId already handled, hand the value to the
 * handler, remember the eventId. A message that can never succeed (bad JSON, schema failure, a
 * handler's permanent rejection) goes to `<topic>.dlq`, sealed, with the reason in headers
 * (dead-letter.ts); the consumer then goes on. Transient failures (Temporal or the database down)
 * are thrown so kafkajs retries the same message instead of losing it.
 */
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { creditCodeWarning, fieldIssues, type FieldIssue } from '../../domain/contracts/common.js';
import { inboundTopics, type InboundTopic } from '../../domain/contracts/inbound.js';
import type { PrismaClient } from '../../activities/infra/db.js';
import type { Logger } from '../../activities/infra/logger.js';
import { sendToDeadLetter, type DeadLetterSeal } from './dead-letter.js';
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
}

export type Outcome = { kind: 'handled'; workflowId: string; duplicate: boolean } | { kind: 'duplicate-event' } | { kind: 'dead-lettered'; reason: string };

export interface IntakeConsumer {
  consumer: Consumer;
  topics: InboundTopic[];
  stop(): Promise<void>;
}

/** Processes one message; exported apart from the consumer loop so it can be tested directly. */
export async function processMessage(
  deps: Pick<ConsumerDeps, 'producer' | 'prisma' | 'handlers' | 'log' | 'deadLetterSeal'>,
  topic: InboundTopic,
  partition: number,
  message: KafkaMessage,
): Promise<Outcome> {
  const deadLetter = async (reason: string, issues: FieldIssue[]): Promise<Outcome> => {
    const written = await sendToDeadLetter(deps, { topic, partition, message, reason, issues, attempts: 1 });
    return { kind: 'dead-lettered', reason: written.reason };
  };

  let raw: unknown;
  try {
    raw = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    return deadLetter('value is not valid JSON', []);
  }
  const parsed = inboundTopics[topic].schema.safeParse(raw);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error);
    return deadLetter(`schema ${topic} rejected: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  const value = parsed.data;
  // GB 32100 codes that fail their check character exist in real registers: accepted, but said.
  const code = (value as { creditCode?: unknown }).creditCode;
  const warning = typeof code === 'string' ? creditCodeWarning(code) : undefined;
  if (warning) deps.log.warn({ topic, eventId: value.eventId, creditCode: code, warning }, 'credit code check character mismatch');
  const seen = await deps.prisma.processedEvent.findUnique({
    where: { topic_eventId: { topic, eventId: value.eventId } },
    select: { eventId: true },
  });
  if (seen) return { kind: 'duplicate-event' };
  // The value was parsed by this topic's own schema, so it fits this topic's handler; TypeScript
  // cannot correlate the two unions, hence the widening.
  const handlers = deps.handlers[topic] as ((value: unknown) => Promise<HandlerResult>)[] | undefined;
  if (!handlers?.length) throw new Error(`no handler for ${topic}`);
  let result: HandlerResult;
  try {
    result = await handleAll(handlers, value);
  } catch (err) {
    if (err instanceof PermanentIntakeError) return deadLetter(err.message, err.issues);
    throw err;
  }
  // Recorded after the handler succeeded: a crash in between replays the message, and the
  // handler's business-key idempotency (workflow IDs) absorbs the second delivery.
  await deps.prisma.processedEvent.upsert({
    where: { topic_eventId: { topic, eventId: value.eventId } },
    create: { topic, eventId: value.eventId, workflowId: result.workflowId, processedAt: new Date() },
    update: {},
  });
  return { kind: 'handled', ...result };
}

export async function startIntake(deps: ConsumerDeps): Promise<IntakeConsumer> {
  const topics = (Object.keys(deps.handlers) as InboundTopic[]).filter((t) => deps.handlers[t]?.length);
  const consumer = deps.kafka.consumer({ groupId: deps.groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    // Messages of one partition stay in order; a retry blocks only that partition.
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ topic, partition, message }) => {
      const outcome = await processMessage(deps, topic as InboundTopic, partition, message);
      deps.log.debug({ topic, partition, offset: message.offset, outcome: outcome.kind }, 'inbound message');
    },
  });
  return {
    consumer,
    topics,
    async stop() {
      await consumer.disconnect();
    },
  };
}
