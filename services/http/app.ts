/**
 * The HTTP API. Every route declares zod schemas; the OpenAPI document at /openapi.json is
 * generated from them. Errors are JSON { code, message, issues? }; internals never leak.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { fieldIssues } from '../../domain/contracts/common.js';
import { authenticate, type ApiEnv } from './access.js';
import { bodyRefusal, closeUnreadBodies, limitBodies } from './bodies.js';
import { registerCaseCloseRoutes } from './case-close.js';
import { registerCaseRoutes } from './cases.js';
import { HttpError } from './errors.js';
import { registerGraduate1311Routes } from './graduate-1311/index.js';
import { registerHealthRoutes } from './health.js';
import { registerKeyEnterpriseRoutes } from './key-enterprise/index.js';
import { registerPersonalDataRoutes } from './personal-data.js';
import { registerRiskRoutes } from './risk-response.js';
import type { ApiDeps, RegisterRoutes } from './routes.js';
import { registerStreamRoutes } from './stream.js';
import { registerSummaryRoutes } from './summaries.js';
import { registerTaskVacancyRoutes } from './task-vacancies.js';
import { registerTaskRoutes } from './tasks.js';
import { isDependencyUnavailable, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE, withTemporalDeadlines } from './unavailable.js';
import { registerWebRoutes } from './web.js';

/** The shared routes, then each case type's own, one line per case type. */
const routes: readonly RegisterRoutes[] = [
  registerCaseRoutes,
  registerCaseCloseRoutes,
  registerPersonalDataRoutes,
  registerTaskRoutes,
  registerTaskVacancyRoutes,
  registerGraduate1311Routes,
  registerRiskRoutes,
  registerKeyEnterpriseRoutes,
  registerSummaryRoutes,
  registerStreamRoutes,
];

export function createApi(given: ApiDeps): OpenAPIHono<ApiEnv> {
  const deps: ApiDeps = { ...given, client: withTemporalDeadlines(given.client, given.temporalDeadlines) };
  const { tokens, log } = deps;
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return c.json({ code: 'validation_failed', message: '请求参数有误', issues: fieldIssues(result.error) }, 400);
      }
      return undefined;
    },
  });

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      return c.json({ code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) }, err.status);
    }
    const refusal = bodyRefusal(err, c);
    if (refusal) return refusal;
    if (isDependencyUnavailable(err)) {
      log.warn({ err, path: c.req.path }, 'dependency unavailable: answered 503');
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return c.json({ code: 'service_unavailable', message: UNAVAILABLE_MESSAGE }, 503);
    }
    log.error({ err, path: c.req.path }, 'unhandled API error');
    return c.json({ code: 'internal_error', message: '服务器内部错误，请稍后重试' }, 500);
  });
  app.notFound((c) => c.json({ code: 'not_found', message: `没有此接口：${c.req.method} ${c.req.path}` }, 404));

  // First, so it sees every answer, the refusals of later middleware included.
  app.use('*', closeUnreadBodies(log));
  registerHealthRoutes(app, deps);
  registerWebRoutes(app, deps);
  // The size first: an oversized body is refused before the token is checked or the body read.
  app.use('/api/*', limitBodies());
  app.use('/api/*', authenticate(tokens));
  for (const register of routes) register(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Signed token naming user, role and jurisdiction; in development: npm run --silent token -- --role caseworker --region 220102',
  });

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'jiuye API',
      version: '0.1.0',
      description:
        "Public employment-service cases: unemployed graduates (the 1311 follow-up), collective-layoff filings, unemployment-risk monitoring with its emergency responses, laid-off workers' re-employment, and key enterprises' accounts with their demand ledgers, with the task inbox, case timelines and audit trails.",
    },
  });
  return app;
}
