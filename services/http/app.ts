/**
 * The HTTP API. Every route declares zod schemas; the OpenAPI document at /openapi.json is
 * generated from them. Errors are JSON { code, message, issues? }; internals never leak.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../activities/infra/db.js';
import type { Logger } from '../../activities/infra/logger.js';
import type { FieldSeal } from '../../activities/infra/sealed.js';
import { fieldIssues } from '../../domain/contracts/common.js';
import { authenticate, type ApiEnv } from './access.js';
import type { TokenService } from './auth.js';
import { registerCaseRoutes } from './cases.js';
import { HttpError } from './errors.js';
import { registerImportRoutes } from './imports.js';
import { registerLedgerRoutes } from './ledger.js';
import type { GraduateCaseDeps } from '../intake/graduate-case.js';
import { registerTaskRoutes } from './tasks.js';

export interface ApiDeps {
  prisma: PrismaClient;
  client: Client;
  tokens: TokenService;
  log: Logger;
  /** Opens sealed personal data for the ledger export. */
  seal: FieldSeal;
  /** Where imported graduates' cases run. */
  graduates: Omit<GraduateCaseDeps, 'client'>;
}

export function createApi({ prisma, client, tokens, log, seal, graduates }: ApiDeps): OpenAPIHono<ApiEnv> {
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
    log.error({ err, path: c.req.path }, 'unhandled API error');
    return c.json({ code: 'internal_error', message: '服务器内部错误，请稍后重试' }, 500);
  });
  app.notFound((c) => c.json({ code: 'not_found', message: `没有此接口：${c.req.method} ${c.req.path}` }, 404));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.use('/api/*', authenticate(tokens));
  registerCaseRoutes(app, prisma, client);
  registerTaskRoutes(app, prisma, client);
  registerLedgerRoutes(app, prisma, seal);
  registerImportRoutes(app, prisma, { client, ...graduates });

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
      description: 'Public employment-service cases: graduates, registered unemployed, key enterprises, layoff risk.',
    },
  });
  return app;
}
