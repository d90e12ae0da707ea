/**
 * Personal data at rest in read models: a name, ID number or phone is stored sealed (AES-256-GCM,
 * a fresh IV each time) and opened only where a person's full details are needed and audited, such
 * as a bureau's ledger export. Lists show masked forms stored beside it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export interface FieldSeal {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createFieldSeal(key: Buffer): FieldSeal {
  if (key.length !== 32) throw new Error('the personal-data key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const [version, data] = sealed.split(':');
      if (version !== VERSION || !data) throw new Error(`sealed field of unknown form (${version ?? 'none'})`);
      const raw = Buffer.from(data, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      // A wrong key fails the tag check here rather than yielding garbage.
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
