/** The HTTP API in-process for unit tests: what a test does not name is a harmless default. */
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createLogger } from '../../activities/infra/logger.js';
import { createFieldSeal } from '../../activities/infra/sealed.js';
import { createApi } from '../../services/http/app.js';
import type { ApiDeps } from '../../services/http/routes.js';
import { unansweredRegistry } from './registries.js';

/** No Temporal (a test that starts workflows passes its own client), no registry answering, no logs. */
export function unitApi(deps: Pick<ApiDeps, 'prisma' | 'tokens'> & Partial<ApiDeps>): ReturnType<typeof createApi> {
  return createApi({
    client: {} as Client,
    log: createLogger('silent'),
    seal: createFieldSeal(randomBytes(32)),
    taskQueue: 'unit',
    idHashKey: 'unit',
    amr: unansweredRegistry('amr'),
    temporalDeadlines: { callMs: 5000, updateMs: 15_000 },
    ...deps,
  });
}
