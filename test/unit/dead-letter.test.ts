/** The DLQ's seal and its reason texts: the original bytes come back exactly, nothing personal is written in clear. */
import { randomBytes } from 'node:crypto';
import type { KafkaMessage, Message, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../../domain/contracts/common.js';
import { GraduateHandoverV1 } from '../../domain/contracts/inbound.js';
import { hashIdNumber } from '../../domain/identity.js';
import { createLogger } from '../../activities/infra/logger.js';
import { createDeadLetterSeal, safeIssues, safeText, sendToDeadLetter } from '../../services/intake/dead-letter.js';
import { graduateHandover, residentId } from '../support/fixtures.js';

const secrets = { piiKey: randomBytes(32), idHashKey: randomBytes(16).toString('hex') };
const source = { topic: 'edu.graduate.handover.v1', partition: 1, offset: '42' };

describe('the DLQ seal', () => {
  const seal = createDeadLetterSeal(secrets);

  it('gives back the original key and value byte for byte, whatever the bytes', () => {
    const key = Buffer.from(residentId());
    const value = Buffer.concat([Buffer.from('{"name":"李小明"}'), Buffer.from([0xff, 0x00, 0xc3])]);
    const sealed = seal.seal(source, key, value);
    expect(seal.open(sealed)).toEqual({ source, key, value });
    expect(seal.open(seal.seal(source, null, null))).toEqual({ source, key: null, value: null });
  });

  it('states its version and algorithm, and a fresh IV each time', () => {
    const value = Buffer.from('{"a":1}');
    const first = JSON.parse(seal.seal(source, null, value).toString('utf8')) as Record<string, unknown>;
    const second = JSON.parse(seal.seal(source, null, value).toString('utf8')) as Record<string, unknown>;
    expect(first).toMatchObject({ format: 'jiuye-dlq-sealed', v: 1, alg: 'AES-256-GCM', source });
    expect(first.iv).not.toBe(second.iv);
    expect(first.sealed).not.toBe(second.sealed);
  });

  it('refuses to open under another key, or with the source edited to send it elsewhere', () => {
    const sealed = seal.seal(source, Buffer.from('k'), Buffer.from('{"a":1}'));
    expect(() => createDeadLetterSeal({ ...secrets, piiKey: randomBytes(32) }).open(sealed)).toThrow();
    const envelope = JSON.parse(sealed.toString('utf8')) as { source: { topic: string } };
    envelope.source.topic = 'hrss.layoff.worker.v1';
    expect(() => seal.open(Buffer.from(JSON.stringify(envelope)))).toThrow();
    expect(() => seal.open(Buffer.from('{"eventId":"plain"}'))).toThrow();
  });

  it('keys by the hash a case ID carries, never the ID number', () => {
    const id = residentId();
    expect(seal.hashKey(Buffer.from(id))).toBe(hashIdNumber(id, secrets.idHashKey));
    expect(seal.hashKey(null)).toBeNull();
  });
});

describe('DLQ reason texts', () => {
  it('never quote an ID number: every way a handover ID can fail says what, not which digits', () => {
    const good = residentId('220102', '19900307', '123');
    const bad = [
      good.slice(0, 17) + (good.endsWith('1') ? '2' : '1'),
      `99${good.slice(2)}`,
      `${good.slice(0, 6)}1899${good.slice(10)}`,
      `${good.slice(0, 10)}1399${good.slice(14)}`,
      good.slice(0, 17),
      `${good.slice(0, 17)}A`,
    ];
    for (const idNumber of bad) {
      const parsed = GraduateHandoverV1.safeParse({ ...graduateHandover(), idNumber, phone: '1381234567' });
      expect(parsed.success).toBe(false);
      const text = JSON.stringify(safeIssues(fieldIssues(parsed.error!)));
      expect(text).toContain('idNumber');
      for (const part of [idNumber.slice(0, 6), idNumber.slice(6, 10), idNumber.slice(10, 14), '99', '1899', '1381234567']) expect(text).not.toContain(part);
    }
  });

  it('star out digit runs and drop non-ASCII should a handler ever quote a value', () => {
    const id = residentId();
    expect(safeText(`person ${id} (张三) phone 13812345678 at line 12`)).toBe('person *** (?) phone *** at line 12');
    expect(safeText('x'.repeat(1000))).toHaveLength(300);
    expect(safeIssues(Array.from({ length: 50 }, () => ({ path: 'a', message: 'b' })))).toHaveLength(20);
  });

  it('sends a sealed record whose key, value, headers and log line carry no personal data', async () => {
    const sent: ProducerRecord[] = [];
    const lines: string[] = [];
    const log = createLogger('warn', 'test', { write: (line: string) => void lines.push(line) });
    const id = residentId('220102', '20040312', '517');
    const value = JSON.stringify(graduateHandover({ idNumber: id, name: '王秀英', phone: '13912345678' }));
    const message: KafkaMessage = { key: Buffer.from(id), value: Buffer.from(value), offset: '9', timestamp: '0', attributes: 0, headers: { trace: 't-1' } };
    const written = await sendToDeadLetter(
      { producer: { send: async (r) => (sent.push(r), []) }, log, deadLetterSeal: createDeadLetterSeal(secrets) },
      {
        topic: 'edu.graduate.handover.v1',
        partition: 0,
        message,
        reason: `handler refused ${id} of 王秀英`,
        issues: [{ path: 'phone', message: 'number 13912345678 unknown' }],
        attempts: 4,
      },
    );
    expect(written.reason).toBe('handler refused *** of ?');
    const dead = sent[0]!.messages[0] as Message;
    expect(dead.headers).toMatchObject({ trace: 't-1', 'dlq-attempts': '4', 'dlq-source': 'edu.graduate.handover.v1/0/9' });
    const record = [String(dead.key), String(dead.value), JSON.stringify(dead.headers), lines.join('')].join('\n');
    for (const secret of [id, id.slice(0, 17), id.slice(6, 14), '13912345678', '王秀英']) expect(record).not.toContain(secret);
  });
});
