/** Starts the real system for one integration test file on the shared engines, in its own database. */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Kafka, logLevel, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { inject } from 'vitest';
import { loadConfig, type AppConfig } from '../../activities/infra/config.js';
import { createLogger } from '../../activities/infra/logger.js';
import { createDatabase } from '../../deploy/engines/postgres.js';
import { startRegistryStandIn, type RegistryStandIn } from '../../deploy/registries/stand-in.js';
import type { Actor } from '../../domain/actor.js';
import { inboundTopics } from '../../domain/contracts/inbound.js';
import { createTokenService } from '../../services/http/auth.js';
import { createDeadLetterSeal, type DeadLetterSeal } from '../../services/intake/dead-letter.js';
import { startSystem, type RunningSystem, type SystemOptions } from '../../services/system.js';

export interface TestSystem {
  system: RunningSystem;
  config: AppConfig;
  databaseUrl: string;
  /** The registries this system calls: a stand-in of the test's own, empty until the test seeds it. */
  registries: RegistryStandIn;
  /** Calls the API as `actor` (a signed token), or without a token when actor is null. */
  api(path: string, actor: Actor | null, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
  /** A GET as `actor`, the response untouched (files, headers). */
  fetchAs(path: string, actor: Actor): Promise<Response>;
  /** Starts the same system again on the same database and secrets (a restart), e.g. on new calendar data. */
  restart(options?: SystemOptions): Promise<void>;
  stop(): Promise<void>;
}

export function createTestDatabase(prefix: string): Promise<string> {
  return createDatabase(inject('postgresBaseUrl'), prefix);
}

/**
 * How long a test system may take to stop. A stop takes about 10 s here (the consumers leave
 * their groups); twice in full runs one never ended and held its file for the hook's 20 minutes.
 */
const STOP_WITHIN_MS = 90_000;

/**
 * `temporalAddress`: a Temporal server of the test's own instead of the shared one. `logLines`:
 * every log line the system writes, at debug level, collected there so a test can read them.
 * `databaseVia`: the address the system reaches its database by (a proxy the test can cut), given
 * the database's own. `env`: further settings, e.g. intake's retry timings.
 */
export async function startTestSystem(
  name: string,
  options: { temporalAddress?: string; logLines?: string[]; databaseVia?: (url: string) => string; env?: Record<string, string> } & SystemOptions = {},
): Promise<TestSystem> {
  const databaseUrl = await createTestDatabase(`it_${name}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `jiuye-${name}-`));
  const suffix = randomUUID().slice(0, 8);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: options.databaseVia ? options.databaseVia(databaseUrl) : databaseUrl,
    JIUYE_DATA_DIR: dataDir,
    // Own queue and group per file: no other test's worker or consumer takes these messages.
    TEMPORAL_TASK_QUEUE: `it-${name}-${suffix}`,
    KAFKA_GROUP_ID: `it-${name}-${suffix}`,
    JIUYE_PAYLOAD_KEY: randomBytes(32).toString('base64'),
    JIUYE_ID_HASH_KEY: randomBytes(16).toString('hex'),
    JIUYE_JWT_SECRET: randomBytes(16).toString('hex'),
    JIUYE_PII_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const { logLines } = options;
  const log = logLines
    ? createLogger(
        'debug',
        `it-${name}`,
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            logLines.push(chunk.toString('utf8'));
            done();
          },
        }),
      )
    : createLogger(config.logLevel, `it-${name}`);
  const registries = await startRegistryStandIn({ token: randomBytes(16).toString('hex') });
  const engines = {
    temporalAddress: options.temporalAddress ?? inject('temporalAddress'),
    kafkaBrokers: inject('kafkaBrokers'),
    registries: { si: { url: registries.siUrl, token: registries.token }, amr: { url: registries.amrUrl, token: registries.token } },
  };
  const tokens = createTokenService(config.secrets.jwtSecret as string);
  await startGroupAtEnd(config.kafka.groupId);
  const handle: TestSystem = {
    system: await startSystem(config, engines, log, { calendar: options.calendar }),
    config,
    databaseUrl,
    registries,
    async api(path, actor, init = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (actor) headers.authorization = `Bearer ${await tokens.sign(actor)}`;
      const res = await fetch(`${handle.system.httpUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      // Files (exports) come back as text; everything else the API says is JSON.
      const json = res.headers.get('content-type')?.includes('application/json');
      return { status: res.status, body: text ? (json ? (JSON.parse(text) as unknown) : text) : null };
    },
    async fetchAs(path, actor) {
      return fetch(`${handle.system.httpUrl}${path}`, { headers: { authorization: `Bearer ${await tokens.sign(actor)}` } });
    },
    async restart(next = { calendar: options.calendar }) {
      // A restart inside a test must be whole: a part still running would meet its successor.
      const { pending } = await handle.system.stop({ withinMs: STOP_WITHIN_MS });
      if (pending.length > 0) throw new Error(`test system ${name} not stopped within ${STOP_WITHIN_MS} ms: ${pending.join(', ')}`);
      handle.system = await startSystem(config, engines, log, next);
    },
    async stop() {
      // At the end of a file the part that will not stop is named and left to the test process's
      // exit: the file's tests have their results, and the hook would otherwise wait its full timeout.
      const { pending } = await handle.system.stop({ withinMs: STOP_WITHIN_MS });
      if (pending.length > 0) console.warn(`test system ${name} not stopped within ${STOP_WITHIN_MS} ms, left running: ${pending.join(', ')}`);
      await registries.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/**
 * Commits the new test system's consumer group at the current end of every inbound topic, so it
 * reads only what is sent from now on. The shared engines keep every earlier run's messages, and a
 * new group would otherwise read them all from the beginning: slow, and an earlier run's enrolment
 * for a fixture's fixed ID number would be kept for, and close, this run's case of that person.
 */
async function startGroupAtEnd(groupId: string): Promise<void> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, { partition: number; high: string }[]>();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of Object.keys(inboundTopics).filter((t) => existing.has(t))) ends.set(topic, await admin.fetchTopicOffsets(topic));
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return;
  // One member joins, seeks every partition to its end and leaves: a seek is committed at the
  // start of the next fetch. (admin.setOffsets does this once per topic, 5 s each.)
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...ends.keys()] });
    const fetched = new Promise<void>((resolve) => consumer.on(consumer.events.FETCH, () => resolve()));
    const running = consumer.run({ eachBatch: async () => undefined });
    consumer.pause([...ends.keys()].map((topic) => ({ topic })));
    for (const [topic, partitions] of ends) for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
    await running;
    await fetched;
  } finally {
    await consumer.disconnect();
  }
}

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'jiuye-it', brokers: inject('kafkaBrokers'), logLevel: logLevel.NOTHING });
}

export interface Received {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  return out;
}

/** Collects everything on the given topics from the beginning, for assertions on outbound events. */
export async function collect(kafka: Kafka, topics: string[]): Promise<{ messages: Map<string, Received[]>; consumer: Consumer }> {
  const messages = new Map<string, Received[]>(topics.map((t) => [t, []]));
  const consumer = kafka.consumer({ groupId: `it-observer-${randomUUID()}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      messages.get(topic)?.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? '',
        headers: headerStrings(message.headers),
      });
    },
  });
  return { messages, consumer };
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function send(producer: Producer, topic: string, key: string, value: unknown): Promise<void> {
  await producer.send({ topic, messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }] });
}

/** The DLQ seal of a test system's secrets, to open what its intake dead-lettered. */
export function deadLetterSealOf(sys: TestSystem): DeadLetterSeal {
  const { piiKey, idHashKey } = sys.config.secrets;
  return createDeadLetterSeal({ piiKey: Buffer.from(piiKey as string, 'base64'), idHashKey: idHashKey as string });
}
