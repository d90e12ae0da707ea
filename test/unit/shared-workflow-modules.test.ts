/**
 * The domain modules are evaluated once per worker thread and shared, frozen, by every cached case
 * (workflows/shared-modules.ts). Two things keep that safe: the list names every domain module the
 * bundle holds (one left out would be evaluated per case, or, worse, frozen by the SDK without the
 * care zod needs), and every shared schema still parses inside the real sandbox once frozen.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { sharedSchemasProbe } from '../workflow/fixtures/shared-schemas-probe.js';
import { testWorkflowBundle, useTimeSkippingEnv } from '../support/temporal-env.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const testEnv = useTimeSkippingEnv();

describe('modules shared by every cached case', () => {
  it('lists every domain module the workflow bundle holds', () => {
    const bundle = readFileSync(inject('workflowBundlePath'), 'utf8');
    const inBundle = new Set([...bundle.matchAll(/^\/\*\*\*\/ "\.\/domain\/([^"]+)\.ts"$/gm)].map((m) => m[1]));
    const listed = new Set(
      [...readFileSync(path.join(root, 'workflows', 'shared-modules.ts'), 'utf8').matchAll(/from '\.\.\/domain\/([^']+)\.js'/g)].map((m) => m[1]),
    );
    expect(inBundle.size).toBeGreaterThan(20);
    expect([...inBundle].filter((m) => !listed.has(m))).toEqual([]);
  });

  it('parses every shared schema inside the sandbox, frozen, with values of every kind', async () => {
    const env = testEnv();
    const taskQueue = `shared-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: testWorkflowBundle() });
    const result = await worker.runUntil(env.client.workflow.execute(sharedSchemasProbe, { taskQueue, workflowId: `shared-${randomUUID()}` }));
    expect(result.failures).toEqual([]);
    expect(result.frozen).toBe(result.namespaces);
    expect(result.schemas).toBeGreaterThan(100);
  });
});
