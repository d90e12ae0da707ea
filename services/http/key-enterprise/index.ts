/**
 * The key-enterprise routes (docs/contracts.md, HTTP: /api/enterprises): the list and its accounts,
 * the demand ledger's export, the job seekers ranked for a demand, and the bulk import of the
 * bureau's list.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from '../access.js';
import type { ApiDeps } from '../routes.js';
import { registerKeyEnterpriseAccountRoutes } from './accounts.js';
import { registerDemandExportRoutes } from './demand-export.js';
import { registerEnterpriseImportRoutes } from './import.js';
import { registerDemandMatchRoutes } from './matches.js';

export function registerKeyEnterpriseRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  registerDemandExportRoutes(app, deps);
  registerKeyEnterpriseAccountRoutes(app, deps);
  registerDemandMatchRoutes(app, deps);
  registerEnterpriseImportRoutes(app, deps);
}
