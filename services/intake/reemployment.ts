/**
 * What reaches re-employment cases from outside: the roster of a collective-layoff filing (one case
 * per person and filing) and social insurance's enrolments, which close the person's open cases.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { PrismaClient } from '../../activities/infra/db.js';
import { reemploymentWorkflowId, reemploymentWorkflowIdPrefix } from '../../domain/cases/reemployment.js';
import { hashIdNumber } from '../../domain/identity.js';
import { enrollmentChangedSignal } from '../../workflows/person-messages.js';
import { reemploymentWorkflow } from '../../workflows/reemployment/workflow.js';
import type { IntakeDeps, IntakeHandlers } from './handler.js';

export function reemploymentIntake({ client, prisma, taskQueue, idHashKey }: IntakeDeps & { prisma: PrismaClient }): IntakeHandlers {
  return {
    'hrss.layoff.worker.v1': async (value) => {
      const { eventId, ...worker } = value;
      const idHash = hashIdNumber(worker.idNumber, idHashKey);
      const workflowId = reemploymentWorkflowId(idHash, worker.filingId);
      try {
        await client.workflow.start(reemploymentWorkflow, {
          workflowId,
          taskQueue,
          args: [{ worker, idHash, sourceEventId: eventId }],
          // One case per person and filing: a resent roster joins it, and a closed case stays closed.
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        return { workflowId, duplicate: false };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, duplicate: true };
        throw err;
      }
    },

    'si.enrollment.changed.v1': async (value) => {
      const idHash = hashIdNumber(value.idNumber, idHashKey);
      const open = await prisma.case.findMany({
        where: { id: { startsWith: reemploymentWorkflowIdPrefix(idHash) }, status: { not: 'closed' } },
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
      return { workflowId: open.map((c) => c.id).join(',') || `enrollment:${idHash}`, duplicate: false };
    },
  };
}
