import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { PrismaClient } from '../../activities/infra/db.js';
import { createTokenService, MAX_TOKEN_AGE_SECONDS } from '../../services/http/auth.js';
import { IMPORT_REFUSED_REASON } from '../../services/http/graduate-1311/import.js';
import { graduateCaseId, graduateImportEventId } from '../../services/intake/graduate-1311.js';
import { graduateHandover, residentId } from '../support/fixtures.js';
import { unitApi } from '../support/api.js';

const tokens = createTokenService('unit-test-secret');
const app = unitApi({ prisma: {} as PrismaClient, tokens });
const caseworker = { userId: 'cw-1', role: 'caseworker', jurisdiction: '220102' } as const;
const bearer = async (t?: string) => ({ headers: { authorization: `Bearer ${t ?? (await tokens.sign(caseworker))}` } });

describe('HTTP API surface', () => {
  it('describes itself in OpenAPI 3.1, generated from the zod schemas, with bearer security', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/cases',
        '/api/cases/{id}',
        '/api/cases/{id}/audit',
        '/api/cases/{id}/outcome',
        '/api/tasks',
        '/api/tasks/{id}',
        '/api/tasks/{id}/claim',
        '/api/tasks/{id}/release',
        '/api/tasks/{id}/complete',
        '/api/tasks/{id}/reassign',
        '/api/tasks/{id}/notes',
        '/api/tasks/{id}/sla/pause',
        '/api/tasks/{id}/sla/resume',
        '/api/tasks/{id}/vacancies',
        '/api/imports/graduates',
        '/api/cases/{id}/close',
        '/api/risk',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['CaseList', 'CaseDetail', 'Error', 'Task', 'TaskList', 'AuditList']));
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/tasks/{id}/claim']?.post?.security).toEqual([{ bearer: [] }]);
  });

  it('refuses /api without a token, with a tampered token and with an expired one', async () => {
    expect((await app.request('/api/cases')).status).toBe(401);
    const good = await tokens.sign(caseworker);
    const [head, payload, sig] = good.split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), jurisdiction: '22' })).toString('base64url');
    const tampered = await app.request('/api/cases', await bearer(`${head}.${widened}.${sig}`));
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ code: 'invalid_token' });
    const foreign = await createTokenService('another-secret').sign(caseworker);
    expect((await app.request('/api/cases', await bearer(foreign))).status).toBe(401);
    const expired = await tokens.sign(caseworker, -120);
    expect(await (await app.request('/api/cases', await bearer(expired))).json()).toMatchObject({ code: 'token_expired' });
  });

  it('refuses a validly signed token that never expires, and one older than a day whatever its expiry', async () => {
    const key = new TextEncoder().encode('unit-test-secret');
    const claims = { role: caseworker.role, jurisdiction: caseworker.jurisdiction };
    const signed = (build: (jwt: SignJWT) => SignJWT) =>
      build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(caseworker.userId).setIssuer('jiuye').setAudience('jiuye-api')).sign(key);
    const now = Math.floor(Date.now() / 1000);
    const forever = await signed((jwt) => jwt.setIssuedAt());
    const noIssuedAt = await signed((jwt) => jwt.setExpirationTime('1h'));
    const old = await signed((jwt) => jwt.setIssuedAt(now - MAX_TOKEN_AGE_SECONDS - 3600).setExpirationTime(now + 3600));
    const fresh = await signed((jwt) => jwt.setIssuedAt().setExpirationTime('1h'));
    for (const token of [forever, noIssuedAt, old]) expect((await app.request('/api/cases', await bearer(token))).status).toBe(401);
    // The same construction with both claims in range passes authentication (and then finds no database).
    expect((await app.request('/api/cases', await bearer(fresh))).status).not.toBe(401);
    await expect(tokens.sign(caseworker, MAX_TOKEN_AGE_SECONDS + 1)).rejects.toThrow(RangeError);
  });

  it('rejects a bad filter with the failing fields, before touching the database', async () => {
    const res = await app.request('/api/cases?region=abc&limit=0', await bearer());
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string; issues: { path: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.issues.map((i) => i.path).sort()).toEqual(['limit', 'region']);
  });

  it('answers unknown routes with a JSON error and keeps /healthz open', async () => {
    expect((await app.request('/healthz')).status).toBe(200);
    const res = await app.request('/nothing');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  it('rejects import rows that break the contract or lie outside the jurisdiction, row by row, before any case is asked', async () => {
    // No valid row in the caseworker's district: such a row would reach the (absent) database and Temporal.
    const rows = [
      { row: 3, handover: { ...graduateHandover({ householdRegionCode: '220102' }), degree: 'diploma' } },
      { row: 4, handover: graduateHandover({ householdRegionCode: '220202' }) },
    ];
    const res = await app.request('/api/imports/graduates', {
      method: 'POST',
      headers: { ...(await bearer()).headers, 'content-type': 'application/json' },
      body: JSON.stringify({ source: { fileName: '名单.xlsx', handoverId: 'JL-2026-UNIT' }, rows }),
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { row: number; outcome: string; reasons: string[] }[] };
    expect(results.map((r) => [r.row, r.outcome])).toEqual([
      [3, 'rejected'],
      [4, 'rejected'],
    ]);
    expect(results[0]?.reasons[0]).toMatch(/^字段 degree 不符合 edu\.graduate\.handover\.v1：/);
    expect(results[1]?.reasons).toEqual([IMPORT_REFUSED_REASON]);
  });

  describe("a row that names another bureau's graduate", () => {
    // The Jilin graduate's case, served in 220102; a Fuzhou caseworker posts the same ID number
    // with their own district as household region (and their own phone number).
    const jilin = graduateHandover({ householdRegionCode: '220102' });
    const fuzhou = { userId: 'cw-fz', role: 'caseworker', jurisdiction: '350102' } as const;
    const caseId = graduateCaseId(jilin, 'unit');

    function fakes(ledgerRow: boolean) {
      const calls = { signalWithStart: 0, audit: [] as Array<Record<string, unknown>> };
      const prisma = {
        graduateLedger: {
          findUnique: async () => (ledgerRow ? { caseId, status: 'in-service', handoverIds: [jilin.handoverId], regionCode: '220102' } : null),
        },
        auditEntry: {
          createMany: async ({ data }: { data: Array<Record<string, unknown>> }) => (calls.audit.push(...data), { count: data.length }),
        },
      } as unknown as PrismaClient;
      const client = {
        withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
        workflow: {
          getHandle: () => ({ query: async () => ({ caseId, regionCode: '220102', status: 'in-service', handoverIds: [jilin.handoverId] }) }),
          signalWithStart: async () => (calls.signalWithStart++, {}),
        },
      } as unknown as Client;
      return { calls, api: unitApi({ prisma, client, tokens }) };
    }

    async function post(api: ReturnType<typeof unitApi>, handover: object) {
      const res = await api.request('/api/imports/graduates', {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokens.sign(fuzhou)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ source: { fileName: '福州名单.xlsx', handoverId: 'FZ-2026-01' }, rows: [{ row: 2, handover }] }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { results: unknown[] }).results[0];
    }

    it.each([
      ['the ledger read model has the case', true],
      ['only the case itself knows its region yet', false],
    ])('is refused like an out-of-region row, signals nothing and is audited on the owning case (%s)', async (_, ledgerRow) => {
      const { calls, api } = fakes(ledgerRow);
      const result = await post(api, { ...jilin, householdRegionCode: '350102', phone: '13900001111', handoverId: 'FZ-2026-01' });
      // Byte for byte the answer a row claiming another region gets: nothing tells the two apart.
      const outOfRegion = await post(fakes(ledgerRow).api, graduateHandover({ householdRegionCode: '220102' }));
      expect(result).toEqual({ row: 2, outcome: 'rejected', caseId: null, reasons: [IMPORT_REFUSED_REASON] });
      expect(outOfRegion).toEqual(result);
      expect(calls.signalWithStart).toBe(0);
      expect(calls.audit).toEqual([expect.objectContaining({ action: 'import-refused-other-jurisdiction', caseId, regionCode: '220102', actorId: 'cw-fz' })]);
      expect(JSON.stringify(calls.audit)).not.toMatch(/13900001111|\d{17}[\dX]/);
    });
  });

  describe('an imported row’s eventId', () => {
    // The workstation holds no key: the server derives the eventId with its own, whatever the row says.
    async function importOne(handover: object) {
      const started: Array<{ args: Array<{ sourceEventId: string }> }> = [];
      const prisma = {
        graduateLedger: { findUnique: async () => null },
        auditEntry: { createMany: async ({ data }: { data: unknown[] }) => ({ count: data.length }) },
      } as unknown as PrismaClient;
      const client = {
        withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
        workflow: {
          getHandle: () => ({
            query: async () => {
              throw new WorkflowNotFoundError('no case yet', 'x', undefined);
            },
          }),
          signalWithStart: async (_: unknown, options: { args: Array<{ sourceEventId: string }> }) => (started.push(options), {}),
        },
      } as unknown as Client;
      const res = await unitApi({ prisma, client, tokens }).request('/api/imports/graduates', {
        method: 'POST',
        headers: { ...(await bearer()).headers, 'content-type': 'application/json' },
        body: JSON.stringify({ source: { fileName: '名单.xlsx', handoverId: 'JL-2026-07-001' }, rows: [{ row: 2, handover }] }),
      });
      expect(res.status).toBe(200);
      return { result: ((await res.json()) as { results: Array<{ outcome: string }> }).results[0], started };
    }

    it.each([
      ['a row without one', (h: ReturnType<typeof graduateHandover>) => (({ eventId: _, ...rest }) => rest)(h)],
      ['a row naming its own', (h: ReturnType<typeof graduateHandover>) => ({ ...h, eventId: 'import:JL-2026-07-001:forged' })],
    ])('is the server’s, from its ID-hash key (%s)', async (_, shape) => {
      const handover = graduateHandover({ householdRegionCode: '220102' });
      const { result, started } = await importOne(shape(handover));
      expect(result).toMatchObject({ outcome: 'imported' });
      expect(started.map((s) => s.args[0]?.sourceEventId)).toEqual([graduateImportEventId('JL-2026-07-001', handover.idNumber, 'unit')]);
      expect(graduateImportEventId('JL-2026-07-001', handover.idNumber, 'unit')).toMatch(/^import:JL-2026-07-001:[0-9a-f]{16}$/);
    });

    it('is the same for the same person and handover, differs between handovers and people, and never holds the ID number', () => {
      const [a, b] = [residentId('220102', '20030915', '123'), residentId('220104', '20040101', '222')];
      const id = (idNumber: string, handoverId = 'H1') => graduateImportEventId(handoverId, idNumber, 'k');
      expect(id(a)).toBe(id(a));
      expect(id(a)).not.toBe(id(b));
      expect(id(a)).not.toBe(id(a, 'H2'));
      expect(id(a)).not.toContain(a.slice(6, 14));
      expect(graduateImportEventId('H1', a, 'other-key')).not.toBe(id(a));
    });
  });
});
