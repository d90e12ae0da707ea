/**
 * What reaches the risk monitors from outside: layoff filings, insured headcounts, claims, monthly
 * rates and deregistrations, each handed to the monitor of every scope it counts for (scopesOf),
 * starting a monitor the first time a scope is heard of; and member departments' reports on their directives, handed to the response that gave
 * them. Every observation is idempotent in the monitor (a filing, an enterprise's month, a
 * region's month is replaced, not added), so a redelivered message changes nothing.
 */
import { riskMonitorWorkflowId, scopesOf, type RiskObservation } from '../../domain/cases/risk-monitor.js';
import { caseOfDirective } from '../../domain/cases/risk-response.js';
import { riskObservedSignal } from '../../workflows/risk-monitor/messages.js';
import { riskMonitorWorkflow } from '../../workflows/risk-monitor/workflow.js';
import { directiveReportedSignal } from '../../workflows/risk-response/messages.js';
import { WorkflowNotFoundError } from '@temporalio/client';
import { PermanentIntakeError, type HandlerResult, type IntakeDeps, type IntakeHandlers } from './handler.js';

export function riskResponseIntake({ client, taskQueue }: IntakeDeps): IntakeHandlers {
  /** Tells each scope's monitor, starting any not running yet. */
  const observe = async (regionCode: string, industryCode: string | undefined, observation: RiskObservation): Promise<HandlerResult> => {
    const ids: string[] = [];
    for (const scope of scopesOf(observation.kind, regionCode, industryCode)) {
      const workflowId = riskMonitorWorkflowId(scope);
      await client.workflow.signalWithStart(riskMonitorWorkflow, {
        workflowId,
        taskQueue,
        args: [{ scope }],
        signal: riskObservedSignal,
        signalArgs: [observation],
      });
      ids.push(workflowId);
    }
    return { workflowId: ids.join(','), duplicate: false };
  };

  return {
    'hrss.layoff.filed.v1': (v) =>
      observe(v.regionCode, v.industryCode, {
        kind: 'filing',
        filingId: v.filingId,
        creditCode: v.creditCode,
        headcount: v.headcount,
        layoffCount: v.layoffCount,
        occurredAt: v.occurredAt,
      }),
    'si.headcount.reported.v1': (v) =>
      observe(v.regionCode, v.industryCode, { kind: 'headcount', creditCode: v.creditCode, period: v.period, insuredHeadcount: v.insuredHeadcount }),
    'ui.claims.reported.v1': (v) =>
      observe(v.regionCode, v.industryCode, { kind: 'claims', regionCode: v.regionCode, period: v.period, newClaimants: v.newClaimants }),
    'stats.unemployment.rate.v1': (v) =>
      observe(v.regionCode, undefined, { kind: 'rate', regionCode: v.regionCode, period: v.period, registeredRatePct: v.registeredRatePct }),
    'amr.enterprise.status.v1': async (v) =>
      v.status === 'deregistered'
        ? observe(v.regionCode, v.industryCode, { kind: 'deregistered', creditCode: v.creditCode, at: v.occurredAt })
        : { workflowId: '', duplicate: true },
    'dept.directive.reported.v1': async (v) => {
      const caseId = caseOfDirective(v.directiveId);
      if (!caseId)
        throw new PermanentIntakeError('directiveId names no emergency response of this system', [{ path: 'directiveId', message: 'unknown directive' }]);
      try {
        await client.workflow.getHandle(caseId).signal(directiveReportedSignal, {
          directiveId: v.directiveId,
          department: v.department,
          status: v.status,
          ...(v.note ? { note: v.note } : {}),
          occurredAt: v.occurredAt,
          sourceEventId: v.eventId,
        });
      } catch (err) {
        // The response closed (or never was): a report can change nothing any more.
        if (err instanceof WorkflowNotFoundError)
          throw new PermanentIntakeError('the emergency response of this directive has ended', [{ path: 'directiveId', message: 'response closed' }]);
        throw err;
      }
      return { workflowId: caseId, duplicate: false };
    },
  };
}
