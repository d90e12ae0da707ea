/**
 * Keeps a case's line written to its read model: one write at a time whenever the line changed,
 * each with a higher revision, so a late retry never overwrites a newer line. A case's line is its
 * own (a graduate's ledger line, a worker's re-employment line); the writing is the same.
 */
import { condition } from '@temporalio/workflow';
import { workflowNow } from './support.js';

export interface LineWriter {
  writing(): boolean;
  /** The line as it is now has been written. */
  written(): boolean;
  revision(): number;
  /** Resolves once the line as it is now has been written. */
  flushed(): Promise<void>;
}

/**
 * Starts the writer. `snapshot` reads the line as it is now (plain JSON); `write` sends a copy with
 * its revision to the read model.
 */
export function keepLineWritten<T>(snapshot: () => T, write: (copy: T, revision: number, at: string) => Promise<unknown>, startRevision: number): LineWriter {
  let revision = startRevision;
  // A continued run writes once at start: cheap, and repairs a write the previous run lost.
  let written: string | null = null;
  let writing = false;
  const current = () => JSON.stringify(snapshot());
  void (async () => {
    for (;;) {
      await condition(() => current() !== written);
      const text = current();
      writing = true;
      revision += 1;
      await write(JSON.parse(text) as T, revision, workflowNow());
      written = text;
      writing = false;
    }
  })();
  return {
    writing: () => writing,
    written: () => !writing && current() === written,
    revision: () => revision,
    flushed: () => condition(() => !writing && current() === written),
  };
}
