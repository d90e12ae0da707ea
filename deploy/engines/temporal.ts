/**
 * Temporal for local runs and tests. Order of preference: an external server (TEMPORAL_ADDRESS);
 * a server already answering on the local port; a dev server from the `temporal` CLI found at
 * TEMPORAL_CLI, on the PATH or in the cache, or built from the Go module proxy into the cache.
 * The dev server persists to SQLite under the data directory, so cases survive restarts.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { EngineError, findOnPath, isExecutable, portOpen, runToCompletion, startProcess, waitFor, type ManagedProcess } from './process.js';

/** The newest CLI tag without `replace` directives, so a plain `go install` builds it (later tags need a wrapper module). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

export interface TemporalOptions {
  address?: string;
  cli?: string;
  cacheDir: string;
  dataDir: string;
  port: number;
  uiPort: number;
  /** Extra search attributes to register on a dev server we start (NAME=TYPE). */
  searchAttributes?: string[];
  /**
   * SQLite pragmas for a dev server we start; DEV_SERVER_SQLITE_PRAGMAS when absent, {} for SQLite's
   * own defaults (the bench measures both).
   */
  sqlitePragmas?: Record<string, string>;
  /** Dynamic-config values for a dev server we start (e.g. a low continue-as-new suggestion in tests). */
  dynamicConfig?: Record<string, number | string | boolean>;
  onProgress?: (message: string) => void;
  /** TLS and API key for an external server's readiness probe, as every connection to it has. */
  security?: Pick<ConnectionOptions, 'tls' | 'apiKey'>;
}

export interface TemporalEngine {
  address: string;
  /** How it was obtained, for the start-up banner. */
  source: 'external' | 'already-running' | 'started';
  uiUrl?: string;
  process?: ManagedProcess;
}

async function answers(address: string, security: Pick<ConnectionOptions, 'tls' | 'apiKey'> = {}): Promise<boolean> {
  try {
    const connection = await Connection.connect({
      address,
      ...security,
      connectTimeout: 1000,
      // grpc-js shares subchannels process-wide: without a local pool, the probe made before the
      // server existed leaves a subchannel whose reconnect backoff keeps growing (it grew past a
      // minute during a first-run CLI build) and every later probe waits on it.
      channelArgs: { 'grpc.use_local_subchannel_pool': 1 },
    });
    try {
      await connection.healthService.check({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/** The path of a `temporal` CLI, building it into the cache when none is installed. */
export async function resolveTemporalCli(options: Pick<TemporalOptions, 'cli' | 'cacheDir' | 'onProgress'>): Promise<string> {
  if (options.cli) {
    if (!isExecutable(options.cli)) throw new EngineError(`TEMPORAL_CLI=${options.cli} is not an executable file`);
    return options.cli;
  }
  const onPath = findOnPath('temporal');
  if (onPath) return onPath;
  const binDir = path.join(options.cacheDir, 'temporal-cli', TEMPORAL_CLI_VERSION);
  const cached = path.join(binDir, 'temporal');
  if (isExecutable(cached)) return cached;
  const go = findOnPath('go');
  if (!go) {
    throw new EngineError(
      'no Temporal server: TEMPORAL_ADDRESS is not set, no `temporal` CLI was found (TEMPORAL_CLI, PATH, ' +
        `${cached}) and Go is not installed to build it. Install Go 1.22+ or the Temporal CLI, or set TEMPORAL_ADDRESS.`,
    );
  }
  options.onProgress?.(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (first run only, a few minutes)…`);
  mkdirSync(binDir, { recursive: true });
  await runToCompletion(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    what: 'building the Temporal CLI',
    env: { GOBIN: binDir, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
  });
  if (!isExecutable(cached)) throw new EngineError(`go install finished but ${cached} is missing`);
  return cached;
}

/**
 * The dev server's SQLite in write-ahead-log mode, syncing at checkpoints rather than at every
 * commit: the bare-workflow ceiling on a two-core machine about doubles (23 → 47–50 completed/s,
 * issue 16). The trade-off: a crash of the server process loses nothing, a power loss or kernel
 * crash can lose the last transactions. The dev server is for one machine; production runs a
 * Temporal cluster on PostgreSQL, where none of this applies.
 */
export const DEV_SERVER_SQLITE_PRAGMAS: Readonly<Record<string, string>> = { journal_mode: 'wal', synchronous: 'normal' };

/** The `temporal server start-dev` arguments for a dev server keeping its state in dbFile. */
export function devServerArgs(
  options: Pick<TemporalOptions, 'port' | 'uiPort' | 'sqlitePragmas' | 'searchAttributes' | 'dynamicConfig'>,
  dbFile: string,
): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--db-filename',
    dbFile,
    '--log-level',
    'warn',
  ];
  for (const [pragma, value] of Object.entries(options.sqlitePragmas ?? DEV_SERVER_SQLITE_PRAGMAS)) args.push('--sqlite-pragma', `${pragma}=${value}`);
  for (const attribute of options.searchAttributes ?? []) args.push('--search-attribute', attribute);
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  return args;
}

export async function ensureTemporal(options: TemporalOptions): Promise<TemporalEngine> {
  if (options.address) {
    if (!(await answers(options.address, options.security))) {
      throw new EngineError(`TEMPORAL_ADDRESS=${options.address} does not answer; is the server running and reachable?`);
    }
    return { address: options.address, source: 'external' };
  }
  const address = `127.0.0.1:${options.port}`;
  if (await answers(address)) return { address, source: 'already-running' };
  if (await portOpen(options.port)) {
    throw new EngineError(`port ${options.port} is taken by something that is not Temporal; set TEMPORAL_PORT or TEMPORAL_ADDRESS`);
  }
  const cli = await resolveTemporalCli(options);
  const dir = path.join(options.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const args = devServerArgs(options, path.join(dir, 'temporal.sqlite'));
  const fresh = !existsSync(path.join(dir, 'temporal.sqlite'));
  options.onProgress?.(`starting Temporal dev server (${fresh ? 'new' : 'existing'} state in ${dir})…`);
  const { managed, exitCode } = startProcess({ name: 'temporal', command: cli, args, logFile: path.join(dir, 'server.log') });
  await waitFor('Temporal dev server', () => answers(address), { timeoutMs: 60_000, process: managed, exited: exitCode });
  return { address, source: 'started', uiUrl: `http://127.0.0.1:${options.uiPort}`, process: managed };
}
