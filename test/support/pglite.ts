/**
 * An embedded PGlite database with every migration applied, in a temporary folder of its own, for
 * the tests of one file: opened before them and closed and removed after them. Call at the top
 * level of the test file, before its own hooks: vitest runs `beforeAll` hooks in the order they
 * are registered and `afterAll` hooks in reverse, so the file's hooks find the database open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../activities/infra/db.js';

export interface MigratedDatabase {
  /** The open database; only from the file's `beforeAll` hooks on. */
  readonly db: Database;
}

export function migratedDatabase(prefix: string): MigratedDatabase {
  let dir = '';
  let db: Database | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    db = await openDatabase({ pgliteDir: dir });
    await db.migrate();
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    get db() {
      if (!db) throw new Error('the database opens in beforeAll: use it from a hook or a test');
      return db;
    },
  };
}
