/**
 * The DLQ on the real engines: a handover with a bad field lands sealed under a hashed key, with
 * nothing personal in the record or the logs; `npm run dlq -- list` shows it by reason; `replay`
 * sends the original bytes back to the source topic, audited, and a replayed message that is valid
 * opens its case. The DLQ topics are shared with every other test run, so this one finds its own
 * records by their source offsets and run-unique reasons.
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../activities/infra/logger.js';
import { graduate1311WorkflowId } from '../../domain/cases/graduate-1311.js';
import { CaseDetail } from '../../domain/contracts/http.js';
import { hashIdNumber } from '../../domain/identity.js';
import { dlqCommand } from '../../services/cli/dlq-command.js';
import { sendToDeadLetter } from '../../services/intake/dead-letter.js';
import { graduateHandover, residentId } from '../support/fixtures.js';
import { collect, deadLetterSealOf, eventually, startTestSystem, testKafka, type TestSystem } from './harness.js';

const TOPIC = 'edu.graduate.handover.v1';
const DLQ = `${TOPIC}.dlq`;
const run = randomUUID().slice(0, 8);
const logLines: string[] = [];
const caseworker = { userId: 'cw-dlq', role: 'caseworker', jurisdiction: '220102' } as const;

let sys: TestSystem;
let producer: Producer;
let observer: Awaited<ReturnType<typeof collect>>;

beforeAll(async () => {
  sys = await startTestSystem('dlq', { logLines });
  const kafka = testKafka();
  producer = kafka.producer();
  await producer.connect();
  observer = await collect(kafka, [TOPIC, DLQ]);
});

afterAll(async () => {
  await observer?.consumer.disconnect();
  await producer?.disconnect();
  await sys?.stop();
});

/** Runs the command as an operator would, on the system's own configuration and secrets. */
async function dlq(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { secrets } = sys.config;
  const code = await dlqCommand(argv, {
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: sys.databaseUrl,
      KAFKA_BROKERS: inject('kafkaBrokers').join(','),
      KAFKA_GROUP_ID: `it-dlq-cli-${run}`,
      JIUYE_DATA_DIR: sys.config.dataDir,
      JIUYE_PAYLOAD_KEY: secrets.payloadKey,
      JIUYE_ID_HASH_KEY: secrets.idHashKey,
      JIUYE_JWT_SECRET: secrets.jwtSecret,
      JIUYE_PII_KEY: secrets.piiKey,
      LOG_LEVEL: 'silent',
    },
    stdout: { write: (s: string) => out.push(s) > 0 },
    stderr: { write: (s: string) => err.push(s) > 0 },
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** The `分区:偏移` of the listed DLQ record whose source is `source`. */
function addressOf(listing: string, source: string): string {
  const line = listing.split('\n').find((l) => l.includes(` ${source} `));
  const address = line?.trim().split(/\s+/)[0];
  if (!address) throw new Error(`no DLQ record from ${source} in:\n${listing}`);
  return address;
}

describe('the DLQ on real Kafka and PostgreSQL', () => {
  it('seals a bad handover, lists it by reason, and replays its original bytes, audited', async () => {
    const idNumber = residentId('220102', '20040521', '638');
    const name = '周晓梅';
    const phone = '13700001234';
    const value = JSON.stringify({ ...graduateHandover({ idNumber, name, phone }), degree: 'phd' });
    const [sent] = await producer.send({ topic: TOPIC, messages: [{ key: idNumber, value, headers: { trace: `t-${run}` } }] });
    const source = `${TOPIC}/${sent!.partition}/${sent!.baseOffset}`;

    const seal = deadLetterSealOf(sys);
    const hashed = hashIdNumber(idNumber, sys.config.secrets.idHashKey as string);
    const dead = await eventually('the handover on the DLQ', async () => observer.messages.get(DLQ)?.find((m) => m.headers['dlq-source'] === source));
    expect(dead.key).toBe(hashed);
    expect(dead.headers).toMatchObject({ trace: `t-${run}`, 'dlq-attempts': expect.stringMatching(/^\d+$/) as unknown });
    expect(dead.headers['dlq-reason']).toContain('degree');
    const record = [dead.key, dead.value, JSON.stringify(dead.headers)].join('\n');
    for (const secret of [idNumber, idNumber.slice(0, 17), '20040521', phone, name]) {
      expect(record).not.toContain(secret);
      expect(logLines.join('')).not.toContain(secret);
    }
    expect(seal.open(Buffer.from(dead.value)).value?.toString('utf8')).toBe(value);

    const listing = await dlq('list', '--topic', TOPIC);
    expect(listing.code).toBe(0);
    expect(listing.out).toContain(`${DLQ}：`);
    expect(listing.out).toMatch(new RegExp(`\\d+ 条  ${dead.headers['dlq-reason']!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const address = addressOf(listing.out, source);
    for (const secret of [idNumber, phone, name]) expect(listing.out).not.toContain(secret);

    const replay = await dlq('replay', '--topic', DLQ, '--offsets', address, '--operator', '王运维');
    expect(replay).toMatchObject({ code: 0, err: '' });
    expect(replay.out).toContain(`已重放 ${address} → ${TOPIC}`);
    // Byte for byte on the source topic, under the original key and headers, marked as a replay.
    const back = await eventually('the replayed handover on its topic', async () =>
      observer.messages.get(TOPIC)?.find((m) => m.headers['dlq-replay-of'] === `${DLQ}/${address.replace(':', '/')}`),
    );
    expect(back).toMatchObject({ key: idNumber, value, headers: { trace: `t-${run}` } });
    // Still invalid, so it is dead-lettered again, as a new record that says what it is a replay of.
    await eventually('the replay dead-lettered again', async () =>
      observer.messages.get(DLQ)?.find((m) => m.headers['dlq-replay-of'] === `${DLQ}/${address.replace(':', '/')}`),
    );

    const [partition, offset] = address.split(':');
    const audit = await sys.system.database.prisma.dlqReplay.findMany({ where: { dlqTopic: DLQ, dlqPartition: Number(partition), dlqOffset: offset } });
    expect(audit).toEqual([expect.objectContaining({ operator: '王运维', targetTopic: TOPIC, reason: dead.headers['dlq-reason'] })]);
    const after = await dlq('list', '--topic', TOPIC);
    expect(after.out).toContain(`${address}  ${dead.headers['dlq-at']}  ${source}`);
    expect(after.out).toMatch(new RegExp(`\\n    ${address} .*\\[已由 王运维 重放\\]\\n`));
    // A second replay of the same record is refused, and the audit is append-only.
    expect((await dlq('replay', '--topic', TOPIC, '--offsets', address, '--operator', '王运维')).out).toContain(`跳过 ${address}`);
    await expect(sys.system.database.prisma.dlqReplay.deleteMany({ where: { operator: '王运维' } })).rejects.toThrow(/append-only/);
  });

  it('replays a valid message a handler had refused, and its case opens', async () => {
    const idNumber = residentId('220102', '20030708', '451');
    const handover = graduateHandover({ idNumber, handoverId: `JL-DLQ-${run}` });
    const value = Buffer.from(JSON.stringify(handover));
    // Letters only: a reason's digit runs would be starred out on the DLQ.
    const reason = `handler refused for now (run ${run.replace(/\d/g, (d) => 'ghijklmnop'.charAt(Number(d)))})`;
    // As the intake dead-letters a handler's permanent rejection, for a message never processed.
    await sendToDeadLetter(
      { producer, log: createLogger('silent'), deadLetterSeal: deadLetterSealOf(sys) },
      {
        topic: TOPIC,
        partition: 0,
        message: { key: Buffer.from(idNumber), value, offset: '0', timestamp: '0', attributes: 0, headers: {} },
        reason,
        issues: [],
        attempts: 3,
      },
    );
    const listed = await eventually('the refused handover listed', async () => {
      const listing = await dlq('list', '--topic', DLQ);
      return listing.out.includes(`1 条  ${reason}`) ? listing : undefined;
    });
    expect(listed.out).toContain(`3 次  ${reason}`);

    expect((await dlq('replay', '--topic', DLQ, '--reason', reason, '--operator', '李值班')).out).toContain('共重放 1 条');
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), handover.year);
    const opened = await eventually('the case opened by the replay', async () => {
      const res = await sys.api(`/api/cases/${encodeURIComponent(caseId)}`, caseworker);
      return res.status === 200 ? CaseDetail.parse(res.body) : undefined;
    });
    expect(opened.type).toBe('graduate-1311');
    expect(await sys.system.database.prisma.dlqReplay.count({ where: { operator: '李值班', reason } })).toBe(1);
  });

  it('says how to use it and exits 2 on wrong usage', async () => {
    for (const argv of [
      [],
      ['purge'],
      ['replay', '--topic', TOPIC, '--offsets', '0:1'],
      ['replay', '--topic', 'no.such.topic', '--reason', 'x', '--operator', 'a'],
    ]) {
      const result = await dlq(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toContain('用法');
    }
  });
});
