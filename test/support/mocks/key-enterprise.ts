/** The key-enterprise account's own activities, mocked: every account write is kept for assertions. */
import type { RecordKeyEnterpriseAccountInput } from '../../../activities/key-enterprise.js';

export function keyEnterpriseMocks() {
  const calls = { accounts: [] as RecordKeyEnterpriseAccountInput[] };
  const activities = {
    recordKeyEnterpriseAccount: async (input: RecordKeyEnterpriseAccountInput) => (calls.accounts.push(structuredClone(input)), { written: true }),
  };
  return { calls, activities };
}
