/**
 * What reaches graduate 1311 cases from outside: the education department's handovers (Kafka, and
 * the bulk import through the API) and social insurance's enrolments. Handing a graduate over is
 * done in one place, which starts or joins the case `grad1311:<idHash>:<year>`.
 */
import { createHmac } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { PrismaClient } from '../../activities/infra/db.js';
import { graduate1311WorkflowId, graduate1311WorkflowIdPrefix } from '../../domain/cases/graduate-1311.js';
import type { EnrollmentChangedV1, GraduateHandoverV1 } from '../../domain/contracts/inbound.js';
import { hashIdNumber } from '../../domain/identity.js';
import { graduateHandoverSignal, ledgerLineQuery } from '../../workflows/graduate-1311/messages.js';
import { graduate1311Workflow } from '../../workflows/graduate-1311/workflow.js';
import { signalEnrollmentChange } from './case-starts.js';
import type { IntakeDeps, IntakeHandlers } from './handler.js';

export function graduateCaseId(value: Pick<GraduateHandoverV1, 'idNumber' | 'year'>, idHashKey: string): string {
  return graduate1311WorkflowId(hashIdNumber(value.idNumber, idHashKey), value.year);
}

/**
 * The eventId of an imported row. The same person in the same handover always gets the same one,
 * whatever the row order, so a re-run of the file, or of a corrected file, has no second effect
 * downstream. The ID number is hashed, never included, because eventIds are stored in clear (the
 * processed-events table); the hash is keyed, since an 18-digit ID with a known structure is cheap
 * to brute-force from a plain hash; the handover is part of it so one person's eventIds do not link
 * across handovers. Derived here, on the server, with the deployment's ID-hash key (the formula the
 * import command used when it derived them itself, so rows imported then stay unchanged on a re-run).
 */
export function graduateImportEventId(handoverId: string, idNumber: string, idHashKey: string): string {
  const digest = createHmac('sha256', idHashKey).update(`${handoverId}\n${idNumber}`, 'utf8').digest('hex');
  return `import:${handoverId}:${digest.slice(0, 16)}`;
}

/**
 * Starts the person's case for the year, or signals the running one. Returns false when the case
 * had already ended: a closed case is not reopened by a late copy of the list.
 */
export async function handOverGraduate(
  { client, taskQueue, idHashKey }: IntakeDeps,
  value: GraduateHandoverV1,
): Promise<{ workflowId: string; ended: boolean }> {
  const { eventId, ...handover } = value;
  const idHash = hashIdNumber(handover.idNumber, idHashKey);
  const workflowId = graduate1311WorkflowId(idHash, handover.year);
  try {
    await client.workflow.signalWithStart(graduate1311Workflow, {
      workflowId,
      taskQueue,
      args: [{ handover, idHash, sourceEventId: eventId }],
      signal: graduateHandoverSignal,
      signalArgs: [{ handover, sourceEventId: eventId }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return { workflowId, ended: false };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, ended: true };
    throw err;
  }
}

export type ImportEffect = 'imported' | 'updated' | 'unchanged';

/**
 * As handOverGraduate, telling what the handover did: opened a case (imported), added a handover
 * to a running one (updated), or nothing, because the case already has this handover or has ended
 * (unchanged), so re-importing a file changes nothing. Asks the case itself, which needs a worker.
 * A case whose region the importer may not touch is left alone and answered `refused` with the
 * case's region, so the caller can record the attempt there: the row's claimed region says nothing
 * about which bureau serves the person (the case ID comes from the ID number alone).
 */
export async function importGraduate(
  deps: IntakeDeps,
  value: GraduateHandoverV1,
  mayTouch: (regionCode: string) => boolean,
): Promise<{ workflowId: string; effect: ImportEffect } | { workflowId: string; effect: 'refused'; regionCode: string }> {
  const workflowId = graduateCaseId(value, deps.idHashKey);
  let known: { status: string; handoverIds: string[]; regionCode: string } | undefined;
  try {
    known = await deps.client.workflow.getHandle(workflowId).query(ledgerLineQuery);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  if (known && !mayTouch(known.regionCode)) return { workflowId, effect: 'refused', regionCode: known.regionCode };
  if (known && (known.status === 'closed' || known.handoverIds.includes(value.handoverId))) return { workflowId, effect: 'unchanged' };
  const { ended } = await handOverGraduate(deps, value);
  if (ended) return { workflowId, effect: 'unchanged' };
  return { workflowId, effect: known ? 'updated' : 'imported' };
}

/** The topics that reach graduate cases. */
export function graduate1311Intake({ client, prisma, taskQueue, idHashKey }: IntakeDeps & { prisma: PrismaClient }): IntakeHandlers {
  return {
    'edu.graduate.handover.v1': async (value: GraduateHandoverV1) => {
      // One case per person and year: a later handover signals the running case. No query first,
      // unlike the import: intake must accept messages even while the worker is down.
      const { workflowId, ended } = await handOverGraduate({ client, taskQueue, idHashKey }, value);
      return { workflowId, duplicate: ended };
    },

    'si.enrollment.changed.v1': async (value: EnrollmentChangedV1) => {
      const idHash = hashIdNumber(value.idNumber, idHashKey);
      // The event has no graduation year: every open graduate case of this person hears of it.
      const open = await signalEnrollmentChange({ client, prisma }, graduate1311WorkflowIdPrefix(idHash), value);
      return { workflowId: open[0] ?? `enrollment:${idHash}`, duplicate: false };
    },
  };
}
