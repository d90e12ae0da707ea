/**
 * Records the histories that replay.test.ts replays (npm run record-histories [-- NAME]). Each recording is
 * a named version: add a new one when a workflow change is versioned (patched()), and keep the old
 * files, so cases started on older code are still proven replayable. Each case type keeps its
 * scenarios in recordings/, registered here one line each.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { combineDisjoint } from '../../domain/registry.js';
import { createTimeSkippingEnv } from '../support/temporal-env.js';
import { mockCaseActivities } from '../support/workflow-mocks.js';
import type { Scenario } from './recording.js';
import { calendarRevisionRecordings } from './recordings/calendar-revision.js';
import { graduate1311Recordings } from './recordings/graduate-1311.js';
import { keyEnterpriseRecordings } from './recordings/key-enterprise.js';
import { layoffFilingRecordings } from './recordings/layoff-filing.js';
import { reemploymentRecordings } from './recordings/reemployment.js';
import { riskResponseRecordings } from './recordings/risk-response.js';
import { sharedWorkflowModules, workflowInterceptorModules } from '../../workers/case-worker.js';

const here = import.meta.dirname;
const workflowIdsFile = path.join(here, 'histories', 'workflow-ids.json');
const recordings: Record<string, Scenario> = combineDisjoint(
  'recordings',
  layoffFilingRecordings,
  graduate1311Recordings,
  calendarRevisionRecordings,
  riskResponseRecordings,
  reemploymentRecordings,
  keyEnterpriseRecordings,
);

/** Runs `scenario` on a fresh test server with mocked activities and saves the history it returns. */
async function record(name: string, scenario: Scenario): Promise<void> {
  const env = await createTimeSkippingEnv();
  try {
    const { calls, activities, calendar } = mockCaseActivities(env);
    const taskQueue = 'record-histories';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: path.resolve(here, '../../workflows/index.ts'),
      bundlerOptions: { preloadModules: sharedWorkflowModules },
      // The production interceptors; the tests' own is inert unless a scenario asks the server to suggest continue-as-new early.
      interceptors: { workflowModules: [...workflowInterceptorModules, path.resolve(here, '../support/suggest-continue-as-new.ts')] },
      activities,
    });
    const recorded = await scenario({ env, calls, calendar, worker, taskQueue });
    const { workflowId, runId } = typeof recorded === 'string' ? { workflowId: recorded, runId: undefined } : recorded;
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const file = path.join(here, 'histories', `${name}.json`);
    // Proto3 JSON, the form the Temporal CLI and UI export and Worker.runReplayHistory reads.
    writeFileSync(file, historyToJSON(history));
    // A history does not carry its workflow ID, and workflow logic may use it (a response matches
    // departments' reports by directive IDs made from it): replay runs under the recorded one.
    const ids = existsSync(workflowIdsFile) ? (JSON.parse(readFileSync(workflowIdsFile, 'utf8')) as Record<string, string>) : {};
    writeFileSync(workflowIdsFile, `${JSON.stringify({ ...ids, [name]: workflowId }, Object.keys({ ...ids, [name]: workflowId }).sort(), 2)}\n`);
    console.log(`recorded ${file}`);
  } finally {
    await env.teardown();
  }
}

const which = process.argv[2];
if (which && !recordings[which]) throw new Error(`no recording named ${which}; known: ${Object.keys(recordings).join(', ')}`);
for (const [name, scenario] of Object.entries(recordings)) if (!which || which === name) await record(name, scenario);
