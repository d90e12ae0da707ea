/**
 * The operators' DLQ command (npm run dlq): list dead-lettered messages by reason, and replay chosen
 * ones to the topic they came from after a fix, each replay audited (table dlq_replay). It opens
 * sealed records, so it runs where the server's secrets are, on the server's configuration
 * (loadConfig + resolveSecrets). Listing never opens a record.
 */
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { ConfigError, loadConfig, type AppConfig } from '../../activities/infra/config.js';
import { openDatabase } from '../../activities/infra/db.js';
import { createKafka, createProducer, kafkaSecurityOptions } from '../../activities/infra/kafka.js';
import { createLogger } from '../../activities/infra/logger.js';
import { resolveSecrets } from '../../activities/infra/secrets.js';
import { dlqTopic, inboundTopicNames } from '../../domain/contracts/inbound.js';
import { createDeadLetterSeal } from '../intake/dead-letter.js';
import { allDeadLetterTopics, readDeadLetters, replayDeadLetter, type DeadLetterRecord } from '../intake/redrive.js';

export const USAGE = `用法:
  npm run dlq -- list [--topic <主题>]
      列出死信队列中的消息：按原因计数，逐条列出 分区:偏移、来源、原因、尝试次数、时间和是否已重放（不解封内容）。
      不给 --topic 时列出全部死信主题。
  npm run dlq -- replay --topic <主题> (--offsets <分区:偏移,...> | --reason <原因全文>) --operator <姓名>
      修复后把选中的消息原样（原键、原值、原消息头）重新发回其来源主题，每条都记入审计表。
      已重放过的消息不再重放。
  <主题> 可写来源主题（如 edu.graduate.handover.v1）或其死信主题（加 .dlq）。
  需要与服务端相同的配置和密钥（JIUYE_PII_KEY、JIUYE_ID_HASH_KEY 等），重放还需要 DATABASE_URL。
`;

export interface CommandIo {
  env: NodeJS.ProcessEnv;
  stdout: Pick<Writable, 'write'>;
  stderr: Pick<Writable, 'write'>;
}

// No control characters: the name is written into the audit record and read back by people.
const Operator = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((v) => !/\p{Cc}/u.test(v));

const Offsets = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()))
  .pipe(z.array(z.string().regex(/^\d+:\d+$/)).min(1));

class UsageError extends Error {}

function dlqTopicOf(name: string): string {
  const topic = inboundTopicNames.find((t) => t === name || dlqTopic(t) === name);
  if (!topic) throw new UsageError(`未知主题：${name}`);
  return dlqTopic(topic);
}

interface Parsed {
  action: 'list' | 'replay';
  topics: string[];
  offsets?: string[];
  reason?: string;
  operator?: string;
}

function parse(argv: string[]): Parsed {
  let values: { topic?: string; offsets?: string; reason?: string; operator?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { topic: { type: 'string' }, offsets: { type: 'string' }, reason: { type: 'string' }, operator: { type: 'string' } },
    }));
  } catch (err) {
    throw new UsageError(`参数错误：${(err as Error).message}`);
  }
  const [action, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`多余的参数：${rest.join(' ')}`);
  if (action === 'list') {
    if (values.offsets !== undefined || values.reason !== undefined || values.operator !== undefined) throw new UsageError('list 只接受 --topic');
    return { action, topics: values.topic === undefined ? allDeadLetterTopics() : [dlqTopicOf(values.topic)] };
  }
  if (action === 'replay') {
    if (values.topic === undefined) throw new UsageError('replay 需要 --topic');
    if ((values.offsets === undefined) === (values.reason === undefined)) throw new UsageError('replay 需要 --offsets 或 --reason 之一');
    const operator = Operator.safeParse(values.operator ?? '');
    if (!operator.success) throw new UsageError('replay 需要 --operator <姓名>（不超过 100 字）：每次重放都记入审计');
    let offsets: string[] | undefined;
    if (values.offsets !== undefined) {
      const parsed = Offsets.safeParse(values.offsets);
      if (!parsed.success) throw new UsageError('--offsets 应为 分区:偏移 的逗号分隔列表，如 0:12,2:7');
      offsets = parsed.data;
    }
    if (values.reason !== undefined && values.reason.trim() === '') throw new UsageError('--reason 不能为空');
    return { action, topics: [dlqTopicOf(values.topic)], offsets, reason: values.reason, operator: operator.data };
  }
  throw new UsageError(action === undefined ? '缺少子命令 list 或 replay' : `未知子命令：${action}`);
}

const address = (r: DeadLetterRecord) => `${r.partition}:${r.offset}`;

export async function dlqCommand(argv: string[], io: CommandIo): Promise<number> {
  let args: Parsed;
  try {
    args = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  let secrets: ReturnType<typeof resolveSecrets>;
  try {
    config = loadConfig(io.env);
    secrets = resolveSecrets(config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`配置错误：${err.message}\n`);
    return 2;
  }
  if (args.action === 'replay' && !config.database.url) {
    // The embedded PGlite belongs to the server's process; a second process must not open it.
    io.stderr.write('重放需要 DATABASE_URL（PostgreSQL）记录审计；内嵌数据库只能由服务进程打开。\n');
    return 2;
  }
  // Log lines (the Kafka client's) go to stderr, apart from what the command says on stdout.
  const log = createLogger(config.logLevel, 'jiuye-dlq', io.stderr);
  const kafka = createKafka({
    brokers: config.kafka.brokers ?? [`127.0.0.1:${config.kafka.port}`],
    clientId: `${config.kafka.clientId}-dlq`,
    security: kafkaSecurityOptions(config.kafka.security),
    log,
  });
  const records = await readDeadLetters(kafka, args.topics, { groupPrefix: `${config.kafka.groupId}-dlq-read` });
  if (args.action === 'list') {
    list(io, args.topics, records, config.database.url ? await replaysOf(config.database, args.topics) : undefined);
    return 0;
  }

  const chosen = args.offsets ? args.offsets.map((o) => records.find((r) => address(r) === o) ?? o) : records.filter((r) => r.reason === args.reason);
  const missing = chosen.filter((c): c is string => typeof c === 'string');
  if (missing.length > 0) {
    io.stderr.write(`${args.topics[0]} 中没有这些消息：${missing.join(', ')}（用 list 查看分区:偏移）\n`);
    return 1;
  }
  if (chosen.length === 0) {
    io.stderr.write(`${args.topics[0]} 中没有原因为「${args.reason ?? ''}」的消息（用 list 查看原因原文）\n`);
    return 1;
  }

  const database = await openDatabase({ url: config.database.url, ssl: config.database.ssl, pgliteDir: '' });
  const producer = await createProducer(kafka);
  const deps = { prisma: database.prisma, producer, deadLetterSeal: createDeadLetterSeal(secrets) };
  let failed = 0;
  let replayed = 0;
  try {
    for (const record of chosen as DeadLetterRecord[]) {
      const result = await replayDeadLetter(deps, record, args.operator ?? '');
      if (result.kind === 'replayed') {
        replayed++;
        io.stdout.write(`已重放 ${address(record)} → ${result.targetTopic}（分区 ${result.targetPartition}，偏移 ${result.targetOffset}）\n`);
      } else if (result.kind === 'already-replayed') {
        io.stdout.write(`跳过 ${address(record)}：已由 ${result.operator} 于 ${result.at.toISOString()} 重放过\n`);
      } else {
        failed++;
        io.stderr.write(`无法重放 ${address(record)}：不是用本系统密钥密封的死信，或已被改动\n`);
      }
    }
  } finally {
    await producer.disconnect();
    await database.close();
  }
  io.stdout.write(`共重放 ${replayed} 条${failed > 0 ? `，${failed} 条无法重放` : ''}。\n`);
  return failed > 0 ? 1 : 0;
}

/** Who replayed which listed record, by `topic/partition:offset`. */
async function replaysOf(connection: AppConfig['database'], topics: string[]): Promise<Map<string, string>> {
  const database = await openDatabase({ ...connection, pgliteDir: '' });
  try {
    const rows = await database.prisma.dlqReplay.findMany({
      where: { dlqTopic: { in: topics } },
      select: { dlqTopic: true, dlqPartition: true, dlqOffset: true, operator: true },
    });
    return new Map(rows.map((r) => [`${r.dlqTopic}/${r.dlqPartition}:${r.dlqOffset}`, r.operator]));
  } finally {
    await database.close();
  }
}

/** Without a database (no DATABASE_URL) the listing cannot say what was replayed, and says so. */
function list(io: CommandIo, topics: string[], records: DeadLetterRecord[], replays: Map<string, string> | undefined): void {
  for (const topic of topics) {
    const mine = records.filter((r) => r.topic === topic);
    if (mine.length === 0 && topics.length > 1) continue;
    io.stdout.write(`${topic}：${mine.length} 条\n`);
    if (mine.length === 0) continue;
    const byReason = new Map<string, number>();
    for (const r of mine) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
    io.stdout.write('  按原因：\n');
    for (const [reason, count] of [...byReason].sort((a, b) => b[1] - a[1])) io.stdout.write(`    ${count} 条  ${reason || '（无原因）'}\n`);
    io.stdout.write(`  消息（分区:偏移  时间  来源  尝试次数  原因）${replays ? '' : '（未设 DATABASE_URL，不显示重放记录）'}：\n`);
    for (const r of mine) {
      const by = replays?.get(`${r.topic}/${address(r)}`);
      const replayed = by === undefined ? '' : `  [已由 ${by} 重放]`;
      io.stdout.write(`    ${address(r)}  ${r.at || '-'}  ${r.source || '-'}  ${r.attempts || '-'} 次  ${r.reason || '（无原因）'}${replayed}\n`);
    }
  }
  if (records.length === 0 && topics.length > 1) io.stdout.write('死信队列为空。\n');
}
