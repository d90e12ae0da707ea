/** The risk monitor's and response's own activities, mocked: level writes kept, worker counts set by the test. */
import type { RecordRiskLevelInput } from '../../../activities/risk-response.js';

export function riskResponseMocks() {
  const calls = { riskLevels: [] as RecordRiskLevelInput[], layoffWorkers: { workers: 0, placed: 0 } };
  const activities = {
    recordRiskLevel: async (input: RecordRiskLevelInput) => (calls.riskLevels.push(structuredClone(input)), { written: true }),
    countLayoffWorkers: async () => ({ ...calls.layoffWorkers }),
  };
  return { calls, activities };
}
