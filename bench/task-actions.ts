/**
 * What a caseworker's action costs once a case is open: first-contact tasks of the cases this run
 * opened are claimed and completed over HTTP, as the workbench does, one after the other. Per action:
 * the latency a caseworker waits, Temporal history events, read-model rows and outbound messages
 * added, and the CPU of the worker, the API and the Temporal server. docs/sizing.md multiplies these
 * by the actions a case takes in a month for its steady-state cost.
 */
import { Client, Connection } from '@temporalio/client';
import type { Scenario } from './context.js';
import { outboundMessageCount } from './figures.js';
import { median, percentile } from './measure.js';
import { cpuMs } from './system.js';

/** A graduate reached who wants work: the result the first-contact form sends most often. */
const reached = { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior', note: '电话联系，愿意参加招聘会' };

/** Rows in every table of the read model. */
async function rowCount(ctx: Parameters<Scenario['run']>[0]): Promise<number> {
  const { rows: tables } = await ctx.db.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE '\\_prisma%'`,
  );
  let total = 0;
  for (const { table } of tables) total += Number((await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0]?.n ?? 0);
  return total;
}

export function taskActionsStep(temporalAddress: string): Scenario {
  return {
    name: 'task-actions',
    async run(ctx) {
      const { rows: tasks } = await ctx.db.query<{ id: string; case_id: string }>(
        "SELECT id, case_id FROM task WHERE type = 'graduate-first-contact' AND status = 'open' ORDER BY random() LIMIT $1",
        [ctx.sizes.taskActions],
      );
      if (tasks.length === 0) return [];
      const token = await ctx.token('caseworker', '22');
      const act = async (id: string, action: string, body?: unknown): Promise<number> => {
        const started = performance.now();
        const res = await fetch(`${ctx.apiUrl}/api/tasks/${encodeURIComponent(id)}/${action}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        if (!res.ok) throw new Error(`${action} ${id}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        return performance.now() - started;
      };

      const connection = await Connection.connect({ address: temporalAddress });
      try {
        const client = new Client({ connection });
        const historyLength = async (caseId: string) => (await client.workflow.getHandle(caseId).fetchHistory()).events?.length ?? 0;
        const sample = tasks.slice(0, 20);
        const eventsBefore = await Promise.all(sample.map((t) => historyLength(t.case_id)));
        const rowsBefore = await rowCount(ctx);
        const messagesBefore = await outboundMessageCount(ctx.kafka);
        const cpuBefore = await Promise.all([cpuMs(ctx.workerPid), cpuMs(ctx.apiPid), ctx.temporalPid ? cpuMs(ctx.temporalPid) : 0]);
        const latencies: number[] = [];
        for (const task of tasks) {
          latencies.push(await act(task.id, 'claim'));
          latencies.push(await act(task.id, 'complete', { result: reached }));
        }
        const cpuAfter = await Promise.all([cpuMs(ctx.workerPid), cpuMs(ctx.apiPid), ctx.temporalPid ? cpuMs(ctx.temporalPid) : 0]);
        // What the completion set off (the next service items' tasks, the ledger line) settles first.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const eventsAfter = await Promise.all(sample.map((t) => historyLength(t.case_id)));
        const actions = tasks.length * 2;
        const f = ctx.figures;
        f.taskActions = actions;
        f['taskAction.latencyP50Ms'] = median(latencies);
        f['taskAction.latencyP99Ms'] = percentile(latencies, 99);
        f['taskAction.historyEvents'] = eventsAfter.reduce((a, b, i) => a + b - eventsBefore[i]!, 0) / (sample.length * 2);
        f['taskAction.readModelRows'] = ((await rowCount(ctx)) - rowsBefore) / actions;
        f['taskAction.outboundMessages'] = ((await outboundMessageCount(ctx.kafka)) - messagesBefore) / actions;
        f['taskAction.workerCpuMs'] = (cpuAfter[0] - cpuBefore[0]) / actions;
        f['taskAction.apiCpuMs'] = (cpuAfter[1] - cpuBefore[1]) / actions;
        if (ctx.temporalPid) f['taskAction.temporalCpuMs'] = (cpuAfter[2] - cpuBefore[2]) / actions;
        ctx.say(
          `task actions: ${actions} (claim + complete of ${tasks.length} first contacts), p50 ${median(latencies).toFixed(0)} ms, ` +
            `p99 ${percentile(latencies, 99).toFixed(0)} ms, ${String(f['taskAction.historyEvents'])} history events per action`,
        );
      } finally {
        await connection.close();
      }
      return [];
    },
  };
}
