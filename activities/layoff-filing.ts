/**
 * The layoff filing case's own read model: the filing as received, opened as a case with its first
 * timeline entry, in one transaction and once (a retried activity writes nothing twice).
 */
import { layoffFilingCaseType, type LayoffFiling } from '../domain/cases/layoff-filing.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { RecordResult } from './cases.js';
import type { Logger } from './infra/logger.js';

export interface LayoffFilingActivityDeps {
  prisma: PrismaClient;
  log: Logger;
}

export interface RecordLayoffFilingInput {
  caseId: string;
  filing: LayoffFiling;
  collective: boolean;
  openedAt: string;
  reason: string;
  sourceEventId: string;
}

export function createLayoffFilingActivities({ prisma, log }: LayoffFilingActivityDeps) {
  return {
    async recordLayoffFiling(input: RecordLayoffFilingInput): Promise<RecordResult> {
      const { caseId, filing } = input;
      const openedAt = new Date(input.openedAt);
      return prisma.$transaction(async (tx) => {
        const existing = await tx.case.findUnique({ where: { id: caseId }, select: { id: true } });
        if (existing) return { written: false };
        await tx.case.create({
          data: {
            id: caseId,
            type: layoffFilingCaseType,
            status: 'opened',
            regionCode: filing.regionCode,
            industryCode: filing.industryCode,
            title: `${filing.enterpriseName} 裁员备案 ${filing.filingId}`,
            reason: input.reason,
            openedAt,
            updatedAt: openedAt,
          },
        });
        await tx.layoffFiling.create({
          data: {
            filingId: filing.filingId,
            creditCode: filing.creditCode,
            enterpriseName: filing.enterpriseName,
            regionCode: filing.regionCode,
            industryCode: filing.industryCode,
            headcount: filing.headcount,
            layoffCount: filing.layoffCount,
            plannedDate: filing.plannedDate,
            reason: filing.reason,
            collective: input.collective,
            caseId,
            occurredAt: new Date(filing.occurredAt),
            recordedAt: openedAt,
          },
        });
        await tx.caseEvent.create({
          data: {
            caseId,
            seq: 1,
            kind: 'opened',
            occurredAt: openedAt,
            detail: { reason: input.reason, collective: input.collective, sourceEventId: input.sourceEventId },
          },
        });
        log.info({ caseId, collective: input.collective }, 'layoff filing recorded');
        return { written: true };
      });
    },
  };
}
