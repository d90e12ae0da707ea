/**
 * The hello baseline: the bare workflow on the bench's Temporal, on a task queue of its own, with
 * its worker in the bench process. What it reaches is the ceiling of this server on this machine;
 * every case scenario is measured against it in the same run.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { helloWorkflow, type HelloActivities } from './hello-workflow.js';
import { paced } from './measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface HelloBaseline {
  /** Completed workflows per second, `count` started by `concurrency` starters at once. */
  throughput(count: number, concurrency?: number): Promise<number>;
  /** Start-to-result latencies (ms) of workflows started at a steady rate. */
  latencies(perSecond: number, seconds: number): Promise<number[]>;
  stop(): Promise<void>;
}

export async function startHelloBaseline(address: string): Promise<HelloBaseline> {
  // The SDK's own logs would interleave with the bench's table; warnings and errors still show.
  Runtime.install({
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error },
  });
  const taskQueue = `bench-hello-${randomUUID().slice(0, 8)}`;
  const activities: HelloActivities = { hello: async (name) => `你好，${name}` };
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: path.join(here, 'hello-workflow.ts'),
    activities,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const once = () => client.workflow.execute(helloWorkflow, { taskQueue, workflowId: `hello-${randomUUID()}`, args: ['bench'] });
  return {
    async throughput(count, concurrency = 32) {
      let next = 0;
      const started = performance.now();
      const lane = async () => {
        while (next < count) {
          next += 1;
          await once();
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      return count / ((performance.now() - started) / 1000);
    },
    async latencies(perSecond, seconds) {
      return paced(perSecond, seconds, async () => {
        const t0 = performance.now();
        await once();
        return performance.now() - t0;
      });
    },
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}
