/**
 * Prints a development bearer token and nothing else, so it can be captured in a shell variable:
 *   TOKEN=$(npm run --silent token -- --role caseworker --region 220102)
 * Refused outside development: production tokens come from the bureau's identity provider.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../activities/infra/config.js';
import { resolveSecrets } from '../../activities/infra/secrets.js';
import { Actor } from '../../domain/actor.js';
import { createTokenService, MAX_TOKEN_AGE_SECONDS } from '../http/auth.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    region: { type: 'string' },
    user: { type: 'string' },
    hours: { type: 'string', default: '8' },
  },
});

const config = loadConfig();
if (config.env !== 'development') {
  process.stderr.write(`拒绝签发：开发令牌只在开发模式下可用（当前 NODE_ENV=${config.env}）\n`);
  process.exit(2);
}
const actor = Actor.safeParse({ userId: values.user ?? `dev-${values.role ?? 'user'}`, role: values.role, jurisdiction: values.region });
if (!actor.success) {
  process.stderr.write(
    '用法: npm run --silent token -- --role <caseworker|supervisor|liaison|leader|admin> --region <行政区划代码或前缀> [--user <用户名>] [--hours 8]\n',
  );
  process.exit(2);
}
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0 || hours * 3600 > MAX_TOKEN_AGE_SECONDS) {
  process.stderr.write(`--hours 须在 0 到 ${MAX_TOKEN_AGE_SECONDS / 3600} 之间：服务端不接受更久的令牌\n`);
  process.exit(2);
}
const token = await createTokenService(resolveSecrets(config).jwtSecret).sign(actor.data, Math.round(hours * 3600));
process.stdout.write(`${token}\n`);
