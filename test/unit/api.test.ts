import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../activities/infra/db.js';
import { createLogger } from '../../activities/infra/logger.js';
import { createApi } from '../../services/http/app.js';

const app = createApi({ prisma: {} as PrismaClient, log: createLogger('silent') });

describe('HTTP API surface', () => {
  it('describes itself in OpenAPI 3.1, generated from the zod schemas', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{id}']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['CaseList', 'CaseDetail', 'Error']));
  });

  it('rejects a bad filter with the failing field, before touching the database', async () => {
    const res = await app.request('/api/cases?region=abc&limit=0');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string; issues: { path: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.issues.map((i) => i.path).sort()).toEqual(['limit', 'region']);
  });

  it('answers unknown routes with a JSON error', async () => {
    const res = await app.request('/api/nothing');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });
});
