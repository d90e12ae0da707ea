/**
 * A collective-layoff filing (hrss.layoff.filed.v1) as a case: recorded, opened, published, then
 * held open until a caseworker closes it. Later the risk-response case type aggregates these
 * filings per region and industry (Shandong 鲁人社字〔2021〕138号 三(二)5).
 */
import { ApplicationFailure, condition, defineQuery, defineUpdate, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { LayoffFiledV1 } from '../domain/contracts/inbound.js';
import { isCollectiveLayoff } from '../domain/risk.js';
import { caseAnnouncer, policyFor, recordCaseAdvanced, recordCaseClosed, recordLayoffFiling } from './case-activities.js';
import { workflowNow } from './support.js';
import { TaskBook } from './tasks.js';

/** The filing as validated at the edge, minus transport fields. */
export type LayoffFiling = Omit<LayoffFiledV1, 'eventId'>;

export interface LayoffFilingInput {
  filing: LayoffFiling;
  /** The inbound event that opened the case, kept for the audit trail. */
  sourceEventId: string;
}

export interface LayoffFilingResult {
  caseId: string;
  status: 'closed';
  closeReason: string;
}

export interface LayoffFilingState {
  caseId: string;
  status: 'opened' | 'in-progress' | 'closed';
  collective: boolean;
  closeReason?: string;
}

export interface CloseCaseRequest {
  reason: string;
  by: string;
}

export const layoffFilingStateQuery = defineQuery<LayoffFilingState>('layoffFilingState');
/** An update, not a signal: the caller learns at once whether the close was accepted. */
export const closeLayoffCaseUpdate = defineUpdate<LayoffFilingState, [CloseCaseRequest]>('closeLayoffCase');

export const layoffFilingCaseType = 'layoff-filing';

export function layoffFilingWorkflowId(filing: Pick<LayoffFiling, 'creditCode' | 'filingId'>): string {
  return `layoff-filing:${filing.creditCode}:${filing.filingId}`;
}

export async function layoffFilingWorkflow(input: LayoffFilingInput): Promise<LayoffFilingResult> {
  const caseId = workflowInfo().workflowId;
  const { filing } = input;
  const collective = isCollectiveLayoff({ headcount: filing.headcount, layoffCount: filing.layoffCount });
  const state: LayoffFilingState = { caseId, status: 'opened', collective };
  let closeRequest: CloseCaseRequest | undefined;

  const tasks = new TaskBook({ caseId, caseType: layoffFilingCaseType, regionCode: filing.regionCode });
  tasks.install();
  setHandler(layoffFilingStateQuery, () => state);
  setHandler(
    closeLayoffCaseUpdate,
    (request) => {
      closeRequest = request;
      return { ...state, status: 'closed', closeReason: request.reason };
    },
    {
      validator: (request: CloseCaseRequest) => {
        if (state.status === 'closed' || closeRequest) {
          throw ApplicationFailure.nonRetryable('案件已关闭', 'CaseAlreadyClosed');
        }
        if (!request.reason?.trim()) throw ApplicationFailure.nonRetryable('关闭原因不能为空', 'InvalidRequest');
      },
    },
  );

  const reason = collective
    ? `集体裁员备案：${filing.enterpriseName} 拟裁减 ${filing.layoffCount}/${filing.headcount} 人（劳动合同法第四十一条）`
    : `裁员备案：${filing.enterpriseName} 拟裁减 ${filing.layoffCount}/${filing.headcount} 人`;
  const openedAt = workflowNow();
  const announce = caseAnnouncer({ caseId, caseType: layoffFilingCaseType, regionCode: filing.regionCode, industryCode: filing.industryCode });
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
    void tasks.outcome(review.id).then(async (done) => {
      if (!done || state.status !== 'opened') return;
      state.status = 'in-progress';
      const at = workflowNow();
      const advanced = `裁员方案已核查，落实帮扶措施：${(done.result as { measures: string[] }).measures.join('、')}`;
      await recordCaseAdvanced({ caseId, at, status: 'in-progress', reason: advanced, detail: { taskId: done.id, by: done.assignee } });
      await announce('advanced', 'in-progress', advanced, at);
    });
  }

  await condition(() => closeRequest !== undefined);
  const close = closeRequest as CloseCaseRequest;
  await tasks.cancelActive(`案件关闭：${close.reason}`);
  const closedAt = workflowNow();
  state.status = 'closed';
  state.closeReason = close.reason;
  await recordCaseClosed({ caseId, closedAt, reason: close.reason, by: close.by });
  await announce('closed', 'closed', close.reason, closedAt);
  return { caseId, status: 'closed', closeReason: close.reason };
}
