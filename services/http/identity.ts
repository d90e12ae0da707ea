/**
 * Who a request is: the bureau's identity provider's tokens (OIDC, asymmetric signatures) and,
 * where enabled, the development HS256 tokens, told apart by the algorithm in the token's header.
 */
import { decodeProtectedHeader } from 'jose';
import type { IdentityConfig } from '../../activities/infra/config.js';
import { bearerToken, createTokenService, type TokenVerifier } from './auth.js';
import { HttpError } from './errors.js';
import { createOidcVerifier, type OidcOptions } from './oidc.js';

export function createTokenVerifier(identity: IdentityConfig, jwtSecret: string | undefined, options: OidcOptions = {}): TokenVerifier {
  const dev = identity.devTokens && jwtSecret ? createTokenService(jwtSecret) : undefined;
  const oidc = identity.oidc ? createOidcVerifier(identity.oidc, options) : undefined;
  return {
    async verify(header) {
      const token = bearerToken(header);
      let alg: string | undefined;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        throw new HttpError(401, 'invalid_token', '令牌无效');
      }
      if (alg === 'HS256') {
        if (!dev) throw new HttpError(401, 'dev_token_refused', '本系统不接受开发令牌，请通过统一身份认证登录');
        return dev.verify(header);
      }
      if (!oidc) throw new HttpError(401, 'invalid_token', '令牌无效');
      return oidc.verify(token);
    },
  };
}
