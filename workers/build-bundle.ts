/**
 * Builds the workflow bundle the production worker loads (npm run build). Bundling here, in CI,
 * means a workflow that imports a Node built-in or a non-deterministic module fails the build.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath } from '../activities/infra/temporal.js';
import { sharedWorkflowModules, workflowBundlePath, workflowInterceptorModules } from './case-worker.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { code } = await bundleWorkflowCode({
  workflowsPath: path.resolve(here, '..', 'workflows', 'index.js'),
  // Failures raised in workflow code are converted in the sandbox: it needs the same converter.
  failureConverterPath,
  preloadModules: sharedWorkflowModules,
  workflowInterceptorModules,
  logger: { error: console.error, warn: console.warn, info: () => undefined, debug: () => undefined, trace: () => undefined, log: () => undefined },
});
await writeFile(workflowBundlePath, code);
console.log(`workflow bundle: ${path.relative(process.cwd(), workflowBundlePath)} (${Math.round(code.length / 1024)} KiB)`);
