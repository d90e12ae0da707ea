/** processMessage with fakes: the DLQ, dedup and retry decisions, without a broker. */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { Batch, EachBatchPayload, KafkaMessage, Message, ProducerRecord, TopicPartitions } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import type { PrismaClient } from '../../activities/infra/db.js';
import { createLogger } from '../../activities/infra/logger.js';
import { PermanentIntakeError, type IntakeHandlers } from '../../services/intake/handler.js';
import { createBatchLoop, processMessage } from '../../services/intake/consumer.js';
import { classifyFailure } from '../../services/intake/failures.js';
import { createDeadLetterSeal } from '../../services/intake/dead-letter.js';
import { hashIdNumber } from '../../domain/identity.js';
import { byTopic } from '../../services/intake/registry.js';
import { creditCode, layoffFiling, residentId, shanghaiDay, shanghaiInstant } from '../support/fixtures.js';

const secrets = { piiKey: randomBytes(32), idHashKey: randomBytes(16).toString('hex') };

function fakes(handlers: IntakeHandlers) {
  const sent: ProducerRecord[] = [];
  const processed = new Map<string, string | null>();
  const prisma = {
    processedEvent: {
      findUnique: async ({ where }: { where: { topic_eventId: { topic: string; eventId: string } } }) => {
        const key = `${where.topic_eventId.topic}/${where.topic_eventId.eventId}`;
        return processed.has(key) ? { eventId: where.topic_eventId.eventId } : null;
      },
      upsert: async ({ create }: { create: { topic: string; eventId: string; workflowId: string } }) => {
        processed.set(`${create.topic}/${create.eventId}`, create.workflowId);
        return create;
      },
    },
  } as unknown as PrismaClient;
  const producer = { send: async (record: ProducerRecord) => (sent.push(record), []) };
  const deadLetterSeal = createDeadLetterSeal({ piiKey: secrets.piiKey, idHashKey: secrets.idHashKey });
  return { deps: { producer, prisma, handlers: byTopic([handlers]), log: createLogger('silent'), deadLetterSeal }, sent, processed, deadLetterSeal };
}

function message(value: string, key = 'k'): KafkaMessage {
  return { key: Buffer.from(key), value: Buffer.from(value), offset: '7', timestamp: '0', attributes: 0, headers: { source: 'test' } };
}

const topic = 'hrss.layoff.filed.v1' as const;

describe('processMessage', () => {
  it('hands a valid message to its handler once per eventId', async () => {
    let calls = 0;
    const { deps, processed } = fakes({ [topic]: async () => (calls++, { workflowId: 'wf-1', duplicate: false }) });
    const value = JSON.stringify(layoffFiling({ eventId: 'evt-1' }));
    expect(await processMessage(deps, topic, 0, message(value))).toEqual({ kind: 'handled', workflowId: 'wf-1', duplicate: false });
    expect(await processMessage(deps, topic, 0, message(value))).toEqual({ kind: 'duplicate-event' });
    expect(calls).toBe(1);
    expect(processed.get(`${topic}/evt-1`)).toBe('wf-1');
  });

  it('dead-letters a schema failure sealed, under a hashed key, with reason, issues, source and attempts', async () => {
    const { deps, sent, deadLetterSeal } = fakes({ [topic]: async () => ({ workflowId: 'never', duplicate: false }) });
    const value = JSON.stringify({ ...layoffFiling(), headcount: -1 });
    const outcome = await processMessage(deps, topic, 2, message(value, 'key-x'));
    expect(outcome.kind).toBe('dead-lettered');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe(`${topic}.dlq`);
    const dead = sent[0]!.messages[0] as Message;
    expect(dead.value?.toString()).not.toContain('headcount');
    expect(dead.key).toBe(hashIdNumber('key-x', secrets.idHashKey));
    const opened = deadLetterSeal.open(dead.value as Buffer);
    expect(opened).toEqual({ source: { topic, partition: 2, offset: '7' }, key: Buffer.from('key-x'), value: Buffer.from(value) });
    expect(dead.headers?.source).toBe('test');
    expect(String(dead.headers?.['dlq-reason'])).toContain('headcount');
    expect(dead.headers?.['dlq-source']).toBe(`${topic}/2/7`);
    expect(dead.headers?.['dlq-attempts']).toBe('1');
  });

  it('accepts a credit code that fails its check character and logs a warning', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { deps } = fakes({ [topic]: async () => ({ workflowId: 'wf-2', duplicate: false }) });
    const good = creditCode();
    const failing = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const outcome = await processMessage(
      { ...deps, log: createLogger('warn', 'test', sink) },
      topic,
      0,
      message(JSON.stringify(layoffFiling({ creditCode: failing }))),
    );
    expect(outcome.kind).toBe('handled');
    expect(lines.join('')).toContain('credit code check character mismatch');
  });

  it('dead-letters a roster line with a bad ID number and phone without writing them or the name anywhere in the record or logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const roster = 'hrss.layoff.worker.v1' as const;
    const { deps, sent } = fakes({ [roster]: async () => ({ workflowId: 'never', duplicate: false }) });
    const good = residentId('370102', '19850303', '311');
    const badId = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    const badPhone = '1360000123';
    const value = {
      eventId: 'lw-bad',
      occurredAt: shanghaiInstant(),
      filingId: 'F-1',
      creditCode: creditCode('370102'),
      idNumber: badId,
      name: '张卫东',
      phone: badPhone,
      householdRegionCode: '370102',
      lastWorkingDay: shanghaiDay(),
    };
    // Keyed by the ID number, as the contract keys this topic.
    const outcome = await processMessage({ ...deps, log: createLogger('warn', 'test', sink) }, roster, 0, message(JSON.stringify(value), badId));
    expect(outcome.kind).toBe('dead-lettered');
    const dead = sent[0]!.messages[0] as Message;
    const headers = Object.values(dead.headers ?? {})
      .map(String)
      .join('\n');
    expect(headers).toContain('idNumber');
    expect(headers).toContain('phone');
    const record = [String(dead.key), dead.value?.toString('utf8'), Buffer.from(dead.value as Buffer).toString('latin1'), headers].join('\n');
    // Not the number, not its first 17 digits, not the check character against the expected one.
    for (const secret of [badId, badId.slice(0, 17), badId.slice(6, 14), badPhone, '张卫东', `got ${badId.charAt(17)}`]) {
      expect(record).not.toContain(secret);
      expect(lines.join('')).not.toContain(secret);
    }
  });

  it('dead-letters a message that is not JSON', async () => {
    const { deps, sent } = fakes({ [topic]: async () => ({ workflowId: 'never', duplicate: false }) });
    expect(await processMessage(deps, topic, 0, message('{oops'))).toEqual({ kind: 'dead-lettered', reason: 'value is not valid JSON' });
    expect(sent).toHaveLength(1);
  });

  it("dead-letters a handler's permanent rejection and remembers nothing", async () => {
    const { deps, sent, processed } = fakes({
      [topic]: async () => {
        throw new PermanentIntakeError('filing refers to a closed enterprise', [{ path: 'creditCode', message: 'deregistered' }]);
      },
    });
    const outcome = await processMessage(deps, topic, 0, message(JSON.stringify(layoffFiling())));
    expect(outcome).toEqual({ kind: 'dead-lettered', reason: 'filing refers to a closed enterprise' });
    expect(sent).toHaveLength(1);
    expect(processed.size).toBe(0);
  });

  it('rethrows a transient failure, and an unknown one before its last attempt, so the message is retried, not lost', async () => {
    const failures = [temporalDown(), new Error('something new')];
    const { deps, sent, processed } = fakes({
      [topic]: async () => {
        throw failures.shift() ?? new Error('no more failures');
      },
    });
    const value = JSON.stringify(layoffFiling());
    await expect(processMessage(deps, topic, 0, message(value), { attempt: 5, maxAttempts: 5 })).rejects.toThrow('Failed to signal Workflow');
    await expect(processMessage(deps, topic, 0, message(value), { attempt: 1, maxAttempts: 5 })).rejects.toThrow('something new');
    expect(sent).toHaveLength(0);
    expect(processed.size).toBe(0);
  });

  it('hands a topic several case types listen to to each of them, and records the message once', async () => {
    const reached: string[] = [];
    const { deps, processed } = fakes({});
    const handlers = byTopic([
      { 'hrss.layoff.filed.v1': async () => (reached.push('first'), { workflowId: 'wf-a', duplicate: false }) },
      { 'hrss.layoff.filed.v1': async () => (reached.push('second'), { workflowId: 'wf-b', duplicate: true }) },
    ]);
    const value = layoffFiling();
    expect(await processMessage({ ...deps, handlers }, topic, 0, message(JSON.stringify(value)))).toEqual({
      kind: 'handled',
      workflowId: 'wf-a,wf-b',
      duplicate: false,
    });
    expect(reached).toEqual(['first', 'second']);
    expect([...processed.values()]).toEqual(['wf-a,wf-b']);
  });
});

/** What PostgreSQL answers, through Prisma's pg adapter, to a value with a NUL byte. */
function postgresRefusal(): Error {
  const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { kind: 'postgres', code: '22021', originalCode: '22021' });
  return Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { name: 'DriverAdapterError', cause });
}

/** What the Temporal client throws while its server is down. */
function temporalDown(): Error {
  const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established', metadata: {} });
  return new ServiceError('Failed to signal Workflow', { cause: grpc });
}

describe('classifyFailure', () => {
  it('reads the cause chain: a refused value is permanent, an engine away is transient, anything else unknown', () => {
    expect(classifyFailure(postgresRefusal())).toBe('permanent');
    expect(classifyFailure(new PermanentIntakeError('no'))).toBe('permanent');
    expect(classifyFailure(new WorkflowNotFoundError('gone', 'wf', undefined))).toBe('permanent');
    expect(classifyFailure(temporalDown())).toBe('transient');
    const unreachable = Object.assign(new Error("Can't reach database server"), {
      name: 'PrismaClientKnownRequestError',
      code: 'P1001',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } } },
    });
    expect(classifyFailure(unreachable)).toBe('transient');
    expect(classifyFailure(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe('transient');
    expect(classifyFailure(Object.assign(new Error('Connection timeout'), { name: 'KafkaJSConnectionError' }))).toBe('transient');
    expect(classifyFailure(new TypeError('x is undefined'))).toBe('unknown');
  });
});

describe('processMessage failures', () => {
  it('dead-letters an eventId the database refuses (a NUL byte) at once, with the reason and the attempt', async () => {
    const { deps, sent } = fakes({ [topic]: async () => ({ workflowId: 'wf', duplicate: false }) });
    const refusing = {
      processedEvent: {
        findUnique: async ({ where }: { where: { topic_eventId: { eventId: string } } }) => {
          if (where.topic_eventId.eventId.includes('\u0000')) throw postgresRefusal();
          return null;
        },
        upsert: async () => ({}),
      },
    } as unknown as PrismaClient;
    const outcome = await processMessage({ ...deps, prisma: refusing }, topic, 0, message(JSON.stringify(layoffFiling({ eventId: 'evt\u0000x' }))), {
      attempt: 1,
      maxAttempts: 5,
    });
    expect(outcome.kind).toBe('dead-lettered');
    const headers = (sent[0]!.messages[0] as Message).headers ?? {};
    expect(headers['dlq-attempts']).toBe('1');
    expect(String(headers['dlq-reason'])).not.toContain('0x00');
  });

  it('dead-letters a permanent database refusal from a handler, naming its SQLSTATE and not its message', async () => {
    const { deps, sent, processed } = fakes({
      [topic]: async () => {
        throw postgresRefusal();
      },
    });
    const outcome = await processMessage(deps, topic, 0, message(JSON.stringify(layoffFiling())), { attempt: 1, maxAttempts: 5 });
    expect(outcome).toEqual({ kind: 'dead-lettered', reason: expect.stringContaining('22021') as string });
    expect(String((sent[0]!.messages[0] as Message).headers?.['dlq-reason'])).not.toContain('invalid byte sequence');
    expect(processed.size).toBe(0);
  });
});

const settings = { maxAttempts: 3, retryBackoffMs: 1, retryBackoffMaxMs: 2, pauseMs: 10, pauseMaxMs: 20 };

/** A consumer's pause and resume, recorded; `onResume` stands for kafkajs fetching the partition again. */
function partitionsFake(onResume: () => void = () => undefined) {
  const calls = { paused: [] as TopicPartitions[][], resumed: [] as TopicPartitions[][] };
  return {
    calls,
    partitions: {
      pause: (p: TopicPartitions[]) => void calls.paused.push(p),
      resume: (p: TopicPartitions[]) => (calls.resumed.push(p), onResume()),
    },
  };
}

function batchOf(messages: KafkaMessage[], resolved: string[]): EachBatchPayload {
  return {
    batch: { topic, partition: 4, messages } as unknown as Batch,
    resolveOffset: (offset: string) => void resolved.push(offset),
    heartbeat: async () => undefined,
    pause: () => () => undefined,
    commitOffsetsIfNecessary: async () => undefined,
    uncommittedOffsets: () => ({ topics: [] }),
    isRunning: () => true,
    isStale: () => false,
  };
}

describe('the batch loop', () => {
  it('tries an unknown failure in place, then dead-letters it with the attempt count and goes on', async () => {
    let calls = 0;
    const { deps, sent } = fakes({
      [topic]: async () => {
        calls++;
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const { calls: partitionCalls, partitions } = partitionsFake();
    const loop = createBatchLoop({ ...deps, settings, partitions });
    const resolved: string[] = [];
    const next = { ...message(JSON.stringify(layoffFiling({ eventId: 'evt-next' }))), offset: '8' };
    await loop.eachBatch(batchOf([message(JSON.stringify(layoffFiling({ eventId: 'evt-bug' }))), next], resolved));
    expect(calls).toBe(settings.maxAttempts + settings.maxAttempts);
    expect(sent.map((r) => (r.messages[0] as Message).headers?.['dlq-attempts'])).toEqual(['3', '3']);
    expect(String((sent[0]!.messages[0] as Message).headers?.['dlq-reason'])).toContain('unknown failure after 3 attempts: TypeError');
    expect(resolved).toEqual(['7', '8']);
    expect(partitionCalls.paused).toEqual([]);
  });

  it('pauses only the partition during an outage, resumes it once, and then processes the same message', async () => {
    let failuresLeft = settings.maxAttempts;
    const { deps, sent, processed } = fakes({
      [topic]: async () => {
        if (failuresLeft-- > 0) throw temporalDown();
        return { workflowId: 'wf-after-outage', duplicate: false };
      },
    });
    let redelivered: Promise<void> | undefined;
    const resolved: string[] = [];
    const held = message(JSON.stringify(layoffFiling({ eventId: 'evt-held' })));
    const { calls, partitions } = partitionsFake(() => {
      redelivered = loop.eachBatch(batchOf([held], resolved));
    });
    const loop = createBatchLoop({ ...deps, settings, partitions });
    await loop.eachBatch(batchOf([held, { ...held, offset: '8' }], resolved));
    expect(calls.paused).toEqual([[{ topic, partitions: [4] }]]);
    expect(resolved).toEqual([]);
    expect(loop.paused()).toEqual([`${topic}/4`]);
    await vi.waitFor(() => expect(redelivered).toBeDefined());
    await redelivered;
    expect(calls.resumed).toEqual([[{ topic, partitions: [4] }]]);
    expect(calls.paused).toHaveLength(1);
    expect(resolved).toEqual(['7']);
    expect(processed.get(`${topic}/evt-held`)).toBe('wf-after-outage');
    expect(sent).toEqual([]);
    expect(loop.paused()).toEqual([]);
    loop.stop();
  });
});
