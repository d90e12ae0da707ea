/** Child-process helpers for the engines the project starts itself. */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export class EngineError extends Error {
  override name = 'EngineError';
}

/** A process this project started, stopped on request and killed if our process dies first. */
export interface ManagedProcess {
  name: string;
  pid: number | undefined;
  stop(): Promise<void>;
  /** The last lines the process wrote, for error messages. */
  tail(): string;
}

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; process?: ManagedProcess; exited?: () => number | null },
): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return;
    const code = options.exited?.();
    if (code !== null && code !== undefined) {
      throw new EngineError(`${what} exited with code ${code} before it was ready:\n${options.process?.tail() ?? ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new EngineError(`${what} was not ready within ${Math.round(options.timeoutMs / 1000)} s:\n${options.process?.tail() ?? ''}`);
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function startProcess(options: StartOptions): { managed: ManagedProcess; exitCode: () => number | null } {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const recent: string[] = [];
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exitCode: number | null = null;
  const remember = (chunk: Buffer) => {
    log.write(chunk);
    recent.push(...chunk.toString().split('\n').filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 30));
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  child.on('error', (err) => {
    recent.push(`failed to start ${options.command}: ${err.message}`);
    exitCode = exitCode ?? -1;
  });
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : -1);
      log.end();
      resolve();
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const managed: ManagedProcess = {
    name: options.name,
    pid: child.pid,
    tail: () => recent.join('\n'),
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return { managed, exitCode: () => exitCode };
}

/**
 * Runs a command to completion (builds, downloads, initdb); rejects with its last output lines on
 * failure. Asynchronous on purpose: a first-run Go build takes minutes, and the engines starting
 * beside it must keep their own readiness checks running meanwhile.
 */
export function runToCompletion(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; what: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new EngineError(`${options.what}: could not run ${command}: ${e.message}`)));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) return resolve(stdout);
      const output = `${stdout}\n${Buffer.concat(err).toString('utf8')}`.trim().split('\n').slice(-25).join('\n');
      reject(new EngineError(`${options.what} failed (exit ${code}):\n${output}`));
    });
  });
}
