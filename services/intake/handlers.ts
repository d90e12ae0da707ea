/** What each inbound topic does in Temporal. Workflow IDs come from business keys (idempotent). */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { PrismaClient } from '../../activities/infra/db.js';
import type { EnrollmentChangedV1, GraduateHandoverV1, LayoffFiledV1 } from '../../domain/contracts/inbound.js';
import { hashIdNumber } from '../../domain/identity.js';
import { enrollmentChangedSignal, graduate1311WorkflowIdPrefix } from '../../workflows/graduate-1311.js';
import { layoffFilingWorkflow, layoffFilingWorkflowId } from '../../workflows/layoff-filing.js';
import type { HandlerResult, IntakeHandlers } from './consumer.js';
import { handOverGraduate } from './graduate-case.js';

export interface HandlerDeps {
  client: Client;
  prisma: PrismaClient;
  taskQueue: string;
  /** Key of the ID-number hash in workflow IDs (JIUYE_ID_HASH_KEY). */
  idHashKey: string;
}

export function createIntakeHandlers({ client, prisma, taskQueue, idHashKey }: HandlerDeps): IntakeHandlers {
  return {
    'edu.graduate.handover.v1': async (value: GraduateHandoverV1): Promise<HandlerResult> => {
      // One case per person and year: a later handover signals the running case. No query first,
      // unlike the import: intake must accept messages even while the worker is down.
      const { workflowId, ended } = await handOverGraduate({ client, taskQueue, idHashKey }, value);
      return { workflowId, duplicate: ended };
    },

    'si.enrollment.changed.v1': async (value: EnrollmentChangedV1): Promise<HandlerResult> => {
      const idHash = hashIdNumber(value.idNumber, idHashKey);
      // The event has no graduation year: every open graduate case of this person hears of it.
      const open = await prisma.case.findMany({
        where: { id: { startsWith: graduate1311WorkflowIdPrefix(idHash) }, status: { not: 'closed' } },
        select: { id: true },
      });
      for (const { id } of open) {
        await client.workflow.getHandle(id).signal(enrollmentChangedSignal, {
          change: value.change,
          creditCode: value.creditCode,
          effectiveDate: value.effectiveDate,
          sourceEventId: value.eventId,
        });
      }
      return { workflowId: open[0]?.id ?? `enrollment:${idHash}`, duplicate: false };
    },

    'hrss.layoff.filed.v1': async (value: LayoffFiledV1): Promise<HandlerResult> => {
      const { eventId, ...filing } = value;
      const workflowId = layoffFilingWorkflowId(filing);
      try {
        await client.workflow.start(layoffFilingWorkflow, {
          workflowId,
          taskQueue,
          args: [{ filing, sourceEventId: eventId }],
          // A filing is one case for ever: a resend while open joins it, after closing is refused.
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        return { workflowId, duplicate: false };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, duplicate: true };
        throw err;
      }
    },
  };
}
