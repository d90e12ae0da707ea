/**
 * A collective-layoff filing (hrss.layoff.filed.v1) as a case: recorded, opened, published, then
 * held open until a caseworker closes it, with a review task for the caseworker meanwhile. Later
 * the risk-response case type aggregates these filings per region and industry (Shandong
 * 鲁人社字〔2021〕138号 三(二)5).
 *
 * A filing can stay open for months and gather task actions, notes and escalations: when Temporal
 * suggests it, and nothing is half-done, the case continues as new with its state and its tasks
 * (each with its SLA clock where it stood), and follows its review task again by key.
 */
import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createLayoffFilingActivities } from '../../activities/layoff-filing.js';
import { layoffFilingCaseType } from '../../domain/cases/layoff-filing.js';
import { isCollectiveLayoff } from '../../domain/risk.js';
import { canSeeRegion } from '../../domain/access.js';
import { caseAnnouncer, policyFor, recordCaseAdvanced, recordCaseClosed, recordCaseNote } from '../case-activities.js';
import { CloseCaseBody } from '../../domain/contracts/http.js';
import { businessFailure, checkRequest } from '../failures.js';
import { workflowNow } from '../support.js';
import { TaskBook } from '../tasks.js';
import {
  closeLayoffCaseUpdate,
  enterpriseStatusSignal,
  layoffFilingStateQuery,
  type CarriedFiling,
  type CloseCaseRequest,
  type EnterpriseStatusChanged,
  type LayoffFilingInput,
  type LayoffFilingResult,
  type LayoffFilingState,
} from './messages.js';

const enterpriseStatusText = { active: '恢复正常经营', suspended: '停业', deregistered: '已注销' } as const;

/**
 * Filings from this version on continue as new when Temporal suggests it. A run of an older worker
 * that was suggested it and went on waiting replays as it went.
 */
const CONTINUE_AS_NEW = 'layoff-continue-as-new';

const { recordLayoffFiling } = proxyActivities<ReturnType<typeof createLayoffFilingActivities>>({
  // A database write, like the shared case writes: a minute covers a failover.
  startToCloseTimeout: '1 minute',
});

export async function layoffFilingWorkflow(input: LayoffFilingInput): Promise<LayoffFilingResult> {
  const caseId = workflowInfo().workflowId;
  const { filing, carried } = input;
  const collective = isCollectiveLayoff({ headcount: filing.headcount, layoffCount: filing.layoffCount });
  const state: LayoffFilingState = carried?.state ?? { caseId, status: 'opened', collective };
  let closeRequest: CloseCaseRequest | undefined;
  /** Side effects under way (a timeline note, the advance after the review) that must finish before the run may continue as new. */
  let inFlight = 0;

  const tasks = new TaskBook({ caseId, caseType: layoffFilingCaseType, regionCode: filing.regionCode });
  tasks.install();
  if (carried) tasks.restore(carried.tasks);
  setHandler(layoffFilingStateQuery, () => state);
  setHandler(
    closeLayoffCaseUpdate,
    (request) => {
      closeRequest = request;
      return { ...state, status: 'closed', closeReason: request.reason };
    },
    {
      validator: (request: CloseCaseRequest) => {
        const { actor } = request;
        if (actor && !canSeeRegion(actor, filing.regionCode)) throw businessFailure('CaseForbidden', '该案件不在您的辖区内');
        if (actor && actor.role !== 'caseworker' && actor.role !== 'supervisor')
          throw businessFailure('CaseForbidden', '只有就业服务人员或主管可以关闭裁员备案案件');
        if (state.status === 'closed' || closeRequest) throw businessFailure('CaseAlreadyClosed');
        if (!request.reason?.trim()) throw businessFailure('InvalidRequest', '关闭原因不能为空');
        checkRequest(CloseCaseBody, { reason: request.reason });
      },
    },
  );

  // Market regulation's word on the enterprise goes into the timeline: a filing by an enterprise
  // deregistered meanwhile tells the caseworker the workers may not be paid off by it.
  const statusChanges: EnterpriseStatusChanged[] = [];
  setHandler(enterpriseStatusSignal, (change) => void statusChanges.push(change));
  void (async () => {
    for (;;) {
      await condition(() => statusChanges.length > 0);
      const change = statusChanges.shift() as EnterpriseStatusChanged;
      inFlight += 1;
      await recordCaseNote({
        caseId,
        noteId: `enterprise-status:${change.sourceEventId}`,
        kind: 'enterprise.status',
        at: workflowNow(),
        detail: { status: change.status, reportedAt: change.occurredAt, reason: `市场监管部门通报：企业${enterpriseStatusText[change.status]}` },
      }).finally(() => (inFlight -= 1));
    }
  })();

  const announce = caseAnnouncer({ caseId, caseType: layoffFilingCaseType, regionCode: filing.regionCode, industryCode: filing.industryCode });
  /** Moves the case on once the review is done: recorded, then announced. */
  const followReview = (reviewId: string) =>
    void tasks.outcome(reviewId).then(async (done) => {
      if (!done || state.status !== 'opened') return;
      state.status = 'in-progress';
      inFlight += 1;
      try {
        const at = workflowNow();
        const advanced = `裁员方案已核查，落实帮扶措施：${(done.result as { measures: string[] }).measures.join('、')}`;
        await recordCaseAdvanced({ caseId, at, status: 'in-progress', reason: advanced, detail: { taskId: done.id, by: done.assignee } });
        await announce('advanced', 'in-progress', advanced, at);
      } finally {
        inFlight -= 1;
      }
    });

  if (carried) {
    // The earlier run opened the case and its review task (if it had one): follow it again. A review
    // completed just as that run ended moves the case on here.
    const review = tasks.find('layoff-review');
    if (review) followReview(review.id);
  } else {
    const reason = collective
      ? `集体裁员备案：${filing.enterpriseName} 拟裁减 ${filing.layoffCount}/${filing.headcount} 人（劳动合同法第四十一条）`
      : `裁员备案：${filing.enterpriseName} 拟裁减 ${filing.layoffCount}/${filing.headcount} 人`;
    const openedAt = workflowNow();
    await recordLayoffFiling({ caseId, filing, collective, openedAt, reason, sourceEventId: input.sourceEventId });
    await announce('opened', 'opened', reason, openedAt);

    // Cases opened before the review task existed replay without it (their histories have no task).
    if (patched('layoff-review-task')) {
      const profile = await policyFor({ regionCode: filing.regionCode });
      const review = await tasks.open({
        key: 'layoff-review',
        type: 'layoff-review',
        title: `核查裁员方案并指导企业：${filing.enterpriseName}`,
        candidateRole: 'caseworker',
        from: filing.occurredAt,
        workingDays: profile.taskSlaWorkingDays.layoffFilingReview.value,
        escalationChain: profile.escalationChain,
      });
      followReview(review.id);
    }
  }

  const quiet = () => inFlight === 0 && statusChanges.length === 0 && tasks.idle() && allHandlersFinished();
  await condition(() => closeRequest !== undefined || (workflowInfo().continueAsNewSuggested && quiet()));
  if (!closeRequest && patched(CONTINUE_AS_NEW)) {
    // A copy taken now: steps resuming in this same activation must not leak half-done into it.
    const next = JSON.parse(JSON.stringify({ state, tasks: tasks.carry() })) as CarriedFiling;
    return continueAsNew<typeof layoffFilingWorkflow>({ filing, sourceEventId: input.sourceEventId, carried: next });
  }
  // A run of an older worker that was suggested to continue went on waiting for the close: so does its replay.
  await condition(() => closeRequest !== undefined);
  const close = closeRequest as CloseCaseRequest;
  await tasks.cancelActive(`案件关闭：${close.reason}`);
  const closedAt = workflowNow();
  state.status = 'closed';
  state.closeReason = close.reason;
  await recordCaseClosed({
    caseId,
    closedAt,
    reason: close.reason,
    by: close.by,
    ...(close.actor ? { actor: close.actor, regionCode: filing.regionCode } : {}),
  });
  await announce('closed', 'closed', close.reason, closedAt);
  return { caseId, status: 'closed', closeReason: close.reason };
}
