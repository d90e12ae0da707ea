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
  /** HMAC secret for bearer tokens. */
  jwtSecret: string;
  /**
   * 32 bytes, AES-256-GCM key sealing names, ID numbers and phones in read models. Apart from the
   * payload key, so the database and Temporal's store are never opened by one leaked key.
   */
  piiKey: Buffer;
}

// piiKey is optional only so a development secrets file from before it existed is completed, not rejected.
const StoredSchema = z.object({ payloadKey: z.string(), idHashKey: z.string(), jwtSecret: z.string(), piiKey: z.string().optional() });

function decodeKey(value: string, name: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}

export function resolveSecrets(config: AppConfig): Secrets {
  const given = config.secrets;
  if (given.payloadKey && given.idHashKey && given.jwtSecret && given.piiKey) {
    return {
      payloadKey: decodeKey(given.payloadKey, 'JIUYE_PAYLOAD_KEY'),
      idHashKey: given.idHashKey,
      jwtSecret: given.jwtSecret,
      piiKey: decodeKey(given.piiKey, 'JIUYE_PII_KEY'),
    };
  }
  if (config.env === 'production') {
    throw new ConfigError('production needs JIUYE_PAYLOAD_KEY, JIUYE_ID_HASH_KEY, JIUYE_JWT_SECRET and JIUYE_PII_KEY');
  }
  const file = path.join(config.dataDir, 'dev-secrets.json');
  const fresh = () => randomBytes(32).toString('base64');
  const stored = existsSync(file)
    ? StoredSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    : { payloadKey: fresh(), idHashKey: fresh(), jwtSecret: fresh() };
  if (!existsSync(file) || !stored.piiKey) {
    stored.piiKey ??= fresh();
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return {
    payloadKey: decodeKey(given.payloadKey ?? stored.payloadKey, 'JIUYE_PAYLOAD_KEY'),
    idHashKey: given.idHashKey ?? stored.idHashKey,
    jwtSecret: given.jwtSecret ?? stored.jwtSecret,
    piiKey: decodeKey(given.piiKey ?? stored.piiKey, 'JIUYE_PII_KEY'),
  };
}
