/** Pieces every route declaration shares, so the OpenAPI document says the same thing the same way. */
import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import { ErrorBody } from '../../domain/contracts/http.js';

export const jsonResponse = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });

export const errorResponse = (description: string) => jsonResponse(ErrorBody, description);

/** A required JSON request body. */
export const jsonBody = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });

export const security = [{ bearer: [] }];

export const denied = { 401: errorResponse('Missing, invalid or expired token'), 403: errorResponse('Role not allowed or outside the jurisdiction') };

type Request = NonNullable<RouteConfig['request']>;
type Responses = RouteConfig['responses'];

/**
 * Routes under one OpenAPI tag: `get(path, summary, request, responses)` and `post(…)`, each
 * bearer-secured and answering 401 and 403 (`denied`, unless the route says them its own way)
 * besides its own responses; `more` adds a description.
 */
export function taggedRoutes(tag: string) {
  const route =
    <const M extends 'get' | 'post'>(method: M) =>
    <const P extends string, const Req extends Request, const Res extends Responses>(
      path: P,
      summary: string,
      request: Req,
      responses: Res,
      more: { description?: string } = {},
    ) =>
      createRoute({ method, path, tags: [tag], summary, ...more, security, request, responses: { ...denied, ...responses } });
  return { get: route('get'), post: route('post') };
}
