/**
 * The bench's engines: the configured ones (TEMPORAL_ADDRESS, KAFKA_BROKERS, DATABASE_URL) or its
 * own on ports of its own, never the developer's or the test suites'. Its own Temporal dev server
 * and Kafka broker keep their state in a fresh directory, so each run starts on empty engines;
 * the database is always a new one, so the read-model figures count this run's rows only.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { defaultCacheDir } from '../activities/infra/config.js';
import { ensureKafka } from '../deploy/engines/kafka.js';
import { ensurePostgres } from '../deploy/engines/postgres.js';
import type { ManagedProcess } from '../deploy/engines/process.js';
import { DEV_SERVER_SQLITE_PRAGMAS, ensureTemporal } from '../deploy/engines/temporal.js';

export const BENCH_PORTS = { temporal: 57233, kafka: 59092, postgres: 55432 } as const;

export interface BenchEngines {
  temporalAddress: string;
  kafkaBrokers: string[];
  databaseUrl: string;
  /** The dev server's process when the bench started it: its CPU time is part of the figures. */
  temporalPid?: number;
  /** What was used, for the report: started here or configured. */
  describe: string;
  stop(): Promise<void>;
}

export interface EngineChoice {
  dataDir: string;
  /** SQLite's own defaults instead of DEV_SERVER_SQLITE_PRAGMAS: the "before" of that lever. */
  defaultPragmas: boolean;
  say: (line: string) => void;
}

export async function startBenchEngines({ dataDir, defaultPragmas, say }: EngineChoice): Promise<BenchEngines> {
  const env = process.env;
  const cacheDir = env.JIUYE_CACHE_DIR ?? defaultCacheDir();
  const brokers = env.KAFKA_BROKERS?.split(',').filter((b) => b.trim() !== '');
  const pragmas = defaultPragmas ? {} : DEV_SERVER_SQLITE_PRAGMAS;
  const settled = await Promise.allSettled([
    ensureTemporal({
      address: env.TEMPORAL_ADDRESS,
      cli: env.TEMPORAL_CLI,
      cacheDir,
      dataDir,
      port: BENCH_PORTS.temporal,
      uiPort: BENCH_PORTS.temporal + 1000,
      sqlitePragmas: pragmas,
      onProgress: say,
    }),
    ensureKafka({ brokers, cacheDir, dataDir, port: BENCH_PORTS.kafka, onProgress: say }),
    ensurePostgres({ url: env.DATABASE_URL, port: BENCH_PORTS.postgres }),
  ]);
  const owned: ManagedProcess[] = [];
  for (const r of settled) if (r.status === 'fulfilled' && r.value.process) owned.push(r.value.process);
  const stopOwned = async () => {
    for (const p of owned.reverse()) await p.stop();
  };
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stopOwned();
    throw failure.reason;
  }
  const [temporal, kafka, postgres] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<ReturnType<typeof ensureTemporal>>,
    Awaited<ReturnType<typeof ensureKafka>>,
    Awaited<ReturnType<typeof ensurePostgres>>,
  ];
  const database = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgres.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const pragmaText =
    temporal.source === 'started'
      ? ` (SQLite pragmas: ${
          Object.entries(pragmas)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ') || 'defaults'
        })`
      : '';
  return {
    temporalAddress: temporal.address,
    kafkaBrokers: kafka.brokers,
    databaseUrl: postgres.url(database),
    temporalPid: temporal.process?.pid,
    describe: `Temporal ${temporal.address} [${temporal.source}]${pragmaText}, Kafka ${kafka.brokers.join(',')} [${kafka.source}], PostgreSQL [${postgres.source}] database ${database}`,
    stop: stopOwned,
  };
}
