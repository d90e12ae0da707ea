import { randomBytes } from 'node:crypto';
/**
 * When an event may say it happened: at most a few minutes ahead of the clock of the edge that
 * takes it, at most three years back. Judged by the domain rule with the clock passed in, and at
 * both edges that take events: the Kafka intake (to the DLQ) and the graduate import (a rejected row).
 */
import type { KafkaMessage, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../activities/infra/db.js';
import { createLogger } from '../../activities/infra/logger.js';
import { fieldIssues, OCCURRED_AT_FUTURE_TOLERANCE_MS, OCCURRED_AT_MAX_AGE_MS, occurredAtProblem, occurredWithin } from '../../domain/contracts/common.js';
import { LayoffFiledV1 } from '../../domain/contracts/inbound.js';
import { createTokenService } from '../../services/http/auth.js';
import { processMessage } from '../../services/intake/consumer.js';
import { byTopic } from '../../services/intake/registry.js';
import { unitApi } from '../support/api.js';
import { graduateHandover, layoffFiling } from '../support/fixtures.js';
import { createDeadLetterSeal } from '../../services/intake/dead-letter.js';

const FAR_PAST = '1970-01-01T08:00:00+08:00';
const FAR_FUTURE = '2099-01-01T00:00:00+08:00';

describe('occurredAt window', () => {
  const now = new Date('2028-03-01T09:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

  it('allows a few minutes ahead of the clock and three years back, no more', () => {
    expect(occurredAtProblem(at(0), now)).toBeUndefined();
    expect(occurredAtProblem(at(OCCURRED_AT_FUTURE_TOLERANCE_MS - 1000), now)).toBeUndefined();
    expect(occurredAtProblem(at(OCCURRED_AT_FUTURE_TOLERANCE_MS + 1000), now)).toMatch(/future/);
    expect(occurredAtProblem(at(-OCCURRED_AT_MAX_AGE_MS + 86_400_000), now)).toBeUndefined();
    expect(occurredAtProblem(at(-OCCURRED_AT_MAX_AGE_MS - 1000), now)).toMatch(/3 years/);
  });

  it('judges a schema’s occurredAt on the clock it is given, naming the field', () => {
    const atNow = occurredWithin(LayoffFiledV1, () => now);
    expect(atNow.safeParse(layoffFiling({ occurredAt: '2026-07-15T09:00:00+08:00' })).success).toBe(true);
    for (const occurredAt of [FAR_PAST, FAR_FUTURE, at(3_600_000)]) {
      const result = atNow.safeParse(layoffFiling({ occurredAt }));
      expect(result.success).toBe(false);
      expect(fieldIssues(result.error!).map((i) => i.path)).toEqual(['occurredAt']);
    }
  });
});

describe('edges that take events', () => {
  it('the intake dead-letters an event from 1970 or 2099 instead of starting a case from it', async () => {
    const topic = 'hrss.layoff.filed.v1' as const;
    const sent: ProducerRecord[] = [];
    let handled = 0;
    const deps = {
      producer: { send: async (record: ProducerRecord) => (sent.push(record), []) },
      prisma: { processedEvent: { findUnique: async () => null, upsert: async () => ({}) } } as unknown as PrismaClient,
      handlers: byTopic([{ [topic]: async () => (handled++, { workflowId: 'wf', duplicate: false }) }]),
      log: createLogger('silent'),
      deadLetterSeal: createDeadLetterSeal({ piiKey: randomBytes(32), idHashKey: randomBytes(16).toString('hex') }),
    };
    const message = (value: unknown): KafkaMessage => ({
      key: Buffer.from('k'),
      value: Buffer.from(JSON.stringify(value)),
      offset: '1',
      timestamp: '0',
      attributes: 0,
      headers: {},
    });
    for (const occurredAt of [FAR_PAST, FAR_FUTURE]) {
      const outcome = await processMessage(deps, topic, 0, message(layoffFiling({ occurredAt })));
      expect(outcome).toMatchObject({ kind: 'dead-lettered', reason: expect.stringContaining('occurredAt') });
    }
    expect(handled).toBe(0);
    expect(await processMessage(deps, topic, 0, message(layoffFiling()))).toMatchObject({ kind: 'handled' });
  });

  it('the graduate import rejects a row dated 1970 or 2099, naming occurredAt', async () => {
    const tokens = createTokenService('occurred-at-secret');
    const app = unitApi({ prisma: {} as PrismaClient, tokens });
    const token = await tokens.sign({ userId: 'cw-1', role: 'caseworker', jurisdiction: '220102' });
    const rows = [FAR_PAST, FAR_FUTURE].map((occurredAt, i) => ({ row: i + 2, handover: graduateHandover({ occurredAt }) }));
    const res = await app.request('/api/imports/graduates', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: { fileName: 'list.xlsx', handoverId: 'JL-2026-07-001' }, rows }),
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { outcome: string; reasons: string[] }[] };
    for (const result of results) {
      expect(result.outcome).toBe('rejected');
      expect(result.reasons.join()).toContain('occurredAt');
    }
  });
});
