/**
 * Bundles the workflow code once for the whole unit project (webpack takes seconds per bundle, and
 * every workflow test file used to build its own) and hands the file to the tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { sharedWorkflowModules, workflowInterceptorModules } from '../../workers/case-worker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
  }
}

const quiet = { error: console.error, warn: console.warn, info: () => undefined, debug: () => undefined, trace: () => undefined, log: () => undefined };

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-bundle-'));
  const file = path.join(dir, 'workflows.js');
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.resolve(import.meta.dirname, 'test-workflows.ts'),
    // The production interceptors, and the tests' own.
    workflowInterceptorModules: [...workflowInterceptorModules, path.resolve(import.meta.dirname, 'suggest-continue-as-new.ts')],
    // As the production bundle does, so every workflow test runs against the shared, frozen modules.
    preloadModules: sharedWorkflowModules,
    logger: quiet,
  });
  writeFileSync(file, code);
  project.provide('workflowBundlePath', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
