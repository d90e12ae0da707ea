/**
 * Tokens from the bureau's identity provider (OIDC): its signing keys found through discovery
 * (<issuer>/.well-known/openid-configuration → jwks_uri) and fetched again when a token names a key
 * not yet seen, so a key rotation needs no restart. Only asymmetric signatures: the provider's
 * private key never leaves it. Its user, role and jurisdiction claims become our Actor through the
 * configured claim names and role map; a token that does not map names no one here and is refused.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { OidcConfig } from '../../activities/infra/config.js';
import { Actor, type Role } from '../../domain/actor.js';
import { CLOCK_TOLERANCE_SECONDS, MAX_TOKEN_AGE_SECONDS } from './auth.js';
import { HttpError } from './errors.js';

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const DISCOVERY_TIMEOUT_MS = 5000;

const Discovery = z.object({ issuer: z.string(), jwks_uri: z.url({ protocol: /^https?$/ }) });

export interface OidcVerifier {
  /** The actor a compact JWT from the identity provider names; 401 when it names no one, 503 when the provider cannot be reached. */
  verify(token: string): Promise<Actor>;
}

export interface OidcOptions {
  /** How soon after a fetch of the keys a token with an unknown key may trigger another (jose's default: 30 s). */
  refetchCooldownMs?: number;
}

const unavailable = () => new HttpError(503, 'identity_provider_unavailable', '暂时无法连接统一身份认证服务，请稍后重试');
const invalid = () => new HttpError(401, 'invalid_token', '令牌无效');

/** A claim by name; a dotted name reads a nested one (realm_access.roles). */
function claim(payload: JWTPayload, name: string): unknown {
  return name
    .split('.')
    .reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function actorOf(payload: JWTPayload, config: OidcConfig): Actor {
  const userId = Actor.shape.userId.safeParse(claim(payload, config.claims.user));
  if (!userId.success) throw new HttpError(401, 'user_claim_invalid', `令牌缺少有效的用户标识（${config.claims.user}）`);
  const given = claim(payload, config.claims.role);
  const names = (Array.isArray(given) ? given : [given]).filter((n): n is string => typeof n === 'string');
  const roles = new Set(names.flatMap((n) => config.roleMap.get(n) ?? []));
  if (roles.size === 0) throw new HttpError(401, 'role_not_mapped', '您在统一身份认证中的角色没有对应本系统的岗位，请联系管理员');
  if (roles.size > 1) throw new HttpError(401, 'role_ambiguous', '您在统一身份认证中的角色对应本系统的多个岗位，无法确定以哪个岗位登录，请联系管理员');
  const rawJurisdiction = claim(payload, config.claims.jurisdiction);
  const jurisdiction = Actor.shape.jurisdiction.safeParse(typeof rawJurisdiction === 'number' ? String(rawJurisdiction) : rawJurisdiction);
  if (!jurisdiction.success)
    throw new HttpError(401, 'jurisdiction_invalid', `令牌中的辖区（${config.claims.jurisdiction}）不是有效的行政区划代码或前缀，请联系管理员`);
  return { userId: userId.data, role: [...roles][0] as Role, jurisdiction: jurisdiction.data };
}

export function createOidcVerifier(config: OidcConfig, options: OidcOptions = {}): OidcVerifier {
  async function discover(): Promise<JWTVerifyGetKey> {
    const res = await fetch(`${config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`OIDC discovery answered HTTP ${res.status}`);
    const doc = Discovery.parse(await res.json());
    // OpenID Connect Discovery 1.0 §4.3: a document naming another issuer is not this issuer's.
    if (doc.issuer !== config.issuer) throw new Error('OIDC discovery names another issuer');
    return createRemoteJWKSet(new URL(doc.jwks_uri), { cooldownDuration: options.refetchCooldownMs });
  }
  // Discovered once; a failed discovery is tried again by the next request.
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const getKeys = () =>
    (keys ??= discover().catch((err: unknown) => {
      keys = undefined;
      throw err;
    }));

  return {
    async verify(token) {
      const getKey = await getKeys().catch(() => {
        throw unavailable();
      });
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ASYMMETRIC,
          requiredClaims: ['exp', 'iat'],
          maxTokenAge: MAX_TOKEN_AGE_SECONDS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new HttpError(401, 'token_expired', '登录已过期，请重新登录');
        // The key set could not be fetched (timeout, network, an answer that is no key set): the provider's trouble, not the token's.
        if (err instanceof joseErrors.JWKSTimeout || !(err instanceof joseErrors.JOSEError) || err.code === 'ERR_JOSE_GENERIC') throw unavailable();
        throw invalid();
      }
      return actorOf(payload, config);
    },
  };
}
