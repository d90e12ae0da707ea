/**
 * The migrations are the one source of the database shape for both engines: applied to a real
 * PostgreSQL they must yield exactly what prisma/schema.prisma declares (no drift), and applied to
 * the embedded PGlite they must work and keep data across a reopen, as `npm start` relies on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../activities/infra/db.js';
import { projectRoot } from '../../activities/infra/paths.js';
import { createTestDatabase } from './harness.js';

async function describeSchema(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ d: string }>(`
      SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || datetime_precision || ')', '') ||
             ' null=' || is_nullable || ' default=' || coalesce(column_default, '-') AS d
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    const indexes = await client.query<{ d: string }>(`SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
    const constraints = await client.query<{ d: string }>(`
      SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`);
    return [...columns.rows, ...indexes.rows, ...constraints.rows].map((r) => r.d).sort();
  } finally {
    await client.end();
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('migrations', () => {
  it('applied to PostgreSQL, match the Prisma schema exactly', async () => {
    const migratedUrl = await createTestDatabase('it_migrated');
    const db = await openDatabase({ url: migratedUrl, pgliteDir: '' });
    cleanups.push(() => db.close());
    const first = await db.migrate();
    expect(first.applied.length).toBeGreaterThan(0);
    expect(await db.migrate()).toEqual({ applied: [], alreadyApplied: first.applied.length });

    const expectedSql = execFileSync(
      path.join(projectRoot(), 'node_modules', '.bin', 'prisma'),
      ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      { cwd: projectRoot(), encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
    );
    const fromSchemaUrl = await createTestDatabase('it_fromschema');
    const client = new pg.Client({ connectionString: fromSchemaUrl });
    await client.connect();
    await client.query(expectedSql);
    await client.end();

    expect(await describeSchema(migratedUrl)).toEqual(await describeSchema(fromSchemaUrl));

    // The audit trail is evidence: the trigger refuses changes whoever asks, even through Prisma.
    const at = new Date('2026-11-20T01:30:00Z');
    await db.prisma.auditEntry.create({
      data: { id: 'a-1', at, actorId: 'cw-1', actorRole: 'caseworker', action: 'task.claim', caseId: 'c-1', regionCode: '220102' },
    });
    await expect(db.prisma.auditEntry.update({ where: { id: 'a-1' }, data: { actorId: 'someone-else' } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.auditEntry.delete({ where: { id: 'a-1' } })).rejects.toThrow(/append-only/);
    expect(await db.prisma.auditEntry.findUnique({ where: { id: 'a-1' } })).toMatchObject({ actorId: 'cw-1' });
  });

  it('applied to embedded PGlite, keep data across a reopen', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-pglite-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await openDatabase({ pgliteDir: dir });
    expect(first.kind).toBe('pglite');
    expect((await first.migrate()).applied.length).toBeGreaterThan(0);
    const now = new Date('2026-11-20T01:30:00Z');
    await first.prisma.case.create({
      data: { id: 'layoff-filing:test:1', type: 'layoff-filing', status: 'opened', regionCode: '220102', title: 't', openedAt: now, updatedAt: now },
    });
    await first.close();

    const second = await openDatabase({ pgliteDir: dir });
    expect((await second.migrate()).applied).toEqual([]);
    expect(await second.prisma.case.findUnique({ where: { id: 'layoff-filing:test:1' } })).toMatchObject({ status: 'opened', openedAt: now });
    await second.prisma.auditEntry.create({
      data: { id: 'a-1', at: now, actorId: 'cw-1', actorRole: 'caseworker', action: 'task.claim', caseId: 'c-1', regionCode: '220102' },
    });
    await expect(second.prisma.auditEntry.delete({ where: { id: 'a-1' } })).rejects.toThrow(/append-only/);
    await second.close();
  });
});
