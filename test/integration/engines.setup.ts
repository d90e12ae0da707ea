/**
 * Provisions the real engines once for all integration tests: the Temporal dev server, a KRaft
 * Kafka broker and PostgreSQL (DATABASE_URL if given, else a throwaway server from the machine's
 * packages). Nothing is skipped: if an engine cannot be had, the run fails and says why.
 * Ports differ from `npm start`'s defaults so tests never touch a developer's running system.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { defaultCacheDir } from '../../activities/infra/config.js';
import { ensureKafka } from '../../deploy/engines/kafka.js';
import { ensurePostgres } from '../../deploy/engines/postgres.js';
import type { ManagedProcess } from '../../deploy/engines/process.js';
import { ensureTemporal } from '../../deploy/engines/temporal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    kafkaBrokers: string[];
    postgresBaseUrl: string;
    engineSummary: string;
  }
}

const TEMPORAL_PORT = 17233;
const KAFKA_PORT = 19092;
const POSTGRES_PORT = 15432;

export default async function setup(project: TestProject) {
  const cacheDir = process.env.JIUYE_CACHE_DIR ?? defaultCacheDir();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-it-'));
  const owned: ManagedProcess[] = [];
  const progress = (m: string) => process.stdout.write(`[engines] ${m}\n`);
  try {
    // allSettled, not all: when one engine fails, the others may still be starting and must be
    // stopped too, or their processes keep the test run from exiting.
    const settled = await Promise.allSettled([
      ensureTemporal({
        address: process.env.TEMPORAL_ADDRESS,
        cli: process.env.TEMPORAL_CLI,
        cacheDir,
        dataDir,
        port: TEMPORAL_PORT,
        uiPort: TEMPORAL_PORT + 1000,
        onProgress: progress,
      }),
      ensureKafka({ brokers: process.env.KAFKA_BROKERS?.split(','), cacheDir, dataDir, port: KAFKA_PORT, onProgress: progress }),
      ensurePostgres({ url: process.env.DATABASE_URL, port: POSTGRES_PORT }),
    ]);
    for (const r of settled) if (r.status === 'fulfilled' && r.value.process) owned.push(r.value.process);
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    const [temporal, kafka, postgres] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
      Awaited<ReturnType<typeof ensureTemporal>>,
      Awaited<ReturnType<typeof ensureKafka>>,
      Awaited<ReturnType<typeof ensurePostgres>>,
    ];
    const summary = [
      `Temporal ${temporal.address} [${temporal.source}]`,
      `Kafka ${kafka.brokers.join(',')} [${kafka.source}]`,
      `PostgreSQL ${postgres.url('postgres').replace(/\/\/[^@]*@/, '//')} [${postgres.source}]`,
    ].join('; ');
    progress(`real engines: ${summary}`);
    project.provide('temporalAddress', temporal.address);
    project.provide('kafkaBrokers', kafka.brokers);
    project.provide('postgresBaseUrl', postgres.url('postgres'));
    project.provide('engineSummary', summary);
  } catch (err) {
    for (const p of owned) await p.stop();
    throw err;
  }
  return async () => {
    for (const p of owned.reverse()) await p.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
