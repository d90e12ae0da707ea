/**
 * Real TLS on this machine. PostgreSQL: a throwaway server of the test's own with ssl on and a
 * certificate for `localhost` only; verify-full succeeds with the right CA and host, fails with
 * another CA or another host name. Temporal: the dev server speaks no TLS (`temporal server
 * start-dev` has no TLS flags), so a TLS-terminating proxy in front of the shared server stands in
 * for a TLS endpoint, once with and once without client certificates (mTLS).
 */
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadConfig } from '../../activities/infra/config.js';
import { openDatabase, pgConnectionOptions } from '../../activities/infra/db.js';
import { connectClient, temporalConnectionOptions } from '../../activities/infra/temporal.js';
import { ensurePostgres, type PostgresEngine } from '../../deploy/engines/postgres.js';
import { ensureTemporal } from '../../deploy/engines/temporal.js';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates.js';

/** Far from the defaults and the shared engines' ports. */
const POSTGRES_PORT = 35432;

const dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-tls-'));
let certs: TestCertificates;
let postgres: PostgresEngine | undefined;
const proxies: tls.Server[] = [];

beforeAll(async () => {
  certs = makeTestCertificates(dir);
  // PostgreSQL runs as the postgres user when we are root, and reads its key only if it owns it, mode 0600.
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(certs.serverKey, uid, gid);
  }
  chmodSync(certs.serverKey, 0o600);
  postgres = await ensurePostgres({
    port: POSTGRES_PORT,
    settings: { ssl: 'on', ssl_cert_file: certs.serverCert, ssl_key_file: certs.serverKey, listen_addresses: 'localhost' },
  });
});

afterAll(async () => {
  for (const proxy of proxies) await new Promise((resolve) => proxy.close(resolve));
  await postgres?.process?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL over TLS', () => {
  const databaseUrl = (host: string, mode: string) => `postgresql://postgres@${host}:${POSTGRES_PORT}/postgres?sslmode=${mode}`;
  const connect = async (environment: Record<string, string>) => {
    const { database } = loadConfig({ NODE_ENV: 'test', ...environment });
    const client = new pg.Client(pgConnectionOptions(database.url!, database.ssl));
    await client.connect();
    await client.end();
  };

  it('verify-full with the right CA: the system’s own connection is encrypted', async () => {
    const { database } = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl('localhost', 'verify-full'), DATABASE_SSL_CA_FILE: certs.ca });
    const db = await openDatabase({ url: database.url, ssl: database.ssl, pgliteDir: '' });
    try {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ ssl: boolean }>>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(rows).toEqual([{ ssl: true }]);
    } finally {
      await db.close();
    }
  });

  it('verify-full refuses a server whose certificate another CA signed', async () => {
    await expect(connect({ DATABASE_URL: databaseUrl('localhost', 'verify-full'), DATABASE_SSL_CA_FILE: certs.otherCa })).rejects.toThrow(
      /self-signed certificate in certificate chain|unable to verify/,
    );
  });

  it('verify-full checks the host name; verify-ca checks only the chain', async () => {
    await expect(connect({ DATABASE_URL: databaseUrl('127.0.0.1', 'verify-full'), DATABASE_SSL_CA_FILE: certs.ca })).rejects.toThrow(
      /IP: 127\.0\.0\.1 is not in the cert's list/,
    );
    await expect(connect({ DATABASE_URL: databaseUrl('127.0.0.1', 'verify-ca'), DATABASE_SSL_CA_FILE: certs.ca })).resolves.toBeUndefined();
  });
});

/** A TLS endpoint (HTTP/2, as gRPC needs) in front of the shared Temporal server; with `mtls`, it asks for a client certificate signed by the CA. */
async function temporalTlsProxy(mtls: boolean): Promise<number> {
  const [host, port] = inject('temporalAddress').split(':') as [string, string];
  const proxy = tls.createServer(
    {
      key: readFileSync(certs.serverKey),
      cert: readFileSync(certs.serverCert),
      ALPNProtocols: ['h2'],
      ...(mtls ? { requestCert: true, rejectUnauthorized: true, ca: readFileSync(certs.ca) } : {}),
    },
    (socket) => {
      const upstream = net.connect(Number(port), host);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    },
  );
  proxies.push(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return (proxy.address() as net.AddressInfo).port;
}

describe('Temporal over TLS', () => {
  const security = (environment: Record<string, string>) => temporalConnectionOptions(loadConfig({ NODE_ENV: 'test', ...environment }).temporal.security);

  it('connects with the server CA and a server name override, through the client and the readiness probe', async () => {
    const port = await temporalTlsProxy(false);
    const address = `127.0.0.1:${port}`;
    const options = security({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_CA_FILE: certs.ca, TEMPORAL_TLS_SERVER_NAME: 'localhost' });
    const { client, connection } = await connectClient({ address, namespace: 'default', payloadKey: Buffer.alloc(32), security: options });
    try {
      const info = await client.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBeTruthy();
    } finally {
      await connection.close();
    }
    const engine = await ensureTemporal({ address, security: options, cacheDir: dir, dataDir: dir, port: 0, uiPort: 0 });
    expect(engine.source).toBe('external');
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const port = await temporalTlsProxy(false);
    const address = `localhost:${port}`;
    const options = security({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_CA_FILE: certs.otherCa });
    await expect(Connection.connect({ address, ...options, connectTimeout: 3000 })).rejects.toThrow();
  });

  it('mutual TLS: refused without the client certificate, accepted with it, for the client and the worker’s connection', async () => {
    const port = await temporalTlsProxy(true);
    const address = `localhost:${port}`;
    const serverOnly = security({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_CA_FILE: certs.ca });
    await expect(Connection.connect({ address, ...serverOnly, connectTimeout: 3000 })).rejects.toThrow();

    const mutual = security({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CA_FILE: certs.ca,
      TEMPORAL_TLS_CERT_FILE: certs.clientCert,
      TEMPORAL_TLS_KEY_FILE: certs.clientKey,
    });
    const { client, connection } = await connectClient({ address, namespace: 'default', payloadKey: Buffer.alloc(32), security: mutual });
    try {
      expect((await client.workflowService.getSystemInfo({})).serverVersion).toBeTruthy();
    } finally {
      await connection.close();
    }
    const native = await NativeConnection.connect({ address, ...mutual });
    try {
      expect((await native.workflowService.getSystemInfo({})).serverVersion).toBeTruthy();
    } finally {
      await native.close();
    }
  });
});
