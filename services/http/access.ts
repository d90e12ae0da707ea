/** Request identity for the API: every /api route runs as the Actor its bearer token names. */
import type { Context, MiddlewareHandler } from 'hono';
import type { Actor, Role } from '../../domain/actor.js';
import type { TokenVerifier } from './auth.js';
import { HttpError } from './errors.js';

export type ApiEnv = { Variables: { actor: Actor } };

export function authenticate(tokens: TokenVerifier): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set('actor', await tokens.verify(c.req.header('authorization')));
    await next();
  };
}

/** The caller, if their role is one of `roles`; otherwise 403. */
export function requireRole(c: Context<ApiEnv>, roles: readonly Role[]): Actor {
  const actor = c.get('actor');
  if (!roles.includes(actor.role)) throw new HttpError(403, 'role_not_allowed', `岗位“${actor.role}”无权访问此接口`);
  return actor;
}
