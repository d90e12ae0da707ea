/**
 * The API never hangs on a dependency: a Temporal that refuses connections, one that accepts them
 * and never answers (as a case with no worker leaves an update waiting), and a database that cannot
 * be reached each answer 503 with Retry-After and a message in Chinese, not a 500 and not silence.
 * The clients are the real SDK and Prisma clients; only the servers behind them are missing.
 */
import net from 'node:net';
import { Client, Connection, ServiceError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../activities/infra/config.js';
import { openDatabase, type PrismaClient } from '../../activities/infra/db.js';
import { createTokenService } from '../../services/http/auth.js';
import { isDependencyUnavailable, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from '../../services/http/unavailable.js';
import { graduateHandover } from '../support/fixtures.js';
import { unitApi } from '../support/api.js';

const tokens = createTokenService('deadline-unit-secret');
const caseworker = { userId: 'cw-1', role: 'caseworker', jurisdiction: '220102' } as const;
const deadlines = { callMs: 300, updateMs: 600 };

/** A task of the caller's district, as the read model holds it. */
const task = {
  id: 'tk-1',
  caseId: 'layoff-filing:unit',
  caseType: 'layoff-filing',
  type: 'layoff-review',
  title: '审核裁员方案',
  status: 'open',
  regionCode: '220102',
  candidateRole: 'caseworker',
};
const readModel = {
  task: { findUnique: async () => task },
  graduateLedger: { findUnique: async () => null },
} as unknown as PrismaClient;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Accepts connections and never says a word: a server that hangs. */
const silent = net.createServer(() => undefined);
const sockets = new Set<net.Socket>();
silent.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
const connections: Connection[] = [];

async function temporalAt(address: string): Promise<Client> {
  const connection = Connection.lazy({ address });
  connections.push(connection);
  return new Client({ connection });
}

async function call(api: ReturnType<typeof unitApi>, path: string, body: unknown = {}) {
  return api.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokens.sign(caseworker)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
  expect(await res.json()).toEqual({ code: 'service_unavailable', message: UNAVAILABLE_MESSAGE });
}

beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const c of connections) await c.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe('a dependency that does not answer', () => {
  it('answers a task action with 503 and Retry-After when Temporal refuses connections', async () => {
    const client = await temporalAt(`127.0.0.1:${await closedPort()}`);
    await expectUnavailable(await call(unitApi({ prisma: readModel, tokens, client, temporalDeadlines: deadlines }), '/api/tasks/tk-1/claim'));
  });

  it('answers a task action with 503 when Temporal accepts the connection and never answers (an update waiting for a worker)', async () => {
    const { port } = silent.address() as net.AddressInfo;
    const client = await temporalAt(`127.0.0.1:${port}`);
    await expectUnavailable(await call(unitApi({ prisma: readModel, tokens, client, temporalDeadlines: deadlines }), '/api/tasks/tk-1/claim'));
  });

  it('answers an import whose case query never comes back with 503, not a batch left hanging', async () => {
    const { port } = silent.address() as net.AddressInfo;
    const client = await temporalAt(`127.0.0.1:${port}`);
    const api = unitApi({ prisma: readModel, tokens, client, temporalDeadlines: deadlines });
    const rows = [{ row: 2, handover: graduateHandover({ householdRegionCode: '220102' }) }];
    await expectUnavailable(await call(api, '/api/imports/graduates', { source: { fileName: '名单.xlsx', handoverId: 'JL-DEADLINE' }, rows }));
  });

  it('counts an update refused while the workflow’s last task failed (a worker killed mid-task) as unavailable, and other refusals not', () => {
    // As the SDK rethrows the server's answer to an update: its ServiceError around the gRPC error.
    const grpc = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
    const update = (code: number, details: string) => new ServiceError('Workflow Update failed', { cause: grpc(code, details) });
    expect(isDependencyUnavailable(update(9, 'Unable to perform workflow execution update due to Workflow Task in failed state.'))).toBe(true);
    expect(isDependencyUnavailable(update(9, 'some other precondition'))).toBe(false);
    expect(isDependencyUnavailable(update(3, 'invalid argument'))).toBe(false);
  });

  it.each([
    ['cannot be reached', async () => closedPort()],
    ['accepts the connection and never answers', async () => (silent.address() as net.AddressInfo).port],
  ])('answers a read with 503 when the database %s', async (_, port) => {
    // The database as the system opens it, with the pool's connection deadline.
    const db = await openDatabase({ url: `postgres://postgres@127.0.0.1:${await port()}/none`, pgliteDir: '', connectTimeoutMs: 500 });
    try {
      // The exports among them: their answer is a stream, read only once it has begun, unless the first page is read before.
      for (const path of [
        '/api/cases/layoff-filing:unit',
        '/api/enterprises/demands/export',
        '/api/enterprises/demands/export?format=csv',
        '/api/ledgers/graduates/export?format=csv&year=2026',
      ]) {
        const res = await unitApi({ prisma: db.prisma, tokens }).request(path, { headers: { authorization: `Bearer ${await tokens.sign(caseworker)}` } });
        await expectUnavailable(res);
      }
    } finally {
      await db.close();
    }
  });
});

describe('deadline settings', () => {
  it('default to seconds, an update longer than a query, and refuse nonsense', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).deadlines).toEqual({
      temporalCallMs: 5000,
      temporalUpdateMs: 15_000,
      databaseConnectMs: 5000,
      shutdownMs: 20_000,
    });
    expect(loadConfig({ NODE_ENV: 'development', HTTP_TEMPORAL_TIMEOUT_MS: '2000', HTTP_TEMPORAL_UPDATE_TIMEOUT_MS: '8000' }).deadlines).toMatchObject({
      temporalCallMs: 2000,
      temporalUpdateMs: 8000,
    });
    expect(() => loadConfig({ HTTP_TEMPORAL_TIMEOUT_MS: '0' })).toThrow(ConfigError);
  });
});
