/**
 * The overall shutdown deadline. Stopping waits on the worker (which waits for running activities,
 * and an activity stuck on an engine that does not answer never returns), the intake consumers and
 * the HTTP server; past the deadline the process exits anyway, so a supervisor's stop (Kubernetes
 * sends SIGKILL 30 s after SIGTERM by default) finds it gone, with a line that says why.
 */
export type StopOutcome = 'stopped' | 'timed-out';

export async function stopWithin(stop: () => Promise<void>, timeoutMs: number): Promise<StopOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<StopOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  try {
    return await Promise.race([stop().then((): StopOutcome => 'stopped'), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
