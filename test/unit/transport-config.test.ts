/**
 * Transport security settings: each option → the exact options handed to Temporal's
 * Connection.connect / NativeConnection.connect, kafkajs's `new Kafka` and pg, and every
 * inconsistent combination refused with a ConfigError naming the settings.
 */
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type * as KafkaModule from 'kafkajs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig as loadAnyConfig } from '../../activities/infra/config.js';
import { pgConnectionOptions } from '../../activities/infra/db.js';
import { createKafka, kafkaSecurityOptions } from '../../activities/infra/kafka.js';
import { createLogger } from '../../activities/infra/logger.js';
import { connectClient, temporalConnectionOptions } from '../../activities/infra/temporal.js';
import { createCaseWorker } from '../../workers/case-worker.js';
import { tempDir } from '../support/temp-dir.js';

const { kafkaConfigs } = vi.hoisted(() => ({ kafkaConfigs: [] as unknown[] }));
vi.mock('kafkajs', async (importOriginal) => {
  const actual = await importOriginal<typeof KafkaModule>();
  return {
    ...actual,
    Kafka: class {
      constructor(config: unknown) {
        kafkaConfigs.push(config);
      }
    },
  };
});

const dir = tempDir('jiuye-transport-');
const files = { ca: '', cert: '', key: '' };
beforeAll(async () => {
  files.ca = await dir.write('CA PEM', '.pem');
  files.cert = await dir.write('CERT PEM', '.pem');
  files.key = await dir.write('KEY PEM', '.pem');
});
const bytes = (text: string) => Buffer.from(text);
/** Development unless the environment says otherwise: an unset NODE_ENV may mean production. */
const loadConfig = (environment: Record<string, string>) => loadAnyConfig({ NODE_ENV: 'development', ...environment });
/** What production needs besides transport, so a production case fails or passes on transport alone. */
const production = {
  NODE_ENV: 'production',
  SI_REGISTRY_URL: 'https://si.example',
  AMR_REGISTRY_URL: 'https://amr.example',
  JIUYE_DEV_TOKENS: 'true',
};
const external = { TEMPORAL_ADDRESS: 'temporal.example:7233' };

describe('Temporal transport', () => {
  it('is plaintext with nothing set, and every connection gets nothing more than its address', () => {
    const config = loadConfig({});
    expect(config.temporal.security).toEqual({ tls: undefined, apiKey: undefined });
    expect(temporalConnectionOptions(config.temporal.security)).toEqual({});
  });

  it('reads the server CA, server name and client certificate pair into the SDK’s TLS options', () => {
    const config = loadConfig({
      ...external,
      TEMPORAL_TLS_CA_FILE: files.ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_TLS_CERT_FILE: files.cert,
      TEMPORAL_TLS_KEY_FILE: files.key,
    });
    expect(temporalConnectionOptions(config.temporal.security)).toEqual({
      tls: {
        serverRootCACertificate: bytes('CA PEM'),
        serverNameOverride: 'temporal.internal',
        clientCertPair: { crt: bytes('CERT PEM'), key: bytes('KEY PEM') },
      },
    });
  });

  it('TEMPORAL_TLS=true alone trusts the system CAs; an API key turns TLS on and is sent as apiKey', () => {
    expect(temporalConnectionOptions(loadConfig({ ...external, TEMPORAL_TLS: 'true' }).temporal.security)).toEqual({ tls: {} });
    expect(temporalConnectionOptions(loadConfig({ ...external, TEMPORAL_API_KEY: 'key-1' }).temporal.security)).toEqual({ tls: {}, apiKey: 'key-1' });
    // Outside production, an API key over plaintext stays possible (a local proxy), if asked for outright.
    expect(temporalConnectionOptions(loadConfig({ ...external, TEMPORAL_API_KEY: 'key-1', TEMPORAL_TLS: 'false' }).temporal.security)).toEqual({
      apiKey: 'key-1',
    });
  });

  it('hands the same options to the client’s Connection.connect and the worker’s NativeConnection.connect', async () => {
    const security = temporalConnectionOptions(loadConfig({ ...external, TEMPORAL_TLS_CA_FILE: files.ca, TEMPORAL_API_KEY: 'key-1' }).temporal.security);
    const expected = { address: 'temporal.example:7233', tls: { serverRootCACertificate: bytes('CA PEM') }, apiKey: 'key-1' };
    const connect = vi.spyOn(Connection, 'connect').mockResolvedValue(Connection.lazy({ address: '127.0.0.1:1' }));
    await connectClient({ address: 'temporal.example:7233', namespace: 'default', payloadKey: Buffer.alloc(32), security });
    expect(connect).toHaveBeenCalledWith(expected);
    const nativeConnect = vi.spyOn(NativeConnection, 'connect').mockRejectedValue(new Error('no server in a unit test'));
    await expect(
      createCaseWorker({
        address: 'temporal.example:7233',
        namespace: 'default',
        taskQueue: 'q',
        payloadKey: Buffer.alloc(32),
        security,
        activities: {},
        log: createLogger('silent'),
        workflowCacheSize: 2,
      }),
    ).rejects.toThrow('no server in a unit test');
    expect(nativeConnect).toHaveBeenCalledWith(expected);
  });

  it('refuses inconsistent settings', () => {
    expect(() => loadConfig({ ...external, TEMPORAL_TLS_CERT_FILE: files.cert })).toThrow(/TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE: set both/);
    expect(() => loadConfig({ ...external, TEMPORAL_TLS_KEY_FILE: files.key, TEMPORAL_TLS: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...external, TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_FILE: files.ca })).toThrow(/TEMPORAL_TLS=false contradicts/);
    expect(() => loadConfig({ TEMPORAL_TLS: 'true' })).toThrow(/only for an external server/);
    expect(() => loadConfig({ TEMPORAL_API_KEY: 'key-1' })).toThrow(/only for an external server/);
    expect(() => loadConfig({ ...external, TEMPORAL_TLS: 'maybe' })).toThrow(/TEMPORAL_TLS/);
  });

  it('in production, refuses plaintext to an external server unless allowed outright, and an API key over plaintext always', () => {
    expect(() => loadConfig({ ...production, ...external })).toThrow(/production needs TLS to an external Temporal/);
    expect(loadConfig({ ...production, ...external, TEMPORAL_ALLOW_PLAINTEXT: 'true' }).temporal.security.tls).toBeUndefined();
    expect(loadConfig({ ...production, ...external, TEMPORAL_TLS: 'true' }).temporal.security.tls).toEqual({});
    expect(() => loadConfig({ ...production, ...external, TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false', TEMPORAL_ALLOW_PLAINTEXT: 'true' })).toThrow(
      /TEMPORAL_API_KEY: refused over plaintext in production/,
    );
    // The local dev server (no TEMPORAL_ADDRESS) is not external: nothing to refuse.
    expect(() => loadConfig(production)).not.toThrow();
  });

  it('names the setting of a file it cannot read, never its content', () => {
    const security = loadConfig({ ...external, TEMPORAL_TLS_CA_FILE: dir.path('missing.pem') }).temporal.security;
    expect(() => temporalConnectionOptions(security)).toThrow(/^TEMPORAL_TLS_CA_FILE=.*missing\.pem: cannot read the file \(ENOENT\)$/);
  });
});

describe('Kafka transport', () => {
  const brokers = { KAFKA_BROKERS: 'kafka-1.example:9093,kafka-2.example:9093' };

  it('is plaintext without SASL when nothing is set', () => {
    expect(kafkaSecurityOptions(loadConfig(brokers).kafka.security)).toEqual({});
  });

  it('KAFKA_SSL=true trusts the system CAs; a CA or a client certificate pair is read from its file', () => {
    expect(kafkaSecurityOptions(loadConfig({ ...brokers, KAFKA_SSL: 'true' }).kafka.security)).toEqual({ ssl: true });
    expect(kafkaSecurityOptions(loadConfig({ ...brokers, KAFKA_SSL_CA_FILE: files.ca }).kafka.security)).toEqual({ ssl: { ca: [bytes('CA PEM')] } });
    expect(
      kafkaSecurityOptions(
        loadConfig({ ...brokers, KAFKA_SSL_CA_FILE: files.ca, KAFKA_SSL_CERT_FILE: files.cert, KAFKA_SSL_KEY_FILE: files.key }).kafka.security,
      ),
    ).toEqual({ ssl: { ca: [bytes('CA PEM')], cert: bytes('CERT PEM'), key: bytes('KEY PEM') } });
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('passes SASL %s with its username and password', (mechanism) => {
    const config = loadConfig({
      ...brokers,
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: mechanism.toUpperCase(),
      KAFKA_SASL_USERNAME: 'jiuye',
      KAFKA_SASL_PASSWORD: 'pw',
    });
    expect(kafkaSecurityOptions(config.kafka.security)).toEqual({ ssl: true, sasl: { mechanism, username: 'jiuye', password: 'pw' } });
  });

  it('hands them to new Kafka beside the brokers', () => {
    const config = loadConfig({
      ...brokers,
      KAFKA_SSL_CA_FILE: files.ca,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    });
    kafkaConfigs.length = 0;
    createKafka({ brokers: config.kafka.brokers!, clientId: 'jiuye', security: kafkaSecurityOptions(config.kafka.security), log: createLogger('silent') });
    expect(kafkaConfigs).toEqual([
      expect.objectContaining({
        brokers: ['kafka-1.example:9093', 'kafka-2.example:9093'],
        clientId: 'jiuye',
        ssl: { ca: [bytes('CA PEM')] },
        sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
      }),
    ]);
  });

  it('refuses inconsistent settings', () => {
    expect(() => loadConfig({ ...brokers, KAFKA_SSL_KEY_FILE: files.key })).toThrow(/KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: set both/);
    expect(() => loadConfig({ ...brokers, KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: files.ca })).toThrow(/KAFKA_SSL=false contradicts/);
    expect(() => loadConfig({ ...brokers, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' })).toThrow(/set all three or none/);
    expect(() => loadConfig({ ...brokers, KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM/);
    expect(() => loadConfig({ KAFKA_SSL: 'true' })).toThrow(/only for external brokers/);
    expect(() => loadConfig({ ...production, ...brokers, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toThrow(
      /KAFKA_SASL_MECHANISM=plain sends the password as it is/,
    );
  });
});

describe('PostgreSQL transport', () => {
  const base = 'postgres://jiuye:secret@db.example:5432/jiuye';

  it('without ssl settings, hands pg an explicit ssl: false (PGSSLMODE cannot change it)', () => {
    const config = loadConfig({ DATABASE_URL: base });
    expect(config.database).toEqual({ url: base, ssl: { mode: 'disable' } });
    expect(pgConnectionOptions(config.database.url!, config.database.ssl)).toEqual({ connectionString: base, ssl: false });
  });

  it('takes sslmode and libpq’s certificate parameters out of the URL, which pg would otherwise apply over ours', () => {
    const config = loadConfig({ DATABASE_URL: `${base}?sslmode=verify-full&sslrootcert=${files.ca}&application_name=jiuye` });
    expect(config.database).toEqual({ url: `${base}?application_name=jiuye`, ssl: { mode: 'verify-full', caFile: files.ca } });
    expect(pgConnectionOptions(config.database.url!, config.database.ssl)).toEqual({
      connectionString: `${base}?application_name=jiuye`,
      ssl: { ca: bytes('CA PEM') },
    });
  });

  it('DATABASE_SSL_*_FILE settings mean verify-full unless sslmode says otherwise', () => {
    const config = loadConfig({ DATABASE_URL: base, DATABASE_SSL_CA_FILE: files.ca, DATABASE_SSL_CERT_FILE: files.cert, DATABASE_SSL_KEY_FILE: files.key });
    expect(config.database.ssl).toEqual({ mode: 'verify-full', caFile: files.ca, certFile: files.cert, keyFile: files.key });
    expect(pgConnectionOptions(config.database.url!, config.database.ssl)).toEqual({
      connectionString: base,
      ssl: { ca: bytes('CA PEM'), cert: bytes('CERT PEM'), key: bytes('KEY PEM') },
    });
  });

  it('require encrypts without checking; verify-ca checks the chain but not the host name', () => {
    const required = loadConfig({ DATABASE_URL: `${base}?sslmode=require` }).database;
    expect(pgConnectionOptions(required.url!, required.ssl)).toEqual({ connectionString: base, ssl: { rejectUnauthorized: false } });
    for (const mode of ['verify-ca', 'require']) {
      const config = loadConfig({ DATABASE_URL: `${base}?sslmode=${mode}`, DATABASE_SSL_CA_FILE: files.ca }).database;
      const { ssl } = pgConnectionOptions(config.url!, config.ssl);
      expect(ssl).toEqual({ ca: bytes('CA PEM'), checkServerIdentity: expect.any(Function) });
      expect((ssl as { checkServerIdentity: () => unknown }).checkServerIdentity()).toBeUndefined();
    }
  });

  it('refuses inconsistent settings', () => {
    expect(() => loadConfig({ DATABASE_URL: `${base}?sslmode=prefer` })).toThrow(/sslmode=prefer: use disable, require, verify-ca or verify-full/);
    expect(() => loadConfig({ DATABASE_URL: `${base}?sslmode=disable`, DATABASE_SSL_CA_FILE: files.ca })).toThrow(/sslmode=disable contradicts/);
    expect(() => loadConfig({ DATABASE_URL: `${base}?sslrootcert=${files.ca}`, DATABASE_SSL_CA_FILE: files.ca })).toThrow(/give the file in one place/);
    expect(() => loadConfig({ DATABASE_URL: base, DATABASE_SSL_CERT_FILE: files.cert })).toThrow(/set both/);
    expect(() => loadConfig({ DATABASE_URL: `${base}?ssl=true` })).toThrow(/ssl is not supported/);
  });
});
