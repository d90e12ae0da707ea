/**
 * Keys for payload encryption, ID hashing, token signing and personal data at rest. Production must supply them; a
 * development machine gets random ones kept under the data directory, because a key that changed
 * between restarts would make every stored workflow payload unreadable.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type AppConfig } from './config.js';

export interface Secrets {
  /** 32 bytes, AES-256-GCM key for Temporal payloads. */
  payloadKey: Buffer;
  /** Key of the HMAC that turns ID numbers into workflow-ID-safe hashes. */
  idHashKey: string;
  /** HMAC secret for development (HS256) bearer tokens; absent in production when those are off. */
  jwtSecret?: string;
  /**
   * 32 bytes, AES-256-GCM key sealing names, ID numbers and phones in read models. Apart from the
   * payload key, so the database and Temporal's store are never opened by one leaked key.
   */
  piiKey: Buffer;
}

/** The environment variables that carry the deployment's secrets; a development token is never minted beside them. */
export const PRODUCTION_SECRET_VARIABLES = [
  'JIUYE_PAYLOAD_KEY',
  'JIUYE_ID_HASH_KEY',
  'JIUYE_JWT_SECRET',
  'JIUYE_PII_KEY',
  'SI_REGISTRY_TOKEN',
  'AMR_REGISTRY_TOKEN',
] as const;

/**
 * Written into every development secrets file this module generates. The token command signs only
 * with a file that carries it, so a file someone wrote by hand (with a production secret in it, say)
 * never mints a token.
 */
export const DEV_SECRETS_MARK = 'jiuye: generated development secrets, never for production';

// piiKey is optional only so a development secrets file from before it existed is completed, not rejected.
const StoredSchema = z.object({
  generated: z.string().optional(),
  payloadKey: z.string(),
  idHashKey: z.string(),
  jwtSecret: z.string(),
  piiKey: z.string().optional(),
});

export interface DevelopmentSecrets {
  file: string;
  /** True when the file carries DEV_SECRETS_MARK. */
  generated: boolean;
  values: { payloadKey: string; idHashKey: string; jwtSecret: string; piiKey: string };
}

export function devSecretsFile(dataDir: string): string {
  return path.join(dataDir, 'dev-secrets.json');
}

const fresh = () => randomBytes(32).toString('base64');
/** The shape of what `fresh` makes: 32 bytes, base64. */
const looksFresh = (value: string) => value.length === 44 && Buffer.from(value, 'base64').toString('base64') === value;

/**
 * The data directory's development secrets, generated (and marked) when there are none. A file from
 * before the mark existed is marked when its values are what this module generates; any other file
 * is used as it is, unmarked.
 */
export function developmentSecrets(dataDir: string): DevelopmentSecrets {
  const file = devSecretsFile(dataDir);
  const stored = existsSync(file)
    ? StoredSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    : { generated: DEV_SECRETS_MARK, payloadKey: fresh(), idHashKey: fresh(), jwtSecret: fresh() };
  const before = JSON.stringify(stored);
  stored.piiKey ??= fresh();
  if (stored.generated === undefined && [stored.payloadKey, stored.idHashKey, stored.jwtSecret].every(looksFresh)) stored.generated = DEV_SECRETS_MARK;
  if (!existsSync(file) || JSON.stringify(stored) !== before) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const { payloadKey, idHashKey, jwtSecret, piiKey } = stored;
  return { file, generated: stored.generated === DEV_SECRETS_MARK, values: { payloadKey, idHashKey, jwtSecret, piiKey } };
}

function decodeKey(value: string, name: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}

/** Bytes of key material in a secret written as hex, as base64, or as plain text. */
function keyBytes(value: string): number {
  if (/^(?:[0-9a-f]{2})+$/i.test(value)) return value.length / 2;
  const decoded = Buffer.from(value, 'base64');
  if (decoded.length > 0 && decoded.toString('base64').replace(/=+$/, '') === value.replace(/=+$/, '')) return decoded.length;
  return Buffer.byteLength(value, 'utf8');
}

/** Values seen in examples, templates and tests, compared without case. */
const KNOWN_WEAK = new Set(['changeme', 'change-me', 'secret', 'password', 'example', 'default', 'development', 'test', 'jiuye', 'unit-test-secret']);

/**
 * Production keys must be keys: not from a development secrets file, not a known placeholder, not
 * a repeated pattern, at least 32 bytes, and no key doing two jobs. The error names the variable,
 * never its value.
 */
function checkProductionSecrets(given: Record<string, string>, dataDir: string): void {
  const devFile = devSecretsFile(dataDir);
  const devValues = existsSync(devFile) ? new Set(Object.values(StoredSchema.parse(JSON.parse(readFileSync(devFile, 'utf8'))))) : new Set<string>();
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(given)) {
    if (devValues.has(value)) throw new ConfigError(`${name}: comes from the development secrets file ${devFile}; production needs its own keys`);
    if (KNOWN_WEAK.has(value.toLowerCase()) || new Set(value).size < 8) throw new ConfigError(`${name}: a placeholder or repeated pattern, not a key`);
    if (keyBytes(value) < 32) throw new ConfigError(`${name}: too short, at least 32 bytes of key material (e.g. openssl rand -base64 32)`);
    const other = seen.get(value);
    if (other) throw new ConfigError(`${name}: the same value as ${other}; each key does one job`);
    seen.set(value, name);
  }
}

export function resolveSecrets(config: AppConfig): Secrets {
  const { payloadKey, idHashKey, jwtSecret, piiKey } = config.secrets;
  if (config.env === 'production') {
    // The token secret is needed, and checked, only where HS256 tokens are accepted.
    const devTokens = config.identity.devTokens;
    const used = { JIUYE_PAYLOAD_KEY: payloadKey, JIUYE_ID_HASH_KEY: idHashKey, JIUYE_PII_KEY: piiKey, ...(devTokens ? { JIUYE_JWT_SECRET: jwtSecret } : {}) };
    const missing = Object.entries(used).flatMap(([name, value]) => (value ? [] : [name]));
    if (!payloadKey || !idHashKey || !piiKey || (devTokens && !jwtSecret)) throw new ConfigError(`production needs ${missing.join(', ')}`);
    checkProductionSecrets(used as Record<string, string>, config.dataDir);
    return {
      payloadKey: decodeKey(payloadKey, 'JIUYE_PAYLOAD_KEY'),
      idHashKey,
      jwtSecret: devTokens ? jwtSecret : undefined,
      piiKey: decodeKey(piiKey, 'JIUYE_PII_KEY'),
    };
  }
  if (payloadKey && idHashKey && jwtSecret && piiKey) {
    return { payloadKey: decodeKey(payloadKey, 'JIUYE_PAYLOAD_KEY'), idHashKey, jwtSecret, piiKey: decodeKey(piiKey, 'JIUYE_PII_KEY') };
  }
  const stored = developmentSecrets(config.dataDir).values;
  return {
    payloadKey: decodeKey(payloadKey ?? stored.payloadKey, 'JIUYE_PAYLOAD_KEY'),
    idHashKey: idHashKey ?? stored.idHashKey,
    jwtSecret: jwtSecret ?? stored.jwtSecret,
    piiKey: decodeKey(piiKey ?? stored.piiKey, 'JIUYE_PII_KEY'),
  };
}
