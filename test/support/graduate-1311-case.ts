/** Drives graduate 1311 cases in workflow tests: a worker with mocked activities, tasks worked as a caseworker would. */
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { GraduateHandoverV1 } from '../../domain/contracts/inbound.js';
import type { TaskView } from '../../domain/contracts/tasks.js';
import type { Actor } from '../../domain/actor.js';
import { graduate1311Workflow } from '../../workflows/graduate-1311/workflow.js';
import { graduate1311WorkflowId } from '../../domain/cases/graduate-1311.js';
import { type CarriedCase } from '../../workflows/graduate-1311/messages.js';
import { claimTaskUpdate, completeTaskUpdate, tasksQuery } from '../../workflows/task-messages.js';
import { graduateHandover } from './fixtures.js';
import { testWorkflowBundle } from './temporal-env.js';
import { mockCaseActivities } from './workflow-mocks.js';

export const caseworker: Actor = { userId: 'cw-zhang', role: 'caseworker', jurisdiction: '220102' };
export const graduateIdHash = 'f00dfeed0123456789abcdef';

export async function openTasks(handle: WorkflowHandle): Promise<TaskView[]> {
  return (await handle.query(tasksQuery)).filter((t) => t.status === 'open');
}

export async function waitForOpen(handle: WorkflowHandle, count: number): Promise<TaskView[]> {
  for (;;) {
    const open = await openTasks(handle);
    if (open.length >= count) return open;
    // Paced: back-to-back queries can starve the test server's workflow tasks.
    await setTimeout(50);
  }
}

export async function finish(handle: WorkflowHandle, task: TaskView, result: unknown, actor: Actor = caseworker): Promise<void> {
  await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] });
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor, result }] });
}

/** A worker on its own task queue and a handover stamped with the test server's now. */
export async function graduateCase(env: TestWorkflowEnvironment, overrides: Partial<GraduateHandoverV1> = {}) {
  const mocks = mockCaseActivities(env);
  const taskQueue = `grad-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities: mocks.activities });
  const { eventId, ...handover } = graduateHandover({ occurredAt: new Date(await env.currentTimeMs()).toISOString(), ...overrides });
  const workflowId = graduate1311WorkflowId(graduateIdHash, handover.year);
  /** Starts the case on the worker (call inside worker.runUntil); `carried` as continue-as-new would pass it. */
  const begin = (carried?: CarriedCase) =>
    env.client.workflow.start(graduate1311Workflow, {
      workflowId,
      taskQueue,
      args: [{ handover, idHash: graduateIdHash, sourceEventId: eventId, ...(carried ? { carried } : {}) }],
    });
  return { mocks, worker, handover, workflowId, begin };
}
