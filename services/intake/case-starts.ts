/**
 * The two ways intake reaches cases keyed by business key, shared by the case types: open a case
 * once for ever, and tell a person's open cases of an enrolment change.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type Workflow, type WorkflowStartOptions } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { PrismaClient } from '../../activities/infra/db.js';
import { parkEnrollment } from '../../activities/parked-enrollments.js';
import type { EnrollmentChangedV1 } from '../../domain/contracts/inbound.js';
import { enrollmentChangedSignal } from '../../workflows/person-messages.js';
import type { HandlerResult } from './handler.js';

/**
 * Starts the case unless its business key was used before: a resend while it runs joins it, and
 * after it closed is refused and read as a duplicate, so a closed case stays closed. The two ID
 * policies that say so are set here, over whatever the options carry.
 */
export async function startOnce<W extends Workflow>(client: Client, workflow: W, options: WorkflowStartOptions<W>): Promise<HandlerResult> {
  const { workflowId } = options;
  try {
    await client.workflow.start(workflow, {
      ...options,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return { workflowId, duplicate: false };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, duplicate: true };
    throw err;
  }
}

/**
 * Signals every open case whose workflow ID starts with the person's prefix (the event names a
 * person, not a case). Reads the read model, not Temporal, so it needs no worker running. The
 * change is parked first, for a case whose row is not written yet (activities/parked-enrollments.ts
 * says why the order matters). A case that ended between the read and the signal is skipped: an
 * enrolment for a closed case changes nothing, and is recorded as handled like any other.
 */
export async function signalEnrollmentChange(
  { client, prisma }: { client: Client; prisma: PrismaClient },
  workflowIdPrefix: string,
  value: EnrollmentChangedV1,
): Promise<string[]> {
  await parkEnrollment(prisma, workflowIdPrefix, value);
  const open = await prisma.case.findMany({
    where: { id: { startsWith: workflowIdPrefix }, status: { not: 'closed' } },
    select: { id: true },
  });
  const reached: string[] = [];
  for (const { id } of open) {
    try {
      await client.workflow.getHandle(id).signal(enrollmentChangedSignal, {
        change: value.change,
        creditCode: value.creditCode,
        effectiveDate: value.effectiveDate,
        sourceEventId: value.eventId,
      });
      reached.push(id);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return reached;
}
