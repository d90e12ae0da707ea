import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec, PlaintextPayloadError } from '../../activities/infra/temporal.js';
import { REFUSED_PAYLOAD_MARK } from '../../domain/payload-refusal.js';
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

  it('refuses plaintext payloads, naming the encoding and never the content', async () => {
    const refusal = codec.decode([payload]);
    await expect(refusal).rejects.toBeInstanceOf(PlaintextPayloadError);
    const message = await refusal.then(
      () => '',
      (err: Error) => err.message,
    );
    expect(message).toContain('"json/plain"');
    expect(message).not.toContain(id);
    expect(message).not.toContain('13812345678');
  });

  it('refuses payloads without an encoding, and never repeats an encoding name of the sender’s own', async () => {
    await expect(codec.decode([{ data: payload.data }])).rejects.toThrow(/encoding \(none\) is not binary\/encrypted/);
    const hostile = { metadata: { encoding: Buffer.from(id) }, data: payload.data };
    const message = await codec.decode([hostile]).then(
      () => '',
      (err: Error) => err.message,
    );
    expect(message).toMatch(/payload refused: encoding \(unrecognised\) is not binary\/encrypted/);
    expect(message).not.toContain(id);
  });

  it('on a worker, refuses in place: the content stays behind and conversion fails with the reason', async () => {
    const [refused] = await new EncryptionCodec(randomBytes(32), { refuseInPlace: true }).decode([payload]);
    expect(refused!.data).toBeUndefined();
    // Marked, so the workflow interceptors can drop a refused signal before it is converted.
    expect(Object.keys(refused!.metadata!)).toEqual(['encoding', REFUSED_PAYLOAD_MARK]);
    expect(() => defaultPayloadConverter.fromPayload(refused!)).toThrow(/^Unknown encoding: payload refused: encoding "json\/plain" is not binary\/encrypted/);
  });
});
