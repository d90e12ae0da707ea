/**
 * GET /api/tasks/{id}/vacancies: for a job-recommendation task, the open vacancies of the key
 * enterprises' demands ranked for the task's person (DOMAIN.md 3a, the other way round from a
 * demand's matches), so the caseworker recommends a real position of a real employer and records it
 * as the result's `vacancy`. The person is read from their case's read model, name masked; the
 * ranking is domain/matching.ts, every point with its reason.
 *
 * Any other task type is a 409: the task exists and may be seen, it is just not one that offers jobs.
 * A task of another jurisdiction is a 404, as one that does not exist.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { caseReaders } from '../../domain/access.js';
import type { DemandPosition } from '../../domain/contracts/inbound.js';
import { MatchesQuery, TaskVacancies } from '../../domain/contracts/key-enterprise.js';
import { TaskIdParam } from '../../domain/contracts/tasks.js';
import { rankVacancies, type JobSeeker, type OpenVacancy } from '../../domain/matching.js';
import { requireRole, type ApiEnv } from './access.js';
import { HttpError } from './errors.js';
import { loadSeeker } from './job-seekers.js';
import { errorResponse, jsonResponse, taggedRoutes } from './openapi.js';
import type { ApiDeps } from './routes.js';
import { loadVisibleTask } from './tasks.js';

/** The task types that recommend a job, and whose read model holds their person. */
const jobRecommendations: Readonly<Record<string, JobSeeker['caseType']>> = {
  'graduate-job-recommendation': 'graduate-1311',
  'reemployment-job-recommendation': 'reemployment',
};

const vacanciesRoute = taggedRoutes('tasks').get(
  '/api/tasks/{id}/vacancies',
  'For a job-recommendation task: the open key-enterprise vacancies of the person’s province ranked for them, best first, the person’s name masked',
  { params: TaskIdParam, query: MatchesQuery },
  {
    200: jsonResponse(TaskVacancies, 'The ranking, each vacancy with why it fits'),
    403: errorResponse('Role not allowed'),
    404: errorResponse('No such task in my jurisdiction, or its person is not on the read model yet'),
    409: errorResponse('The task is not a job recommendation'),
  },
);

export function registerTaskVacancyRoutes(app: OpenAPIHono<ApiEnv>, { prisma }: ApiDeps): void {
  app.openapi(vacanciesRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const { id } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    const task = await loadVisibleTask(prisma, actor, id);
    const caseType = jobRecommendations[task.type];
    if (!caseType) throw new HttpError(409, 'not_job_recommendation', `任务“${task.title}”不是岗位推荐任务，没有匹配岗位`);
    const seeker = await loadSeeker(prisma, caseType, task.caseId);
    if (!seeker) throw new HttpError(404, 'seeker_not_found', '该任务的服务对象尚未登记到台账，请稍后再试');

    // A division code's first two digits are its province.
    const demands = await prisma.enterpriseDemand.findMany({ where: { status: 'open', regionCode: { startsWith: seeker.regionCode.slice(0, 2) } } });
    const unfilled = demands.filter((d) => d.filled < d.vacancies);
    // Removal from the key list closes an enterprise's demands, so an open demand's enterprise is listed.
    const enterprises = await prisma.keyEnterprise.findMany({
      where: { creditCode: { in: [...new Set(unfilled.map((d) => d.creditCode))] } },
      select: { creditCode: true, name: true },
    });
    const names = new Map(enterprises.map((e) => [e.creditCode, e.name]));
    const vacancies: OpenVacancy[] = unfilled.flatMap((d) =>
      (d.positions as unknown as DemandPosition[]).map((position, positionIndex) => ({
        demandId: d.demandId,
        creditCode: d.creditCode,
        enterpriseName: names.get(d.creditCode) ?? d.creditCode,
        regionCode: d.regionCode,
        positionIndex,
        position,
        open: Math.min(position.count, d.vacancies - d.filled),
      })),
    );
    const ranked = rankVacancies({ seeker, vacancies, limit });
    return c.json(
      {
        taskId: task.id,
        caseId: seeker.caseId,
        caseType: seeker.caseType,
        nameMasked: seeker.nameMasked,
        regionCode: seeker.regionCode,
        vacanciesConsidered: vacancies.length,
        items: ranked.map(({ vacancy, score, reasons }) => ({ ...vacancy, score, reasons })),
      },
      200,
    );
  });
}
