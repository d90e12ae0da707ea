/**
 * The time-skipping test environment on Temporal's Java test server from Maven Central (the SDK's
 * default downloads a binary from Temporal's CDN, unreachable here and on air-gapped networks).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, inject } from 'vitest';
import { defaultCacheDir } from '../../activities/infra/config.js';
import { ensureTestServerExecutable } from '../../deploy/engines/test-server.js';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = await ensureTestServerExecutable(process.env.JIUYE_CACHE_DIR ?? defaultCacheDir());
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}

/**
 * A fresh test server for each test of the calling file. The Java test server was seen to stop
 * dispatching workflow tasks for a new workflow after earlier tests had skipped days of time in
 * the same server; one per test (under a second to start) keeps tests independent.
 */
export function useTimeSkippingEnv(): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
    env = undefined;
  });
  return () => {
    if (!env) throw new Error('the test environment exists only inside a test');
    return env;
  };
}

/** The workflow bundle built once for the run (workflow-bundle.setup.ts), for Worker.create. */
export function testWorkflowBundle(): { codePath: string } {
  return { codePath: inject('workflowBundlePath') };
}
