/**
 * Stopping on SIGINT/SIGTERM within a deadline. Each step (the system, the registries' stand-in,
 * each engine started here) is stopped in turn; a step that never finishes (a worker waiting on
 * an activity that hangs, an engine that ignores its signal) must not keep the process up for
 * ever: at the deadline the steps not yet stopped are logged and the process exits non-zero, so a
 * supervisor (systemd, Kubernetes) sees a failed stop. A second Ctrl-C exits at once.
 */
import type { Logger } from '../activities/infra/logger.js';

export interface StopStep {
  /** What the step stops, for the log when it did not finish. */
  name: string;
  stop(): Promise<void>;
}

/**
 * Runs the steps one after another until all finished or `timeoutMs` passed (never, when it is
 * infinite), and answers the names of those that had not finished (the one under way and those
 * after it). A step that fails is logged and counts as stopped: there is nothing more to wait for.
 */
export async function stopWithin(steps: readonly StopStep[], timeoutMs: number, log: Logger): Promise<{ pending: string[] }> {
  let next = 0;
  const all = (async () => {
    for (; next < steps.length; next += 1) {
      const step = steps[next]!;
      try {
        await step.stop();
      } catch (err) {
        log.warn({ err, step: step.name }, 'error while stopping');
      }
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  // An infinite timeout means no deadline (setTimeout would take it as 1 ms).
  const deadline = new Promise<'deadline'>((resolve) => {
    if (Number.isFinite(timeoutMs)) timer = setTimeout(() => resolve('deadline'), timeoutMs);
  });
  const outcome = await Promise.race([all.then(() => 'stopped' as const), deadline]);
  clearTimeout(timer);
  return { pending: outcome === 'stopped' ? [] : steps.slice(next).map((s) => s.name) };
}

export interface ShutdownOptions {
  /** The steps as they are when the stop begins: what was started by then. */
  steps: () => readonly StopStep[];
  timeoutMs: number;
  log: Logger;
  /** A line for the person at the terminal. */
  say: (line: string) => void;
  exit?: (code: number) => void;
}

/** The conventional exit code of a process ended by a signal: 128 + its number. */
const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Stops on the first SIGINT or SIGTERM; exits at once on the second. Returns `shutdown(code)` for
 * the program's own reasons to stop (a failed start, a worker that failed).
 */
export function installShutdown({ steps, timeoutMs, log, say, exit = (code) => process.exit(code) }: ShutdownOptions): (code: number) => Promise<void> {
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\n正在停止 jiuye（stopping）… 再按一次 Ctrl-C 立即退出');
    const { pending } = await stopWithin(steps(), timeoutMs, log);
    if (pending.length > 0) {
      log.error({ pending, timeoutMs }, 'shutdown deadline passed: exiting with steps not stopped');
      say(`停止超时（${timeoutMs} ms），以下部分未能停止：${pending.join('、')}`);
      exit(code === 0 ? 1 : code);
      return;
    }
    say('已停止（stopped）。');
    exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!stopping) {
        void shutdown(0);
        return;
      }
      log.warn({ signal }, 'second signal while stopping: exiting at once');
      say('已强制退出（forced exit）。');
      exit(signalExitCodes[signal]);
    });
  }
  return shutdown;
}
