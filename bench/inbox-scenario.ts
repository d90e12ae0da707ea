/**
 * inbox-query-p99: a caseworker's inbox (GET /api/tasks?scope=mine) over HTTP with 100,000 tasks in
 * the read model. The tasks are written straight into the table, spread over 100 counties of one
 * province, most open, some claimed or done, as a province's read model looks in July; none of them
 * has a workflow behind it, which the query never asks.
 */
import type { BenchContext, Scenario } from './context.js';
import { percentile } from './measure.js';

/** Counties 220101…221010: ten cities of ten counties each. */
const county = (i: number) => `22${String(1 + (i % 10)).padStart(2, '0')}${String(1 + (Math.floor(i / 10) % 10)).padStart(2, '0')}`;

async function seedTasks(ctx: BenchContext, count: number): Promise<void> {
  const counties = Array.from({ length: 100 }, (_, i) => county(i));
  await ctx.db.query(
    `INSERT INTO task (id, case_id, case_type, type, title, status, region_code, candidate_role, assignee, due_date, due_at, version, created_at, updated_at, completed_at)
     SELECT 'bench-task-' || g,
            'bench-case-' || (g / 3),
            'graduate-1311',
            (ARRAY['graduate-first-contact', 'graduate-policy-briefing', 'graduate-job-recommendation'])[1 + g % 3],
            '首次联系 张*',
            s.status,
            ($2::text[])[1 + g % 100],
            'caseworker',
            CASE WHEN s.status = 'open' THEN NULL ELSE 'cw-' || (g % 7) END,
            to_char(d.due, 'YYYY-MM-DD'),
            d.due,
            1,
            now() - interval '30 days',
            now(),
            CASE WHEN s.status = 'done' THEN now() ELSE NULL END
       FROM generate_series(1, $1::int) AS g
       CROSS JOIN LATERAL (SELECT (CASE WHEN g % 10 < 7 THEN 'open' WHEN g % 10 < 8 THEN 'claimed' ELSE 'done' END) AS status) s
       CROSS JOIN LATERAL (SELECT now() + ((g % 40) || ' days')::interval AS due) d`,
    [count, counties],
  );
  await ctx.db.query('ANALYZE task');
}

async function timedGets(url: string, token: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
    times.push(performance.now() - t0);
  }
  return times;
}

export const inboxScenario: Scenario = {
  name: 'inbox-query',
  async run(ctx) {
    const { inboxTasks, inboxQueries } = ctx.sizes;
    const { rows } = await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM task');
    const missing = inboxTasks - Number(rows[0]?.n ?? 0);
    if (missing > 0) await seedTasks(ctx, missing);
    const token = await ctx.token('caseworker', county(1));
    const inboxUrl = `${ctx.apiUrl}/api/tasks?scope=mine`;
    // Warm both paths (connections, query plans) before timing.
    await timedGets(inboxUrl, token, 10);
    await timedGets(`${ctx.apiUrl}/healthz`, token, 10);
    const inbox: number[] = [];
    const health: number[] = [];
    // Interleaved in tens, so a noisy moment on the machine falls on both.
    for (let done = 0; done < inboxQueries; done += 10) {
      inbox.push(...(await timedGets(inboxUrl, token, 10)));
      health.push(...(await timedGets(`${ctx.apiUrl}/healthz`, token, 10)));
    }
    return [
      {
        name: 'inbox-query-p99',
        value: percentile(inbox, 99),
        unit: 'ms',
        baseline: percentile(health, 99),
        note: `${inboxTasks} tasks in 100 counties, ${inbox.length} inbox GETs (p50 ${percentile(inbox, 50).toFixed(1)} ms); baseline: GET /healthz p99`,
      },
    ];
  },
};
