/**
 * A throwaway PostgreSQL server from the machine's own packages (Debian's `postgresql`), for the
 * integration tests when DATABASE_URL is not given. It listens on loopback only with trust
 * authentication: it holds test data and lives as long as the test run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, chownSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EngineError, findOnPath, isExecutable, portOpen, runToCompletion, startProcess, waitFor, type ManagedProcess } from './process.js';

export interface PostgresEngine {
  /** Base URL without a database name. */
  url: (database: string) => string;
  source: 'external' | 'started';
  process?: ManagedProcess;
}

function postgresBinDir(): string {
  const initdb = findOnPath('initdb');
  if (initdb) return path.dirname(initdb);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => isExecutable(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  throw new EngineError('PostgreSQL server binaries not found (initdb): install them (Debian: apt-get install postgresql) or set DATABASE_URL');
}

/** PostgreSQL refuses to run as root; on CI machines we are root, so it runs as the postgres user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

export interface PostgresOptions {
  url?: string;
  port: number;
  /** More server settings (`-c name=value`) for a server a test starts for itself, e.g. TLS. */
  settings?: Record<string, string>;
}

export async function ensurePostgres(options: PostgresOptions): Promise<PostgresEngine> {
  if (options.url) {
    const base = new URL(options.url);
    const url = (database: string) => {
      const u = new URL(base);
      u.pathname = `/${database}`;
      return u.toString();
    };
    return { url, source: 'external' };
  }
  if (await portOpen(options.port)) throw new EngineError(`port ${options.port} is taken; set DATABASE_URL or another test port`);
  const bin = postgresBinDir();
  const dir = path.join(os.tmpdir(), `jiuye-postgres-${options.port}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const runningAsRoot = process.getuid?.() === 0;
  if (runningAsRoot) {
    const uid = Number((await runToCompletion('id', ['-u', 'postgres'], { what: 'finding the postgres user' })).trim());
    const gid = Number((await runToCompletion('id', ['-g', 'postgres'], { what: 'finding the postgres group' })).trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = path.join(dir, 'data');
  const [initCmd, initArgs] = asServerUser(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  await runToCompletion(initCmd, initArgs, { what: 'initdb' });
  const [cmd, args] = asServerUser(path.join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(options.port),
    '-c',
    `listen_addresses=${options.settings?.listen_addresses ?? '127.0.0.1'}`,
    '-c',
    `unix_socket_directories=${dir}`,
    // Test data only: durability is not needed and fsync would slow every test.
    '-c',
    'fsync=off',
    '-c',
    'max_connections=200',
    ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ]);
  const { managed, exitCode } = startProcess({ name: 'postgres', command: cmd, args, logFile: path.join(os.tmpdir(), `jiuye-postgres-${options.port}.log`) });
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${options.port}/${database}`;
  await waitFor(
    'PostgreSQL',
    async () => {
      const client = new pg.Client({ connectionString: url('postgres') });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs: 30_000, process: managed, exited: exitCode },
  );
  return { url, source: 'started', process: managed };
}

/**
 * A new, empty database named `<prefix>_<random>` on the server `baseUrl` points at, and its URL:
 * tests and benchmarks each get one, so runs on shared engines never see each other's rows.
 */
export async function createDatabase(baseUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
