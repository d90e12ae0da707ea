/**
 * Kafka for local runs and tests. Order of preference: external brokers (KAFKA_BROKERS); a broker
 * already answering on the local port; a single-node KRaft broker assembled from Maven Central jars
 * in the cache, with its data under the data directory.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { projectRoot } from '../../activities/infra/paths.js';
import { resolveMavenClasspath } from './maven.js';
import { EngineError, findOnPath, portOpen, runToCompletion, startProcess, waitFor, type ManagedProcess } from './process.js';

/** kafkajs 2.2.4 speaks protocol versions that 3.9 serves fully; Kafka 4 drops some it still uses. */
export const KAFKA_VERSION = '3.9.1';

export interface KafkaOptions {
  brokers?: string[];
  cacheDir: string;
  dataDir: string;
  port: number;
  onProgress?: (message: string) => void;
  /** SSL and SASL for external brokers' readiness probe, as every client of theirs has. */
  security?: Pick<KafkaConfig, 'ssl' | 'sasl'>;
}

export interface KafkaEngine {
  brokers: string[];
  source: 'external' | 'already-running' | 'started';
  process?: ManagedProcess;
}

async function answers(brokers: string[], security: Pick<KafkaConfig, 'ssl' | 'sasl'> = {}): Promise<boolean> {
  const admin = new Kafka({ brokers, ...security, logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function serverProperties(dir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${path.join(dir, 'data')}`,
    'num.partitions=3',
    // One node: internal topics cannot have more replicas than brokers.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // Consumers in tests and on a laptop should not wait 3 s for a group that will never grow.
    'group.initial.rebalance.delay.ms=0',
    // Topics are created from the contracts at start; a typo must fail, not make a new topic.
    'auto.create.topics.enable=false',
    '',
  ].join('\n');
}

const log4j = (dir: string) =>
  [
    'log4j.rootLogger=WARN, file',
    'log4j.appender.file=org.apache.log4j.RollingFileAppender',
    `log4j.appender.file.File=${path.join(dir, 'server.log')}`,
    'log4j.appender.file.MaxFileSize=10MB',
    'log4j.appender.file.MaxBackupIndex=2',
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');

export async function ensureKafka(options: KafkaOptions): Promise<KafkaEngine> {
  if (options.brokers && options.brokers.length > 0) {
    if (!(await answers(options.brokers, options.security))) {
      throw new EngineError(`KAFKA_BROKERS=${options.brokers.join(',')} does not answer; is the broker running and reachable?`);
    }
    return { brokers: options.brokers, source: 'external' };
  }
  const brokers = [`127.0.0.1:${options.port}`];
  if (await answers(brokers)) return { brokers, source: 'already-running' };
  const controllerPort = options.port + 1;
  for (const p of [options.port, controllerPort]) {
    if (await portOpen(p)) throw new EngineError(`port ${p} is taken by something that is not Kafka; set KAFKA_PORT or KAFKA_BROKERS`);
  }
  const java = findOnPath('java');
  if (!java) throw new EngineError('the local Kafka broker needs Java 17+ (java on the PATH), or set KAFKA_BROKERS');
  const libDir = path.join(options.cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
  if (!existsSync(path.join(libDir, '.complete'))) options.onProgress?.(`fetching Apache Kafka ${KAFKA_VERSION} from Maven Central (first run only)…`);
  const classpath = await resolveMavenClasspath({ pom: path.join(projectRoot(), 'deploy', 'kafka', 'pom.xml'), libDir, what: 'Kafka broker' });

  const dir = path.join(options.dataDir, 'kafka');
  mkdirSync(dir, { recursive: true });
  const propsFile = path.join(dir, 'server.properties');
  writeFileSync(propsFile, serverProperties(dir, options.port, controllerPort));
  writeFileSync(path.join(dir, 'log4j.properties'), log4j(dir));
  const javaArgs = ['-Xmx768m', '-Xms256m', `-Dlog4j.configuration=file:${path.join(dir, 'log4j.properties')}`, '-cp', classpath];

  // KRaft storage is formatted once with a cluster ID that must stay the same across restarts.
  const idFile = path.join(dir, 'cluster-id');
  if (!existsSync(path.join(dir, 'data', 'meta.properties'))) {
    // A cluster ID may begin with '-', so it is passed as --cluster-id=ID, never as a separate argument.
    const clusterId = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
    writeFileSync(idFile, clusterId);
    await runToCompletion(java, [...javaArgs, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', propsFile, '--ignore-formatted'], {
      what: 'formatting Kafka storage',
    });
  }
  options.onProgress?.(`starting Kafka ${KAFKA_VERSION} (KRaft, data in ${dir})…`);
  const { managed, exitCode } = startProcess({
    name: 'kafka',
    command: java,
    args: [...javaArgs, 'kafka.Kafka', propsFile],
    logFile: path.join(dir, 'console.log'),
  });
  await waitFor('Kafka broker', () => answers(brokers), { timeoutMs: 90_000, process: managed, exited: exitCode });
  return { brokers, source: 'started', process: managed };
}
