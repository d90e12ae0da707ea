/**
 * GET /api/enterprises/{creditCode}/demands/{demandId}/matches: the job seekers of the caller's
 * jurisdiction ranked for a demand (DOMAIN.md 3a: graduates of the 1311 cases and laid-off workers
 * of the same area, by intention, major, skill and degree). The seekers are the open cases' read
 * models, names masked; the ranking is domain/matching.ts, every point with its reason.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { caseReaders } from '../../../domain/access.js';
import type { DemandPosition } from '../../../domain/contracts/inbound.js';
import { DemandMatches, DemandParam, MatchesQuery } from '../../../domain/contracts/key-enterprise.js';
import { regionPrefix } from '../../../domain/jurisdiction.js';
import { excludingIntentions, rankSeekers, type JobSeeker } from '../../../domain/matching.js';
import { requireRole, type ApiEnv } from '../access.js';
import { HttpError } from '../errors.js';
import { graduateSeeker, graduateSeekerFields, workerSeeker, workerSeekerFields } from '../job-seekers.js';
import { errorResponse, jsonResponse, taggedRoutes } from '../openapi.js';
import type { ApiDeps } from '../routes.js';
import { loadVisibleAccount } from './accounts.js';

const matchesRoute = taggedRoutes('enterprises').get(
  '/api/enterprises/{creditCode}/demands/{demandId}/matches',
  'The job seekers of my jurisdiction (open graduate 1311 and re-employment cases) ranked for a demand, best first, names masked',
  { params: DemandParam, query: MatchesQuery },
  { 200: jsonResponse(DemandMatches, 'The ranking, each person with the position they fit best and why'), 404: errorResponse('No such enterprise or demand') },
);

/** A person who said they will study, start a business or not work is never offered a job: not even read. */
const lookingForWork = { OR: [{ intention: null }, { intention: { notIn: [...excludingIntentions] } }] };

export function registerDemandMatchRoutes(app: OpenAPIHono<ApiEnv>, { prisma }: ApiDeps): void {
  app.openapi(matchesRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const { creditCode, demandId } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    const account = await loadVisibleAccount(prisma, actor, creditCode);
    const demand = await prisma.enterpriseDemand.findUnique({ where: { creditCode_demandId: { creditCode, demandId } } });
    if (!demand) throw new HttpError(404, 'demand_not_found', `企业 ${creditCode} 没有用工需求 ${demandId}`);
    const prefix = regionPrefix(actor.jurisdiction);
    const open = { status: { not: 'closed' }, regionCode: { startsWith: prefix }, ...lookingForWork };
    const [graduates, workers] = await Promise.all([
      prisma.graduateLedger.findMany({ where: open, select: graduateSeekerFields }),
      prisma.reemploymentLine.findMany({ where: open, select: workerSeekerFields }),
    ]);
    const seekers: JobSeeker[] = [...graduates.map(graduateSeeker), ...workers.map(workerSeeker)];
    const positions = demand.positions as unknown as DemandPosition[];
    const ranked = rankSeekers({ demandRegionCode: account.regionCode, positions, seekers, limit });
    return c.json(
      {
        creditCode,
        demandId,
        seekersConsidered: seekers.length,
        items: ranked.map((m) => ({
          caseId: m.seeker.caseId,
          caseType: m.seeker.caseType,
          nameMasked: m.seeker.nameMasked,
          regionCode: m.seeker.regionCode,
          positionIndex: m.positionIndex,
          positionTitle: positions[m.positionIndex]?.title ?? '',
          score: m.score,
          reasons: m.reasons,
        })),
      },
      200,
    );
  });
}
