/**
 * What reaches key-enterprise accounts from outside: the recruitment platform's hiring demands,
 * social insurance's enrolments (hires) and monthly headcounts, market regulation's status
 * changes and the labour administration's layoff filings. Each goes to the enterprise's account
 * `key-enterprise:<creditCode>` if the enterprise is on the list; for any other enterprise the
 * message changes nothing here (the other case types listening to the same topic still get it).
 * The account itself drops what it has already counted, so a redelivered message has no second effect.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { keyEnterpriseWorkflowId } from '../../domain/cases/key-enterprise.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { hashIdNumber } from '../../domain/identity.js';
import {
  enterpriseHireSignal,
  hiringDemandSignal,
  insuredHeadcountSignal,
  keyEnterpriseStatusSignal,
  layoffFiledSignal,
} from '../../workflows/key-enterprise/messages.js';
import type { HandlerResult, IntakeDeps, IntakeHandlers } from './handler.js';

/** Signals the enterprise's account; an enterprise not on the list (no running account) is no one's here. */
async function tellAccount<A>(client: Client, creditCode: string, signal: SignalDefinition<[A]>, arg: A): Promise<HandlerResult> {
  const workflowId = keyEnterpriseWorkflowId(creditCode);
  try {
    await client.workflow.getHandle(workflowId).signal(signal, arg);
    return { workflowId, duplicate: false };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { workflowId: '', duplicate: true };
    throw err;
  }
}

export function keyEnterpriseIntake({ client, idHashKey }: IntakeDeps): IntakeHandlers {
  return {
    'ent.hiring.demand.v1': (v) =>
      tellAccount(client, v.creditCode, hiringDemandSignal, {
        demandId: v.demandId,
        positions: v.positions,
        ...(v.neededBy ? { neededBy: v.neededBy } : {}),
        occurredAt: v.occurredAt,
        sourceEventId: v.eventId,
      }),

    // The graduate's and the worker's own cases close on the same message (their intakes).
    'si.enrollment.changed.v1': async (v) =>
      v.change === 'enrolled'
        ? tellAccount(client, v.creditCode, enterpriseHireSignal, {
            personKey: hashIdNumber(v.idNumber, idHashKey),
            effectiveDate: v.effectiveDate,
            sourceEventId: v.eventId,
          })
        : { workflowId: '', duplicate: true },

    'si.headcount.reported.v1': (v) =>
      tellAccount(client, v.creditCode, insuredHeadcountSignal, {
        period: v.period,
        insuredHeadcount: v.insuredHeadcount,
        occurredAt: v.occurredAt,
        sourceEventId: v.eventId,
      }),

    'amr.enterprise.status.v1': (v) =>
      tellAccount(client, v.creditCode, keyEnterpriseStatusSignal, { status: v.status, occurredAt: v.occurredAt, sourceEventId: v.eventId }),

    'hrss.layoff.filed.v1': (v) =>
      tellAccount(client, v.creditCode, layoffFiledSignal, {
        filingId: v.filingId,
        caseId: layoffFilingWorkflowId(v),
        headcount: v.headcount,
        layoffCount: v.layoffCount,
        plannedDate: v.plannedDate,
        occurredAt: v.occurredAt,
        sourceEventId: v.eventId,
      }),
  };
}
