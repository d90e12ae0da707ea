/**
 * `npm run bench [-- --quick] [--out PATH] [--only a,b] [--sqlite-default-pragmas]`: measures the
 * system beside a bare-Temporal baseline in the same run, on the same engines, and prints a table
 * (and writes `{ "scenarios": [ { name, value, unit, baseline, ratio } ], … }` to PATH).
 *
 * It uses the configured engines (TEMPORAL_ADDRESS, KAFKA_BROKERS, DATABASE_URL) or starts its own
 * on ports of its own (bench/engines.ts), starts the system as `npm start` does, in two processes
 * (API + intake, worker), and runs the scenarios of SCENARIOS in order. Timings are medians over
 * rounds and every figure stands beside its baseline: the machine is shared and noisy, ratios
 * travel better than absolute numbers.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { WORKFLOW_CACHE_SIZE_DEFAULT } from '../activities/infra/config.js';
import { projectRoot } from '../activities/infra/paths.js';
import { startRegistryStandIn } from '../deploy/registries/stand-in.js';
import { createTokenService } from '../services/http/auth.js';
import type { BenchContext, Scenario, ScenarioResult, Sizes } from './context.js';
import { startBenchEngines } from './engines.js';
import { streamScenario } from './stream-subscribers.js';
import { taskActionsStep } from './task-actions.js';
import { figuresStep, outboundMessageCount } from './figures.js';
import { bulkImportScenario, caseOpenScenario, eventLatencyScenario } from './graduate-scenarios.js';
import { startHelloBaseline } from './hello.js';
import { inboxScenario } from './inbox-scenario.js';
import { median } from './measure.js';
import { residentMemory, startSystemProcess, type BenchProcess } from './system.js';

const QUICK: Sizes = {
  rounds: 3,
  helloCount: 150,
  caseOpenCount: 100,
  importRows: 200,
  importRounds: 2,
  latencyPerSecond: 20,
  latencySeconds: 15,
  inboxTasks: 100_000,
  inboxQueries: 200,
  taskActions: 50,
  streamSubscribers: 100,
  streamPerSecond: 50,
  streamSeconds: 15,
};

const FULL: Sizes = {
  rounds: 5,
  helloCount: 500,
  caseOpenCount: 500,
  importRows: 10_000,
  importRounds: 1,
  latencyPerSecond: 20,
  latencySeconds: 60,
  inboxTasks: 100_000,
  inboxQueries: 500,
  taskActions: 200,
  streamSubscribers: 1000,
  streamPerSecond: 50,
  streamSeconds: 60,
};

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

/** What to stop, last started first, on the way out or on Ctrl-C. */
const stops: Array<() => Promise<void>> = [];
async function stopAll(): Promise<void> {
  for (const stop of stops.reverse().splice(0)) await stop().catch((err: unknown) => say(`while stopping: ${String(err)}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping what the bench started…`);
    void stopAll().finally(() => process.exit(130));
  });
}

/** The system runs as `npm start` runs it: from the build, made here so it is the current code. */
async function build(): Promise<void> {
  say('npm run build (the system runs from dist/, as npm start runs it)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build'], { cwd: projectRoot(), stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      only: { type: 'string' },
      'sqlite-default-pragmas': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const sizes = values.quick ? QUICK : FULL;
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-bench-'));
  const started = new Date();
  try {
    await build();
    const engines = await startBenchEngines({ dataDir: workDir, defaultPragmas: values['sqlite-default-pragmas'], say });
    stops.push(() => engines.stop());
    say(engines.describe);
    const registries = await startRegistryStandIn({ token: randomBytes(16).toString('hex') });
    stops.push(() => registries.stop());
    const secrets = {
      JIUYE_PAYLOAD_KEY: randomBytes(32).toString('base64'),
      JIUYE_ID_HASH_KEY: randomBytes(32).toString('hex'),
      JIUYE_JWT_SECRET: randomBytes(32).toString('hex'),
      JIUYE_PII_KEY: randomBytes(32).toString('base64'),
    };
    const suffix = randomBytes(4).toString('hex');
    const env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      DATABASE_URL: engines.databaseUrl,
      TEMPORAL_ADDRESS: engines.temporalAddress,
      KAFKA_BROKERS: engines.kafkaBrokers.join(','),
      // Its own queue and group: on configured engines nothing else takes these cases or messages.
      TEMPORAL_TASK_QUEUE: `bench-cases-${suffix}`,
      KAFKA_GROUP_ID: `bench-intake-${suffix}`,
      JIUYE_DATA_DIR: path.join(workDir, 'system'),
      SI_REGISTRY_URL: registries.siUrl,
      SI_REGISTRY_TOKEN: registries.token,
      AMR_REGISTRY_URL: registries.amrUrl,
      AMR_REGISTRY_TOKEN: registries.token,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...secrets,
    };
    say('starting the system: API + intake, then the worker (each bundles or loads its code first)…');
    // One after the other: both migrate the database at start, and the first does the work.
    const api = await startSystemProcess('api+intake', { ...env, JIUYE_ROLES: 'api,intake', PORT: '0' }, path.join(workDir, 'api.log'));
    stops.push(() => api.stop());
    const worker: BenchProcess = await startSystemProcess('worker', { ...env, JIUYE_ROLES: 'worker', PORT: '0' }, path.join(workDir, 'worker.log'));
    stops.push(() => worker.stop());
    if (!api.httpUrl) throw new Error('the API process did not say where it listens');

    const db = new pg.Pool({ connectionString: engines.databaseUrl, max: 4 });
    stops.push(() => db.end());
    const kafka = new Kafka({ clientId: 'jiuye-bench', brokers: engines.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    stops.push(() => producer.disconnect());
    const outboundAtStart = await outboundMessageCount(kafka);
    const hello = await startHelloBaseline(engines.temporalAddress);
    stops.push(() => hello.stop());
    const signer = createTokenService(secrets.JIUYE_JWT_SECRET);

    const ctx: BenchContext = {
      sizes,
      say,
      hello,
      helloRates: [],
      db,
      kafka,
      producer,
      apiUrl: api.httpUrl,
      token: (role, jurisdiction) => signer.sign({ userId: `bench-${role}`, role, jurisdiction }),
      idHashKey: secrets.JIUYE_ID_HASH_KEY,
      workerPid: worker.pid,
      apiPid: api.pid,
      temporalPid: engines.temporalPid,
      workerIdleRssMb: (await residentMemory(worker.pid)).rssMb,
      workflowCacheSize: process.env.JIUYE_WORKFLOW_CACHE_SIZE ?? WORKFLOW_CACHE_SIZE_DEFAULT,
      workDir,
      figures: {},
    };

    say('warming up (not counted): 50 hello workflows');
    await hello.throughput(50);

    // The import comes first, so the worker's memory is read with the import's cases open.
    const SCENARIOS: Scenario[] = [
      bulkImportScenario,
      caseOpenScenario,
      eventLatencyScenario,
      figuresStep(engines.temporalAddress, () => outboundAtStart),
      // After the opening figures (it adds rows and events of its own), before the inbox's synthetic tasks.
      taskActionsStep(engines.temporalAddress),
      inboxScenario,
      streamScenario({ temporalAddress: engines.temporalAddress, kafkaBrokers: engines.kafkaBrokers, databaseUrl: engines.databaseUrl }),
    ];
    const only = values.only?.split(',').map((s) => s.trim());
    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      if (only && !only.includes(scenario.name) && scenario.name !== 'figures') continue;
      say(`── ${scenario.name}`);
      results.push(...(await scenario.run(ctx)));
    }
    const helloRate = median(ctx.helloRates);
    const table = [
      ...(ctx.helloRates.length > 0
        ? [
            {
              name: 'hello-baseline',
              value: helloRate,
              unit: 'workflows/s',
              baseline: helloRate,
              note: `median of ${ctx.helloRates.length} rounds of ${sizes.helloCount}, 32 starters`,
            },
          ]
        : []),
      ...results,
    ].map((r) => ({ ...r, ratio: r.value / r.baseline }));

    const report = {
      date: started.toISOString(),
      mode: values.quick ? 'quick' : 'full',
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, load ${os.loadavg()[0]?.toFixed(1)} at the end`,
      engines: engines.describe,
      sizes,
      scenarios: table,
      figures: ctx.figures,
    };
    process.stdout.write(`\n${formatTable(table)}\n\nfigures: ${JSON.stringify(ctx.figures, null, 2)}\n`);
    if (values.out) {
      writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
      say(`written to ${values.out}`);
    }
  } finally {
    await stopAll();
    if (!values.keep) rmSync(workDir, { recursive: true, force: true });
    else say(`kept ${workDir}`);
  }
}

function formatTable(rows: Array<ScenarioResult & { ratio: number }>): string {
  const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));
  const lines = [
    '| scenario | value | unit | baseline | ratio | how |',
    '|---|---:|---|---:|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${num(r.value)} | ${r.unit} | ${num(r.baseline)} | ${r.ratio.toFixed(2)} | ${r.note ?? ''} |`),
  ];
  return lines.join('\n');
}

await main();
