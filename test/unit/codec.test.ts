import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec } from '../../activities/infra/temporal.js';
import { residentId } from '../support/fixtures.js';

describe('payload encryption codec', () => {
  const codec = new EncryptionCodec(randomBytes(32));
  const id = residentId();
  const payload = defaultPayloadConverter.toPayload({ idNumber: id, name: '王五', phone: '13812345678' });

  it('round-trips payloads', async () => {
    const [encoded] = await codec.encode([payload]);
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ idNumber: id, name: '王五', phone: '13812345678' });
  });

  it('leaves no personal data readable in the stored payload', async () => {
    const [encoded] = await codec.encode([payload]);
    const stored = Buffer.concat([encoded!.data!, ...Object.values(encoded!.metadata!)]).toString('latin1');
    expect(stored).not.toContain(id);
    expect(stored).not.toContain('13812345678');
    expect(stored).not.toContain('json/plain');
  });

  it('refuses a payload encrypted with another key instead of returning garbage', async () => {
    const [encoded] = await new EncryptionCodec(randomBytes(32)).encode([payload]);
    await expect(codec.decode([encoded!])).rejects.toThrow(/encrypted with key/);
  });

  it('passes through payloads that were never encrypted', async () => {
    const [decoded] = await codec.decode([payload]);
    expect(decoded).toBe(payload);
  });
});
