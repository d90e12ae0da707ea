/**
 * Keys for payload encryption, ID hashing and token signing. Production must supply them; a
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
}

const StoredSchema = z.object({ payloadKey: z.string(), idHashKey: z.string(), jwtSecret: z.string() });

function decodeKey(value: string, name: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}

export function resolveSecrets(config: AppConfig): Secrets {
  const given = config.secrets;
  if (given.payloadKey && given.idHashKey && given.jwtSecret) {
    return { payloadKey: decodeKey(given.payloadKey, 'JIUYE_PAYLOAD_KEY'), idHashKey: given.idHashKey, jwtSecret: given.jwtSecret };
  }
  if (config.env === 'production') {
    throw new ConfigError('production needs JIUYE_PAYLOAD_KEY, JIUYE_ID_HASH_KEY and JIUYE_JWT_SECRET');
  }
  const file = path.join(config.dataDir, 'dev-secrets.json');
  let stored: z.infer<typeof StoredSchema>;
  if (existsSync(file)) {
    stored = StoredSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } else {
    stored = {
      payloadKey: randomBytes(32).toString('base64'),
      idHashKey: randomBytes(32).toString('base64'),
      jwtSecret: randomBytes(32).toString('base64'),
    };
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return {
    payloadKey: decodeKey(given.payloadKey ?? stored.payloadKey, 'JIUYE_PAYLOAD_KEY'),
    idHashKey: given.idHashKey ?? stored.idHashKey,
    jwtSecret: given.jwtSecret ?? stored.jwtSecret,
  };
}
