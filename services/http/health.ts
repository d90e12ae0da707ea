/**
 * GET /healthz (liveness) and GET /readyz (readiness), unauthenticated, for the orchestrator.
 * Liveness says only that the process answers: restarting it would not bring back a database or a
 * Temporal server. Readiness says whether it can do its work now: the database answers, Temporal
 * answers, and intake, where this process runs it, is consuming (in its group, no partition paused
 * for an outage), so a load balancer routes around it and an operator sees which part is missing.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { IntakeStatus } from '../intake/consumer.js';
import type { ApiEnv } from './access.js';
import { jsonResponse } from './openapi.js';
import type { ApiDeps } from './routes.js';

/** Each probe's deadline: an engine that takes longer than this to say "yes" is not ready. */
const probeTimeoutMs = 2_000;

const Part = z.enum(['database', 'temporal', 'intake']);
const Check = z.object({
  part: Part,
  ready: z.boolean(),
  code: z.string().meta({ description: 'Stable code: ok, database_unreachable, temporal_unreachable, intake_not_joined, intake_paused, intake_not_running' }),
  message: z.string().meta({ description: 'What is wrong (Simplified Chinese)' }),
});
const Liveness = z.object({ status: z.literal('ok') });
const Readiness = z.object({
  status: z.enum(['ready', 'not_ready']),
  code: z.enum(['ready', 'not_ready']),
  message: z.string(),
  checks: z.array(Check),
});
type Check = z.infer<typeof Check>;

const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness: the process answers (engines are not checked)',
  responses: { 200: jsonResponse(Liveness, 'Alive') },
});

const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'Readiness: the database and Temporal answer and intake is consuming',
  responses: { 200: jsonResponse(Readiness, 'Ready'), 503: jsonResponse(Readiness, 'Not ready; the checks say which part and why') },
});

async function within<T>(work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('probe timed out')), probeTimeoutMs);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function probe(part: Check['part'], work: () => Promise<unknown>, code: string, message: string): Promise<Check> {
  try {
    await within(work);
    return { part, ready: true, code: 'ok', message: '正常' };
  } catch {
    return { part, ready: false, code, message };
  }
}

function intakeCheck(status: IntakeStatus): Check {
  if (status.paused.length)
    return { part: 'intake', ready: false, code: 'intake_paused', message: `消息接入因依赖服务不可用而暂停（${status.paused.length} 个分区）` };
  if (!status.joined) return { part: 'intake', ready: false, code: 'intake_not_joined', message: '消息接入尚未加入消费组' };
  return { part: 'intake', ready: true, code: 'ok', message: '正常' };
}

export function registerHealthRoutes(app: OpenAPIHono<ApiEnv>, { prisma, client, intake }: ApiDeps): void {
  app.openapi(healthzRoute, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyzRoute, async (c) => {
    const checks = await Promise.all([
      probe('database', () => prisma.$queryRaw`SELECT 1`, 'database_unreachable', '数据库无法连接'),
      probe(
        'temporal',
        () => client.connection.withDeadline(Date.now() + probeTimeoutMs, () => client.connection.workflowService.getSystemInfo({})),
        'temporal_unreachable',
        '流程引擎（Temporal）无法连接',
      ),
    ]);
    // A process started without the intake role (JIUYE_ROLES) has no consumer to wait for.
    if (intake) checks.push(intakeCheck(intake()));
    const failing = checks.filter((check) => !check.ready);
    if (!failing.length) return c.json({ status: 'ready' as const, code: 'ready' as const, message: '服务已就绪', checks }, 200);
    const message = `服务尚未就绪：${failing.map((check) => check.message).join('；')}`;
    return c.json({ status: 'not_ready' as const, code: 'not_ready' as const, message, checks }, 503);
  });
}
