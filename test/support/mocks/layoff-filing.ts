/** The layoff filing case's own activities, mocked: every filing recorded is kept for assertions. */
import type { RecordLayoffFilingInput } from '../../../activities/layoff-filing.js';

export function layoffFilingMocks() {
  const calls = { recorded: [] as RecordLayoffFilingInput[] };
  const activities = {
    recordLayoffFiling: async (input: RecordLayoffFilingInput) => (calls.recorded.push(input), { written: true }),
  };
  return { calls, activities };
}
