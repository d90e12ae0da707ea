/**
 * Case read-model writes. Every write is idempotent on keys chosen by the workflow (case ID, a
 * timeline sequence), because Temporal retries an activity whose result it did not hear.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { LayoffFiling } from '../workflows/layoff-filing.js';
import type { Logger } from './infra/logger.js';

export interface CaseActivityDeps {
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

export interface RecordCaseClosedInput {
  caseId: string;
  closedAt: string;
  reason: string;
  by: string;
}

export interface RecordCaseAdvancedInput {
  caseId: string;
  at: string;
  status: 'in-progress';
  reason: string;
  detail: Record<string, unknown>;
}

export interface RecordResult {
  /** False when an earlier attempt already wrote it. */
  written: boolean;
}

export function createCaseActivities({ prisma, log }: CaseActivityDeps) {
  async function nextSeq(tx: Pick<PrismaClient, 'caseEvent'>, caseId: string): Promise<number> {
    const last = await tx.caseEvent.findFirst({ where: { caseId }, orderBy: { seq: 'desc' }, select: { seq: true } });
    return (last?.seq ?? 0) + 1;
  }

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
            type: 'layoff-filing',
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

    async recordCaseAdvanced(input: RecordCaseAdvancedInput): Promise<RecordResult> {
      const at = new Date(input.at);
      return prisma.$transaction(async (tx) => {
        const current = await tx.case.findUnique({ where: { id: input.caseId }, select: { status: true } });
        if (!current) throw new Error(`case ${input.caseId} has no read-model row`);
        if (current.status === input.status || current.status === 'closed') return { written: false };
        await tx.case.update({ where: { id: input.caseId }, data: { status: input.status, updatedAt: at, reason: input.reason } });
        await tx.caseEvent.create({
          data: { caseId: input.caseId, seq: await nextSeq(tx, input.caseId), kind: 'advanced', occurredAt: at, detail: { reason: input.reason, ...input.detail } },
        });
        return { written: true };
      });
    },

    async recordCaseClosed(input: RecordCaseClosedInput): Promise<RecordResult> {
      const closedAt = new Date(input.closedAt);
      return prisma.$transaction(async (tx) => {
        const current = await tx.case.findUnique({ where: { id: input.caseId }, select: { status: true } });
        if (!current) throw new Error(`case ${input.caseId} has no read-model row`);
        if (current.status === 'closed') return { written: false };
        await tx.case.update({
          where: { id: input.caseId },
          data: { status: 'closed', closedAt, updatedAt: closedAt, reason: input.reason },
        });
        await tx.caseEvent.create({
          data: {
            caseId: input.caseId,
            seq: await nextSeq(tx, input.caseId),
            kind: 'closed',
            occurredAt: closedAt,
            detail: { reason: input.reason, by: input.by },
          },
        });
        return { written: true };
      });
    },
  };
}
