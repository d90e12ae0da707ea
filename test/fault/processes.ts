/**
 * The system under test as child processes of the suite, started from the build (`dist/`, as
 * `npm start` runs it; `npm run test:fault` builds first) with JIUYE_ROLES: one process serves the
 * API and the intake, another runs the worker, so the worker alone can be killed with SIGKILL and
 * started again. The build's prebuilt workflow bundle lets a killed worker come back in seconds,
 * where one started from source bundled the workflows again on every start (15–30 s). Every line either writes, at debug level, is
 * appended to a log file of the suite's, for the personal-data scan.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../activities/infra/paths.js';

const READY = 'jiuye 已启动';

export interface SystemProcess {
  name: string;
  /** Starts the process and resolves when it says it runs. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown hook, no flush, no goodbye to Temporal or Kafka. */
  kill(): Promise<void>;
  /** SIGTERM, waiting for a clean exit. */
  stop(): Promise<void>;
  starts: number;
  running(): boolean;
  /** Running and past its start-up banner: killing it now kills a working process. */
  ready(): boolean;
}

export function systemProcess(name: string, env: Record<string, string>, logFile: string): SystemProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let isReady = false;
  const log: WriteStream = createWriteStream(logFile, { flags: 'a' });
  const handle: SystemProcess = {
    name,
    starts: 0,
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    ready: () => isReady && handle.running(),
    async start() {
      handle.starts += 1;
      const started = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'services', 'main.js')], {
        cwd: projectRoot(),
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      isReady = false;
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      let said = '';
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          log.write(chunk);
          // Looked for before the tail is cut: a busy process's chunk can carry the marker and more
          // than the tail's worth of log lines after it (a worker that had been running unseen).
          const text = said + chunk.toString('utf8');
          said = text.slice(-4000);
          if (!isReady && text.includes(READY)) {
            isReady = true;
            resolve();
          }
        };
        started.stdout?.on('data', onData);
        started.stderr?.on('data', onData);
        started.once('exit', (code, signal) => reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${said.slice(-2000)}`)));
      });
    },
    async kill() {
      if (!handle.running()) return;
      child?.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!handle.running()) return;
      child?.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  return handle;
}

/** Starts a process again and again until it runs: an engine it needs may be restarting. */
export async function startPatiently(p: SystemProcess, timeoutMs = 180_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      await p.start();
      return attempts;
    } catch (err) {
      if (performance.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}
