/**
 * The import commands (npm run import, npm run import-enterprises) as functions of their arguments,
 * environment and output streams, so tests run exactly what a user runs. What every list's command
 * shares is here: the file, --token (or JIUYE_TOKEN), --api and --rejected, progress on stderr, the
 * summary on stdout, rejected rows (row number and reason) in a file, and the exit code: 0 when the
 * import ran (even with rejected rows), 1 when it stopped, 2 on wrong usage. Each list's command
 * adds its own flags and says what it is about to do.
 */
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadApiAddress } from '../../activities/infra/config.js';
import { ImportFileError } from './errors.js';
import { createProgress, type ProgressOutput } from './progress.js';
import { formatSummary, ImportStoppedError, runImport, type ListKind } from './run-import.js';

/** Wrong usage: the message says what is wrong, the usage text follows it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CommonImportArgs {
  file: string;
  token: string;
  api: string;
  rejectedPath: string;
}

/** Where the API listens when --api is not given: HOST and PORT, as the server reads them. */
export interface ApiAddress {
  http: { host: string; port: number };
}

export interface CommandIo {
  env: NodeJS.ProcessEnv;
  stdout: ProgressOutput;
  stderr: ProgressOutput;
}

/** One list's import command. `A` is what its own flags come to; `V` and `O` are its list's rows and outcomes. */
export interface ImportCommand<A extends object, V, O extends string> {
  usage: string;
  /** Its flags besides --token, --api and --rejected, all taking a value. */
  flags: readonly string[];
  /** Its flags' values as the arguments it runs with; throws UsageError when they are wrong. */
  parse(values: Readonly<Record<string, string | undefined>>, now: Date): A;
  /** The line that says what is about to happen, and the list to run, once the file is known to be readable. */
  prepare(args: CommonImportArgs & A): Promise<{ announce: string; kind: ListKind<V, O> }>;
}

export function parseCommandArgs<A extends object>(
  command: Pick<ImportCommand<A, unknown, string>, 'flags' | 'parse'>,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  config: ApiAddress,
  now: Date = new Date(),
): CommonImportArgs & A {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: Object.fromEntries(['token', 'api', 'rejected', ...command.flags].map((flag) => [flag, { type: 'string' as const }])),
    });
  } catch (err) {
    // parseArgs names the unknown option or the missing value in English; keep it after our words.
    throw new UsageError(`参数有误：${err instanceof Error ? err.message : String(err)}`);
  }
  const values = parsed.values as Record<string, string | undefined>;
  const { positionals } = parsed;
  const file = positionals[0];
  if (!file) throw new UsageError('缺少名单文件');
  if (positionals.length > 1) throw new UsageError(`只能导入一个文件，多出：${positionals.slice(1).join(' ')}`);
  const token = values.token ?? env.JIUYE_TOKEN;
  if (!token) throw new UsageError('缺少令牌（--token 或 JIUYE_TOKEN）');
  const own = command.parse(values, now);
  return {
    file,
    token,
    ...own,
    api: (values.api ?? `http://${config.http.host}:${config.http.port}`).replace(/\/+$/, ''),
    rejectedPath: values.rejected ?? path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.rejected.csv`),
  };
}

export async function runImportCommand<A extends object, V, O extends string>(
  command: ImportCommand<A, V, O>,
  argv: readonly string[],
  { env, stdout, stderr }: CommandIo,
): Promise<number> {
  // A message during the import first ends the progress bar's line on a terminal.
  const breakBar = stderr.isTTY ? '\n' : '';
  try {
    // Only the API's address: the command holds no key and needs none of the server's settings.
    const args = parseCommandArgs(command, argv, env, { http: loadApiAddress(env) });
    await access(args.file, constants.R_OK).catch((cause: unknown) => {
      throw new ImportFileError(`找不到或无法读取文件：${args.file}`, { cause });
    });
    const { announce, kind } = await command.prepare(args);
    stderr.write(`${announce}\n`);
    const summary = await runImport(kind, {
      file: args.file,
      api: args.api,
      token: args.token,
      rejectedPath: args.rejectedPath,
      onProgress: createProgress(stderr),
      onRetry: (failure, delayMs) => stderr.write(`${breakBar}${failure}，${delayMs / 1000} 秒后重试\n`),
    });
    stdout.write(formatSummary(kind, args.file, summary));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`${err.message}\n${command.usage}\n`);
      return 2;
    }
    if (err instanceof ImportStoppedError || err instanceof ImportFileError || err instanceof ConfigError) {
      stderr.write(`${breakBar}${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
