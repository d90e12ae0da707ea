/**
 * What reaches re-employment cases from outside: the roster of a collective-layoff filing (one case
 * per person and filing) and social insurance's enrolments, which close the person's open cases.
 */
import type { PrismaClient } from '../../activities/infra/db.js';
import { reemploymentWorkflowId, reemploymentWorkflowIdPrefix } from '../../domain/cases/reemployment.js';
import { hashIdNumber } from '../../domain/identity.js';
import { reemploymentWorkflow } from '../../workflows/reemployment/workflow.js';
import { signalEnrollmentChange, startOnce } from './case-starts.js';
import type { IntakeDeps, IntakeHandlers } from './handler.js';

export function reemploymentIntake({ client, prisma, taskQueue, idHashKey }: IntakeDeps & { prisma: PrismaClient }): IntakeHandlers {
  return {
    'hrss.layoff.worker.v1': async (value) => {
      const { eventId, ...worker } = value;
      const idHash = hashIdNumber(worker.idNumber, idHashKey);
      const workflowId = reemploymentWorkflowId(idHash, worker.filingId);
      // One case per person and filing: a resent roster joins it, and a closed case stays closed.
      return startOnce(client, reemploymentWorkflow, { workflowId, taskQueue, args: [{ worker, idHash, sourceEventId: eventId }] });
    },

    'si.enrollment.changed.v1': async (value) => {
      const idHash = hashIdNumber(value.idNumber, idHashKey);
      const open = await signalEnrollmentChange({ client, prisma }, reemploymentWorkflowIdPrefix(idHash), value);
      return { workflowId: open.join(',') || `enrollment:${idHash}`, duplicate: false };
    },
  };
}
