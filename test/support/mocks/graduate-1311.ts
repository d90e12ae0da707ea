/** The graduate 1311 case's own activities, mocked: every ledger write is kept for assertions. */
import type { RecordLedgerLineInput } from '../../../activities/graduate-1311.js';

export function graduate1311Mocks() {
  const calls = { ledger: [] as RecordLedgerLineInput[] };
  const activities = {
    recordLedgerLine: async (input: RecordLedgerLineInput) => (calls.ledger.push(structuredClone(input)), { written: true }),
  };
  return { calls, activities };
}
