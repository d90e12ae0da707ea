/**
 * Process configuration, parsed once at start-up and passed down. Nothing below this reads
 * process.env, so a bad value fails fast with the variable's name instead of deep in a request.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/**
 * What one process of the system runs. All of them by default; a deployment (or the fault suite,
 * which must kill the worker alone) splits them over processes sharing the same engines.
 */
export const SYSTEM_ROLES = ['worker', 'intake', 'api'] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port(3000),
  JIUYE_DATA_DIR: z.string().default('.data'),
  JIUYE_CACHE_DIR: optionalString,
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('jiuye-cases'),
  TEMPORAL_CLI: optionalString,
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  KAFKA_BROKERS: optionalString,
  KAFKA_PORT: port(9092),
  KAFKA_CLIENT_ID: z.string().default('jiuye'),
  KAFKA_GROUP_ID: z.string().default('jiuye-intake'),
  DATABASE_URL: optionalString,
  JIUYE_PAYLOAD_KEY: optionalString,
  JIUYE_ID_HASH_KEY: optionalString,
  JIUYE_JWT_SECRET: optionalString,
  JIUYE_PII_KEY: optionalString,
  SI_REGISTRY_URL: optionalString,
  SI_REGISTRY_TOKEN: optionalString,
  AMR_REGISTRY_URL: optionalString,
  AMR_REGISTRY_TOKEN: optionalString,
  REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  REGISTRY_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).default(8),
  REGISTRY_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  REGISTRY_BREAKER_OPEN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  REGISTRY_STAND_IN_PORT: port(3100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JIUYE_ROLES: z
    .string()
    .default(SYSTEM_ROLES.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r !== ''),
    )
    .pipe(z.array(z.enum(SYSTEM_ROLES)).min(1, { error: `name at least one of ${SYSTEM_ROLES.join(', ')}` })),
});

export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { host: string; port: number };
  dataDir: string;
  cacheDir: string;
  temporal: {
    /** Set when an external server is configured; otherwise a local dev server is provisioned. */
    address?: string;
    namespace: string;
    taskQueue: string;
    cli?: string;
    port: number;
    uiPort: number;
  };
  kafka: { brokers?: string[]; port: number; clientId: string; groupId: string };
  database: { url?: string };
  secrets: { payloadKey?: string; idHashKey?: string; jwtSecret?: string; piiKey?: string };
  registries: {
    /** Both set: the departments' registries. Neither set (not in production): the stand-in is started. */
    si?: { url: string; token?: string };
    amr?: { url: string; token?: string };
    timeoutMs: number;
    maxInFlight: number;
    breaker: { failures: number; openMs: number };
    standInPort: number;
  };
  logLevel: Env['LOG_LEVEL'];
  roles: ReadonlySet<SystemRole>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The user's cache directory (XDG on Linux), so engine downloads survive clean clones. */
export function defaultCacheDir(environment: NodeJS.ProcessEnv = process.env): string {
  const xdg = environment.XDG_CACHE_HOME;
  const base = xdg && xdg.trim() !== '' ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'jiuye');
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = EnvSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (Boolean(e.SI_REGISTRY_URL) !== Boolean(e.AMR_REGISTRY_URL)) {
    throw new ConfigError(
      "invalid environment:\n  SI_REGISTRY_URL and AMR_REGISTRY_URL: set both (the departments' registries) or neither (the development stand-in)",
    );
  }
  if (e.NODE_ENV === 'production' && !e.SI_REGISTRY_URL) {
    throw new ConfigError(
      'invalid environment:\n  SI_REGISTRY_URL, AMR_REGISTRY_URL: required in production (the stand-in registries are for development and tests only)',
    );
  }
  const brokers = e.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT },
    dataDir: path.resolve(cwd, e.JIUYE_DATA_DIR),
    cacheDir: e.JIUYE_CACHE_DIR ? path.resolve(cwd, e.JIUYE_CACHE_DIR) : defaultCacheDir(environment),
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cli: e.TEMPORAL_CLI,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    kafka: { brokers, port: e.KAFKA_PORT, clientId: e.KAFKA_CLIENT_ID, groupId: e.KAFKA_GROUP_ID },
    database: { url: e.DATABASE_URL },
    secrets: { payloadKey: e.JIUYE_PAYLOAD_KEY, idHashKey: e.JIUYE_ID_HASH_KEY, jwtSecret: e.JIUYE_JWT_SECRET, piiKey: e.JIUYE_PII_KEY },
    registries: {
      si: e.SI_REGISTRY_URL ? { url: e.SI_REGISTRY_URL, token: e.SI_REGISTRY_TOKEN } : undefined,
      amr: e.AMR_REGISTRY_URL ? { url: e.AMR_REGISTRY_URL, token: e.AMR_REGISTRY_TOKEN } : undefined,
      timeoutMs: e.REGISTRY_TIMEOUT_MS,
      maxInFlight: e.REGISTRY_MAX_IN_FLIGHT,
      breaker: { failures: e.REGISTRY_BREAKER_FAILURES, openMs: e.REGISTRY_BREAKER_OPEN_MS },
      standInPort: e.REGISTRY_STAND_IN_PORT,
    },
    logLevel: e.LOG_LEVEL,
    roles: new Set(e.JIUYE_ROLES),
  };
}
