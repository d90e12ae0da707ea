/**
 * What reaches layoff filing cases from outside: the labour administration's filings, and market
 * regulation's word on a filing enterprise's status, noted on its open cases.
 */
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import type { LayoffFiledV1 } from '../../domain/contracts/inbound.js';
import type { PrismaClient } from '../../activities/infra/db.js';
import { enterpriseStatusSignal } from '../../workflows/layoff-filing/messages.js';
import { layoffFilingWorkflow } from '../../workflows/layoff-filing/workflow.js';
import { startOnce } from './case-starts.js';
import type { IntakeDeps, IntakeHandlers } from './handler.js';

export function layoffFilingIntake({ client, prisma, taskQueue }: IntakeDeps & { prisma: PrismaClient }): IntakeHandlers {
  return {
    'amr.enterprise.status.v1': async (value) => {
      const filings = await prisma.layoffFiling.findMany({ where: { creditCode: value.creditCode }, select: { caseId: true } });
      const open = await prisma.case.findMany({ where: { id: { in: filings.map((f) => f.caseId) }, status: { not: 'closed' } }, select: { id: true } });
      for (const { id } of open) {
        await client.workflow
          .getHandle(id)
          .signal(enterpriseStatusSignal, { status: value.status, occurredAt: value.occurredAt, sourceEventId: value.eventId });
      }
      return { workflowId: open.map((c) => c.id).join(','), duplicate: open.length === 0 };
    },

    'hrss.layoff.filed.v1': async (value: LayoffFiledV1) => {
      const { eventId, ...filing } = value;
      const workflowId = layoffFilingWorkflowId(filing);
      // A filing is one case for ever: a resend while open joins it, after closing is refused.
      return startOnce(client, layoffFilingWorkflow, { workflowId, taskQueue, args: [{ filing, sourceEventId: eventId }] });
    },
  };
}
