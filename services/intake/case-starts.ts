/**
 * The two ways intake reaches cases keyed by business key, shared by the case types: open a case
 * once for ever, and tell a person's open cases of an enrolment change.
 */
import { WorkflowExecutionAlreadyStartedError, type Client, type Workflow, type WorkflowStartOptions } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { PrismaClient } from '../../activities/infra/db.js';
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
 * person, not a case). Reads the read model, not Temporal, so it needs no worker running.
 */
export async function signalEnrollmentChange(
  { client, prisma }: { client: Client; prisma: PrismaClient },
  workflowIdPrefix: string,
  value: EnrollmentChangedV1,
): Promise<string[]> {
  const open = await prisma.case.findMany({
    where: { id: { startsWith: workflowIdPrefix }, status: { not: 'closed' } },
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
  return open.map((c) => c.id);
}
