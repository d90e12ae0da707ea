/**
 * The database: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite under the data
 * directory. Both run the same Prisma migrations, applied here at start-up in-process, because
 * PGlite belongs to one process and the Prisma CLI would be a second one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client.js';
import type { DatabaseSecurity } from './config.js';
import { projectRoot } from './paths.js';
import { readTlsFile } from './tls-files.js';

export type { PrismaClient };

/** Runs migration SQL outside Prisma: scripts hold several statements, which Prisma's raw API refuses. */
interface SqlRunner {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** Where the data lives, for the start-up banner; no credentials. */
  location: string;
  migrate(): Promise<MigrationResult>;
  close(): Promise<void>;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export interface DatabaseOptions {
  /** Without ssl parameters: pg would let those override `ssl`. */
  url?: string;
  /** TLS to PostgreSQL; absent is plaintext. */
  ssl?: DatabaseSecurity['ssl'];
  /** Directory for PGlite's files; used only without url. */
  pgliteDir: string;
  /**
   * How long a query waits for a PostgreSQL connection. pg waits for ever by default, so a database
   * that stopped answering would hang every request and activity behind it.
   */
  connectTimeoutMs?: number;
}

/**
 * What pg is given for a connection: always an explicit `ssl`, so neither the URL nor PGSSLMODE
 * in the environment can change it behind the configuration's back.
 */
export function pgConnectionOptions(url: string, ssl: DatabaseSecurity['ssl'] | undefined): { connectionString: string; ssl: false | ConnectionOptions } {
  if (!ssl || ssl.mode === 'disable') return { connectionString: url, ssl: false };
  const tls: ConnectionOptions = {};
  if (ssl.caFile) tls.ca = readTlsFile(ssl.caFile, 'DATABASE_SSL_CA_FILE');
  if (ssl.certFile && ssl.keyFile) {
    tls.cert = readTlsFile(ssl.certFile, 'DATABASE_SSL_CERT_FILE');
    tls.key = readTlsFile(ssl.keyFile, 'DATABASE_SSL_KEY_FILE');
  }
  // libpq: 'require' with a root certificate verifies the chain, as verify-ca does.
  if (ssl.mode === 'require' && !ssl.caFile) tls.rejectUnauthorized = false;
  else if (ssl.mode !== 'verify-full') tls.checkServerIdentity = () => undefined;
  return { connectionString: url, ssl: tls };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const url = options.url;
    const connection = pgConnectionOptions(url, options.ssl);
    const prisma = new PrismaClient({ adapter: new PrismaPg({ ...connection, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000 }) });
    return {
      prisma,
      kind: 'postgres',
      location: redactUrl(url),
      // One dedicated connection: the advisory lock and each migration's transaction are per session.
      async migrate() {
        const client = new pg.Client(connection);
        await client.connect();
        try {
          return await applyMigrations({
            exec: async (sql) => {
              await client.query(sql);
            },
            rows: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
          });
        } finally {
          await client.end();
        }
      },
      close: () => prisma.$disconnect(),
    };
  }
  mkdirSync(options.pgliteDir, { recursive: true });
  const lite = await PGlite.create(options.pgliteDir);
  const runner: SqlRunner = {
    exec: async (sql) => {
      await lite.exec(sql);
    },
    rows: async <T>(sql: string, params: unknown[] = []) => (await lite.query<T>(sql, params)).rows,
  };
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    prisma,
    kind: 'pglite',
    location: options.pgliteDir,
    migrate: () => applyMigrations(runner),
    // PGlite keeps the process alive until closed, after Prisma lets go of it.
    async close() {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql://(unparseable url)';
  }
}

/** Prisma's own bookkeeping table, so `prisma migrate status` agrees with what ran here. */
const bookkeeping = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** An arbitrary constant: serialises concurrent start-ups against one PostgreSQL server. */
const migrationLockKey = 730_316_2026;

export function migrationsDir(): string {
  return path.join(projectRoot(), 'prisma', 'migrations');
}

async function applyMigrations(runner: SqlRunner): Promise<MigrationResult> {
  const dir = migrationsDir();
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  await runner.exec(`SELECT pg_advisory_lock(${migrationLockKey})`);
  try {
    await runner.exec(bookkeeping);
    const done = await runner.rows<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const doneByName = new Map(done.map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const name of names) {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = doneByName.get(name);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new Error(`migration ${name} was edited after it was applied (checksum differs); add a new migration instead`);
        }
        continue;
      }
      await runner.exec('BEGIN');
      try {
        await runner.exec(sql);
        await runner.rows('INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)', [
          randomUUID(),
          checksum,
          name,
        ]);
        await runner.exec('COMMIT');
      } catch (err) {
        await runner.exec('ROLLBACK');
        throw new Error(`migration ${name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(name);
    }
    return { applied, alreadyApplied: names.length - applied.length };
  } finally {
    await runner.exec(`SELECT pg_advisory_unlock(${migrationLockKey})`);
  }
}
