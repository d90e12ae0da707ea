/**
 * `npm start`: provisions the engines (or uses the configured ones), starts the system, prints what
 * runs where, and on Ctrl-C stops everything it started, within SHUTDOWN_TIMEOUT_MS (a second
 * Ctrl-C exits at once). All state lives under the data directory, so starting again resumes every case.
 */
import { loadConfig, ConfigError } from '../activities/infra/config.js';
import { kafkaSecurityOptions } from '../activities/infra/kafka.js';
import { createLogger } from '../activities/infra/logger.js';
import { temporalConnectionOptions } from '../activities/infra/temporal.js';
import { ensureKafka } from '../deploy/engines/kafka.js';
import { ensureRegistries, type Registries } from '../deploy/registries/index.js';
import { EngineError, type ManagedProcess } from '../deploy/engines/process.js';
import { ensureTemporal } from '../deploy/engines/temporal.js';
import { installShutdown, type StopStep } from './shutdown.js';
import { startSystem, type RunningSystem } from './system.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The configuration, or a clear stop: an unset NODE_ENV means production, which a developer may not expect. */
function configOrExit(): ReturnType<typeof loadConfig> {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const hint = process.env.NODE_ENV ? '' : '\n（未设置 NODE_ENV，按生产环境 production 检查配置；在开发机上请用 npm start，或设 NODE_ENV=development）';
    process.stderr.write(`启动失败 (cannot start): ${err.message}${hint}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.logLevel);
  const owned: ManagedProcess[] = [];
  let system: RunningSystem | undefined;
  let registries: Registries | undefined;

  const shutdown = installShutdown({
    // In the reverse order of starting: the system before the engines it uses.
    steps: () => {
      const steps: StopStep[] = [];
      const [running, standIn] = [system, registries?.standIn];
      if (running)
        steps.push({
          name: 'system (HTTP, intake, worker, database)',
          // Most of the deadline goes to the system; the rest still stops the engines started here,
          // and the parts that did not stop are named for the operator.
          stop: async () => {
            const { pending } = await running.stop({ withinMs: config.deadlines.shutdownMs * 0.75 });
            if (pending.length > 0) log.error({ pending }, 'system parts not stopped in time');
          },
        });
      if (standIn) steps.push({ name: 'registry stand-in', stop: () => standIn.stop() });
      for (const p of [...owned].reverse()) steps.push({ name: p.name, stop: () => p.stop() });
      return steps;
    },
    timeoutMs: config.deadlines.shutdownMs,
    log,
    say,
  });

  try {
    // Independent engines start side by side; each reports its own progress.
    const [temporal, kafka] = await Promise.all([
      ensureTemporal({
        address: config.temporal.address,
        cli: config.temporal.cli,
        cacheDir: config.cacheDir,
        dataDir: config.dataDir,
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        security: temporalConnectionOptions(config.temporal.security),
        onProgress: say,
      }).then((engine) => (engine.process && owned.push(engine.process), engine)),
      ensureKafka({
        brokers: config.kafka.brokers,
        cacheDir: config.cacheDir,
        dataDir: config.dataDir,
        port: config.kafka.port,
        security: kafkaSecurityOptions(config.kafka.security),
        onProgress: say,
      }).then((engine) => (engine.process && owned.push(engine.process), engine)),
    ]);

    registries = await ensureRegistries(config.registries, { host: config.http.host });
    system = await startSystem(config, { temporalAddress: temporal.address, kafkaBrokers: kafka.brokers, registries: registries.addresses }, log);
    system.workerDone.catch((err: unknown) => {
      log.fatal({ err }, 'worker failed');
      void shutdown(1);
    });

    const m = system.migrations;
    say('');
    say(`jiuye 已启动 (running: ${[...config.roles].join(', ')}):`);
    if (system.httpUrl) say(`  HTTP API     ${system.httpUrl}   (OpenAPI: ${system.httpUrl}/openapi.json)`);
    say(`  Temporal     ${temporal.address}   [${temporal.source}]${temporal.uiUrl ? `   Web UI: ${temporal.uiUrl}` : ''}`);
    say(`  Kafka        ${kafka.brokers.join(',')}   [${kafka.source}]${system.intakeTopics.length ? `   consuming: ${system.intakeTopics.join(', ')}` : ''}`);
    say(
      registries.standIn
        ? `  Registries   ${registries.standIn.url}   [stand-in: SI ${registries.addresses.si.url}, AMR ${registries.addresses.amr.url}; control token ${registries.standIn.token}]`
        : `  Registries   SI ${registries.addresses.si.url}, AMR ${registries.addresses.amr.url}   [configured]`,
    );
    say(`  Database     ${system.database.kind} ${system.database.location}   (migrations: ${m.applied.length} applied, ${m.alreadyApplied} already)`);
    say(`  Data         ${config.dataDir}`);
    say('按 Ctrl-C 停止 (Ctrl-C stops everything started here).');
  } catch (err) {
    if (err instanceof EngineError || err instanceof ConfigError) {
      process.stderr.write(`\n启动失败 (cannot start): ${err.message}\n`);
    } else {
      process.stderr.write(`\n启动失败 (cannot start): ${(err as Error).stack ?? String(err)}\n`);
    }
    await shutdown(1);
  }
}

await main();
