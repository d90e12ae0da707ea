/**
 * The fault suite's own engines: a Temporal dev server, a KRaft Kafka broker and PostgreSQL on ports
 * of their own, always started here (never the shared or a developer's engines), because the suite
 * stops and starts Temporal and Kafka in the middle of a run. Both keep their state across a restart:
 * the dev server its SQLite file under the data directory, the broker its log directory.
 */
import path from 'node:path';
import { defaultCacheDir } from '../../activities/infra/config.js';
import { ensureKafka } from '../../deploy/engines/kafka.js';
import { ensurePostgres } from '../../deploy/engines/postgres.js';
import type { ManagedProcess } from '../../deploy/engines/process.js';
import { ensureTemporal } from '../../deploy/engines/temporal.js';

export const FAULT_PORTS = { temporal: 47233, kafka: 49092, postgres: 45432 } as const;

export interface FaultEngines {
  temporalAddress: string;
  kafkaBrokers: string[];
  /** A URL of the PostgreSQL server for the named database. */
  postgresUrl(database: string): string;
  restartTemporal(): Promise<void>;
  restartKafka(): Promise<void>;
  stop(): Promise<void>;
}

function owned(engine: { process?: ManagedProcess; source: string }, what: string): ManagedProcess {
  // An engine found already running on the suite's port would be someone else's: restarting it is not ours to do.
  if (!engine.process) throw new Error(`${what} answered on the fault suite's port before the suite started it (${engine.source}); stop it first`);
  return engine.process;
}

export async function startFaultEngines(dataDir: string, progress: (m: string) => void): Promise<FaultEngines> {
  const cacheDir = process.env.JIUYE_CACHE_DIR ?? defaultCacheDir();
  const temporalOptions = {
    cacheDir,
    dataDir,
    cli: process.env.TEMPORAL_CLI,
    port: FAULT_PORTS.temporal,
    uiPort: FAULT_PORTS.temporal + 1000,
    onProgress: progress,
  };
  const kafkaOptions = { cacheDir, dataDir, port: FAULT_PORTS.kafka, onProgress: progress };
  const settled = await Promise.allSettled([ensureTemporal(temporalOptions), ensureKafka(kafkaOptions), ensurePostgres({ port: FAULT_PORTS.postgres })]);
  const started: ManagedProcess[] = [];
  for (const r of settled) if (r.status === 'fulfilled' && 'process' in r.value && r.value.process) started.push(r.value.process);
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    for (const p of started) await p.stop();
    throw failure.reason;
  }
  const [temporal, kafka, postgres] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<ReturnType<typeof ensureTemporal>>,
    Awaited<ReturnType<typeof ensureKafka>>,
    Awaited<ReturnType<typeof ensurePostgres>>,
  ];
  let temporalProcess = owned(temporal, 'Temporal');
  let kafkaProcess = owned(kafka, 'Kafka');
  progress(`temporal ${temporal.address} (state ${path.join(dataDir, 'temporal')}), kafka ${kafka.brokers.join(',')}, postgres :${FAULT_PORTS.postgres}`);
  return {
    temporalAddress: temporal.address,
    kafkaBrokers: kafka.brokers,
    postgresUrl: postgres.url,
    async restartTemporal() {
      await temporalProcess.stop();
      temporalProcess = owned(await ensureTemporal(temporalOptions), 'Temporal');
    },
    async restartKafka() {
      await kafkaProcess.stop();
      kafkaProcess = owned(await ensureKafka(kafkaOptions), 'Kafka');
    },
    async stop() {
      for (const p of [kafkaProcess, temporalProcess, ...(postgres.process ? [postgres.process] : [])]) await p.stop();
    },
  };
}
