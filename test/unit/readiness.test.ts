/** /healthz and /readyz with fakes: liveness never looks at the engines, readiness names what is missing. */
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../activities/infra/db.js';
import { createTokenService } from '../../services/http/auth.js';
import type { IntakeStatus } from '../../services/intake/consumer.js';
import { unitApi } from '../support/api.js';

const tokens = createTokenService('unit-test-secret');

function engines({ database = true, temporal = true }: { database?: boolean; temporal?: boolean } = {}) {
  const prisma = { $queryRaw: async () => (database ? [{ '?column?': 1 }] : Promise.reject(new Error('connect ECONNREFUSED'))) } as unknown as PrismaClient;
  const connection = {
    withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
    workflowService: { getSystemInfo: async () => (temporal ? {} : Promise.reject(new Error('14 UNAVAILABLE'))) },
  };
  return { prisma, client: { connection } as unknown as Client };
}

type Body = { status: string; code: string; message: string; checks: { part: string; ready: boolean; code: string; message: string }[] };

async function readyz(deps: ReturnType<typeof engines>, intake?: IntakeStatus): Promise<{ status: number; body: Body }> {
  const app = unitApi({ ...deps, tokens, ...(intake ? { intake: () => intake } : {}) });
  const res = await app.request('/readyz');
  return { status: res.status, body: (await res.json()) as Body };
}

const consuming: IntakeStatus = { joined: true, paused: [] };

describe('readiness', () => {
  it('is ready when the database and Temporal answer and intake consumes', async () => {
    const { status, body } = await readyz(engines(), consuming);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ready', code: 'ready' });
    expect(body.checks.every((c) => c.ready && c.code === 'ok')).toBe(true);
  });

  it('answers 503 naming, in Chinese and by code, each part that is not ready', async () => {
    const down = await readyz(engines({ database: false, temporal: false }), { joined: true, paused: ['si.enrollment.changed.v1/0'] });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('not_ready');
    expect(down.body.checks.filter((c) => !c.ready).map((c) => c.code)).toEqual(['database_unreachable', 'temporal_unreachable', 'intake_paused']);
    expect(down.body.message).toContain('数据库无法连接');
    expect(down.body.message).toContain('暂停');
    const rejoining = await readyz(engines(), { joined: false, paused: [] });
    expect(rejoining.status).toBe(503);
    expect(rejoining.body.checks.find((c) => !c.ready)?.code).toBe('intake_not_joined');
    const apiOnly = await readyz(engines());
    expect(apiOnly.status).toBe(200);
    expect(apiOnly.body.checks.map((c) => c.part)).toEqual(['database', 'temporal']);
  });

  it('keeps /healthz a liveness check that answers while the engines are down, and documents both', async () => {
    const app = unitApi({ ...engines({ database: false, temporal: false }), tokens });
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
  });
});
