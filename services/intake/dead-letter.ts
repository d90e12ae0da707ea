/**
 * The dead-letter queue: a message that can never be processed goes to `<topic>.dlq` so intake goes
 * on, and an operator can replay it after a fix (services/cli/dlq.ts). Inbound messages carry ID
 * numbers, names and phones, and the DLQ is read by operators and kept as long as the topic keeps
 * it, so nothing personal lies there in clear:
 * - the value is a JSON envelope holding the original key and value sealed with AES-256-GCM; the
 *   original bytes come back exactly on opening, so a replay sends what the department sent;
 * - the record's key is the keyed hash (HMAC, JIUYE_ID_HASH_KEY) of the original key, so the DLQ is
 *   not keyed by ID numbers, the same original key still lands on one partition in order, and a
 *   graduate's DLQ key equals the hash in their case ID;
 * - the headers (`dlq-*`) say why, where from, when and after how many attempts, in text that
 *   never carries the value.
 * The original headers are kept as they came.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { z } from 'zod';
import type { FieldIssue } from '../../domain/contracts/common.js';
import { dlqTopic, type InboundTopic } from '../../domain/contracts/inbound.js';
import { hashIdNumber } from '../../domain/identity.js';
import type { Logger } from '../../activities/infra/logger.js';

const FORMAT = 'jiuye-dlq-sealed';
const VERSION = 1;
const ALGORITHM = 'AES-256-GCM';
/** Names the key derivation in every envelope, so a later scheme can tell its records from these. */
const KEY_DERIVATION = 'HKDF-SHA256(JIUYE_PII_KEY, "jiuye/dlq/v1")';

export interface DeadLetterSource {
  topic: string;
  partition: number;
  offset: string;
}

/** The envelope on the DLQ. `source` is in clear (the operator lists it) but authenticated: see aad(). */
const Envelope = z.object({
  format: z.literal(FORMAT),
  v: z.literal(VERSION),
  alg: z.literal(ALGORITHM),
  kdf: z.literal(KEY_DERIVATION),
  source: z.object({ topic: z.string().min(1), partition: z.number().int().nonnegative(), offset: z.string().regex(/^\d+$/) }),
  iv: z.string().min(1),
  sealed: z.string().min(1),
});

/** What was sealed: the original key and value, base64 so any bytes (not only UTF-8) come back. */
const Sealed = z.object({ key: z.string().nullable(), value: z.string().nullable() });

export interface OpenedDeadLetter {
  source: DeadLetterSource;
  key: Buffer | null;
  value: Buffer | null;
}

export interface DeadLetterSeal {
  /** The DLQ key for an original key: its keyed hash. */
  hashKey(key: Buffer | null): string | null;
  seal(source: DeadLetterSource, key: Buffer | null, value: Buffer | null): Buffer;
  /** Throws when the record is not an envelope of this form or was sealed under another key, or altered. */
  open(value: Buffer | null): OpenedDeadLetter;
}

/**
 * The sealing key is derived from the personal-data key rather than a new secret: the DLQ holds the
 * same kind of data as the sealed read-model fields, so whoever may open those may open this, and no
 * fifth secret has to reach every host. Derived, not the PII key itself, so a sealed read-model
 * field and a DLQ envelope can never be passed off as one another.
 */
export function createDeadLetterSeal(secrets: { piiKey: Buffer; idHashKey: string }): DeadLetterSeal {
  const key = Buffer.from(hkdfSync('sha256', secrets.piiKey, Buffer.alloc(0), 'jiuye/dlq/v1', 32));
  return {
    hashKey: (original) => (original === null ? null : hashIdNumber(original.toString('utf8'), secrets.idHashKey)),
    seal(source, originalKey, originalValue) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(source));
      const plain = JSON.stringify({ key: originalKey?.toString('base64') ?? null, value: originalValue?.toString('base64') ?? null });
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      const envelope: z.infer<typeof Envelope> = {
        format: FORMAT,
        v: VERSION,
        alg: ALGORITHM,
        kdf: KEY_DERIVATION,
        source,
        iv: iv.toString('base64'),
        sealed: body.toString('base64'),
      };
      return Buffer.from(JSON.stringify(envelope), 'utf8');
    },
    open(value) {
      const envelope = Envelope.parse(JSON.parse(value?.toString('utf8') ?? ''));
      const body = Buffer.from(envelope.sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
      decipher.setAAD(aad(envelope.source));
      decipher.setAuthTag(body.subarray(body.length - 16));
      const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
      const sealed = Sealed.parse(JSON.parse(plain));
      return {
        source: envelope.source,
        key: sealed.key === null ? null : Buffer.from(sealed.key, 'base64'),
        value: sealed.value === null ? null : Buffer.from(sealed.value, 'base64'),
      };
    },
  };
}

/**
 * The source is authenticated with the sealed data: a record whose envelope was edited to name
 * another topic fails to open instead of being replayed there.
 */
function aad(source: DeadLetterSource): Buffer {
  return Buffer.from(`${FORMAT}/${VERSION}|${source.topic}|${source.partition}|${source.offset}`, 'utf8');
}

// Issues are capped so a message with thousands of bad fields still fits a header.
const MAX_ISSUES = 20;
const MAX_TEXT = 300;

/**
 * Reason and issue texts come from schemas and handlers, which never quote values (see
 * domain/identity.ts). This is the backstop should one ever do so: reasons are English text for
 * integrators, so anything not printable ASCII (a name, a control character) is dropped, and a run
 * of six or more digits (an ID number, a phone, part of either) is starred out.
 */
export function safeText(text: string): string {
  const clean = text
    .replace(/[^\x20-\x7e]+/g, '?')
    .replace(/\d{6,}[\dXx]?/g, '***')
    .trim();
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 3)}...` : clean;
}

export function safeIssues(issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.slice(0, MAX_ISSUES).map((i) => ({ path: safeText(i.path), message: safeText(i.message) }));
}

export interface DeadLetterDeps {
  producer: Pick<Producer, 'send'>;
  log: Logger;
  deadLetterSeal: DeadLetterSeal;
}

export interface DeadLetter {
  topic: InboundTopic;
  partition: number;
  message: KafkaMessage;
  reason: string;
  issues: FieldIssue[];
  /** How many times the message was tried before it was given up. */
  attempts: number;
}

/** Sends one message to its topic's DLQ, sealed; returns the reason as it was written there. */
export async function sendToDeadLetter(deps: DeadLetterDeps, letter: DeadLetter): Promise<{ reason: string }> {
  const { topic, partition, message } = letter;
  const source: DeadLetterSource = { topic, partition, offset: message.offset };
  const reason = safeText(letter.reason);
  const issues = safeIssues(letter.issues);
  const key = deps.deadLetterSeal.hashKey(message.key);
  const headers: IHeaders = {
    ...message.headers,
    'dlq-reason': reason,
    'dlq-issues': JSON.stringify(issues),
    'dlq-source': `${topic}/${partition}/${message.offset}`,
    'dlq-at': new Date().toISOString(),
    'dlq-attempts': String(letter.attempts),
  };
  await deps.producer.send({
    topic: dlqTopic(topic),
    messages: [{ key, value: deps.deadLetterSeal.seal(source, message.key, message.value), headers }],
  });
  deps.log.warn({ topic, partition, offset: message.offset, key, reason, issues, attempts: letter.attempts }, 'message sent to DLQ');
  return { reason };
}
