/**
 * The API process the stream benchmark measures (bench/stream-subscribers.ts forks it): the system
 * with the api role only, on the engines named by the environment, answering its parent's
 * questions about its resident memory and stream counts over IPC.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../activities/infra/config.js';
import { createLogger } from '../activities/infra/logger.js';
import { startSystem } from '../services/system.js';

const env = process.env;
const config = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  JIUYE_ROLES: 'api',
  JIUYE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'jiuye-bench-stream-')),
  DATABASE_URL: env.DATABASE_URL,
  KAFKA_BROKERS: env.KAFKA_BROKERS,
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  TEMPORAL_TASK_QUEUE: `bench-stream-${randomBytes(4).toString('hex')}`,
  JIUYE_PAYLOAD_KEY: randomBytes(32).toString('base64'),
  JIUYE_ID_HASH_KEY: randomBytes(16).toString('hex'),
  JIUYE_JWT_SECRET: env.BENCH_JWT_SECRET,
  JIUYE_PII_KEY: randomBytes(32).toString('base64'),
  SI_REGISTRY_URL: 'http://127.0.0.1:9/si',
  AMR_REGISTRY_URL: 'http://127.0.0.1:9/amr',
  STREAM_MAX_SUBSCRIBERS: env.STREAM_MAX_SUBSCRIBERS ?? '5000',
  LOG_LEVEL: 'warn',
});
const system = await startSystem(
  config,
  {
    temporalAddress: env.TEMPORAL_ADDRESS!,
    kafkaBrokers: env.KAFKA_BROKERS!.split(','),
    registries: { si: { url: 'http://127.0.0.1:9/si' }, amr: { url: 'http://127.0.0.1:9/amr' } },
  },
  createLogger('warn'),
);
process.send!({ kind: 'started', httpUrl: system.httpUrl });
process.on('message', (m: { kind: string }) => {
  if (m.kind === 'memory') process.send!({ kind: 'memory', rssMb: process.memoryUsage().rss / 2 ** 20 });
  if (m.kind === 'stream') process.send!({ kind: 'stream', windowLoaded: system.stream?.status().windowLoaded ?? false });
  if (m.kind === 'stop') void system.stop().then(() => process.exit(0));
});
