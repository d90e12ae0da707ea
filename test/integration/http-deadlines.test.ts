/**
 * On the real Temporal, a case whose worker is absent: its workflow exists but no worker polls its
 * task queue, so an update or a query waits for ever on the server. The API gives up at its
 * deadline and answers 503 with Retry-After instead of holding the caseworker's request open.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PrismaClient } from '../../activities/infra/db.js';
import { connectClient } from '../../activities/infra/temporal.js';
import { createTokenService } from '../../services/http/auth.js';
import { RETRY_AFTER_SECONDS } from '../../services/http/unavailable.js';
import { graduateCaseId } from '../../services/intake/graduate-1311.js';
import { graduateHandover } from '../support/fixtures.js';
import { unitApi } from '../support/api.js';

const tokens = createTokenService(randomBytes(16).toString('hex'));
const caseworker = { userId: 'cw-1', role: 'caseworker', jurisdiction: '220102' } as const;
const unpolled = `it-no-worker-${randomUUID().slice(0, 8)}`;
const idHashKey = randomBytes(16).toString('hex');
const caseId = `layoff-filing:no-worker-${randomUUID().slice(0, 8)}`;
const handover = graduateHandover({ householdRegionCode: '220102' });

let client: Client;
let connection: Connection;
let api: ReturnType<typeof unitApi>;

beforeAll(async () => {
  ({ client, connection } = await connectClient({ address: inject('temporalAddress'), namespace: 'default', payloadKey: randomBytes(32), security: {} }));
  // The two cases exist on the server; nothing will ever run them.
  await client.workflow.start('layoffFilingWorkflow', { workflowId: caseId, taskQueue: unpolled, args: [] });
  await client.workflow.start('graduate1311Workflow', { workflowId: graduateCaseId(handover, idHashKey), taskQueue: unpolled, args: [] });
  const prisma = {
    task: { findUnique: async () => ({ id: 'tk-1', caseId, regionCode: '220102', type: 'layoff-review', status: 'open' }) },
    graduateLedger: { findUnique: async () => null },
  } as unknown as PrismaClient;
  api = unitApi({ prisma, tokens, client, taskQueue: unpolled, idHashKey, temporalDeadlines: { callMs: 1000, updateMs: 2000 } });
});

afterAll(async () => {
  for (const id of [caseId, graduateCaseId(handover, idHashKey)])
    await client?.workflow
      .getHandle(id)
      .terminate('test done')
      .catch(() => undefined);
  await connection?.close();
});

async function post(path: string, body: unknown) {
  return api.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokens.sign(caseworker)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

// Well inside the server's own 30 s wait for a query's workflow task, and far beyond the 1-2 s
// deadlines: an answer before it can only come from the API's deadline.
const longBeforeTheServerGivesUp = { timeout: 20_000 };

describe('a case with no worker', () => {
  it('answers an action (an update) with 503 and Retry-After', longBeforeTheServerGivesUp, async () => {
    const res = await post('/api/tasks/tk-1/claim', {});
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(await res.json()).toMatchObject({ code: 'service_unavailable' });
  });

  it('answers an import that must ask the case (a query) with 503', longBeforeTheServerGivesUp, async () => {
    const res = await post('/api/imports/graduates', { source: { fileName: '名单.xlsx', handoverId: handover.handoverId }, rows: [{ row: 2, handover }] });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
  });
});
