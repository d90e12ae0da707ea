/**
 * The time-skipping test environment on Temporal's Java test server from Maven Central (the SDK's
 * default downloads a binary from Temporal's CDN, unreachable here and on air-gapped networks).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultCacheDir } from '../../activities/infra/config.js';
import { ensureTestServerExecutable } from '../../deploy/engines/test-server.js';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = ensureTestServerExecutable(process.env.JIUYE_CACHE_DIR ?? defaultCacheDir());
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
