/**
 * The development token command (npm run token) as a function of its arguments, environment and
 * output streams, so the tests run exactly what a developer runs. It signs only with the
 * development secrets file this system generated under the data directory, and refuses wherever a
 * production secret is in sight: a host whose environment carries one is not a development machine,
 * whatever NODE_ENV says, and a token signed there could be valid against production.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../activities/infra/config.js';
import { developmentSecrets, PRODUCTION_SECRET_VARIABLES } from '../../activities/infra/secrets.js';
import { Actor } from '../../domain/actor.js';
import { createTokenService, MAX_TOKEN_AGE_SECONDS } from '../http/auth.js';

export interface TokenCommandIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Where a relative JIUYE_DATA_DIR is resolved. */
  cwd?: string;
}

const USAGE = '用法: npm run --silent token -- --role <caseworker|supervisor|liaison|leader|admin> --region <行政区划代码或前缀> [--user <用户名>] [--hours 8]';

/** Prints the token and returns 0; on any refusal says why on stderr and returns 2. */
export async function tokenCommand(argv: readonly string[], { env, stdout, stderr, cwd }: TokenCommandIo): Promise<number> {
  const refuse = (message: string) => (stderr.write(`${message}\n`), 2);
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: { role: { type: 'string' }, region: { type: 'string' }, user: { type: 'string' }, hours: { type: 'string', default: '8' } },
    }).values;
  } catch (err) {
    return refuse(`参数有误：${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const present = PRODUCTION_SECRET_VARIABLES.filter((name) => (env[name] ?? '').trim() !== '');
  if (present.length > 0) {
    return refuse(
      `拒绝签发：环境变量中有生产密钥（${present.join('、')}），此处不是开发机。开发令牌只用本系统在开发机上生成的密钥文件签发；生产环境的令牌由统一身份认证（OIDC）签发。`,
    );
  }
  let config;
  try {
    config = loadConfig(env, cwd);
  } catch (err) {
    if (err instanceof ConfigError) return refuse(`拒绝签发：${err.message}`);
    throw err;
  }
  if (config.env !== 'development') return refuse(`拒绝签发：开发令牌只在开发模式下可用（当前 NODE_ENV=${config.env}）`);
  const actor = Actor.safeParse({ userId: values.user ?? `dev-${values.role ?? 'user'}`, role: values.role, jurisdiction: values.region });
  if (!actor.success) return refuse(USAGE);
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours * 3600 > MAX_TOKEN_AGE_SECONDS) {
    return refuse(`--hours 须在 0 到 ${MAX_TOKEN_AGE_SECONDS / 3600} 之间：服务端不接受更久的令牌`);
  }
  const secrets = developmentSecrets(config.dataDir);
  if (!secrets.generated) {
    return refuse(
      `拒绝签发：${secrets.file} 不是本系统生成的开发密钥文件（缺少生成标记），不用它签发令牌。请确认这是开发机；开发数据可弃时，删除该文件后重新 npm start 生成。`,
    );
  }
  stdout.write(`${await createTokenService(secrets.values.jwtSecret).sign(actor.data, Math.round(hours * 3600))}\n`);
  return 0;
}
