/**
 * Progress of a long import for the person watching it: a redrawn bar on a terminal, and on
 * anything else (a CI log, a file) a plain line at most every few seconds, so logs stay readable.
 */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function progressBar(done: number, total: number, elapsedMs: number, width = 30): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * width);
  const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} 行 ${(share * 100).toFixed(0)}%  ${rate.toFixed(0)} 行/秒`;
}

export function createProgress(out: ProgressOutput, now: () => number = () => performance.now(), everyMs = 2000) {
  const started = now();
  let lastLine = -Infinity;
  let finished = false;
  return (done: number, total: number) => {
    if (finished) return;
    finished = done >= total;
    const elapsed = now() - started;
    if (out.isTTY) {
      out.write(`\r${progressBar(done, total, elapsed)}${done >= total ? '\n' : ''}`);
      return;
    }
    if (!finished && now() - lastLine < everyMs) return;
    lastLine = now();
    out.write(`${progressBar(done, total, elapsed)}\n`);
  };
}
