/**
 * The case worker: one task queue serving every case workflow and its activities. Production runs
 * the prebuilt bundle (npm run build) so a non-deterministic import fails the build, not a case.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { WorkflowIdReusePolicy, type LogLevel, type LogMetadata } from '@temporalio/common';
import type { Logger } from '../activities/infra/logger.js';
import { workerDataConverter, type TemporalConnectionSecurity } from '../activities/infra/temporal.js';
import { chinaCalendar, type WorkingDayCalendar } from '../domain/calendar/index.js';
import { calendarRevisionWorkflow, calendarRevisionWorkflowId } from '../workflows/calendar-revision.js';

/**
 * Starts the recount of provisional due dates for this calendar version, once per version ever:
 * the first worker started on a newly added notice starts it, every later start finds it done.
 */
export async function ensureCalendarRevision(client: Client, taskQueue: string, calendar: WorkingDayCalendar = chinaCalendar): Promise<{ started: boolean }> {
  try {
    await client.workflow.start(calendarRevisionWorkflow, {
      workflowId: calendarRevisionWorkflowId(taskQueue, calendar.version),
      taskQueue,
      args: [{ calendarVersion: calendar.version }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return { started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { started: false };
    throw err;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where `npm run build` writes the bundle, relative to the compiled worker. */
export const workflowBundlePath = path.resolve(here, '..', 'workflow-bundle.js');

/**
 * Modules evaluated once per worker thread and shared by every cached case (the bundle's
 * preloadModules), instead of once per case: see workflows/shared-modules.ts.
 */
export const sharedWorkflowModules = [path.resolve(here, '..', 'workflows', 'shared-modules.js')];

/** Workflow interceptors of every case worker: a signal without the payload key is dropped (workflows/refused-signals.ts). */
export const workflowInterceptorModules = [path.resolve(here, '..', 'workflows', 'refused-signals.js')];

/** Prebuilt bundle when running compiled (its interceptors built in); the workflow sources otherwise (tests, tsx). */
export function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions' | 'interceptors'> {
  const compiled = here.split(path.sep).includes('dist');
  if (compiled) {
    if (!existsSync(workflowBundlePath)) throw new Error(`workflow bundle missing at ${workflowBundlePath}: run npm run build`);
    return { workflowBundle: { codePath: workflowBundlePath } };
  }
  return {
    workflowsPath: path.resolve(here, '..', 'workflows', 'index.ts'),
    bundlerOptions: { preloadModules: sharedWorkflowModules },
    interceptors: { workflowModules: workflowInterceptorModules },
  };
}

let runtimeInstalled = false;

/**
 * Sends the SDK's own logs (worker state, workflow and activity logs) through our logger, so they
 * get the same redaction and level as everything else instead of going to the console. The
 * runtime is per process and can be installed once, before the first worker.
 */
export function installWorkerRuntime(log: Logger): void {
  if (runtimeInstalled) return;
  const forward = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const method = level === 'TRACE' ? 'trace' : level === 'DEBUG' ? 'debug' : level === 'INFO' ? 'info' : level === 'WARN' ? 'warn' : 'error';
    log[method]({ temporal: meta }, message);
  };
  Runtime.install({
    logger: {
      log: forward,
      trace: (m, meta) => forward('TRACE', m, meta),
      debug: (m, meta) => forward('DEBUG', m, meta),
      info: (m, meta) => forward('INFO', m, meta),
      warn: (m, meta) => forward('WARN', m, meta),
      error: (m, meta) => forward('ERROR', m, meta),
    },
  });
  runtimeInstalled = true;
}

export interface CaseWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  payloadKey: Buffer;
  security: TemporalConnectionSecurity;
  activities: object;
  log: Logger;
  /** maxCachedWorkflows: cases kept in memory between their workflow tasks (JIUYE_WORKFLOW_CACHE_SIZE). */
  workflowCacheSize: number;
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  installWorkerRuntime(options.log);
  const connection = await NativeConnection.connect({ address: options.address, ...options.security });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflowSource(),
    activities: options.activities,
    dataConverter: workerDataConverter(options.payloadKey),
    maxCachedWorkflows: options.workflowCacheSize,
  });
  return { worker, connection };
}
