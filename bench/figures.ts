/**
 * The per-case cost figures docs/sizing.md is derived from, measured on the cases this run opened
 * (before the inbox scenario adds its synthetic tasks): Temporal history events and bytes per case,
 * read-model rows and bytes per case, outbound Kafka messages per case.
 */
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { Kafka } from 'kafkajs';
import { outboundTopicNames } from '../domain/contracts/outbound.js';
import type { Scenario } from './context.js';

const HISTORY_SAMPLE = 20;

export async function outboundMessageCount(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    let total = 0;
    for (const topic of outboundTopicNames.filter((t) => existing.has(t))) {
      for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high) - Number(p.low);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}

export function figuresStep(temporalAddress: string, outboundAtStart: () => number): Scenario {
  return {
    name: 'figures',
    async run(ctx) {
      const { rows: cases } = await ctx.db.query<{ id: string }>('SELECT id FROM "case" WHERE type = \'graduate-1311\' ORDER BY random()');
      const caseCount = cases.length;
      if (caseCount === 0) return [];
      ctx.figures.graduateCases = caseCount;

      const connection = await Connection.connect({ address: temporalAddress });
      try {
        const client = new Client({ connection });
        let events = 0;
        let bytes = 0;
        const sample = cases.slice(0, HISTORY_SAMPLE);
        for (const { id } of sample) {
          const history = await client.workflow.getHandle(id).fetchHistory();
          events += history.events?.length ?? 0;
          bytes += proto.temporal.api.history.v1.History.encode(history).finish().length;
        }
        ctx.figures.historyEventsPerCaseOpened = events / sample.length;
        ctx.figures.historyBytesPerCaseOpened = bytes / sample.length;
      } finally {
        await connection.close();
      }

      const { rows: tables } = await ctx.db.query<{ table: string; rows: string; bytes: string }>(
        `SELECT c.relname AS table, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE '\\_prisma%'`,
      );
      let rowTotal = 0;
      let byteTotal = 0;
      for (const t of tables) {
        const { rows } = await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM "${t.table}"`);
        const n = Number(rows[0]?.n ?? 0);
        rowTotal += n;
        byteTotal += Number(t.bytes);
        if (n > 0) ctx.figures[`rowsPerCase.${t.table}`] = n / caseCount;
      }
      ctx.figures.readModelRowsPerCase = rowTotal / caseCount;
      ctx.figures.readModelBytesPerCase = byteTotal / caseCount;
      ctx.figures.outboundMessagesPerCase = ((await outboundMessageCount(ctx.kafka)) - outboundAtStart()) / caseCount;
      return [];
    },
  };
}
