/**
 * Temporal client-side plumbing shared by workers and services: the connection and the payload
 * codec. Workflow inputs carry personal data (names, ID numbers, phones), and Temporal stores
 * payloads in its own database and shows them in its UI, so every payload is encrypted here,
 * before it leaves the process (AES-256-GCM, key from the secrets).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Connection, Client, type TLSConfig } from '@temporalio/client';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
// The proto package is CommonJS without statically detectable named exports.
import proto from '@temporalio/proto';
import type { TemporalSecurity } from './config.js';
import { REFUSED_PAYLOAD_MARK } from '../../domain/payload-refusal.js';
import { projectRoot } from './paths.js';
import { readTlsFile } from './tls-files.js';

const { Payload: PayloadProto } = proto.temporal.api.common.v1;
const ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The SDK's own encodings, which a refusal may name; any other name is the sender's text. */
const KNOWN_ENCODINGS = new Set(['binary/null', 'binary/plain', 'json/plain', 'json/protobuf', 'binary/protobuf']);

/**
 * A payload that was not encrypted with a payload key. The message names the encoding when it is
 * one of the SDK's, never the sender's own text or the content, either of which may be personal data.
 */
export class PlaintextPayloadError extends Error {
  override name = 'PlaintextPayloadError';
  constructor(encoding: string) {
    const shown = encoding === '' ? '(none)' : KNOWN_ENCODINGS.has(encoding) ? `"${encoding}"` : '(unrecognised)';
    super(`payload refused: encoding ${shown} is not ${ENCODING}; only payloads encrypted with this system's payload key are accepted`);
  }
}

export interface EncryptionCodecOptions {
  /**
   * For workers: hand a plaintext payload on as an empty payload whose encoding is the refusal,
   * instead of throwing. No payload converter reads that encoding, so conversion throws, in the
   * workflow, where the SDK gives the narrowest outcome: an update is rejected before it is
   * accepted (the SDK's contract for undecodable update input), a signal is dropped by the workflow
   * interceptors (workflows/refused-signals.ts), a start or activity result fails its workflow
   * task. Thrown from the codec, the refusal would fail the whole activation, so a forged update
   * would fail the workflow task of the case it was sent to, and the case would answer no query or
   * update until that task is retried.
   */
  refuseInPlace?: boolean;
}

/** Encrypts whole payloads (metadata included), so even the encoding of a field is not visible. */
export class EncryptionCodec implements PayloadCodec {
  private readonly keyId: string;

  constructor(
    private readonly key: Buffer,
    private readonly options: EncryptionCodecOptions = {},
  ) {
    if (key.length !== 32) throw new Error('payload key must be 32 bytes');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = PayloadProto.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCODING),
          'encryption-key-id': Buffer.from(this.keyId),
        },
        data: Buffer.concat([iv, body, cipher.getAuthTag()]),
      };
    });
  }

  /**
   * Refuses every payload that is not ours. Workflows trust what their inputs, signals and updates
   * say (the `actor` of an update above all), so a payload anyone could write would let whoever
   * reaches Temporal (its CLI, UI or API) name a forged supervisor. AES-GCM is authenticated: only a
   * holder of the payload key can make a payload that decrypts here, so refusing plaintext leaves
   * forging to key holders, who are the system itself. What this does not do is bind a payload to
   * its workflow: whoever can read a history can copy an encrypted update to another case of the
   * same kind; reading histories needs access to Temporal, which its TLS/mTLS or API key and its
   * own authorization restrict. Nothing legitimate arrives unencrypted: the
   * SDK never passes search attributes or headers through codecs, absent payloads never reach them,
   * and server-made failures (timeouts, cancellations) carry no payloads. What a refusal does on a
   * worker: see EncryptionCodecOptions.refuseInPlace.
   */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding ? Buffer.from(payload.metadata.encoding).toString() : '';
      if (encoding !== ENCODING) {
        const refusal = new PlaintextPayloadError(encoding);
        if (!this.options.refuseInPlace) throw refusal;
        // The content stays behind: nothing of it reaches workflow code, a log or a failure. The
        // mark lets the workflow interceptors drop a refused signal before it is converted.
        return { metadata: { encoding: Buffer.from(refusal.message), [REFUSED_PAYLOAD_MARK]: Buffer.from('1') } };
      }
      const keyId = Buffer.from(payload.metadata?.['encryption-key-id'] ?? []).toString();
      if (keyId !== this.keyId) {
        throw new Error(`payload was encrypted with key ${keyId}, this process has key ${this.keyId}`);
      }
      const data = Buffer.from(payload.data ?? []);
      const iv = data.subarray(0, IV_BYTES);
      const tag = data.subarray(data.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return PayloadProto.decode(plain);
    });
  }
}

/** The failure converter every client, worker and workflow bundle loads (see the file for why). */
export const failureConverterPath = path.join(projectRoot(), 'activities', 'infra', 'failure-converter.cjs');

/** Clients': a plaintext payload is an error where it arrives. */
export function dataConverter(payloadKey: Buffer, codecOptions: EncryptionCodecOptions = {}): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(payloadKey, codecOptions)], failureConverterPath };
}

/** Workers': a plaintext payload is refused in place (see EncryptionCodecOptions). */
export function workerDataConverter(payloadKey: Buffer): DataConverter {
  return dataConverter(payloadKey, { refuseInPlace: true });
}

/** What every connection to Temporal (client, worker, readiness probe) is given besides its address. */
export interface TemporalConnectionSecurity {
  tls?: TLSConfig;
  apiKey?: string;
}

/** The settings' files read into the SDK's options; nothing at all for plaintext. */
export function temporalConnectionOptions(security: TemporalSecurity): TemporalConnectionSecurity {
  const options: TemporalConnectionSecurity = {};
  if (security.tls) {
    const { caFile, certFile, keyFile, serverName } = security.tls;
    const tls: TLSConfig = {};
    if (caFile) tls.serverRootCACertificate = readTlsFile(caFile, 'TEMPORAL_TLS_CA_FILE');
    if (serverName) tls.serverNameOverride = serverName;
    if (certFile && keyFile) tls.clientCertPair = { crt: readTlsFile(certFile, 'TEMPORAL_TLS_CERT_FILE'), key: readTlsFile(keyFile, 'TEMPORAL_TLS_KEY_FILE') };
    options.tls = tls;
  }
  if (security.apiKey) options.apiKey = security.apiKey;
  return options;
}

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  payloadKey: Buffer;
  security: TemporalConnectionSecurity;
}

export async function connectClient(options: TemporalClientOptions): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: options.address, ...options.security });
  const client = new Client({ connection, namespace: options.namespace, dataConverter: dataConverter(options.payloadKey) });
  return { client, connection };
}
