import { NativeConnection, Worker } from '@temporalio/worker';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig, WORKFLOW_CACHE_SIZE_DEFAULT } from '../../activities/infra/config.js';
import { createLogger } from '../../activities/infra/logger.js';
import { createCaseWorker } from '../../workers/case-worker.js';

afterEach(() => vi.restoreAllMocks());

describe("the worker's sticky workflow cache", () => {
  it('is bounded by default, not sized by the heap as the SDK would (gigabytes for cases that sleep)', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).temporal.workflowCacheSize).toBe(WORKFLOW_CACHE_SIZE_DEFAULT);
    expect(WORKFLOW_CACHE_SIZE_DEFAULT).toBeLessThanOrEqual(500);
  });

  it('is set by JIUYE_WORKFLOW_CACHE_SIZE, and a bad value names the variable', () => {
    expect(loadConfig({ NODE_ENV: 'development', JIUYE_WORKFLOW_CACHE_SIZE: '2000' }).temporal.workflowCacheSize).toBe(2000);
    expect(() => loadConfig({ NODE_ENV: 'development', JIUYE_WORKFLOW_CACHE_SIZE: 'many' })).toThrow(/JIUYE_WORKFLOW_CACHE_SIZE/);
  });

  it('reaches the worker as maxCachedWorkflows', async () => {
    vi.spyOn(NativeConnection, 'connect').mockResolvedValue({ close: async () => undefined } as unknown as NativeConnection);
    const create = vi.spyOn(Worker, 'create').mockRejectedValue(new Error('no server in a unit test'));
    await expect(
      createCaseWorker({
        address: '127.0.0.1:1',
        namespace: 'default',
        taskQueue: 'q',
        payloadKey: Buffer.alloc(32),
        security: {},
        activities: {},
        log: createLogger('silent'),
        workflowCacheSize: 123,
      }),
    ).rejects.toThrow('no server in a unit test');
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ maxCachedWorkflows: 123 }));
  });
});
