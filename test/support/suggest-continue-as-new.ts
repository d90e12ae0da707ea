/**
 * Test-only workflow interceptor (bundled with the test workflows and the history recorder): plays
 * the server's `limit.historyCount.suggestContinueAsNew` on the time-skipping test server, which
 * never suggests continue-as-new. A workflow started with the memo `suggestContinueAsNewAfterEvents: N`
 * sees `workflowInfo().continueAsNewSuggested` once its history has N events, as on a dev server
 * with that limit (test/integration/graduate-1311-continue-as-new.test.ts); the decision is a pure
 * function of the history, so it replays. Any other workflow is left alone.
 */
import { workflowInfo, type WorkflowInfo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const SUGGEST_CONTINUE_AS_NEW_AFTER = 'suggestContinueAsNewAfterEvents';

/** The SDK's own way of setting what workflowInfo() reports (it has no public one: the server decides). */
interface Activator {
  mutateWorkflowInfo(fn: (info: WorkflowInfo) => WorkflowInfo): void;
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  internals: [
    {
      activate(input, next) {
        const after = workflowInfo().memo?.[SUGGEST_CONTINUE_AS_NEW_AFTER];
        if (typeof after === 'number' && workflowInfo().historyLength >= after) {
          const activator = (globalThis as { __TEMPORAL_ACTIVATOR__?: Activator }).__TEMPORAL_ACTIVATOR__;
          activator?.mutateWorkflowInfo((info) => ({ ...info, continueAsNewSuggested: true }));
        }
        next(input);
      },
    },
  ],
});
