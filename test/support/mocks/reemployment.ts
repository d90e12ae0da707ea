/** The re-employment case's own activities, mocked: every line write is kept for assertions. */
import type { RecordReemploymentLineInput } from '../../../activities/reemployment.js';

export function reemploymentMocks() {
  const calls = { reemploymentLines: [] as RecordReemploymentLineInput[] };
  const activities = {
    recordReemploymentLine: async (input: RecordReemploymentLineInput) => (calls.reemploymentLines.push(structuredClone(input)), { written: true }),
  };
  return { calls, activities };
}
