/** What every group of routes is registered with: the shared clients and the case worker's queue. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { RegistryClient } from '../../activities/infra/registry-client.js';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../activities/infra/db.js';
import type { Logger } from '../../activities/infra/logger.js';
import type { FieldSeal } from '../../activities/infra/sealed.js';
import type { IntakeStatus } from '../intake/consumer.js';
import type { StreamHub } from '../stream/hub.js';
import type { ApiEnv } from './access.js';
import type { TokenVerifier } from './auth.js';
import type { TemporalDeadlines } from './unavailable.js';

export interface ApiDeps {
  prisma: PrismaClient;
  client: Client;
  tokens: TokenVerifier;
  log: Logger;
  /** Opens sealed personal data for audited exports. */
  seal: FieldSeal;
  /** Where case workflows started through the API run. */
  taskQueue: string;
  /** Key of the ID-number hash in workflow IDs (JIUYE_ID_HASH_KEY). */
  idHashKey: string;
  /** The market-regulation registry, for checking enterprises put on the key list. */
  amr: RegistryClient;
  /** How long each Temporal call made for a request may take before the request answers 503. */
  temporalDeadlines: TemporalDeadlines;
  /** Intake's state, for readiness; absent where no consumer runs (readiness then says so). */
  intake?: () => IntakeStatus;
  /** The dashboard's event stream; absent where none runs (GET /api/stream then answers 503). */
  stream?: StreamHub;
}

export type RegisterRoutes = (app: OpenAPIHono<ApiEnv>, deps: ApiDeps) => void;
