/** What each inbound topic does in Temporal. Workflow IDs come from business keys (idempotent). */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { LayoffFiledV1 } from '../../domain/contracts/inbound.js';
import { layoffFilingWorkflow, layoffFilingWorkflowId } from '../../workflows/layoff-filing.js';
import type { HandlerResult, IntakeHandlers } from './consumer.js';

export interface HandlerDeps {
  client: Client;
  taskQueue: string;
}

export function createIntakeHandlers({ client, taskQueue }: HandlerDeps): IntakeHandlers {
  return {
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
