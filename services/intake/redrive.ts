/**
 * Reading the DLQ and replaying a record to the topic it came from, for the operators' command
 * (services/cli/dlq.ts). A replay sends the original key, value and headers exactly as the
 * department sent them, so it keeps its `eventId`: intake drops it as a duplicate if it was handled
 * after all, and processes it otherwise.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { IHeaders, Kafka, Producer } from 'kafkajs';
import type { PrismaClient } from '../../activities/infra/db.js';
import { dlqTopic, inboundTopicNames } from '../../domain/contracts/inbound.js';
import type { DeadLetterSeal } from './dead-letter.js';

export interface DeadLetterRecord {
  /** The DLQ topic, partition and offset: the record's address. */
  topic: string;
  partition: number;
  offset: string;
  /** The keyed hash the record is keyed by. */
  key: string | null;
  /** The sealed envelope; opened only to replay. */
  value: Buffer | null;
  headers: IHeaders;
  reason: string;
  source: string;
  at: string;
  attempts: string;
}

export const allDeadLetterTopics = (): string[] => inboundTopicNames.map(dlqTopic);

function header(headers: IHeaders | undefined, name: string): string {
  const value = headers?.[name];
  if (value === undefined) return '';
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/**
 * Everything on the given DLQ topics up to their ends as of the call. A consumer group of its own,
 * never committed and deleted afterwards, so reading leaves no trace and moves no one's offsets.
 */
export async function readDeadLetters(kafka: Kafka, topics: string[], options: { groupPrefix: string; timeoutMs?: number }): Promise<DeadLetterRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    // The last offset to read, per topic/partition that holds anything.
    const last = new Map<string, number>();
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const p of await admin.fetchTopicOffsets(topic)) if (Number(p.high) > Number(p.low)) last.set(`${topic}/${p.partition}`, Number(p.high) - 1);
    }
    if (last.size === 0) return [];
    const wanted = [...new Set([...last.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))))];
    const groupId = `${options.groupPrefix}-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    const records: DeadLetterRecord[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: wanted, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timeoutMs = options.timeoutMs ?? 60_000;
        const timer = setTimeout(() => reject(new Error(`DLQ not read to its end within ${timeoutMs} ms`)), timeoutMs);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              const id = `${topic}/${partition}`;
              const end = last.get(id);
              if (end === undefined || Number(message.offset) > end) return;
              records.push({
                topic,
                partition,
                offset: message.offset,
                key: message.key?.toString('utf8') ?? null,
                value: message.value,
                headers: message.headers ?? {},
                reason: header(message.headers, 'dlq-reason'),
                source: header(message.headers, 'dlq-source'),
                at: header(message.headers, 'dlq-at'),
                attempts: header(message.headers, 'dlq-attempts'),
              });
              if (Number(message.offset) >= end) last.delete(id);
              if (last.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return records.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || Number(a.offset) - Number(b.offset));
  } finally {
    await admin.disconnect();
  }
}

/** The account the command runs under, beside the name the operator gives; some containers have none. */
function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '(unknown)';
  }
}

export interface ReplayDeps {
  prisma: PrismaClient;
  producer: Pick<Producer, 'send'>;
  deadLetterSeal: DeadLetterSeal;
}

export type ReplayResult =
  | { kind: 'replayed'; targetTopic: string; targetPartition: number; targetOffset: string }
  | { kind: 'already-replayed'; operator: string; at: Date }
  | { kind: 'unreadable' };

/**
 * Replays one DLQ record, audited. The audit row is written first, in the same transaction as the
 * send: a failed send leaves no row, and the row's unique key keeps two operators from replaying one
 * record twice. The target is the source named inside the sealed envelope, which is authenticated,
 * not the header, which anyone who can write the topic could edit.
 */
export async function replayDeadLetter(deps: ReplayDeps, record: DeadLetterRecord, operator: string): Promise<ReplayResult> {
  const where = { dlqTopic: record.topic, dlqPartition: record.partition, dlqOffset: record.offset };
  const earlier = await deps.prisma.dlqReplay.findUnique({ where: { dlqTopic_dlqPartition_dlqOffset: where }, select: { operator: true, at: true } });
  if (earlier) return { kind: 'already-replayed', ...earlier };
  let opened: ReturnType<DeadLetterSeal['open']>;
  try {
    opened = deps.deadLetterSeal.open(record.value);
  } catch {
    return { kind: 'unreadable' };
  }
  // A record moved onto another topic's DLQ is not sent on to that topic.
  if (!inboundTopicNames.some((t) => t === opened.source.topic && dlqTopic(t) === record.topic)) return { kind: 'unreadable' };
  const headers: IHeaders = Object.fromEntries(Object.entries(record.headers).filter(([name]) => !name.startsWith('dlq-')));
  headers['dlq-replay-of'] = `${record.topic}/${record.partition}/${record.offset}`;
  return deps.prisma.$transaction(
    async (tx) => {
      await tx.dlqReplay.create({
        data: { id: randomUUID(), at: new Date(), operator, osUser: osUser(), ...where, reason: record.reason, targetTopic: opened.source.topic },
      });
      const [sent] = await deps.producer.send({ topic: opened.source.topic, messages: [{ key: opened.key, value: opened.value, headers }] });
      return { kind: 'replayed' as const, targetTopic: opened.source.topic, targetPartition: sent?.partition ?? -1, targetOffset: sent?.baseOffset ?? '' };
    },
    // The send waits on the broker's acknowledgement; the default 5 s would cut a slow one short.
    { timeout: 60_000 },
  );
}
