/**
 * What reaches Temporal without the payload key: a workflow started or an update sent by a client
 * without the codec (the CLI, the UI, a script on the network) must not act, and a failure's message
 * must not be readable in the history without the key. A worker with the production data converter,
 * on the shared Temporal server, runs small probe workflows.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import proto from '@temporalio/proto';
import { NativeConnection, Worker, type InjectedSinks } from '@temporalio/worker';
import type { LoggerSinks, WorkflowInfo } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { EncryptionCodec, dataConverter, workerDataConverter } from '../../activities/infra/temporal.js';
import { workflowInterceptorModules } from '../../workers/case-worker.js';
import { residentId } from '../support/fixtures.js';
import { eventually } from './harness.js';
import { actSignal, actUpdate, actorsQuery, failureProbe, trustProbe, type ProbeActivities } from './fixtures/trust-probe.js';

const { History } = proto.temporal.api.history.v1;
const { EventType } = proto.temporal.api.enums.v1;

const here = path.dirname(fileURLToPath(import.meta.url));
const payloadKey = randomBytes(32);
const taskQueue = `it-trust-${randomUUID().slice(0, 8)}`;
const recorded: string[] = [];
const workflowLog: { level: string; workflowId: string; message: string; attrs?: Record<string, unknown> }[] = [];

let connection: Connection;
let workerConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
/** The system's own client: it holds the payload key. */
let keyed: Client;
/** Anyone else who reaches Temporal: no codec, plaintext payloads. */
let plain: Client;

beforeAll(async () => {
  const address = inject('temporalAddress');
  workerConnection = await NativeConnection.connect({ address });
  const activities: ProbeActivities = {
    record: async (userId) => void recorded.push(userId),
    fail: async (marker) => {
      throw new Error(`cannot process ${marker}`);
    },
  };
  worker = await Worker.create({
    connection: workerConnection,
    taskQueue,
    workflowsPath: path.join(here, 'fixtures', 'trust-probe.ts'),
    activities,
    dataConverter: workerDataConverter(payloadKey),
    interceptors: { workflowModules: workflowInterceptorModules },
    // The workflows' log lines, as the worker's logger receives them.
    sinks: {
      defaultWorkerLogger: Object.fromEntries(
        (['trace', 'debug', 'info', 'warn', 'error'] as const).map((level) => [
          level,
          {
            fn: (info: WorkflowInfo, message: string, attrs?: Record<string, unknown>) =>
              void workflowLog.push({ level, workflowId: info.workflowId, message, attrs }),
          },
        ]),
      ) as InjectedSinks<LoggerSinks>['defaultWorkerLogger'],
    },
  });
  running = worker.run();
  connection = await Connection.connect({ address });
  keyed = new Client({ connection, dataConverter: dataConverter(payloadKey) });
  plain = new Client({ connection });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await connection?.close();
});

/** The history as stored, in its wire form: every string and payload byte as the server keeps it. */
async function storedHistory(handle: WorkflowHandle): Promise<{ bytes: string; events: proto.temporal.api.history.v1.IHistoryEvent[] }> {
  const history = await plain.workflow.getHandle(handle.workflowId).fetchHistory();
  return { bytes: Buffer.from(History.encode(history).finish()).toString('latin1'), events: history.events ?? [] };
}

/** A failure's message as a holder of the key reads it. */
async function decodedMessage(failure: proto.temporal.api.failure.v1.IFailure): Promise<string> {
  const [attributes] = await new EncryptionCodec(payloadKey).decode([failure.encodedAttributes!]);
  return defaultPayloadConverter.fromPayload<{ message: string }>(attributes!).message;
}

/** A probe case the system opened, with caseworker-1 as its first actor. */
async function openedByCaseworker(kind: string): Promise<WorkflowHandle<typeof trustProbe>> {
  const handle = await keyed.workflow.start(trustProbe, {
    taskQueue,
    workflowId: `trust-${kind}-${randomUUID()}`,
    args: [{ opener: { userId: 'caseworker-1', role: 'caseworker' } }],
  });
  await eventually('the case to open', async () => ((await handle.query(actorsQuery)).includes('caseworker-1') ? true : undefined));
  return handle;
}

describe('payloads without the key', () => {
  it('a workflow started without the codec fails its workflow task and does nothing', async () => {
    const handle = await plain.workflow.start(trustProbe, {
      taskQueue,
      workflowId: `trust-start-${randomUUID()}`,
      args: [{ opener: { userId: 'forged-opener', role: 'supervisor' } }],
    });
    try {
      const failed = await eventually('the refused workflow task', async () => {
        const { events } = await storedHistory(handle);
        return events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      });
      const message = await decodedMessage(failed.workflowTaskFailedEventAttributes!.failure!);
      expect(message).toMatch(/^Unknown encoding: payload refused: encoding "json\/plain" is not binary\/encrypted/);
      expect(message).not.toContain('forged-opener');
      const { events } = await storedHistory(handle);
      expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(false);
      expect(recorded).not.toContain('forged-opener');
    } finally {
      await handle.terminate('test over');
    }
  });

  it('an update sent without the codec is not applied, and the case goes on for the key holder', async () => {
    const handle = await openedByCaseworker('update');
    try {
      const forged = plain.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(actUpdate, { args: [{ actor: { userId: 'forged-supervisor', role: 'supervisor' } }] });
      // Rejected, with a failure only the key holder can read: the sender cannot even decode the refusal.
      await expect(forged).rejects.toThrow(/^Unknown encoding: binary\/encrypted$/);
      const { events } = await storedHistory(handle);
      expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBe(false);
      expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toBe(false);
      expect(await handle.query(actorsQuery)).toEqual(['caseworker-1']);
      expect(recorded).not.toContain('forged-supervisor');
      await expect(handle.executeUpdate(actUpdate, { args: [{ actor: { userId: 'supervisor-1', role: 'supervisor' } }] })).resolves.toBe('supervisor-1');
      expect(await handle.query(actorsQuery)).toEqual(['caseworker-1', 'supervisor-1']);
    } finally {
      await handle.terminate('test over');
    }
  });

  it('a signal sent without the codec is dropped, and the case goes on for the key holder', async () => {
    const handle = await openedByCaseworker('signal');
    try {
      // Temporal takes the signal (it cannot tell), so it is in the history; the worker drops it.
      await plain.workflow.getHandle(handle.workflowId).signal(actSignal, { actor: { userId: 'forged-supervisor', role: 'supervisor' } });
      await handle.signal(actSignal, { actor: { userId: 'supervisor-1', role: 'supervisor' } });
      await eventually('the keyed signal to act', async () => ((await handle.query(actorsQuery)).includes('supervisor-1') ? true : undefined));
      expect(await handle.query(actorsQuery)).toEqual(['caseworker-1', 'supervisor-1']);
      expect(recorded).not.toContain('forged-supervisor');
      const { events } = await storedHistory(handle);
      expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).toHaveLength(2);
      expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toBe(false);
      // The operator hears of it, by the signal's name, without its content.
      const warned = workflowLog.filter((l) => l.level === 'warn' && l.workflowId === handle.workflowId);
      expect(warned).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/^signal refused and dropped/),
          attrs: expect.objectContaining({ signalName: 'act-signal' }),
        }),
      ]);
      expect(JSON.stringify(warned)).not.toContain('forged-supervisor');
      // The history replays with the forged signal in it: dropped again, the same commands.
      await Worker.runReplayHistory(
        {
          workflowsPath: path.join(here, 'fixtures', 'trust-probe.ts'),
          dataConverter: workerDataConverter(payloadKey),
          interceptors: { workflowModules: workflowInterceptorModules },
        },
        await plain.workflow.getHandle(handle.workflowId).fetchHistory(),
        handle.workflowId,
      );
    } finally {
      await handle.terminate('test over');
    }
  });
});

describe('failures', () => {
  it('keeps a failing activity’s message out of the stored history, readable with the key', async () => {
    const marker = residentId();
    const handle = await keyed.workflow.start(failureProbe, { taskQueue, workflowId: `trust-failure-${randomUUID()}`, args: [marker] });
    const outcome = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect((outcome as WorkflowFailedError).cause?.message).toBe(`the workflow saw ${marker} fail`);

    const { bytes, events } = await storedHistory(handle);
    expect(bytes).not.toContain(marker);
    const activityFailure = events.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)!.activityTaskFailedEventAttributes!.failure!;
    expect(activityFailure.message).toBe('Encoded failure');
    expect(await decodedMessage(activityFailure)).toBe(`cannot process ${marker}`);
    const workflowFailure = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)!.workflowExecutionFailedEventAttributes!
      .failure!;
    expect(workflowFailure.message).toBe('Encoded failure');
  });
});
