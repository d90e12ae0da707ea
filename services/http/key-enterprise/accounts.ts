/**
 * The key-enterprise list and accounts over HTTP: listing and removal (the bureau's supervisors and
 * leaders), the list by jurisdiction and a liaison officer's own accounts, one account with its
 * demand ledger, tasks and timeline, and what a liaison records on an account (a demand, a subsidy
 * to help with). Reads come from the read models the account workflows write; every change is a
 * Temporal update to the account, which decides (the API checks role and jurisdiction first, to
 * answer fast and clearly).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { PrismaClient } from '../../../activities/infra/db.js';
import { canSeeRegion, caseReaders } from '../../../domain/access.js';
import type { Actor, Role } from '../../../domain/actor.js';
import type { DemandPosition } from '../../../domain/contracts/inbound.js';
import {
  CreditCodeParam,
  DemandView,
  EnterpriseDetail,
  EnterpriseList,
  EnterpriseListingBody,
  EnterpriseListingResult,
  EnterpriseListQuery,
  EnterpriseRemovalBody,
  RecordDemandBody,
  RecordDemandResult,
  SubsidyHelpBody,
  type EnterpriseSummary,
} from '../../../domain/contracts/key-enterprise.js';
import { TaskView, type EscalationStop } from '../../../domain/contracts/tasks.js';
import type { Prisma } from '../../../generated/prisma/client.js';
import { recordDemandUpdate, removeFromListUpdate, requestSubsidyHelpUpdate } from '../../../workflows/key-enterprise/messages.js';
import { requireRole, type ApiEnv } from '../access.js';
import { effectivePrefix } from '../cases.js';
import { fromWorkflowFailure, HttpError } from '../errors.js';
import { errorResponse, jsonBody, jsonResponse, taggedRoutes } from '../openapi.js';
import { decodeKeyCursor, encodeKeyCursor } from '../paging.js';
import type { ApiDeps } from '../routes.js';
import { taskView } from '../tasks.js';
import { listKeepers, putOnKeyList } from './listing.js';

/** Who works an account: its liaison officers and their supervisors. */
const accountWorkers: readonly Role[] = ['liaison', 'supervisor'];
/** Finished tasks shown with an account, newest first: enough to see what was done lately. */
const RECENT_TASKS = 20;

type AccountRow = Awaited<ReturnType<PrismaClient['keyEnterprise']['findFirstOrThrow']>>;
type DemandRow = Awaited<ReturnType<PrismaClient['enterpriseDemand']['findFirstOrThrow']>>;

const { get, post } = taggedRoutes('enterprises');
const gone = {
  404: errorResponse('No such key enterprise in my jurisdiction (one listed elsewhere is answered the same)'),
  409: errorResponse('The enterprise is off the list, or the account refuses the change'),
};

const listingRoute = post(
  '/api/enterprises',
  'Put an enterprise on the key-enterprise list, or update its listing (supervisors and leaders of its region)',
  { body: jsonBody(EnterpriseListingBody) },
  {
    201: jsonResponse(EnterpriseListingResult, 'Listed: its account opened, with a first contact task for the liaison officer'),
    200: jsonResponse(EnterpriseListingResult, 'Already listed: updated (a new liaison officer takes over its open tasks) or unchanged'),
    400: errorResponse('Bad input'),
    403: errorResponse('Role not allowed, or listing_refused: outside my jurisdiction or on another jurisdiction’s list, one answer for both'),
    409: errorResponse('The account refuses the change (the enterprise moved to another county: remove it there first)'),
  },
);

const listRoute = get(
  '/api/enterprises',
  'The key enterprises of my jurisdiction, or (scope=mine) the accounts I am liaison officer of, by region',
  { query: EnterpriseListQuery },
  {
    200: jsonResponse(EnterpriseList, 'A page of accounts: next contact due, open demands, vacancies open and filled, last headcount'),
    400: errorResponse('Bad filter'),
  },
);

const getRoute = get(
  '/api/enterprises/{creditCode}',
  'One key enterprise’s account with its demand ledger, tasks and timeline',
  { params: CreditCodeParam },
  { 200: jsonResponse(EnterpriseDetail, 'The account'), 404: gone[404] },
);

const removalRoute = post(
  '/api/enterprises/{creditCode}/removal',
  'Take an enterprise off the key-enterprise list, with the reason (supervisors and leaders); its open tasks are cancelled',
  { params: CreditCodeParam, body: jsonBody(EnterpriseRemovalBody) },
  {
    202: jsonResponse(z.object({ creditCode: z.string(), accepted: z.literal(true) }), 'Accepted; the account closes'),
    400: errorResponse('Bad input'),
    ...gone,
  },
);

const demandRoute = post(
  '/api/enterprises/{creditCode}/demands',
  'Record a hiring demand the enterprise made by phone or on a visit (liaison officers, supervisors); its response is due in the profile’s working days',
  { params: CreditCodeParam, body: jsonBody(RecordDemandBody) },
  { 202: jsonResponse(RecordDemandResult, 'Accepted; the response task opens'), 400: errorResponse('Bad input'), ...gone },
);

const subsidyRoute = post(
  '/api/enterprises/{creditCode}/subsidies',
  'Open a task to help the enterprise apply for a policy subsidy (liaison officers, supervisors); one open task per kind of subsidy',
  { params: CreditCodeParam, body: jsonBody(SubsidyHelpBody) },
  { 200: jsonResponse(TaskView, 'The subsidy-help task (the one already open, if any)'), 400: errorResponse('Bad input'), ...gone },
);

function summaryOf(row: AccountRow): EnterpriseSummary {
  return {
    creditCode: row.creditCode,
    caseId: row.caseId,
    name: row.name,
    regionCode: row.regionCode,
    industryCode: row.industryCode,
    specialistId: row.specialistId,
    status: row.status as EnterpriseSummary['status'],
    listedAt: row.listedAt.toISOString(),
    contacts: row.contacts,
    lastContactAt: row.lastContactAt?.toISOString() ?? null,
    nextContactDue: row.nextContactDue,
    headcount:
      row.headcount === null || row.headcountPeriod === null
        ? null
        : { count: row.headcount, period: row.headcountPeriod, source: row.headcountSource as 'survey' | 'social-insurance' },
    shortage: row.shortage,
    openDemands: row.openDemands,
    vacanciesOpen: row.vacanciesOpen,
    vacanciesFilled: row.vacanciesFilled,
    hires: row.hires,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The demands as the ledger shows them, each with where it escalated: the offices its fill task
 * reached up the ladder, from the task read model.
 */
export async function demandViews(prisma: PrismaClient, rows: readonly DemandRow[]): Promise<DemandView[]> {
  const ids = rows.flatMap((row) => (row.fillTaskId ? [row.fillTaskId] : []));
  const tasks = ids.length ? await prisma.task.findMany({ where: { id: { in: ids } }, select: { id: true, escalationPath: true } }) : [];
  const paths = new Map(tasks.map((t) => [t.id, t.escalationPath as unknown as EscalationStop[]]));
  return rows.map((row) =>
    DemandView.parse({
      ...row,
      receivedAt: row.receivedAt.toISOString(),
      respondedAt: row.respondedAt?.toISOString() ?? null,
      closedAt: row.closedAt?.toISOString() ?? null,
      positions: row.positions as unknown as DemandPosition[],
      escalation: (row.fillTaskId && paths.get(row.fillTaskId)) || [],
    }),
  );
}

/**
 * The account, if the enterprise is (or was) on a list in the caller's jurisdiction. One listed
 * elsewhere is answered as one never listed (cases.ts), so a credit code tells nothing of another
 * jurisdiction's list.
 */
export async function loadVisibleAccount(prisma: PrismaClient, actor: Actor, creditCode: string): Promise<AccountRow> {
  const row = await prisma.keyEnterprise.findUnique({ where: { creditCode } });
  if (!row || !canSeeRegion(actor, row.regionCode)) throw new HttpError(404, 'enterprise_not_found', '您辖区的重点企业名单中没有此企业');
  return row;
}

export function registerKeyEnterpriseAccountRoutes(app: OpenAPIHono<ApiEnv>, { prisma, client, taskQueue, amr }: ApiDeps): void {
  /** A change to an account still on the list, sent as an update to its workflow. */
  const onListed = async <T>(actor: Actor, creditCode: string, send: (handle: ReturnType<typeof client.workflow.getHandle>) => Promise<T>): Promise<T> => {
    const row = await loadVisibleAccount(prisma, actor, creditCode);
    if (row.status === 'removed') throw new HttpError(409, 'enterprise_removed', '企业已移出重点企业名单');
    try {
      return await send(client.workflow.getHandle(row.caseId));
    } catch (err) {
      return fromWorkflowFailure(err, '企业已移出重点企业名单');
    }
  };

  app.openapi(listingRoute, async (c) => {
    const actor = requireRole(c, listKeepers);
    const result = await putOnKeyList({ prisma, client, taskQueue, amr }, actor, c.req.valid('json'), { via: 'api' });
    return c.json(result, result.effect === 'listed' ? 201 : 200);
  });

  app.openapi(listRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const q = c.req.valid('query');
    const prefix = effectivePrefix(actor, q.region);
    if (prefix === undefined) return c.json({ items: [], nextCursor: null }, 200);
    const keys = q.cursor ? decodeKeyCursor(q.cursor, 2) : undefined;
    const where: Prisma.KeyEnterpriseWhereInput = {
      regionCode: { startsWith: prefix },
      status: q.status,
      ...(q.scope === 'mine' ? { specialistId: actor.userId } : {}),
      ...(keys ? { OR: [{ regionCode: { gt: keys[0] } }, { regionCode: keys[0], creditCode: { gt: keys[1] } }] } : {}),
    };
    const rows = await prisma.keyEnterprise.findMany({ where, orderBy: [{ regionCode: 'asc' }, { creditCode: 'asc' }], take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json({ items: page.map(summaryOf), nextCursor: rows.length > q.limit && last ? encodeKeyCursor([last.regionCode, last.creditCode]) : null }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const row = await loadVisibleAccount(prisma, actor, c.req.valid('param').creditCode);
    const [demands, open, done, events] = await Promise.all([
      prisma.enterpriseDemand.findMany({ where: { creditCode: row.creditCode }, orderBy: [{ receivedAt: 'desc' }, { demandId: 'asc' }] }),
      prisma.task.findMany({ where: { caseId: row.caseId, status: { in: ['open', 'claimed'] } }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] }),
      prisma.task.findMany({ where: { caseId: row.caseId, status: 'completed' }, orderBy: [{ completedAt: 'desc' }, { id: 'asc' }], take: RECENT_TASKS }),
      prisma.caseEvent.findMany({ where: { caseId: row.caseId }, orderBy: { seq: 'asc' } }),
    ]);
    return c.json(
      {
        ...summaryOf(row),
        removedAt: row.removedAt?.toISOString() ?? null,
        removalReason: row.removalReason,
        vacancyStructure: row.vacancyStructure as unknown as DemandPosition[],
        hiresOutsideDemands: row.hiresOutsideDemands,
        layoffFilings: row.layoffFilings as unknown as EnterpriseDetail['layoffFilings'],
        demands: await demandViews(prisma, demands),
        tasks: [...open, ...done].map(taskView),
        timeline: events.map((e) => ({
          seq: e.seq,
          kind: e.kind,
          occurredAt: e.occurredAt.toISOString(),
          detail: (e.detail ?? {}) as Record<string, unknown>,
        })),
      },
      200,
    );
  });

  app.openapi(removalRoute, async (c) => {
    const actor = requireRole(c, listKeepers);
    const { creditCode } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    await onListed(actor, creditCode, (h) => h.executeUpdate(removeFromListUpdate, { args: [{ actor, reason }] }));
    return c.json({ creditCode, accepted: true as const }, 202);
  });

  app.openapi(demandRoute, async (c) => {
    const actor = requireRole(c, accountWorkers);
    const { creditCode } = c.req.valid('param');
    const body = c.req.valid('json');
    const { demandId } = await onListed(actor, creditCode, (h) => h.executeUpdate(recordDemandUpdate, { args: [{ actor, ...body }] }));
    return c.json({ creditCode, demandId, accepted: true as const }, 202);
  });

  app.openapi(subsidyRoute, async (c) => {
    const actor = requireRole(c, accountWorkers);
    const { creditCode } = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(await onListed(actor, creditCode, (h) => h.executeUpdate(requestSubsidyHelpUpdate, { args: [{ actor, ...body }] })), 200);
  });
}
