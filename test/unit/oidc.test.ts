/**
 * Production sign-in against a real local identity provider: a tiny HTTP server on 127.0.0.1
 * serving OIDC discovery and a JWKS, with keys generated here. Tokens it signs become actors
 * through the configured claims and role map; anything else is refused with a reason.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../activities/infra/config.js';
import type { PrismaClient } from '../../activities/infra/db.js';
import { createTokenService, MAX_TOKEN_AGE_SECONDS } from '../../services/http/auth.js';
import { createTokenVerifier } from '../../services/http/identity.js';
import { unitApi } from '../support/api.js';

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string, alg: SigningKey['alg']): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** What the provider publishes; a test changes it to rotate keys or to break discovery. */
const provider = { published: [] as SigningKey[], discoveryStatus: 200, discoveryIssuer: undefined as string | undefined, jwksFetches: 0 };
let server: Server;
let issuer: string;
let rsa: SigningKey;
let ec: SigningKey;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([signingKey('rsa-2026', 'RS256'), signingKey('ec-2026', 'ES256')]);
  provider.published = [rsa, ec];
  server = createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/realms/hrss/.well-known/openid-configuration') {
      return json(provider.discoveryStatus, { issuer: provider.discoveryIssuer ?? issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs` });
    }
    if (req.url === '/realms/hrss/protocol/openid-connect/certs') {
      provider.jwksFetches += 1;
      return json(200, { keys: provider.published.map((k) => k.jwk) });
    }
    return json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/hrss`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function identity(more: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    OIDC_ISSUER: issuer,
    OIDC_AUDIENCE: 'jiuye-web',
    OIDC_USER_CLAIM: 'preferred_username',
    OIDC_ROLE_CLAIM: 'realm_access.roles',
    OIDC_JURISDICTION_CLAIM: 'division',
    OIDC_ROLE_MAP: 'hrss-caseworker:caseworker, hrss-chief:supervisor',
    ...more,
  }).identity;
}

const claims = { preferred_username: 'cw-wang', realm_access: { roles: ['offline_access', 'hrss-caseworker'] }, division: '220102' };

interface Signing {
  key?: SigningKey;
  kid?: string;
  iss?: string;
  aud?: string;
  iat?: number;
  exp?: number | null;
}

async function sign(payload: JWTPayload, { key = rsa, kid = key.kid, iss = issuer, aud = 'jiuye-web', iat, exp }: Signing = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid })
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt(iat ?? now);
  if (exp !== null) jwt.setExpirationTime(exp ?? now + 3600);
  return jwt.sign(key.privateKey);
}

const bearer = (token: string) => `Bearer ${token}`;

describe('OIDC tokens', () => {
  const verifier = () => createTokenVerifier(identity(), undefined, { refetchCooldownMs: 0 });

  it.each(['RS256', 'ES256'] as const)('from the provider, signed %s, become the actor its claims name', async (alg) => {
    const token = await sign(claims, { key: alg === 'RS256' ? rsa : ec });
    expect(await verifier().verify(bearer(token))).toEqual({ userId: 'cw-wang', role: 'caseworker', jurisdiction: '220102' });
  });

  it('reach the API as that actor', async () => {
    const api = unitApi({ prisma: {} as PrismaClient, tokens: verifier() });
    const good = await api.request('/api/no-such-route', { headers: { authorization: bearer(await sign(claims)) } });
    expect(good.status).toBe(404);
    const bad = await api.request('/api/no-such-route', { headers: { authorization: bearer(await sign(claims, { aud: 'another-app' })) } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'invalid_token' });
  });

  it.each<[string, () => Promise<string>, string]>([
    ['another issuer', () => sign(claims, { iss: 'https://idp.example/realms/other' }), 'invalid_token'],
    ['another audience', () => sign(claims, { aud: 'another-app' }), 'invalid_token'],
    ['expired', () => sign(claims, { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }), 'token_expired'],
    ['without exp', () => sign(claims, { exp: null }), 'invalid_token'],
    [
      'older than the maximum age, whatever its exp',
      () => sign(claims, { iat: Math.floor(Date.now() / 1000) - MAX_TOKEN_AGE_SECONDS - 3600, exp: Math.floor(Date.now() / 1000) + 3600 }),
      'token_expired',
    ],
    ['signed by a key the provider does not publish', async () => sign(claims, { key: await signingKey('rsa-2026', 'RS256') }), 'invalid_token'],
    ['naming an unknown key', async () => sign(claims, { key: await signingKey('stolen', 'RS256') }), 'invalid_token'],
    ['with no role of ours', () => sign({ ...claims, realm_access: { roles: ['offline_access', 'hrss-clerk'] } }), 'role_not_mapped'],
    ['with two roles of ours', () => sign({ ...claims, realm_access: { roles: ['hrss-caseworker', 'hrss-chief'] } }), 'role_ambiguous'],
    ['with a jurisdiction that is no division code', () => sign({ ...claims, division: '长春市' }), 'jurisdiction_invalid'],
    ['without a user', () => sign({ ...claims, preferred_username: undefined }), 'user_claim_invalid'],
  ])('are refused with 401 when %s', async (_, token, code) => {
    await expect(verifier().verify(bearer(await token()))).rejects.toMatchObject({ status: 401, code });
  });

  it('pick up a rotated key without a restart', async () => {
    const tokens = verifier();
    expect((await tokens.verify(bearer(await sign(claims)))).userId).toBe('cw-wang');
    const next = await signingKey('rsa-2027', 'RS256');
    provider.published = [next, ec];
    try {
      const fetches = provider.jwksFetches;
      expect((await tokens.verify(bearer(await sign(claims, { key: next })))).role).toBe('caseworker');
      expect(provider.jwksFetches).toBe(fetches + 1);
      // The retired key left the set when it was fetched again: its tokens are refused.
      await expect(tokens.verify(bearer(await sign(claims)))).rejects.toMatchObject({ status: 401, code: 'invalid_token' });
    } finally {
      provider.published = [rsa, ec];
    }
  });

  it('answer 503 while discovery fails, and work once it answers', async () => {
    const tokens = verifier();
    provider.discoveryStatus = 500;
    try {
      await expect(tokens.verify(bearer(await sign(claims)))).rejects.toMatchObject({ status: 503, code: 'identity_provider_unavailable' });
    } finally {
      provider.discoveryStatus = 200;
    }
    expect((await tokens.verify(bearer(await sign(claims)))).userId).toBe('cw-wang');
  });

  it('are not trusted from a discovery document that names another issuer', async () => {
    provider.discoveryIssuer = 'https://idp.example/realms/hrss';
    try {
      await expect(verifier().verify(bearer(await sign(claims)))).rejects.toMatchObject({ status: 503 });
    } finally {
      provider.discoveryIssuer = undefined;
    }
  });
});

describe('development (HS256) tokens beside OIDC', () => {
  const dev = createTokenService('a-development-secret-for-this-test-only');
  const actor = { userId: 'dev-sup', role: 'supervisor', jurisdiction: '22' } as const;

  it('are taken where enabled (outside production by default)', async () => {
    const tokens = createTokenVerifier(identity(), 'a-development-secret-for-this-test-only');
    expect(await tokens.verify(bearer(await dev.sign(actor)))).toEqual(actor);
  });

  it('are refused, with a reason, where disabled (production by default)', async () => {
    const tokens = createTokenVerifier(identity({ JIUYE_DEV_TOKENS: 'false' }), 'a-development-secret-for-this-test-only');
    await expect(tokens.verify(bearer(await dev.sign(actor)))).rejects.toMatchObject({ status: 401, code: 'dev_token_refused' });
  });

  it('cannot pass as OIDC tokens: an HS256 token signed with anything is never checked against the provider', async () => {
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
      .setIssuer(issuer)
      .setAudience('jiuye-web')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('guessed'));
    const tokens = createTokenVerifier(identity({ JIUYE_DEV_TOKENS: 'false' }), undefined);
    await expect(tokens.verify(bearer(forged))).rejects.toMatchObject({ status: 401 });
  });
});

describe('identity configuration', () => {
  const production = { SI_REGISTRY_URL: 'https://si.example', AMR_REGISTRY_URL: 'https://amr.example' };

  it('reads the claims and the role map', () => {
    expect(identity().oidc).toEqual({
      issuer,
      audience: 'jiuye-web',
      claims: { user: 'preferred_username', role: 'realm_access.roles', jurisdiction: 'division' },
      roleMap: new Map([
        ['hrss-caseworker', 'caseworker'],
        ['hrss-chief', 'supervisor'],
      ]),
    });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'a role map naming a role we do not have',
      { NODE_ENV: 'test', OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'a', OIDC_ROLE_MAP: 'x:chief' },
      /OIDC_ROLE_MAP: "x:chief"/,
    ],
    ['an issuer without audience', { NODE_ENV: 'test', OIDC_ISSUER: 'https://idp.example', OIDC_ROLE_MAP: 'x:leader' }, /OIDC_AUDIENCE: required/],
    ['production without an identity provider', { NODE_ENV: 'production', ...production }, /OIDC_ISSUER: required in production/],
    [
      'production with a plain-HTTP issuer',
      { NODE_ENV: 'production', ...production, OIDC_ISSUER: 'http://idp.example', OIDC_AUDIENCE: 'a', OIDC_ROLE_MAP: 'x:leader' },
      /must be https in production/,
    ],
  ])('refuses %s', (_, env, reason) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(reason);
  });

  it('turns development tokens off in production unless told, and on elsewhere', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).identity).toEqual({ devTokens: true });
    expect(loadConfig({ NODE_ENV: 'production', ...production, JIUYE_DEV_TOKENS: 'true' }).identity).toEqual({ devTokens: true });
    expect(
      loadConfig({ NODE_ENV: 'production', ...production, OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'a', OIDC_ROLE_MAP: 'x:leader' }).identity
        .devTokens,
    ).toBe(false);
  });
});
