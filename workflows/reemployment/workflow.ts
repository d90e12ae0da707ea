/**
 * A worker on a collective-layoff filing's roster, from the roster message to a new job (DOMAIN.md
 * 4a): a first contact due within the profile's working days, then the "131" package (vocational
 * guidance, three job recommendations, training or internship), each a caseworker task. Closes as
 * employed when social insurance enrols the person with an employer; as unreachable or no wish to
 * work by the same limits as other cases of people. Continues as new when Temporal suggests it.
 */
import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createReemploymentActivities } from '../../activities/reemployment.js';
import {
  reemploymentCaseType,
  reemploymentItemTaskType,
  reemploymentLabels,
  type LayoffWorker,
  type ReemploymentLine,
  type ReemploymentOutcome,
  type ReemploymentPerson,
} from '../../domain/cases/reemployment.js';
import { maskName } from '../../domain/identity.js';
import { caseAnnouncer, policyFor, recordCaseAdvanced, recordCaseClosed, recordCaseOpened } from '../case-activities.js';
import { keepLineWritten } from '../line-writer.js';
import { enrollmentChangedSignal } from '../person-messages.js';
import { checkEnrolment } from '../registry-lookups.js';
import { ServicePackage } from '../service-package.js';
import { workflowNow } from '../support.js';
import { TaskBook } from '../tasks.js';
import { reemploymentLineQuery, type CarriedReemployment, type ReemploymentInput } from './messages.js';

const { recordReemploymentLine } = proxyActivities<ReturnType<typeof createReemploymentActivities>>({
  // A read-model upsert, like the case writes.
  startToCloseTimeout: '1 minute',
});

interface Closing {
  outcome: ReemploymentOutcome;
  reason: string;
  by: string;
  employerCreditCode?: string;
}

export async function reemploymentWorkflow(input: ReemploymentInput): Promise<ReemploymentLine> {
  const caseId = workflowInfo().workflowId;
  const { worker, carried } = input;
  const regionCode = worker.householdRegionCode;
  const tasks = new TaskBook({ caseId, caseType: reemploymentCaseType, regionCode });
  tasks.install();
  if (carried) tasks.restore(carried.tasks);
  const line: ReemploymentLine = carried?.line ?? newLine(caseId, worker);
  const progress = { serviceStart: carried?.serviceStart ?? null };
  let closing: Closing | undefined;
  let inFlight = 0;
  const closeWith = (next: Closing) => {
    closing ??= next;
  };
  tasks.onRescheduled((task) => {
    const item = line.items.find((i) => i.taskId === task.id);
    if (item) Object.assign(item, { dueDate: task.dueDate, dueProvisional: task.dueProvisional });
  });
  setHandler(reemploymentLineQuery, () => line);
  setHandler(enrollmentChangedSignal, (event) => {
    if (event.change !== 'enrolled') return;
    closeWith({
      outcome: 'employed',
      reason: `社保参保登记：${event.effectiveDate} 起在 ${event.creditCode} 参保`,
      by: 'social-insurance',
      employerCreditCode: event.creditCode,
    });
  });

  const announce = caseAnnouncer({ caseId, caseType: reemploymentCaseType, regionCode });
  const profile = carried?.profile ?? (await policyFor({ regionCode }));
  if (!carried) {
    const at = workflowNow();
    await recordCaseOpened({
      caseId,
      type: reemploymentCaseType,
      regionCode,
      title: `再就业服务：${maskName(worker.name)}（裁员备案 ${worker.filingId}）`,
      at,
      reason: `裁员人员名单 ${worker.filingId}，最后工作日 ${worker.lastWorkingDay}`,
      detail: { filingId: worker.filingId, creditCode: worker.creditCode, sourceEventId: input.sourceEventId },
    });
    await announce('opened', 'awaiting-contact', `接收裁员人员名单 ${worker.filingId}`, at);
  }

  /**
   * Enrolled with another employer already: re-employed, no first contact. Still enrolled with the
   * enterprise that laid the person off is the normal state until their contract ends: serve them.
   */
  const reemployedAtFirstLook = async (): Promise<boolean> => {
    inFlight += 1;
    try {
      const check = await checkEnrolment({ caseId, idNumber: worker.idNumber, purpose: '首次联系前' });
      if (check.kind !== 'enrolled' || check.creditCode === null || check.creditCode === worker.creditCode) return false;
      closeWith({
        outcome: 'employed',
        reason: `社保登记查询：已在 ${check.creditCode} 参保${check.since ? `（${check.since} 起）` : ''}，无需首次联系`,
        by: 'social-insurance',
        employerCreditCode: check.creditCode,
      });
      return true;
    } finally {
      inFlight -= 1;
    }
  };

  const name = maskName(worker.name);
  const servePackage = () =>
    new ServicePackage(
      {
        line,
        tasks,
        progress,
        closing: () => closing !== undefined,
        close: closeWith,
        advanced: async (at, reason) => {
          inFlight += 1;
          try {
            await recordCaseAdvanced({ caseId, at, status: 'in-progress', reason, detail: { intention: line.intention, skillLevel: line.skillLevel } });
            await announce('advanced', 'in-service', reason, at);
          } finally {
            inFlight -= 1;
          }
        },
      },
      {
        contactTaskType: 'reemployment-first-contact',
        itemTaskType: reemploymentItemTaskType,
        contactTitle: `首次联系被裁减人员：${name}`,
        itemTitle: (kind, seq, count) => `${reemploymentLabels.serviceItem[kind]}${count > 1 ? `（第 ${seq} 次）` : ''}：${name}`,
        handedOverAt: worker.occurredAt,
        contactWorkingDays: profile.registeredUnemployedFirstContactWorkingDays.value,
        contactAttempts: profile.graduateContactAttempts.value,
        refusalLimit: profile.graduateRefusalLimit.value,
        items: profile.service131.items,
        escalationChain: profile.escalationChain,
      },
    ).serve();
  // Cases started before the look-up replay without it; a continued run had its look-up already.
  void (async () => {
    if (!carried && patched('registry-enrolment-lookup') && (await reemployedAtFirstLook())) return;
    if (closing === undefined) await servePackage();
  })();
  const writer = keepLineWritten(
    () => ({ line, person: personOf(worker) }),
    (copy, revision, at) => recordReemploymentLine({ ...copy, revision, at }),
    carried?.lineRevision ?? 0,
  );

  const quiet = () => inFlight === 0 && tasks.idle() && !writer.writing() && allHandlersFinished();
  await condition(() => closing !== undefined || (workflowInfo().continueAsNewSuggested && quiet()));
  if (!closing) {
    const next = JSON.parse(
      JSON.stringify({ line, tasks: tasks.carry(), profile, serviceStart: progress.serviceStart, lineRevision: writer.revision() }),
    ) as CarriedReemployment;
    return continueAsNew<typeof reemploymentWorkflow>({ ...input, carried: next });
  }
  const final = closing;
  Object.assign(line, { status: 'closed', outcome: final.outcome, closedReason: final.reason, employerCreditCode: final.employerCreditCode ?? null });
  await tasks.cancelActive(`案件办结：${reemploymentLabels.outcome[final.outcome]}`);
  for (const item of line.items) if (item.status === 'pending') item.status = 'cancelled';
  const closedAt = workflowNow();
  await recordCaseClosed({ caseId, closedAt, reason: final.reason, by: final.by });
  await announce('closed', 'closed', final.reason, closedAt);
  await writer.flushed();
  return line;
}

function newLine(caseId: string, worker: LayoffWorker): ReemploymentLine {
  return {
    caseId,
    filingId: worker.filingId,
    creditCode: worker.creditCode,
    regionCode: worker.householdRegionCode,
    status: 'awaiting-contact',
    outcome: null,
    intention: null,
    skillLevel: worker.skillLevel ?? null,
    contactAttempts: 0,
    refusals: 0,
    items: [],
    employerCreditCode: null,
    closedReason: null,
  };
}

function personOf(worker: LayoffWorker): ReemploymentPerson {
  return {
    name: worker.name,
    idNumber: worker.idNumber,
    phone: worker.phone ?? null,
    lastWorkingDay: worker.lastWorkingDay,
    occupation: worker.occupation ?? null,
  };
}
