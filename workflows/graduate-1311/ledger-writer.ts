/**
 * Keeps the graduate's ledger line written to the read model: one write at a time whenever the
 * line (or the graduate's details) changed, each with a higher revision, so a late retry never
 * overwrites a newer line.
 */
import { condition, proxyActivities } from '@temporalio/workflow';
import type { createGraduate1311Activities } from '../../activities/graduate-1311.js';
import type { GraduateHandover, GraduatePerson, LedgerLine } from '../../domain/cases/graduate-1311.js';
import { workflowNow } from '../support.js';

const { recordLedgerLine } = proxyActivities<ReturnType<typeof createGraduate1311Activities>>({
  // A read-model upsert, like the case writes.
  startToCloseTimeout: '1 minute',
});

export interface LedgerWriter {
  writing(): boolean;
  revision(): number;
  /** Resolves once the line as it is now has been written. */
  flushed(): Promise<void>;
}

/** Starts the writer; `person` reads the current handover each time, as later handovers update it. */
export function keepLedgerWritten(line: LedgerLine, handover: () => GraduateHandover, startRevision: number): LedgerWriter {
  let revision = startRevision;
  // A continued run writes once at start: cheap, and repairs a write the previous run lost.
  let written: string | null = null;
  let writing = false;
  const current = () => JSON.stringify({ line, person: personOf(handover()) });
  void (async () => {
    for (;;) {
      await condition(() => current() !== written);
      const snapshot = current();
      const { line: copy, person } = JSON.parse(snapshot) as { line: LedgerLine; person: GraduatePerson };
      writing = true;
      revision += 1;
      await recordLedgerLine({ line: copy, person, revision, at: workflowNow() });
      written = snapshot;
      writing = false;
    }
  })();
  return {
    writing: () => writing,
    revision: () => revision,
    flushed: () => condition(() => !writing && current() === written),
  };
}

function personOf(handover: GraduateHandover): GraduatePerson {
  const { name, idNumber, phone, school, major, degree, graduationDate } = handover;
  return { name, idNumber, phone: phone ?? null, school, major, degree, graduationDate };
}
