/**
 * Process configuration, parsed once at start-up and passed down. Nothing below this reads
 * process.env, so a bad value fails fast with the variable's name instead of deep in a request.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { Role } from '../../domain/actor.js';

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

// ── Transport security: TLS, mTLS and API key to Temporal, SSL and SASL to Kafka, TLS to PostgreSQL ──

/** 'true' or 'false'; empty or absent is undecided, left to the rules in transportSecurity(). */
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['', 'true', 'false']))
  .transform((v) => (v === '' ? undefined : v === 'true'))
  .optional();

const saslMechanism = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['', 'plain', 'scram-sha-256', 'scram-sha-512']))
  .transform((v) => (v === '' ? undefined : v))
  .optional();

function transportEnv() {
  return {
    TEMPORAL_TLS: flag,
    TEMPORAL_TLS_CA_FILE: optionalString,
    TEMPORAL_TLS_SERVER_NAME: optionalString,
    TEMPORAL_TLS_CERT_FILE: optionalString,
    TEMPORAL_TLS_KEY_FILE: optionalString,
    TEMPORAL_API_KEY: optionalString,
    TEMPORAL_ALLOW_PLAINTEXT: flag,
    KAFKA_SSL: flag,
    KAFKA_SSL_CA_FILE: optionalString,
    KAFKA_SSL_CERT_FILE: optionalString,
    KAFKA_SSL_KEY_FILE: optionalString,
    KAFKA_SASL_MECHANISM: saslMechanism,
    KAFKA_SASL_USERNAME: optionalString,
    KAFKA_SASL_PASSWORD: optionalString,
    DATABASE_SSL_CA_FILE: optionalString,
    DATABASE_SSL_CERT_FILE: optionalString,
    DATABASE_SSL_KEY_FILE: optionalString,
  };
}

/** TLS to a server: its CA (absent: the system's CAs), and a client certificate for mutual TLS. */
export interface TlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface TemporalSecurity {
  /** Absent: plaintext. */
  tls?: TlsFiles & { serverName?: string };
  apiKey?: string;
}

export interface KafkaSecurity {
  /** Absent: plaintext. */
  ssl?: TlsFiles;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/**
 * libpq's sslmode, less the opportunistic ones: 'require' encrypts without checking the server
 * (unless a CA is given: then as verify-ca, as libpq does), 'verify-ca' checks the certificate's
 * chain, 'verify-full' the chain and the host name.
 */
export type DatabaseSslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';
export interface DatabaseSecurity {
  /** The URL without its ssl parameters, which are here instead. */
  url: string;
  ssl: { mode: DatabaseSslMode } & TlsFiles;
}

export interface TransportSecurity {
  temporal: TemporalSecurity;
  kafka: KafkaSecurity;
  database?: DatabaseSecurity;
}

/** libpq's names in DATABASE_URL; pg would read some of them itself, over whatever we pass. */
const urlSslParams = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'] as const;

/**
 * The transport settings, checked against each other: a certificate needs its key, a setting
 * that only means something with TLS needs TLS on, a file comes from one place only.
 */
export function transportSecurity(e: Env): TransportSecurity {
  const problems: string[] = [];
  const pair = (cert: string, key: string, certFile?: string, keyFile?: string) => {
    if (Boolean(certFile) !== Boolean(keyFile)) problems.push(`${cert} and ${key}: set both (a client certificate and its key) or neither`);
  };

  pair('TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE', e.TEMPORAL_TLS_CERT_FILE, e.TEMPORAL_TLS_KEY_FILE);
  const temporalTlsSettings = Boolean(e.TEMPORAL_TLS_CA_FILE || e.TEMPORAL_TLS_SERVER_NAME || e.TEMPORAL_TLS_CERT_FILE);
  // An API key is a bearer secret: it implies TLS, as the SDK does, unless TLS is turned off outright.
  const temporalTls = e.TEMPORAL_TLS ?? (temporalTlsSettings || Boolean(e.TEMPORAL_API_KEY));
  if (!temporalTls && temporalTlsSettings) problems.push('TEMPORAL_TLS=false contradicts TEMPORAL_TLS_CA_FILE / _SERVER_NAME / _CERT_FILE');
  if (e.NODE_ENV === 'production' && !temporalTls && e.TEMPORAL_API_KEY) {
    problems.push('TEMPORAL_API_KEY: refused over plaintext in production (anyone on the path could read it); turn TEMPORAL_TLS on');
  }
  // Anyone who reaches Temporal can read workflow IDs, fail tasks and terminate cases; over plaintext
  // the worker cannot tell the real server from an impostor. A plaintext link stays possible where
  // the network already protects it (a mesh sidecar, loopback), but only as a stated decision.
  if (e.NODE_ENV === 'production' && e.TEMPORAL_ADDRESS && !temporalTls && e.TEMPORAL_ALLOW_PLAINTEXT !== true) {
    problems.push(
      'TEMPORAL_ADDRESS: production needs TLS to an external Temporal (TEMPORAL_TLS=true, a CA or client certificate), or TEMPORAL_ALLOW_PLAINTEXT=true',
    );
  }

  if ((temporalTls || e.TEMPORAL_API_KEY) && !e.TEMPORAL_ADDRESS) {
    problems.push('TEMPORAL_TLS / TEMPORAL_API_KEY: only for an external server (TEMPORAL_ADDRESS); the local dev server speaks plaintext');
  }

  pair('KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE', e.KAFKA_SSL_CERT_FILE, e.KAFKA_SSL_KEY_FILE);
  const kafkaSslSettings = Boolean(e.KAFKA_SSL_CA_FILE || e.KAFKA_SSL_CERT_FILE);
  const kafkaSsl = e.KAFKA_SSL ?? kafkaSslSettings;
  if (!kafkaSsl && kafkaSslSettings) problems.push('KAFKA_SSL=false contradicts KAFKA_SSL_CA_FILE / KAFKA_SSL_CERT_FILE');
  const saslSet = [e.KAFKA_SASL_MECHANISM, e.KAFKA_SASL_USERNAME, e.KAFKA_SASL_PASSWORD].filter(Boolean).length;
  if (saslSet > 0 && saslSet < 3) problems.push('KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD: set all three or none');
  if ((kafkaSsl || saslSet > 0) && !e.KAFKA_BROKERS) {
    problems.push('KAFKA_SSL / KAFKA_SASL_*: only for external brokers (KAFKA_BROKERS); the local broker speaks plaintext');
  }
  if (e.NODE_ENV === 'production' && e.KAFKA_SASL_MECHANISM === 'plain' && !kafkaSsl) {
    problems.push('KAFKA_SASL_MECHANISM=plain sends the password as it is: refused without KAFKA_SSL in production');
  }

  let database: DatabaseSecurity | undefined;
  if (e.DATABASE_URL) {
    let url: URL | undefined;
    try {
      url = new URL(e.DATABASE_URL);
    } catch {
      problems.push('DATABASE_URL: not a URL');
    }
    if (url) {
      const fromUrl = Object.fromEntries(urlSslParams.map((name) => [name, url.searchParams.get(name) ?? undefined]));
      for (const name of urlSslParams) url.searchParams.delete(name);
      for (const other of ['ssl', 'sslpassword', 'sslnegotiation', 'uselibpqcompat']) {
        if (url.searchParams.has(other)) problems.push(`DATABASE_URL: ${other} is not supported; use sslmode and the DATABASE_SSL_*_FILE settings`);
      }
      const file = (param: string, env: string, value?: string) => {
        if (fromUrl[param] && value) problems.push(`DATABASE_URL ${param} and ${env}: give the file in one place`);
        return fromUrl[param] ?? value;
      };
      const files: TlsFiles = {
        caFile: file('sslrootcert', 'DATABASE_SSL_CA_FILE', e.DATABASE_SSL_CA_FILE),
        certFile: file('sslcert', 'DATABASE_SSL_CERT_FILE', e.DATABASE_SSL_CERT_FILE),
        keyFile: file('sslkey', 'DATABASE_SSL_KEY_FILE', e.DATABASE_SSL_KEY_FILE),
      };
      pair('DATABASE_SSL_CERT_FILE (sslcert)', 'DATABASE_SSL_KEY_FILE (sslkey)', files.certFile, files.keyFile);
      const anyFile = Boolean(files.caFile || files.certFile);
      const mode = fromUrl.sslmode ?? (anyFile ? 'verify-full' : 'disable');
      if (!['disable', 'require', 'verify-ca', 'verify-full'].includes(mode)) {
        problems.push(`DATABASE_URL sslmode=${mode}: use disable, require, verify-ca or verify-full (the opportunistic modes may fall back to plaintext)`);
      } else if (mode === 'disable' && anyFile) {
        problems.push('DATABASE_URL sslmode=disable contradicts the certificate files given');
      }
      database = {
        url: url.toString(),
        ssl: { mode: mode as DatabaseSslMode, ...Object.fromEntries(Object.entries(files).filter(([, v]) => v !== undefined)) },
      };
    }
  }

  if (problems.length > 0) throw new ConfigError(`invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return {
    temporal: {
      tls: temporalTls
        ? definedOnly({
            caFile: e.TEMPORAL_TLS_CA_FILE,
            certFile: e.TEMPORAL_TLS_CERT_FILE,
            keyFile: e.TEMPORAL_TLS_KEY_FILE,
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          })
        : undefined,
      apiKey: e.TEMPORAL_API_KEY,
    },
    kafka: {
      ssl: kafkaSsl ? definedOnly({ caFile: e.KAFKA_SSL_CA_FILE, certFile: e.KAFKA_SSL_CERT_FILE, keyFile: e.KAFKA_SSL_KEY_FILE }) : undefined,
      sasl:
        e.KAFKA_SASL_MECHANISM && e.KAFKA_SASL_USERNAME && e.KAFKA_SASL_PASSWORD
          ? { mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME, password: e.KAFKA_SASL_PASSWORD }
          : undefined,
    },
    database,
  };
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };
}

// --- Identity: who may call the API. The bureau's identity provider (OIDC) and the development tokens. ---

const IdentityEnvSchema = z.object({
  /** The identity provider's issuer URL; its discovery document is at <issuer>/.well-known/openid-configuration. */
  OIDC_ISSUER: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OIDC_AUDIENCE: optionalString,
  OIDC_USER_CLAIM: z.string().trim().min(1).default('sub'),
  OIDC_ROLE_CLAIM: z.string().trim().min(1).default('roles'),
  OIDC_JURISDICTION_CLAIM: z.string().trim().min(1).default('jurisdiction'),
  /** The identity provider's role names to ours: `hrss-caseworker:caseworker,hrss-chief:supervisor`. */
  OIDC_ROLE_MAP: optionalString,
  /** HS256 tokens signed with JIUYE_JWT_SECRET (npm run token). Default: on, except in production. */
  JIUYE_DEV_TOKENS: z.enum(['true', 'false']).optional(),
});

export interface OidcConfig {
  issuer: string;
  audience: string;
  /** Claim names; a dotted name reads a nested claim (realm_access.roles). */
  claims: { user: string; role: string; jurisdiction: string };
  /** The identity provider's role name → ours. */
  roleMap: ReadonlyMap<string, Role>;
}

export interface IdentityConfig {
  oidc?: OidcConfig;
  /** Whether HS256 tokens signed with JIUYE_JWT_SECRET are accepted. */
  devTokens: boolean;
}

function parseRoleMap(text: string): Map<string, Role> | string {
  const map = new Map<string, Role>();
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const at = pair.lastIndexOf(':');
    const role = Role.safeParse(pair.slice(at + 1).trim());
    if (at <= 0 || !role.success) return `"${pair}" is not <identity provider role>:<${Role.options.join('|')}>`;
    map.set(pair.slice(0, at).trim(), role.data);
  }
  return map.size > 0 ? map : 'names no role';
}

function identityConfig(e: z.infer<typeof EnvSchema>): IdentityConfig {
  // Production refuses HS256 tokens unless told otherwise: one shared secret, held by every server
  // and whoever reads its environment, would sign any user, role and jurisdiction; the identity
  // provider's signing key never leaves it. A bureau without one yet may opt in, knowingly.
  const devTokens = e.JIUYE_DEV_TOKENS === undefined ? e.NODE_ENV !== 'production' : e.JIUYE_DEV_TOKENS === 'true';
  if (!e.OIDC_ISSUER) {
    if (e.NODE_ENV === 'production' && !devTokens) {
      throw new ConfigError(
        'invalid environment:\n  OIDC_ISSUER: required in production (or JIUYE_DEV_TOKENS=true to accept HS256 tokens signed with JIUYE_JWT_SECRET)',
      );
    }
    return { devTokens };
  }
  if (e.NODE_ENV === 'production' && !e.OIDC_ISSUER.startsWith('https:')) {
    throw new ConfigError('invalid environment:\n  OIDC_ISSUER: must be https in production (the signing keys are fetched from it)');
  }
  if (!e.OIDC_AUDIENCE)
    throw new ConfigError('invalid environment:\n  OIDC_AUDIENCE: required with OIDC_ISSUER (the client ID the identity provider puts in aud)');
  const roleMap = parseRoleMap(e.OIDC_ROLE_MAP ?? '');
  if (typeof roleMap === 'string') throw new ConfigError(`invalid environment:\n  OIDC_ROLE_MAP: ${roleMap}`);
  return {
    devTokens,
    oidc: {
      issuer: e.OIDC_ISSUER,
      audience: e.OIDC_AUDIENCE,
      claims: { user: e.OIDC_USER_CLAIM, role: e.OIDC_ROLE_CLAIM, jurisdiction: e.OIDC_JURISDICTION_CLAIM },
      roleMap,
    },
  };
}

/**
 * Cases the worker keeps in memory between workflow tasks; an evicted case is replayed from its
 * history at its next task, which costs CPU once, not memory while it sleeps. Since the domain
 * modules are shared (workflows/shared-modules.ts) a cached case is its own state, no longer a copy
 * of the contracts (3.3 MB before): the bench measured the worker at 571 MB with a cache of 100 and
 * 577 MB with 250, 400 cases open, and 139 against 96 ms of worker CPU per case opened. The SDK's
 * default grows with the heap limit (about 2,300 on a 4 GB heap) and is not measured here.
 */
export const WORKFLOW_CACHE_SIZE_DEFAULT = 250;

/**
 * Unset means production: a host that forgot NODE_ENV must not run with generated secrets and
 * stand-in registries. The development front doors (npm start, npm run token) state development
 * themselves, and the tests state test.
 */
const NodeEnv = z.enum(['development', 'production', 'test']).default('production');

/** Where the HTTP API listens; also the API the command-line tools talk to by default. */
const ApiAddressSchema = z.object({ HOST: z.string().default('127.0.0.1'), PORT: port(3000) });

const EnvSchema = z.object({
  NODE_ENV: NodeEnv,
  ...ApiAddressSchema.shape,
  JIUYE_DATA_DIR: z.string().default('.data'),
  JIUYE_CACHE_DIR: optionalString,
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('jiuye-cases'),
  TEMPORAL_CLI: optionalString,
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  /** The worker's sticky workflow cache (maxCachedWorkflows); see WORKFLOW_CACHE_SIZE_DEFAULT. */
  JIUYE_WORKFLOW_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(WORKFLOW_CACHE_SIZE_DEFAULT),
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
  // Intake's failure handling (services/intake/consumer.ts): attempts per message, in-place backoff, partition pause.
  INTAKE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  INTAKE_RETRY_BACKOFF_MS: z.coerce.number().int().min(1).max(60_000).default(200),
  INTAKE_RETRY_BACKOFF_MAX_MS: z.coerce.number().int().min(1).max(300_000).default(5_000),
  INTAKE_PAUSE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  INTAKE_PAUSE_MAX_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
  // The dashboard's event stream (services/stream): resume window, heartbeat, slow-client bound, subscriber cap.
  STREAM_WINDOW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(900_000),
  STREAM_WINDOW_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  STREAM_CLIENT_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  STREAM_MAX_SUBSCRIBERS: z.coerce.number().int().min(1).max(100_000).default(2_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...transportEnv(),
  ...IdentityEnvSchema.shape,
  // Deadlines: how long a caller waits on a dependency before being told to come back later.
  HTTP_TEMPORAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  HTTP_TEMPORAL_UPDATE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  // Longer than any client keeps an idle connection (undici 4 s, browsers 60 s, proxies' 60 s), so
  // the client, not the server, closes it: a server closing first races the client's next request,
  // which then fails with ECONNRESET (the fault suite's fuzz lost requests so under load).
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(65_000),
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

function invalid(issues: readonly z.core.$ZodIssue[]): ConfigError {
  const lines = issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  return new ConfigError(`invalid environment:\n${lines.join('\n')}`);
}

/** The API's address alone, for commands that only talk to it (the import commands) and need no server settings. */
export function loadApiAddress(environment: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  const parsed = ApiAddressSchema.safeParse(environment);
  if (!parsed.success) throw invalid(parsed.error.issues);
  return { host: parsed.data.HOST, port: parsed.data.PORT };
}

export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { host: string; port: number; keepAliveTimeoutMs: number };
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
    /** Cases the worker keeps in memory between their workflow tasks (maxCachedWorkflows). */
    workflowCacheSize: number;
    security: TemporalSecurity;
  };
  kafka: { brokers?: string[]; port: number; clientId: string; groupId: string; security: KafkaSecurity };
  /** url: DATABASE_URL without its ssl parameters, which are in ssl. */
  database: { url?: string; ssl?: DatabaseSecurity['ssl'] };
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
  intake: IntakeSettings;
  stream: StreamSettings;
  logLevel: Env['LOG_LEVEL'];
  identity: IdentityConfig;
  deadlines: {
    /** An HTTP request's query, signal, start or describe of a workflow. */
    temporalCallMs: number;
    /** An HTTP request's update, which waits for the workflow and the activities its handler awaits. */
    temporalUpdateMs: number;
    /** Getting a PostgreSQL connection from the pool (pg waits for ever by default). */
    databaseConnectMs: number;
    /** The whole stop on SIGINT/SIGTERM, after which the process exits anyway (non-zero). */
    shutdownMs: number;
  };
  roles: ReadonlySet<SystemRole>;
}

/**
 * How intake treats a message that fails: an unknown failure is tried `maxAttempts` times in place
 * (backoff doubling from `retryBackoffMs` up to `retryBackoffMaxMs`) and then dead-lettered; a
 * transient one (an engine down) that outlasts the same attempts pauses its partition for
 * `pauseMs`, doubling with each consecutive pause up to `pauseMaxMs`.
 */
export interface IntakeSettings {
  maxAttempts: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  pauseMs: number;
  pauseMaxMs: number;
}

/**
 * The dashboard's event stream: a reconnecting client resumes if it left less than `windowMs` ago
 * and fewer than `windowEvents` events ago (the events kept, shared by every subscriber, bound the
 * memory); a comment line every `heartbeatMs`; a client with more than `clientBufferBytes` of its
 * events unsent is cut off; at most `maxSubscribers` connections per process.
 */
export interface StreamSettings {
  windowMs: number;
  windowEvents: number;
  heartbeatMs: number;
  clientBufferBytes: number;
  maxSubscribers: number;
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
  if (!parsed.success) throw invalid(parsed.error.issues);
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
  const transport = transportSecurity(e);
  const brokers = e.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS },
    dataDir: path.resolve(cwd, e.JIUYE_DATA_DIR),
    cacheDir: e.JIUYE_CACHE_DIR ? path.resolve(cwd, e.JIUYE_CACHE_DIR) : defaultCacheDir(environment),
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cli: e.TEMPORAL_CLI,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      workflowCacheSize: e.JIUYE_WORKFLOW_CACHE_SIZE,
      security: transport.temporal,
    },
    kafka: { brokers, port: e.KAFKA_PORT, clientId: e.KAFKA_CLIENT_ID, groupId: e.KAFKA_GROUP_ID, security: transport.kafka },
    database: { url: transport.database?.url, ssl: transport.database?.ssl },
    secrets: { payloadKey: e.JIUYE_PAYLOAD_KEY, idHashKey: e.JIUYE_ID_HASH_KEY, jwtSecret: e.JIUYE_JWT_SECRET, piiKey: e.JIUYE_PII_KEY },
    registries: {
      si: e.SI_REGISTRY_URL ? { url: e.SI_REGISTRY_URL, token: e.SI_REGISTRY_TOKEN } : undefined,
      amr: e.AMR_REGISTRY_URL ? { url: e.AMR_REGISTRY_URL, token: e.AMR_REGISTRY_TOKEN } : undefined,
      timeoutMs: e.REGISTRY_TIMEOUT_MS,
      maxInFlight: e.REGISTRY_MAX_IN_FLIGHT,
      breaker: { failures: e.REGISTRY_BREAKER_FAILURES, openMs: e.REGISTRY_BREAKER_OPEN_MS },
      standInPort: e.REGISTRY_STAND_IN_PORT,
    },
    intake: {
      maxAttempts: e.INTAKE_MAX_ATTEMPTS,
      retryBackoffMs: e.INTAKE_RETRY_BACKOFF_MS,
      retryBackoffMaxMs: Math.max(e.INTAKE_RETRY_BACKOFF_MS, e.INTAKE_RETRY_BACKOFF_MAX_MS),
      pauseMs: e.INTAKE_PAUSE_MS,
      pauseMaxMs: Math.max(e.INTAKE_PAUSE_MS, e.INTAKE_PAUSE_MAX_MS),
    },
    stream: {
      windowMs: e.STREAM_WINDOW_MS,
      windowEvents: e.STREAM_WINDOW_EVENTS,
      heartbeatMs: e.STREAM_HEARTBEAT_MS,
      clientBufferBytes: e.STREAM_CLIENT_BUFFER_BYTES,
      maxSubscribers: e.STREAM_MAX_SUBSCRIBERS,
    },
    logLevel: e.LOG_LEVEL,
    identity: identityConfig(e),
    deadlines: {
      temporalCallMs: e.HTTP_TEMPORAL_TIMEOUT_MS,
      temporalUpdateMs: e.HTTP_TEMPORAL_UPDATE_TIMEOUT_MS,
      databaseConnectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      shutdownMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    roles: new Set(e.JIUYE_ROLES),
  };
}
