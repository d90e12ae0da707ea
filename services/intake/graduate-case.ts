/**
 * Handing a graduate over to their case: the one place a handover starts or joins the case
 * `grad1311:<idHash>:<year>`. Kafka intake and the bulk import both come through here.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { GraduateHandoverV1 } from '../../domain/contracts/inbound.js';
import { hashIdNumber } from '../../domain/identity.js';
import { graduate1311Workflow, graduate1311WorkflowId, graduateHandoverSignal, ledgerLineQuery } from '../../workflows/graduate-1311.js';

export interface GraduateCaseDeps {
  client: Client;
  taskQueue: string;
  /** Key of the ID-number hash in workflow IDs (JIUYE_ID_HASH_KEY). */
  idHashKey: string;
}

export function graduateCaseId(value: Pick<GraduateHandoverV1, 'idNumber' | 'year'>, idHashKey: string): string {
  return graduate1311WorkflowId(hashIdNumber(value.idNumber, idHashKey), value.year);
}

/**
 * Starts the person's case for the year, or signals the running one. Returns false when the case
 * had already ended: a closed case is not reopened by a late copy of the list.
 */
export async function handOverGraduate({ client, taskQueue, idHashKey }: GraduateCaseDeps, value: GraduateHandoverV1): Promise<{ workflowId: string; ended: boolean }> {
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
 */
export async function importGraduate(deps: GraduateCaseDeps, value: GraduateHandoverV1): Promise<{ workflowId: string; effect: ImportEffect }> {
  const workflowId = graduateCaseId(value, deps.idHashKey);
  let known: { status: string; handoverIds: string[] } | undefined;
  try {
    known = await deps.client.workflow.getHandle(workflowId).query(ledgerLineQuery);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  if (known && (known.status === 'closed' || known.handoverIds.includes(value.handoverId))) return { workflowId, effect: 'unchanged' };
  const { ended } = await handOverGraduate(deps, value);
  if (ended) return { workflowId, effect: 'unchanged' };
  return { workflowId, effect: known ? 'updated' : 'imported' };
}
