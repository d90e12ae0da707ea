/**
 * Secrets in their place: an unset NODE_ENV is production, production refuses development and weak
 * secrets, and the development token command signs only with the development secrets file this
 * system generated, never beside a production secret.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../activities/infra/config.js';
import { DEV_SECRETS_MARK, developmentSecrets, resolveSecrets } from '../../activities/infra/secrets.js';
import { tokenCommand } from '../../services/cli/token-command.js';
import { tempDir } from '../support/temp-dir.js';

const temp = tempDir('jiuye-secrets-');
let dirs = 0;
const freshDir = () => temp.path(`data-${++dirs}`);

const key = () => randomBytes(32).toString('base64');
const registries = { SI_REGISTRY_URL: 'https://si.example', AMR_REGISTRY_URL: 'https://amr.example' };
const oidc = { OIDC_ISSUER: 'https://idp.example/realms/hrss', OIDC_AUDIENCE: 'jiuye', OIDC_ROLE_MAP: 'hrss-caseworker:caseworker' };

function production(secrets: Record<string, string>, more: Record<string, string> = {}) {
  const dataDir = freshDir();
  return { dataDir, config: loadConfig({ ...registries, ...oidc, JIUYE_DATA_DIR: dataDir, ...secrets, ...more }) };
}

function strong() {
  return { JIUYE_PAYLOAD_KEY: key(), JIUYE_ID_HASH_KEY: key(), JIUYE_PII_KEY: key(), JIUYE_JWT_SECRET: randomBytes(32).toString('hex') };
}

/** The ConfigError resolveSecrets throws, checked never to quote the value. */
function refusal(config: ReturnType<typeof loadConfig>, value: string): string {
  try {
    resolveSecrets(config);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain(value);
    return message;
  }
  throw new Error('resolveSecrets accepted the secrets');
}

describe('NODE_ENV', () => {
  it('is production when unset: the stand-in registries and generated secrets need development said out loud', () => {
    expect(() => loadConfig({})).toThrow(/required in production/);
    expect(loadConfig({ ...registries, ...oidc }).env).toBe('production');
  });

  it('is stated by the development front doors, which a set NODE_ENV still overrides', () => {
    const { scripts } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toContain('NODE_ENV=${NODE_ENV:-development} node dist/services/main.js');
    expect(scripts.token).toContain('NODE_ENV=${NODE_ENV:-development} node');
  });
});

describe('production secrets', () => {
  it('takes strong, distinct keys; the token secret only where HS256 tokens are on', () => {
    const { JIUYE_JWT_SECRET: _, ...withoutJwt } = strong();
    expect(resolveSecrets(production(withoutJwt).config).jwtSecret).toBeUndefined();
    expect(() => resolveSecrets(production(withoutJwt, { JIUYE_DEV_TOKENS: 'true' }).config)).toThrow('production needs JIUYE_JWT_SECRET');
    const all = strong();
    expect(resolveSecrets(production(all, { JIUYE_DEV_TOKENS: 'true' }).config).jwtSecret).toBe(all.JIUYE_JWT_SECRET);
  });

  it.each([
    ['JIUYE_ID_HASH_KEY', randomBytes(16).toString('hex'), /JIUYE_ID_HASH_KEY: too short, at least 32 bytes/],
    ['JIUYE_ID_HASH_KEY', randomBytes(24).toString('base64'), /JIUYE_ID_HASH_KEY: too short/],
    ['JIUYE_JWT_SECRET', 'a-passphrase-of-31-characters!!', /JIUYE_JWT_SECRET: too short/],
    ['JIUYE_JWT_SECRET', 'changeme', /JIUYE_JWT_SECRET: a placeholder/],
    ['JIUYE_JWT_SECRET', 'ab'.repeat(40), /JIUYE_JWT_SECRET: a placeholder or repeated pattern/],
    ['JIUYE_PAYLOAD_KEY', randomBytes(16).toString('base64'), /JIUYE_PAYLOAD_KEY.*32 bytes/],
  ])('refuses %s when weak, naming it and not its value', (name, value, reason) => {
    expect(refusal(production({ ...strong(), [name]: value }, { JIUYE_DEV_TOKENS: 'true' }).config, value)).toMatch(reason);
  });

  it('refuses one key doing two jobs', () => {
    const secrets = strong();
    const message = refusal(production({ ...secrets, JIUYE_PII_KEY: secrets.JIUYE_PAYLOAD_KEY }).config, secrets.JIUYE_PAYLOAD_KEY);
    expect(message).toMatch(/the same value as JIUYE_PAYLOAD_KEY/);
  });

  it('refuses a key copied from the development secrets file', () => {
    const dataDir = freshDir();
    const dev = developmentSecrets(dataDir).values;
    const config = loadConfig({ ...registries, ...oidc, JIUYE_DATA_DIR: dataDir, ...strong(), JIUYE_ID_HASH_KEY: dev.idHashKey });
    expect(refusal(config, dev.idHashKey)).toMatch(/JIUYE_ID_HASH_KEY: comes from the development secrets file/);
  });
});

describe('npm run token', () => {
  function run(argv: string[], env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const code = tokenCommand(argv, { env, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
    return code.then((exit) => ({ exit, out: out.join(''), err: err.join('') }));
  }
  const args = ['--role', 'supervisor', '--region', '22'];

  it('signs with the development secrets file it generates, marked as generated, as the development server reads it', async () => {
    const dataDir = freshDir();
    const result = await run(args, { NODE_ENV: 'development', JIUYE_DATA_DIR: dataDir });
    expect(result).toMatchObject({ exit: 0, err: '' });
    const file = JSON.parse(readFileSync(path.join(dataDir, 'dev-secrets.json'), 'utf8')) as { generated: string };
    expect(file.generated).toBe(DEV_SECRETS_MARK);
    const server = resolveSecrets(loadConfig({ NODE_ENV: 'development', JIUYE_DATA_DIR: dataDir }));
    const { payload } = await jwtVerify(result.out.trim(), new TextEncoder().encode(server.jwtSecret));
    expect(payload).toMatchObject({ sub: 'dev-supervisor', role: 'supervisor', jurisdiction: '22' });
  });

  it.each(['JIUYE_JWT_SECRET', 'JIUYE_ID_HASH_KEY', 'SI_REGISTRY_TOKEN'])(
    'refuses, exit 2, when the environment carries a production secret (%s), whatever NODE_ENV says',
    async (name) => {
      const secret = randomBytes(32).toString('base64');
      const result = await run(args, { NODE_ENV: 'development', JIUYE_DATA_DIR: freshDir(), [name]: secret });
      expect(result.exit).toBe(2);
      expect(result.out).toBe('');
      expect(result.err).toContain(`拒绝签发：环境变量中有生产密钥（${name}）`);
      expect(result.err).not.toContain(secret);
    },
  );

  it('refuses, exit 2, outside development', async () => {
    const result = await run(args, { NODE_ENV: 'test', JIUYE_DATA_DIR: freshDir() });
    expect(result).toMatchObject({ exit: 2, out: '' });
    expect(result.err).toContain('开发令牌只在开发模式下可用（当前 NODE_ENV=test）');
  });

  it('refuses, exit 2, a secrets file it did not generate', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { recursive: true });
    const handWritten = {
      payloadKey: key(),
      idHashKey: 'the-production-id-hash-key-0123456789',
      jwtSecret: 'the-production-jwt-secret-0123456789',
      piiKey: key(),
    };
    writeFileSync(path.join(dataDir, 'dev-secrets.json'), JSON.stringify(handWritten));
    const result = await run(args, { NODE_ENV: 'development', JIUYE_DATA_DIR: dataDir });
    expect(result).toMatchObject({ exit: 2, out: '' });
    expect(result.err).toContain('不是本系统生成的开发密钥文件（缺少生成标记）');
  });

  it('marks a file this system generated before the mark existed, and signs with it', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { recursive: true });
    const old = { payloadKey: key(), idHashKey: key(), jwtSecret: key(), piiKey: key() };
    writeFileSync(path.join(dataDir, 'dev-secrets.json'), JSON.stringify(old));
    expect((await run(args, { NODE_ENV: 'development', JIUYE_DATA_DIR: dataDir })).exit).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'dev-secrets.json'), 'utf8'))).toEqual({ generated: DEV_SECRETS_MARK, ...old });
  });
});
