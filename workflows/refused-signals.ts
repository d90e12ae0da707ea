/**
 * Workflow interceptors of every case worker: a signal whose payload the worker's codec refused
 * (not encrypted with this system's payload key: sent by whoever reaches Temporal without it) is
 * dropped before the SDK converts it, with a warning, and the case goes on.
 *
 * Left to the SDK, the refused payload fails conversion inside the activation, so the case's
 * workflow task fails on every retry: one forged signal would stop the case (no query, no update,
 * no timer) until an operator terminated or reset it. Updates need nothing of this: the SDK
 * rejects an update whose input does not convert before accepting it. A refused start or
 * activity result still fails the workflow task: neither can be dropped without the case acting on
 * nothing.
 *
 * Dropping is deterministic: the signal stays in the history with the same refused payload, so a
 * replay drops it again.
 */
import { log, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { coresdk } from '@temporalio/proto';
import { REFUSED_PAYLOAD_MARK } from '../domain/payload-refusal.js';

type Job = coresdk.workflow_activation.IWorkflowActivationJob;

function refusedSignal(job: Job): boolean {
  return job.signalWorkflow?.input?.some((payload) => payload.metadata?.[REFUSED_PAYLOAD_MARK] !== undefined) ?? false;
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  internals: [
    {
      activate(input, next) {
        const jobs = input.activation.jobs ?? [];
        const refused = jobs.filter(refusedSignal);
        if (refused.length === 0) return next(input);
        for (const job of refused) {
          // The signal's name only: its content stays behind, as in the codec.
          log.warn('signal refused and dropped: its payload was not encrypted with this system’s payload key', {
            signalName: job.signalWorkflow?.signalName ?? '',
          });
        }
        // The SDK itself takes jobs off this array as it runs them: the activation is ours to trim.
        (input.activation as { jobs: Job[] }).jobs = jobs.filter((job) => !refusedSignal(job));
        return next(input);
      },
    },
  ],
});
