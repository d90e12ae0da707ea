/**
 * A process that stops as `npm start` does (services/shutdown.ts), with steps the test chooses:
 * `clean` (every step finishes) or `hang` (the second step never does). Prints `ready` once its
 * signal handlers are installed; the deadline is the second argument, in milliseconds.
 */
import { createLogger } from '../../activities/infra/logger.js';
import { installShutdown, type StopStep } from '../../services/shutdown.js';

const [mode, timeoutMs] = process.argv.slice(2);
const stopped = (name: string): StopStep => ({ name, stop: async () => void process.stdout.write(`stopped ${name}\n`) });
const never: StopStep = { name: 'worker-that-never-stops', stop: () => new Promise<void>(() => undefined) };

installShutdown({
  steps: () => [stopped('http'), ...(mode === 'hang' ? [never] : []), stopped('engine')],
  timeoutMs: Number(timeoutMs),
  log: createLogger('info', 'shutdown-child', process.stderr),
  say: (line) => process.stdout.write(`${line}\n`),
});
// The running system's stand-in: something that keeps the process up until it is stopped.
setInterval(() => undefined, 60_000);
process.stdout.write('ready\n');
