/**
 * The stop on SIGINT/SIGTERM (services/shutdown.ts) in a real child process, as `npm start` runs
 * it: a step that never finishes ends in a non-zero exit naming it once the deadline passed, a
 * second Ctrl-C exits at once, and a clean stop exits 0.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../activities/infra/logger.js';
import { projectRoot } from '../../activities/infra/paths.js';
import { stopWithin } from '../../services/shutdown.js';

const child = path.join(projectRoot(), 'test', 'support', 'shutdown-child.ts');

/** Starts the child, sends `signals` (each once its `after` appears in the child's output) and gives back how it ended. */
async function run(mode: 'clean' | 'hang', timeoutMs: number, signals: { signal: NodeJS.Signals; after: string }[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, mode, String(timeoutMs)], { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const pending = [...signals];
  // Decoded by the stream, so a character split across two chunks is not garbled.
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    out += chunk;
    while (pending[0] && out.includes(pending[0].after)) proc.kill(pending.shift()!.signal);
  });
  proc.stderr.on('data', (chunk: string) => (err += chunk));
  const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  return { code, out, err };
}

describe('stopping within a deadline', () => {
  it('exits non-zero once the deadline passed, naming the step that had not stopped', async () => {
    const { code, out, err } = await run('hang', 1500, [{ signal: 'SIGTERM', after: 'ready' }]);
    expect(code).toBe(1);
    expect(out).toContain('stopped http');
    expect(out).not.toContain('stopped engine');
    expect(out).toContain('以下部分未能停止：worker-that-never-stops、engine');
    const line = err.split('\n').find((l) => l.includes('shutdown deadline passed'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ pending: ['worker-that-never-stops', 'engine'], timeoutMs: 1500 });
  });

  it('exits at once on a second Ctrl-C, whatever is still stopping', async () => {
    // A deadline far beyond the test's own timeout: only the second signal can end this run.
    const { code, out } = await run('hang', 600_000, [
      { signal: 'SIGINT', after: 'ready' },
      { signal: 'SIGINT', after: '正在停止' },
    ]);
    expect(code).toBe(130);
    expect(out).toContain('已强制退出');
  });

  it('exits 0 when every step stopped in time', async () => {
    const { code, out } = await run('clean', 10_000, [{ signal: 'SIGINT', after: 'ready' }]);
    expect(code).toBe(0);
    expect(out).toMatch(/stopped http\nstopped engine\n已停止/);
  });
});

describe('stopWithin, as a system stops its parts', () => {
  const log = createLogger('silent', 'shutdown-test');
  const after = (ms: number) => () => new Promise<void>((resolve) => setTimeout(resolve, ms));

  it('waits for every part when the timeout is infinite (setTimeout would take it as 1 ms)', async () => {
    const stopped: string[] = [];
    const step = (name: string) => ({ name, stop: () => after(20)().then(() => void stopped.push(name)) });
    const { pending } = await stopWithin([step('intake'), step('worker'), step('database')], Number.POSITIVE_INFINITY, log);
    expect(pending).toEqual([]);
    expect(stopped).toEqual(['intake', 'worker', 'database']);
  });

  it('names the part under way and those after it once the deadline passed', async () => {
    const steps = [
      { name: 'http server', stop: after(1) },
      { name: 'intake consumer', stop: () => new Promise<void>(() => undefined) },
      { name: 'database', stop: after(1) },
    ];
    expect(await stopWithin(steps, 200, log)).toEqual({ pending: ['intake consumer', 'database'] });
  });
});
