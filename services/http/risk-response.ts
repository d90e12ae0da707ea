/** GET /api/risk: every monitored region and industry in the caller's jurisdiction, with its level and why. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createRiskResponseActivities } from '../../activities/risk-response.js';
import { caseReaders } from '../../domain/access.js';
import { RiskList, RiskQuery, type RiskRegionView } from '../../domain/contracts/risk-response.js';
import { riskLevels } from '../../domain/profiles/index.js';
import { indicatorFigures, riskLevelColour, type RiskIndicators, type RiskLevel, type RiskReason } from '../../domain/risk.js';
import { requireRole, type ApiEnv } from './access.js';
import { effectivePrefix } from './cases.js';
import { errorResponse, jsonResponse, taggedRoutes } from './openapi.js';
import type { ApiDeps } from './routes.js';

const riskRoute = taggedRoutes('risk').get(
  '/api/risk',
  'Current unemployment-risk level of every region and industry in my jurisdiction, most severe first, with the indicators and reasons',
  { query: RiskQuery },
  { 200: jsonResponse(RiskList, 'Monitored regions'), 400: errorResponse('Bad filter') },
);

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
}
