/**
 * The import command (npm run import) as a function of its arguments, environment and output
 * streams, so tests run exactly what a user runs:
 *   npm run import -- <file> [--token T | JIUYE_TOKEN] [--handover-id ID] [--occurred-at ISO] [--api URL] [--rejected PATH]
 * Progress on stderr, the summary on stdout, rejected rows (row number and reason) in a file.
 * Exit 0 when the import ran (even with rejected rows), 1 when it stopped, 2 on wrong usage.
 */
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type AppConfig } from '../../activities/infra/config.js';
import { resolveSecrets } from '../../activities/infra/secrets.js';
import { GraduateHandoverV1 } from '../../domain/contracts/inbound.js';
import { ImportFileError } from './errors.js';
import { createProgress, type ProgressOutput } from './progress.js';
import { defaultHandoverId, formatSummary, ImportStoppedError, runGraduateImport } from './run-import.js';

export const importUsage = [
  '用法: npm run import -- <名单文件.xlsx|.csv> [--token <令牌>] [--handover-id 批次号] [--occurred-at 2026-07-15T09:30:00+08:00] [--api http://127.0.0.1:3000] [--rejected 未导入行.csv]',
  '令牌也可用环境变量 JIUYE_TOKEN 给出；开发模式下用 npm run --silent token -- --role supervisor --region 22 获取。',
].join('\n');

/** Wrong usage: the message says what is wrong, the usage text follows it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ImportArgs {
  file: string;
  token: string;
  /** Undefined: derived from the file's content (defaultHandoverId). */
  handoverId: string | undefined;
  occurredAt: string;
  /** False when occurredAt defaulted to now, so the command can say so. */
  occurredAtGiven: boolean;
  api: string;
  rejectedPath: string;
}

export function parseImportArgs(argv: readonly string[], env: NodeJS.ProcessEnv, config: AppConfig, now: Date = new Date()): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        token: { type: 'string' },
        'handover-id': { type: 'string' },
        'occurred-at': { type: 'string' },
        api: { type: 'string' },
        rejected: { type: 'string' },
      },
    });
  } catch (err) {
    // parseArgs names the unknown option or the missing value in English; keep it after our words.
    throw new UsageError(`参数有误：${err instanceof Error ? err.message : String(err)}`);
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file) throw new UsageError('缺少名单文件');
  if (positionals.length > 1) throw new UsageError(`只能导入一个文件，多出：${positionals.slice(1).join(' ')}`);
  const token = values.token ?? env.JIUYE_TOKEN;
  if (!token) throw new UsageError('缺少令牌（--token 或 JIUYE_TOKEN）');
  const occurredAt = values['occurred-at'];
  // The contract's own check: every handover message carries this timestamp as it is.
  if (occurredAt !== undefined && !GraduateHandoverV1.shape.occurredAt.safeParse(occurredAt).success) {
    throw new UsageError(`--occurred-at 须为带时区的 ISO 时间，如 2026-07-15T09:30:00+08:00（收到：${occurredAt}）`);
  }
  const handoverId = values['handover-id']?.trim();
  if (handoverId === '') throw new UsageError('--handover-id 不能为空');
  return {
    file,
    token,
    handoverId,
    occurredAt: occurredAt ?? now.toISOString(),
    occurredAtGiven: occurredAt !== undefined,
    api: (values.api ?? `http://${config.http.host}:${config.http.port}`).replace(/\/+$/, ''),
    rejectedPath: values.rejected ?? path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.rejected.csv`),
  };
}

export interface CommandIo {
  env: NodeJS.ProcessEnv;
  stdout: ProgressOutput;
  stderr: ProgressOutput;
}

export async function importGraduatesCommand(argv: readonly string[], { env, stdout, stderr }: CommandIo): Promise<number> {
  // A message during the import first ends the progress bar's line on a terminal.
  const breakBar = stderr.isTTY ? '\n' : '';
  try {
    const config = loadConfig(env);
    const args = parseImportArgs(argv, env, config);
    await access(args.file, constants.R_OK).catch((cause: unknown) => {
      throw new ImportFileError(`找不到或无法读取文件：${args.file}`, { cause });
    });
    const handoverId = args.handoverId ?? (await defaultHandoverId(args.file));
    const when = args.occurredAtGiven ? args.occurredAt : `${args.occurredAt}（未给 --occurred-at，按当前时间）`;
    stderr.write(`导入 ${args.file}：批次号 ${handoverId}，接收时间 ${when}（首次联系时限由此起算），发送至 ${args.api}\n`);
    const summary = await runGraduateImport({
      file: args.file,
      handoverId,
      occurredAt: args.occurredAt,
      idHashKey: resolveSecrets(config).idHashKey,
      api: args.api,
      token: args.token,
      rejectedPath: args.rejectedPath,
      onProgress: createProgress(stderr),
      onRetry: (failure, delayMs) => stderr.write(`${breakBar}${failure}，${delayMs / 1000} 秒后重试\n`),
    });
    stdout.write(formatSummary(args.file, summary));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`${err.message}\n${importUsage}\n`);
      return 2;
    }
    if (err instanceof ImportStoppedError || err instanceof ImportFileError || err instanceof ConfigError) {
      stderr.write(`${breakBar}${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
