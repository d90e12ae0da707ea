/**
 * Malformed inbound messages of many kinds, spread over the inbound topics. Each is one a
 * department could really send (a truncated write, a wrong type, a control character pasted into a
 * name, an ID number with a wrong check digit, a clock at the epoch) and must end on the topic's DLQ.
 * Kinds that need a well-formed message to spoil start from a valid one of the topic, so the only
 * fault is the one named. Personal data in them is recorded as needles for the personal-data scan.
 */
import { randomUUID } from 'node:crypto';
import { inboundTopicNames, type InboundTopic } from '../../domain/contracts/inbound.js';
import { creditCode, graduateHandover, layoffFiling, residentId, shanghaiDay, shanghaiInstant } from '../support/fixtures.js';
import type { Rng } from './rng.js';

export interface Malformed {
  kind: string;
  topic: InboundTopic;
  key: string;
  value: Buffer;
}

type Valid = Record<string, unknown>;

/** A valid message of the topics whose spoiling says something (they carry people or free text). */
function validOf(topic: InboundTopic, person: { idNumber: string; phone: string; name: string }): Valid | undefined {
  const eventId = `fz-${randomUUID()}`;
  switch (topic) {
    case 'edu.graduate.handover.v1':
      return { ...graduateHandover({ idNumber: person.idNumber, phone: person.phone, name: person.name }), eventId };
    case 'hrss.layoff.filed.v1':
      return { ...layoffFiling(), eventId };
    case 'si.enrollment.changed.v1':
      return {
        eventId,
        occurredAt: shanghaiInstant(),
        idNumber: person.idNumber,
        creditCode: creditCode(),
        regionCode: '220102',
        change: 'enrolled',
        effectiveDate: shanghaiDay(),
      };
    case 'hrss.layoff.worker.v1':
      return {
        eventId,
        occurredAt: shanghaiInstant(),
        filingId: 'LF-fuzz',
        creditCode: creditCode(),
        idNumber: person.idNumber,
        name: person.name,
        phone: person.phone,
        householdRegionCode: '220102',
        lastWorkingDay: shanghaiDay(-3),
      };
    case 'dept.directive.reported.v1':
      return { eventId, occurredAt: shanghaiInstant(), directiveId: 'dir-fuzz', department: 'finance', status: 'done', note: '已完成' };
    default:
      return undefined;
  }
}

const FREE_TEXT: Partial<Record<InboundTopic, string>> = {
  'edu.graduate.handover.v1': 'name',
  'hrss.layoff.filed.v1': 'reason',
  'hrss.layoff.worker.v1': 'name',
  'dept.directive.reported.v1': 'note',
};

const ID_FIELD: Partial<Record<InboundTopic, string>> = {
  'edu.graduate.handover.v1': 'idNumber',
  'si.enrollment.changed.v1': 'idNumber',
  'hrss.layoff.worker.v1': 'idNumber',
};

/** Kinds that spoil any topic's message, valid or not. */
const generic: Record<string, (rng: Rng, valid: Valid | undefined) => Buffer> = {
  'not JSON (truncated)': () => Buffer.from('{"eventId":"fz-'),
  'empty value': () => Buffer.alloc(0),
  'binary garbage': (rng) => Buffer.from(Array.from({ length: 64 }, () => rng.int(256))),
  'JSON array': () => Buffer.from('[1,2,3]'),
  'JSON null': () => Buffer.from('null'),
  'JSON string': () => Buffer.from('"hello"'),
  'envelope only': () => Buffer.from(JSON.stringify({ eventId: `fz-${randomUUID()}`, occurredAt: shanghaiInstant() })),
  'deeply nested': () => Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`),
  'wrong types': (_rng, valid) =>
    Buffer.from(
      JSON.stringify(Object.fromEntries(Object.entries(valid ?? { eventId: 1, occurredAt: 2 }).map(([k, v]) => [k, typeof v === 'string' ? 12345 : 'x']))),
    ),
};

/** Kinds that spoil one field of an otherwise valid message. */
const spoilers: Record<string, (valid: Valid, topic: InboundTopic) => Valid | undefined> = {
  'NUL in eventId': (v) => ({ ...v, eventId: `fz-${randomUUID()}\u0000x` }),
  'occurredAt in 1970': (v) => ({ ...v, occurredAt: '1970-01-01T00:00:00Z' }),
  'occurredAt in 2099': (v) => ({ ...v, occurredAt: '2099-12-31T23:59:59+08:00' }),
  'NUL in free text': (v, t) => (FREE_TEXT[t] ? { ...v, [FREE_TEXT[t]]: `张\u0000三` } : undefined),
  'escape character in free text': (v, t) => (FREE_TEXT[t] ? { ...v, [FREE_TEXT[t]]: `\u001b[2J李四` } : undefined),
  'huge free text': (v, t) => (FREE_TEXT[t] ? { ...v, [FREE_TEXT[t]]: '长'.repeat(20_000) } : undefined),
  'ID number with a wrong check digit': (v, t) => {
    const field = ID_FIELD[t];
    if (!field) return undefined;
    const id = String(v[field]);
    return { ...v, [field]: id.slice(0, 17) + (id[17] === '0' ? '1' : '0') };
  },
  'unknown region code': (v) =>
    'regionCode' in v ? { ...v, regionCode: '990000' } : 'householdRegionCode' in v ? { ...v, householdRegionCode: '990000' } : undefined,
  'impossible date': (v) =>
    'graduationDate' in v
      ? { ...v, graduationDate: '2026-02-30' }
      : 'plannedDate' in v
        ? { ...v, plannedDate: '2026-13-01' }
        : 'effectiveDate' in v
          ? { ...v, effectiveDate: '20260101' }
          : undefined,
  'malformed phone': (v) => ('phone' in v ? { ...v, phone: '1381234567X' } : undefined),
};

export interface MalformedBatch {
  messages: Malformed[];
  /** How many of each kind, for the report. */
  kinds: Map<string, number>;
  /** ID numbers and phones the batch carries, for the personal-data scan. */
  needles: string[];
}

export function malformedMessages(count: number, rng: Rng): MalformedBatch {
  const messages: Malformed[] = [];
  const kinds = new Map<string, number>();
  const needles: string[] = [];
  const genericKinds = Object.keys(generic);
  const spoilerKinds = Object.keys(spoilers);
  let serial = 0;
  while (messages.length < count) {
    serial += 1;
    const topic = inboundTopicNames[serial % inboundTopicNames.length]!;
    const person = {
      idNumber: residentId('220102', `2003${String(1 + (serial % 12)).padStart(2, '0')}15`, String(serial % 1000).padStart(3, '0')),
      phone: `139${String(10_000_000 + serial).slice(-8)}`,
      name: '王五',
    };
    const valid = validOf(topic, person);
    let kind: string;
    let value: Buffer | undefined;
    if (valid && rng.next() < 0.6) {
      kind = spoilerKinds[rng.int(spoilerKinds.length)]!;
      const spoiled = spoilers[kind]!(valid, topic);
      if (!spoiled) continue;
      value = Buffer.from(JSON.stringify(spoiled));
    } else {
      kind = genericKinds[rng.int(genericKinds.length)]!;
      value = generic[kind]!(rng, valid);
    }
    // The first 17 digits: they also find the ID numbers whose check digit was spoiled.
    if (valid && ID_FIELD[topic]) needles.push(person.idNumber.slice(0, 17), person.phone);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    messages.push({ kind, topic, key: ID_FIELD[topic] && valid ? person.idNumber : `fz-${serial}`, value });
  }
  return { messages, kinds, needles };
}
