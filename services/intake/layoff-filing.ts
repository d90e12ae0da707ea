/** What reaches layoff filing cases from outside: the labour administration's filings. */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import type { LayoffFiledV1 } from '../../domain/contracts/inbound.js';
import { layoffFilingWorkflow } from '../../workflows/layoff-filing/workflow.js';
import type { IntakeDeps, IntakeHandlers } from './handler.js';

export function layoffFilingIntake({ client, taskQueue }: IntakeDeps): IntakeHandlers {
  return {
    'hrss.layoff.filed.v1': async (value: LayoffFiledV1) => {
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
