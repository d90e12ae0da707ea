/** What every scenario gets from the runner, and what it gives back. */
import type { Kafka, Producer } from 'kafkajs';
import type pg from 'pg';
import type { HelloBaseline } from './hello.js';

export interface ScenarioResult {
  name: string;
  value: number;
  unit: string;
  /** The same measure of the bare baseline in the same run; ratio = value / baseline. */
  baseline: number;
  /** What the baseline and the value are, in a few words, for the table. */
  note?: string;
}

export interface Sizes {
  /** Rounds per throughput scenario, each beside a hello round; the median counts. */
  rounds: number;
  helloCount: number;
  caseOpenCount: number;
  importRows: number;
  importRounds: number;
  latencyPerSecond: number;
  latencySeconds: number;
  inboxTasks: number;
  inboxQueries: number;
  /** First-contact tasks claimed and completed over HTTP for the per-action costs. */
  taskActions: number;
  /** Dashboard stream: concurrent subscribers, events per second, seconds. */
  streamSubscribers: number;
  streamPerSecond: number;
  streamSeconds: number;
}

export interface BenchContext {
  sizes: Sizes;
  say(line: string): void;
  hello: HelloBaseline;
  /** Every hello throughput round of the run; hello-baseline is their median. */
  helloRates: number[];
  db: pg.Pool;
  kafka: Kafka;
  producer: Producer;
  apiUrl: string;
  /** Signs a bearer token for the system under measurement. */
  token(role: 'caseworker' | 'supervisor', jurisdiction: string): Promise<string>;
  idHashKey: string;
  workerPid: number;
  apiPid: number;
  temporalPid: number | undefined;
  /** The worker's resident memory right after it started, before any case (MB). */
  workerIdleRssMb: number;
  /** The worker's sticky workflow cache size (maxCachedWorkflows). */
  workflowCacheSize: number | string;
  workDir: string;
  /** Figures for docs/sizing.md, filled in as scenarios go. */
  figures: Record<string, number | string>;
}

/**
 * One entry of the bench: a name to pick it by (--only) and a run that measures one or more
 * scenarios beside their baselines. New scenarios are new entries of the runner's list.
 */
export interface Scenario {
  name: string;
  run(ctx: BenchContext): Promise<ScenarioResult[]>;
}
