/**
 * The risk read model (what GET /api/risk answers from) and the counts a response's closing report
 * needs. The monitor writes its scope's row after every assessment that changed it, with a
 * revision that only grows.
 */
import type { RiskScope } from '../domain/cases/risk-monitor.js';
import { scopeKey } from '../domain/cases/risk-monitor.js';
import { regionPrefix } from '../domain/jurisdiction.js';
import type { RiskIndicators, RiskLevel, RiskReason } from '../domain/risk.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

export interface RiskActivityDeps {
  prisma: PrismaClient;
}

export interface RecordRiskLevelInput {
  scope: RiskScope;
  declaredLevel: RiskLevel | null;
  assessedLevel: RiskLevel | null;
  indicators: RiskIndicators;
  reasons: RiskReason[];
  responseCaseId: string | null;
  revision: number;
  at: string;
}

export interface CountLayoffWorkersResult {
  /** Workers on the rosters of the scope's filings with a re-employment case. */
  workers: number;
  /** Of them, placed: their case closed as employed. */
  placed: number;
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

export function createRiskResponseActivities({ prisma }: RiskActivityDeps) {
  return {
    async recordRiskLevel(input: RecordRiskLevelInput): Promise<{ written: boolean }> {
      const key = scopeKey(input.scope);
      const row = {
        regionCode: input.scope.regionCode,
        industrySection: input.scope.industrySection ?? null,
        declaredLevel: input.declaredLevel,
        assessedLevel: input.assessedLevel,
        indicators: json(input.indicators),
        reasons: json(input.reasons),
        responseCaseId: input.responseCaseId,
        revision: input.revision,
        updatedAt: new Date(input.at),
      };
      // One statement each way, so two retries never both think they wrote first.
      const updated = await prisma.riskLevel.updateMany({ where: { scopeKey: key, revision: { lt: input.revision } }, data: row });
      if (updated.count > 0) return { written: true };
      const created = await prisma.riskLevel.createMany({ data: [{ scopeKey: key, ...row }], skipDuplicates: true });
      return { written: created.count > 0 };
    },

    /** The workers of the scope's filings (by the filing's region and industry) and how many were placed. */
    async countLayoffWorkers({ scope }: { scope: RiskScope }): Promise<CountLayoffWorkersResult> {
      const like = `${regionPrefix(scope.regionCode)}%`;
      const section = scope.industrySection ? `${scope.industrySection}%` : '%';
      const [row] = await prisma.$queryRaw<{ workers: bigint; placed: bigint }[]>`
        SELECT count(*) AS workers, count(*) FILTER (WHERE r.outcome = 'employed') AS placed
        FROM reemployment_line r JOIN layoff_filing f ON f.filing_id = r.filing_id AND f.credit_code = r.credit_code
        WHERE f.region_code LIKE ${like} AND f.industry_code LIKE ${section}`;
      return { workers: Number(row?.workers ?? 0), placed: Number(row?.placed ?? 0) };
    },
  };
}
