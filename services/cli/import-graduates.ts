/**
 * Imports a graduate list (CSV or XLSX with Chinese headers) into the running system:
 *   npm run import -- <file> --token <token> [--handover-id ID] [--occurred-at ISO] [--api URL] [--rejected PATH]
 * Progress on stderr, the summary on stdout, rejected rows (row number and reason) in a file.
 * Exit 0 when the import ran (even with rejected rows), 1 when it stopped, 2 on wrong usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../activities/infra/config.js';
import { resolveSecrets } from '../../activities/infra/secrets.js';
import { ImportFileError } from '../import/graduate-file.js';
import { createProgress } from '../import/progress.js';
import { defaultHandoverId, formatSummary, ImportStoppedError, runGraduateImport } from '../import/run-import.js';

const usage = '用法: npm run import -- <名单文件.xlsx|.csv> --token <令牌> [--handover-id 批次号] [--occurred-at 2026-07-15T09:30:00+08:00] [--api http://127.0.0.1:3000] [--rejected 未导入行.csv]';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      token: { type: 'string' },
      'handover-id': { type: 'string' },
      'occurred-at': { type: 'string' },
      api: { type: 'string' },
      rejected: { type: 'string' },
    },
  });
  const config = loadConfig();
  const file = positionals[0];
  const token = values.token ?? process.env.JIUYE_TOKEN;
  if (!file || positionals.length > 1 || !token) {
    process.stderr.write(`${usage}\n令牌可用 npm run --silent token -- --role supervisor --region 22 获取（开发模式），或设置 JIUYE_TOKEN。\n`);
    return 2;
  }
  const handoverId = values['handover-id'] ?? (await defaultHandoverId(file));
  const occurredAt = values['occurred-at'] ?? new Date().toISOString();
  const rejectedPath = values.rejected ?? path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.rejected.csv`);
  const api = values.api ?? `http://${config.http.host}:${config.http.port}`;
  process.stderr.write(`导入 ${file}：批次号 ${handoverId}，接收时间 ${occurredAt}（首次联系时限由此起算），发送至 ${api}\n`);
  const summary = await runGraduateImport({
    file,
    handoverId,
    occurredAt,
    idHashKey: resolveSecrets(config).idHashKey,
    api,
    token,
    rejectedPath,
    onProgress: createProgress(process.stderr),
  });
  process.stdout.write(formatSummary(file, summary));
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof ImportStoppedError || err instanceof ImportFileError || err instanceof ConfigError) {
    process.stderr.write(`\n${err.message}\n`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
