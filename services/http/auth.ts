/**
 * Development bearer tokens: HS256-signed JWTs naming the user, their role and their jurisdiction (a
 * division code prefix). Every /api request must carry a token; the verified claims become the
 * request's Actor. Tokens of the bureau's identity provider are oidc.ts's; identity.ts chooses.
 */
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { Actor, Role } from '../../domain/actor.js';
import { HttpError } from './errors.js';

const ISSUER = 'jiuye';
const AUDIENCE = 'jiuye-api';

/**
 * The oldest token accepted, whatever `exp` it carries: a leaked token stops working within a day,
 * and a token minted without an expiry (which the signature alone would let live for ever) is
 * refused outright. A working day with overtime fits; longer work signs in again.
 */
export const MAX_TOKEN_AGE_SECONDS = 24 * 3600;
/** Clocks of the signer and this server may differ by this much. */
export const CLOCK_TOLERANCE_SECONDS = 30;

const Claims = z.object({ sub: z.string().min(1).max(100), role: Role, jurisdiction: Actor.shape.jurisdiction });

export interface TokenVerifier {
  /** The actor an Authorization header's bearer token names; HttpError 401 (or 503) otherwise. */
  verify(header: string | undefined): Promise<Actor>;
}

export interface TokenService extends TokenVerifier {
  sign(actor: Actor, ttlSeconds?: number): Promise<string>;
}

/** The token of an `Authorization: Bearer` header; 401 without one. */
export function bearerToken(header: string | undefined): string {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) throw new HttpError(401, 'unauthenticated', '请先登录：缺少 Authorization: Bearer 令牌');
  return token;
}

export function createTokenService(secret: string): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(actor, ttlSeconds = 8 * 3600) {
      if (ttlSeconds > MAX_TOKEN_AGE_SECONDS) throw new RangeError(`a token may live at most ${MAX_TOKEN_AGE_SECONDS} s`);
      return new SignJWT({ role: actor.role, jurisdiction: actor.jurisdiction })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(actor.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(header) {
      const token = bearerToken(header);
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          requiredClaims: ['exp', 'iat', 'sub'],
          maxTokenAge: MAX_TOKEN_AGE_SECONDS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        });
        const claims = Claims.parse(payload);
        return { userId: claims.sub, role: claims.role, jurisdiction: claims.jurisdiction };
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new HttpError(401, 'token_expired', '登录已过期，请重新获取令牌');
        throw new HttpError(401, 'invalid_token', '令牌无效');
      }
    },
  };
}
