/** The graduate's ledger line kept written to the read model, with the graduate's details sealed there. */
import { proxyActivities } from '@temporalio/workflow';
import type { createGraduate1311Activities } from '../../activities/graduate-1311.js';
import type { GraduateHandover, GraduatePerson, LedgerLine } from '../../domain/cases/graduate-1311.js';
import { keepLineWritten, type LineWriter } from '../line-writer.js';

const { recordLedgerLine } = proxyActivities<ReturnType<typeof createGraduate1311Activities>>({
  // A read-model upsert, like the case writes.
  startToCloseTimeout: '1 minute',
});

/** `handover` is read each time, as later handovers update the graduate's phone. */
export function keepLedgerWritten(line: LedgerLine, handover: () => GraduateHandover, startRevision: number): LineWriter {
  return keepLineWritten(
    () => ({ line, person: personOf(handover()) }),
    (copy, revision, at) => recordLedgerLine({ ...copy, revision, at }),
    startRevision,
  );
}

function personOf(handover: GraduateHandover): GraduatePerson {
  const { name, idNumber, phone, school, major, degree, graduationDate } = handover;
  return { name, idNumber, phone: phone ?? null, school, major, degree, graduationDate };
}
