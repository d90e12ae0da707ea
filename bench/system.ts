/**
 * The system under measurement as two child processes of the bench, started as `npm start` starts
 * it (the build in dist/, with its prebuilt workflow bundle) on the bench's engines: one serves the
 * API and the Kafka intake, the other runs the worker alone, so the worker's resident memory and
 * CPU time are its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../activities/infra/paths.js';

const READY = 'jiuye 已启动';

export interface BenchProcess {
  name: string;
  pid: number;
  /** Where its API listens, as its start-up banner says; empty without the api role. */
  httpUrl: string;
  stop(): Promise<void>;
}

export async function startSystemProcess(name: string, env: Record<string, string>, logFile: string): Promise<BenchProcess> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, [path.join(projectRoot(), 'dist', 'services', 'main.js')], {
    cwd: projectRoot(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let said = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      said = (said + chunk.toString('utf8')).slice(-4000);
      // The banner's lines are written one by one and may arrive apart: its Kafka line comes after
      // the HTTP API one that says where the API listens.
      const banner = said.indexOf(READY);
      if (banner >= 0 && said.includes('  Kafka ', banner)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${code ?? signal}) before it was ready; log: ${logFile}\n${said.slice(-2000)}`)));
  });
  return {
    name,
    pid: child.pid ?? 0,
    httpUrl: /HTTP API\s+(http:\/\/\S+)/.exec(said)?.[1] ?? '',
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', killOnExit);
      log.end();
    },
  };
}

/** Resident memory now and at its peak (VmRSS, VmHWM), in MB. */
export async function residentMemory(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** CPU time (user + system) the process and its waited-for children used so far, in ms. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}
