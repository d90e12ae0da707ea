/**
 * GET /api/risk: every monitored region and industry in the caller's jurisdiction, with its level
 * and why; GET /api/responses/{caseId}/directives: one emergency response's directives, each where
 * its latest step leaves it, for the leaders' page of responses.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRiskResponseActivities } from '../../activities/risk-response.js';
import { caseReaders } from '../../domain/access.js';
import { responseLabels } from '../../domain/cases/risk-response.js';
import { Department } from '../../domain/contracts/common.js';
import {
  DirectiveStatus,
  ResponseDirectives,
  ResponseParam,
  RiskList,
  RiskQuery,
  type ResponseDirectiveView,
  type RiskRegionView,
} from '../../domain/contracts/risk-response.js';
import { RiskLevelSchema, riskLevels } from '../../domain/profiles/index.js';
import { indicatorFigures, riskLevelColour, type RiskIndicators, type RiskLevel, type RiskReason } from '../../domain/risk.js';
import { requireRole, type ApiEnv } from './access.js';
import { effectivePrefix, loadVisibleCase } from './cases.js';
import { HttpError } from './errors.js';
import { errorResponse, jsonResponse, taggedRoutes } from './openapi.js';
import type { ApiDeps } from './routes.js';

const riskRoute = taggedRoutes('risk').get(
  '/api/risk',
  'Current unemployment-risk level of every region and industry in my jurisdiction, most severe first, with the indicators and reasons',
  { query: RiskQuery },
  { 200: jsonResponse(RiskList, 'Monitored regions'), 400: errorResponse('Bad filter') },
);

const directivesRoute = taggedRoutes('risk').get(
  '/api/responses/{caseId}/directives',
  'One emergency response’s directives to member departments, each where its latest step leaves it: outstanding, acknowledged, declined, done, overdue',
  { params: ResponseParam },
  {
    200: jsonResponse(ResponseDirectives, 'The response’s level and its directives'),
    404: errorResponse('No such case in my jurisdiction (another jurisdiction’s case is answered the same)'),
    409: errorResponse('not_a_response: the case is not an emergency response'),
  },
);

type TimelineRow = { seq: number; kind: string; occurredAt: Date; detail: unknown };

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const final = (s: DirectiveStatus) => s === 'done' || s === 'declined' || s === 'withdrawn';

/**
 * The directives as the response's timeline tells them (workflows/risk-response/directives.ts
 * writes one `directive.<step>` entry per step, as /api/summary/directives counts them): each
 * stands where its latest status entry leaves it, with the deadlines of its `directive.issued`
 * entry. A report the response ignored (`directive.report-ignored`) names a directive it did not
 * give to that department, so it moves nothing.
 */
export function directivesFromTimeline(rows: readonly TimelineRow[], now: Date): { level: RiskLevel | null; directives: ResponseDirectiveView[] } {
  const byId = new Map<string, ResponseDirectiveView>();
  let level: RiskLevel | null = null;
  for (const row of rows) {
    const detail = (row.detail ?? {}) as Record<string, unknown>;
    const declared = RiskLevelSchema.safeParse(detail.level);
    if (declared.success && ['opened', 'advanced', 'level.raised', 'level.lowered'].includes(row.kind)) level = declared.data;
    if (!row.kind.startsWith('directive.')) continue;
    const step = DirectiveStatus.safeParse(row.kind.slice('directive.'.length));
    const id = text(detail.directiveId);
    const department = Department.safeParse(detail.department);
    if (!step.success || !id || !department.success) continue;
    if (step.data === 'issued') {
      byId.set(id, {
        directiveId: id,
        department: department.data,
        departmentLabel: responseLabels.department[department.data],
        instruction: text(detail.instruction) ?? '',
        status: 'issued',
        statusLabel: responseLabels.directiveStatus.issued,
        issuedAt: row.occurredAt.toISOString(),
        acknowledgeBy: text(detail.acknowledgeBy),
        completeBy: text(detail.completeBy),
        unacknowledged: false,
        overdue: false,
        lastNote: null,
        reportedAt: null,
      });
      continue;
    }
    const d = byId.get(id);
    if (!d) continue;
    d.status = step.data;
    d.statusLabel = responseLabels.directiveStatus[step.data];
    if (step.data !== 'withdrawn') {
      d.lastNote = text(detail.note);
      d.reportedAt = text(detail.reportedAt) ?? row.occurredAt.toISOString();
    }
  }
  const past = (iso: string | null) => iso !== null && Date.parse(iso) < now.getTime();
  const directives = [...byId.values()].map((d) => ({
    ...d,
    unacknowledged: d.status === 'issued' && past(d.acknowledgeBy),
    overdue: !final(d.status) && past(d.completeBy),
  }));
  return { level, directives };
}

const severity = (level: string | null) => (level === null ? -1 : riskLevels.indexOf(level as RiskLevel));

export function registerRiskRoutes(app: OpenAPIHono<ApiEnv>, { prisma }: ApiDeps): void {
  const counts = createRiskResponseActivities({ prisma });
  app.openapi(riskRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const { region, atLeast } = c.req.valid('query');
    const prefix = effectivePrefix(actor, region);
    if (prefix === undefined) return c.json({ items: [] }, 200);
    const rows = await prisma.riskLevel.findMany({ where: { regionCode: { startsWith: prefix } }, orderBy: [{ regionCode: 'asc' }, { scopeKey: 'asc' }] });
    const items: RiskRegionView[] = [];
    for (const row of rows) {
      if (atLeast && severity(row.declaredLevel) < severity(atLeast)) continue;
      const scope = { regionCode: row.regionCode, ...(row.industrySection ? { industrySection: row.industrySection } : {}) };
      const workers = row.responseCaseId ? await counts.countLayoffWorkers({ scope }) : { workers: 0, placed: 0 };
      const level = row.declaredLevel as RiskLevel | null;
      items.push({
        regionCode: row.regionCode,
        industrySection: row.industrySection,
        declaredLevel: level,
        assessedLevel: row.assessedLevel as RiskLevel | null,
        colour: level ? riskLevelColour(level) : null,
        indicators: indicatorFigures(row.indicators as unknown as RiskIndicators),
        reasons: (row.reasons as unknown as RiskReason[]).map((r) => r.message),
        responseCaseId: row.responseCaseId,
        ...workers,
        updatedAt: row.updatedAt.toISOString(),
      });
    }
    items.sort((a, b) => severity(b.declaredLevel) - severity(a.declaredLevel));
    return c.json({ items }, 200);
  });

  app.openapi(directivesRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const row = await loadVisibleCase(prisma, actor, c.req.valid('param').caseId);
    if (row.type !== 'risk-response') throw new HttpError(409, 'not_a_response', '此案件不是失业风险应急响应，没有部门指令');
    const now = new Date();
    const timeline = await prisma.caseEvent.findMany({ where: { caseId: row.id }, orderBy: { seq: 'asc' } });
    return c.json({ caseId: row.id, regionCode: row.regionCode, asOf: now.toISOString(), ...directivesFromTimeline(timeline, now) }, 200);
  });
}
