/**
 * Assembles the running system on engines that already answer: database (migrated), Kafka topics
 * and producer, the Temporal worker, the intake consumers and the HTTP API. `npm start` calls it
 * after provisioning engines; the integration tests call it against the engines they provisioned.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../activities/infra/config.js';
import { openDatabase, type Database, type MigrationResult } from '../activities/infra/db.js';
import { contractTopics, createKafka, createProducer, ensureTopics, kafkaSecurityOptions } from '../activities/infra/kafka.js';
import type { Logger } from '../activities/infra/logger.js';
import { resolveSecrets } from '../activities/infra/secrets.js';
import { createFieldSeal } from '../activities/infra/sealed.js';
import { createRegistryClient, type RegistryClient } from '../activities/infra/registry-client.js';
import { connectClient, temporalConnectionOptions } from '../activities/infra/temporal.js';
import type { RegistryAddresses } from '../deploy/registries/index.js';
import type { RegistryName } from '../domain/contracts/registries.js';
import { chinaCalendar, type WorkingDayCalendar } from '../domain/calendar/index.js';
import { createActivities } from '../workers/activities.js';
import { createCaseWorker, ensureCalendarRevision } from '../workers/case-worker.js';
import { createApi } from './http/app.js';
import { startHttpServer } from './http/server.js';
import { createTokenVerifier } from './http/identity.js';
import { createIntakeHandlers } from './intake/registry.js';
import { startIntake, type IntakeConsumer } from './intake/consumer.js';
import { createDeadLetterSeal } from './intake/dead-letter.js';
import { startStreamHub, type StreamHub } from './stream/hub.js';
import { stopWithin, type StopStep } from './shutdown.js';

export interface EngineAddresses {
  temporalAddress: string;
  kafkaBrokers: string[];
  /** The departments' registries, or the stand-in's addresses. */
  registries: RegistryAddresses;
}

export interface RunningSystem {
  /** Empty when this process does not serve the API (JIUYE_ROLES without api). */
  httpUrl: string;
  /** The dashboard stream's hub, when this process serves the API. */
  stream: StreamHub | undefined;
  database: Database;
  migrations: MigrationResult;
  client: Client;
  createdTopics: string[];
  intakeTopics: string[];
  /** Resolves when the worker stops; rejects if it fails, so the caller can shut down. */
  workerDone: Promise<void>;
  /**
   * Stops every part, the last started first. With `withinMs`, gives up waiting at that deadline
   * and answers the parts not stopped by then (the one under way and those after it).
   */
  stop(options?: { withinMs?: number }): Promise<{ pending: string[] }>;
}

export interface SystemOptions {
  /** The working-day calendar; tests pin one to add or withhold a year's notice. */
  calendar?: WorkingDayCalendar;
}

export async function startSystem(config: AppConfig, engines: EngineAddresses, log: Logger, options: SystemOptions = {}): Promise<RunningSystem> {
  const secrets = resolveSecrets(config);
  const calendar = options.calendar ?? chinaCalendar;
  const seal = createFieldSeal(secrets.piiKey);
  const registry = (name: RegistryName): RegistryClient =>
    createRegistryClient({
      name,
      baseUrl: engines.registries[name].url,
      token: engines.registries[name].token,
      timeoutMs: config.registries.timeoutMs,
      maxInFlight: config.registries.maxInFlight,
      breaker: config.registries.breaker,
      onBreaker: (event) =>
        event.state === 'open'
          ? log.warn(event, 'registry failing: calls paused (breaker open)')
          : log.info(event, 'registry answering again (breaker closed)'),
    });
  const registries = { si: registry('si'), amr: registry('amr') };
  // Each part is stopped in the reverse order of its start, by name: a stop that hangs (a pool
  // waiting on a connection, a consumer waiting on its batch) is then named.
  const stack: StopStep[] = [];
  const stop = async ({ withinMs = Number.POSITIVE_INFINITY }: { withinMs?: number } = {}) => {
    const parts = stack.splice(0).reverse();
    const timed = parts.map((part) => ({
      name: part.name,
      stop: async () => {
        const began = performance.now();
        await part.stop();
        log.debug({ part: part.name, ms: Math.round(performance.now() - began) }, 'stopped');
      },
    }));
    return stopWithin(timed, withinMs, log);
  };
  try {
    const database = await openDatabase({
      url: config.database.url,
      ssl: config.database.ssl,
      pgliteDir: path.join(config.dataDir, 'pglite'),
      connectTimeoutMs: config.deadlines.databaseConnectMs,
    });
    stack.push({ name: 'database', stop: () => database.close() });
    const migrations = await database.migrate();

    const kafka = createKafka({ brokers: engines.kafkaBrokers, clientId: config.kafka.clientId, security: kafkaSecurityOptions(config.kafka.security), log });
    const admin = kafka.admin();
    await admin.connect();
    const createdTopics = await ensureTopics(admin, contractTopics()).finally(() => admin.disconnect());
    const producer = await createProducer(kafka);
    stack.push({ name: 'kafka producer', stop: () => producer.disconnect() });

    const temporalSecurity = temporalConnectionOptions(config.temporal.security);
    const { client, connection } = await connectClient({
      address: engines.temporalAddress,
      namespace: config.temporal.namespace,
      payloadKey: secrets.payloadKey,
      security: temporalSecurity,
    });
    stack.push({ name: 'temporal client connection', stop: () => connection.close() });

    // Without the worker role nothing here runs workflows; workerDone then settles only on stop.
    let workerDone: Promise<void> = new Promise((resolve) => stack.push({ name: 'worker absent: workerDone', stop: async () => resolve() }));
    if (config.roles.has('worker')) {
      const { worker, connection: workerConnection } = await createCaseWorker({
        address: engines.temporalAddress,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        payloadKey: secrets.payloadKey,
        security: temporalSecurity,
        activities: createActivities({ prisma: database.prisma, producer, log, seal, client, calendar, registries }),
        log,
        workflowCacheSize: config.temporal.workflowCacheSize,
      });
      const running = worker.run();
      workerDone = running;
      stack.push({ name: 'worker connection', stop: () => workerConnection.close() });
      stack.push({
        name: 'worker',
        stop: async () => {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running;
        },
      });
      const revision = await ensureCalendarRevision(client, config.temporal.taskQueue, calendar);
      if (revision.started) log.info({ calendarVersion: calendar.version }, 'calendar version new to this system: recounting provisional due dates');
    }

    let intake: IntakeConsumer | undefined;
    if (config.roles.has('intake')) {
      const consumer = await startIntake({
        kafka,
        producer,
        prisma: database.prisma,
        groupId: config.kafka.groupId,
        handlers: createIntakeHandlers({ client, prisma: database.prisma, taskQueue: config.temporal.taskQueue, idHashKey: secrets.idHashKey }),
        log,
        deadLetterSeal: createDeadLetterSeal(secrets),
        settings: config.intake,
      });
      stack.push({ name: 'intake consumer', stop: () => consumer.stop() });
      intake = consumer;
    }

    let httpUrl = '';
    let stream: StreamHub | undefined;
    if (config.roles.has('api')) {
      // The dashboard's stream: this process's own consumer of the outbound topics (services/stream).
      const hub = await startStreamHub({ kafka, clientId: config.kafka.clientId, settings: config.stream, log });
      stream = hub;
      stack.push({ name: 'stream consumer', stop: () => hub.stop() });
      const app = createApi({
        prisma: database.prisma,
        client,
        tokens: createTokenVerifier(config.identity, secrets.jwtSecret),
        log,
        seal,
        taskQueue: config.temporal.taskQueue,
        idHashKey: secrets.idHashKey,
        amr: registries.amr,
        temporalDeadlines: { callMs: config.deadlines.temporalCallMs, updateMs: config.deadlines.temporalUpdateMs },
        intake: intake?.status,
        stream: hub,
      });
      const server = await startHttpServer({
        fetch: app.fetch,
        port: config.http.port,
        hostname: config.http.host,
        keepAliveTimeoutMs: config.http.keepAliveTimeoutMs,
        log,
      });
      stack.push({
        name: 'http server',
        stop: () => {
          // Event streams never end by themselves: they are closed first, or the server would wait for them.
          hub.closeSubscribers();
          return new Promise<void>((resolve) => server.close(() => resolve()));
        },
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.http.port;
      httpUrl = `http://${config.http.host}:${port}`;
    }

    return {
      httpUrl,
      stream,
      database,
      migrations,
      client,
      createdTopics,
      intakeTopics: intake?.topics ?? [],
      workerDone,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
