/**
 * Replays every committed history against today's workflow code: a change that would break a
 * running case (non-determinism) fails here, before it reaches a worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { testWorkflowBundle } from '../support/temporal-env.js';

const dir = path.join(import.meta.dirname, 'histories');
/** Each history's workflow ID as recorded (record-histories.ts): workflow logic may depend on it. */
const workflowIds = JSON.parse(readFileSync(path.join(dir, 'workflow-ids.json'), 'utf8')) as Record<string, string>;
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'workflow-ids.json');

describe('committed workflow histories replay on the current code', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', async (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const name = file.replace(/\.json$/, '');
    await Worker.runReplayHistory({ workflowBundle: testWorkflowBundle() }, history, workflowIds[name] ?? name);
  });
});
