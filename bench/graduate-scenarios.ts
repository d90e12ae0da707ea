/**
 * The graduate scenarios: cases opened from Kafka handovers and from an imported list, the
 * event latency at a steady rate, and the worker's memory with the cases that are then open. Each
 * is timed from the outside, as a bureau sees it: until the first-contact task is in the read
 * model (and, for latency, the case.lifecycle.v1 "opened" event is on its topic).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { graduate1311WorkflowId } from '../domain/cases/graduate-1311.js';
import type { GraduateHandoverV1 } from '../domain/contracts/inbound.js';
import { hashIdNumber } from '../domain/identity.js';
import { graduateList } from '../services/import/graduate-1311.js';
import { runImport } from '../services/import/run-import.js';
import { generateGraduates, type FixtureGraduate } from '../test/fixtures/generate-graduates.js';
import { graduateHandover, shanghaiInstant } from '../test/support/fixtures.js';
import type { BenchContext, Scenario } from './context.js';
import { median, percentile, until } from './measure.js';
import { cpuMs, residentMemory } from './system.js';

const FIRST_CONTACT = 'graduate-first-contact';
const HANDOVER_TOPIC = 'edu.graduate.handover.v1';
const LIFECYCLE_TOPIC = 'case.lifecycle.v1';

/** Fictitious graduates, each used once in a run (one case per person and year). */
let pool: FixtureGraduate[] = [];
let used = 0;
function people(count: number): FixtureGraduate[] {
  if (used + count > pool.length) pool = generateGraduates(Math.max(pool.length * 2, used + count, 20_000), 16_016);
  const taken = pool.slice(used, used + count);
  used += count;
  return taken;
}

function caseIdOf(ctx: BenchContext, g: Pick<FixtureGraduate, 'idNumber' | 'graduationDate'>): string {
  return graduate1311WorkflowId(hashIdNumber(g.idNumber, ctx.idHashKey), Number(g.graduationDate.slice(0, 4)));
}

function handoverOf(g: FixtureGraduate, handoverId: string): GraduateHandoverV1 {
  return graduateHandover({
    eventId: `bench-${randomUUID()}`,
    occurredAt: shanghaiInstant(),
    handoverId,
    year: Number(g.graduationDate.slice(0, 4)),
    idNumber: g.idNumber,
    name: g.name,
    phone: g.phone,
    school: g.school,
    major: g.major,
    degree: g.degree,
    graduationDate: g.graduationDate,
    householdRegionCode: g.householdRegionCode,
  });
}

/** How many of these cases have their first-contact task in the read model. */
async function withFirstContact(ctx: BenchContext, caseIds: readonly string[]): Promise<number> {
  const { rows } = await ctx.db.query<{ n: string }>('SELECT count(DISTINCT case_id) AS n FROM task WHERE type = $1 AND case_id = ANY($2)', [
    FIRST_CONTACT,
    caseIds,
  ]);
  return Number(rows[0]?.n ?? 0);
}

/** Waits until every case has its first-contact task; resolves with the moment it saw the last. */
async function allOpened(ctx: BenchContext, caseIds: readonly string[], what: string): Promise<number> {
  // Generous: a slow machine is measured, not failed, unless it makes no progress at all.
  return until(what, async () => (await withFirstContact(ctx, caseIds)) >= caseIds.length, 120_000 + caseIds.length * 500, 200);
}

async function publishHandovers(ctx: BenchContext, graduates: readonly FixtureGraduate[]): Promise<void> {
  const handoverId = `BENCH-${randomUUID().slice(0, 8)}`;
  const messages = graduates.map((g) => ({ key: g.idNumber, value: JSON.stringify(handoverOf(g, handoverId)) }));
  for (let i = 0; i < messages.length; i += 500) await ctx.producer.send({ topic: HANDOVER_TOPIC, messages: messages.slice(i, i + 500) });
}

export const caseOpenScenario: Scenario = {
  name: 'case-open',
  async run(ctx) {
    const { rounds, caseOpenCount, helloCount } = ctx.sizes;
    const rates: number[] = [];
    const hellos: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      const hello = await ctx.hello.throughput(helloCount);
      hellos.push(hello);
      ctx.helloRates.push(hello);
      const graduates = people(caseOpenCount);
      const caseIds = graduates.map((g) => caseIdOf(ctx, g));
      const started = performance.now();
      await publishHandovers(ctx, graduates);
      const done = await allOpened(ctx, caseIds, `round ${round}: ${caseOpenCount} cases from Kafka`);
      rates.push(caseOpenCount / ((done - started) / 1000));
      ctx.say(`case-open round ${round}: hello ${hello.toFixed(1)}/s, cases ${rates.at(-1)!.toFixed(1)}/s`);
    }
    return [
      {
        name: 'case-open-throughput',
        value: median(rates),
        unit: 'cases/s',
        baseline: median(hellos),
        note: `${rounds} rounds of ${caseOpenCount} handovers; baseline: hello rounds beside them`,
      },
    ];
  },
};

/** The list as a bureau receives it: the headers and cell kinds of the committed sample. */
async function writeGraduateList(file: string, graduates: readonly FixtureGraduate[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('离校未就业毕业生');
  sheet.columns = [
    { header: '序号' },
    { header: '姓名' },
    { header: '身份证号码', style: { numFmt: '@' } },
    { header: '联系电话', style: { numFmt: '@' } },
    { header: '毕业院校' },
    { header: '专业' },
    { header: '学历' },
    { header: '毕业时间', style: { numFmt: 'yyyy-mm-dd' } },
    { header: '户籍所在地代码', style: { numFmt: '@' } },
  ];
  const degrees = { associate: '专科', bachelor: '本科', master: '硕士研究生', doctor: '博士研究生' } as const;
  graduates.forEach((g, i) => {
    const [y, m, d] = g.graduationDate.split('-').map(Number);
    sheet.addRow([i + 1, g.name, g.idNumber, g.phone, g.school, g.major, degrees[g.degree], new Date(Date.UTC(y!, m! - 1, d)), g.householdRegionCode]).commit();
  });
  sheet.commit();
  await workbook.commit();
}

/** Rows per import request: BENCH_IMPORT_BATCH_SIZE to try another size, the import's own default otherwise. */
const importBatchSize = process.env.BENCH_IMPORT_BATCH_SIZE ? Number(process.env.BENCH_IMPORT_BATCH_SIZE) : undefined;

export const bulkImportScenario: Scenario = {
  name: 'bulk-import',
  async run(ctx) {
    const { importRows, importRounds, helloCount } = ctx.sizes;
    const rates: number[] = [];
    const hellos: number[] = [];
    const token = await ctx.token('caseworker', '22');
    let workerCpu = 0;
    let apiCpu = 0;
    let temporalCpu = 0;
    for (let round = 1; round <= importRounds; round += 1) {
      const hello = await ctx.hello.throughput(helloCount);
      hellos.push(hello);
      ctx.helloRates.push(hello);
      const graduates = people(importRows);
      const caseIds = graduates.map((g) => caseIdOf(ctx, g));
      const file = path.join(ctx.workDir, `graduates-${round}.xlsx`);
      await writeGraduateList(file, graduates);
      const cpuBefore = await Promise.all([cpuMs(ctx.workerPid), cpuMs(ctx.apiPid), ctx.temporalPid ? cpuMs(ctx.temporalPid) : 0]);
      const started = performance.now();
      const summary = await runImport(graduateList({ handoverId: `BENCH-IMPORT-${randomUUID().slice(0, 8)}`, occurredAt: shanghaiInstant() }), {
        file,
        api: ctx.apiUrl,
        token,
        rejectedPath: path.join(ctx.workDir, `rejected-${round}.csv`),
        batchSize: importBatchSize,
      });
      if (summary.imported !== importRows)
        throw new Error(`import round ${round}: ${summary.imported} of ${importRows} rows opened cases (${summary.rejected} rejected)`);
      const accepted = performance.now();
      const done = await allOpened(ctx, caseIds, `import round ${round}: ${importRows} cases with their first-contact task`);
      const cpuAfter = await Promise.all([cpuMs(ctx.workerPid), cpuMs(ctx.apiPid), ctx.temporalPid ? cpuMs(ctx.temporalPid) : 0]);
      workerCpu += cpuAfter[0] - cpuBefore[0];
      apiCpu += cpuAfter[1] - cpuBefore[1];
      temporalCpu += cpuAfter[2] - cpuBefore[2];
      rates.push(importRows / ((done - started) / 1000));
      ctx.say(
        `bulk-import round ${round}: hello ${hello.toFixed(1)}/s, rows ${rates.at(-1)!.toFixed(1)}/s ` +
          `(all accepted after ${((accepted - started) / 1000).toFixed(1)} s, all tasks after ${((done - started) / 1000).toFixed(1)} s)`,
      );
    }
    // With a single import round, the hello round after it counts as well: both sides of it.
    if (importRounds === 1) {
      const after = await ctx.hello.throughput(helloCount);
      hellos.push(after);
      ctx.helloRates.push(after);
    }
    const opened = importRows * importRounds;
    ctx.figures.workerCpuMsPerCaseOpened = workerCpu / opened;
    ctx.figures.apiCpuMsPerImportedRow = apiCpu / opened;
    if (ctx.temporalPid) ctx.figures.temporalCpuMsPerCaseOpened = temporalCpu / opened;

    const { rows } = await ctx.db.query<{ n: string }>("SELECT count(*) AS n FROM \"case\" WHERE type = 'graduate-1311' AND status <> 'closed'");
    const openCases = Number(rows[0]?.n ?? 0);
    const memory = await residentMemory(ctx.workerPid);
    ctx.figures.openCasesAtRss = openCases;
    ctx.figures.workerPeakRssMb = memory.peakMb;
    return [
      {
        name: 'bulk-import-throughput',
        value: median(rates),
        unit: 'rows/s',
        baseline: median(hellos),
        note: `${importRounds} × ${importRows}-row XLSX via POST /api/imports/graduates; baseline: hello rounds beside them`,
      },
      {
        name: 'worker-rss-10k',
        value: memory.rssMb,
        unit: 'MB',
        baseline: ctx.workerIdleRssMb,
        note: `${openCases} open cases, maxCachedWorkflows ${ctx.workflowCacheSize}, peak ${memory.peakMb.toFixed(0)} MB; baseline: the same worker before any case`,
      },
    ];
  },
};

export const eventLatencyScenario: Scenario = {
  name: 'event-latency',
  async run(ctx) {
    const { latencyPerSecond, latencySeconds } = ctx.sizes;
    const hello = await ctx.hello.latencies(latencyPerSecond, latencySeconds);

    // The lifecycle event of each case as it arrives; the consumer joins before anything is sent.
    const announced = new Map<string, number>();
    const consumer = ctx.kafka.consumer({ groupId: `bench-latency-${randomUUID()}`, maxWaitTimeInMs: 20 });
    await consumer.connect();
    await consumer.subscribe({ topic: LIFECYCLE_TOPIC, fromBeginning: false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as { kind?: string; caseId?: string };
        if (event.kind === 'opened' && event.caseId && !announced.has(event.caseId)) announced.set(event.caseId, performance.now());
      },
    });
    await joined;

    const count = Math.round(latencyPerSecond * latencySeconds);
    const graduates = people(count);
    const handoverId = `BENCH-LATENCY-${randomUUID().slice(0, 8)}`;
    const sentAt = new Map<string, number>();
    const visibleAt = new Map<string, number>();
    let publishing = true;
    // The read model is looked at every 20 ms for the cases still waiting: case row and first task.
    const watcher = (async () => {
      while (publishing || visibleAt.size < sentAt.size) {
        const waiting = [...sentAt.keys()].filter((id) => !visibleAt.has(id));
        if (waiting.length > 0) {
          const { rows } = await ctx.db.query<{ case_id: string }>(
            'SELECT t.case_id FROM task t JOIN "case" c ON c.id = t.case_id WHERE t.type = $1 AND t.case_id = ANY($2)',
            [FIRST_CONTACT, waiting],
          );
          const now = performance.now();
          for (const r of rows) if (!visibleAt.has(r.case_id)) visibleAt.set(r.case_id, now);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const start = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < count; i += 1) {
      const due = start + (i * 1000) / latencyPerSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const g = graduates[i]!;
      sentAt.set(caseIdOf(ctx, g), performance.now());
      sends.push(ctx.producer.send({ topic: HANDOVER_TOPIC, messages: [{ key: g.idNumber, value: JSON.stringify(handoverOf(g, handoverId)) }] }));
    }
    await Promise.all(sends);
    publishing = false;
    const drainS = 120 + count;
    // A system slower than the rate drains a backlog after the last send: measured, not failed.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      watcher,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`event latency: cases still not visible after ${drainS} s`)), drainS * 1000);
      }),
    ]).finally(() => clearTimeout(timer));
    await until('the lifecycle events of every case', async () => [...sentAt.keys()].every((id) => announced.has(id)), 60_000);
    await consumer.disconnect();
    const latencies = [...sentAt].map(([id, t0]) => Math.max(visibleAt.get(id)!, announced.get(id)!) - t0);
    const note = `${count} handovers at ${latencyPerSecond}/s → case + first task in the read model + ${LIFECYCLE_TOPIC} opened; baseline: hello start→result at the same rate`;
    return [
      { name: 'event-latency-p50', value: percentile(latencies, 50), unit: 'ms', baseline: percentile(hello, 50), note },
      { name: 'event-latency-p99', value: percentile(latencies, 99), unit: 'ms', baseline: percentile(hello, 99), note },
    ];
  },
};
