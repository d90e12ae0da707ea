/**
 * One region's (or one region and industry's) unemployment-risk monitor, for as long as the region
 * is watched: it keeps what departments reported inside the profile's windows, assesses the
 * indicators with the profile's thresholds after every report and whenever something leaves its
 * window, and declares the level. A higher level is declared at once: the first opens a response
 * case (a child workflow, left running if the monitor continues as new), a later one escalates it
 * in place. A lower level is only proposed to the response, once the indicators stayed below for
 * the profile's days; the response's leader decides, and the monitor declares what they decided.
 * Every declared change is a risk.level.v1 event with the indicators and reasons behind it.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { createRiskResponseActivities } from '../../activities/risk-response.js';
import { emptyObservations, indicatorsOf, nextExpiry, observe, prune, type RiskObservation } from '../../domain/cases/risk-monitor.js';
import { levelStep, riskResponseWorkflowId, stepDownDueAt, type DeclaredLevel } from '../../domain/cases/risk-response.js';
import { assessRisk, indicatorFigures, type RiskAssessment, type RiskIndicators, type RiskLevel } from '../../domain/risk.js';
import { policyFor, publishEvent } from '../case-activities.js';
import { levelRaisedSignal, stepDownProposedSignal } from '../risk-response/messages.js';
import { riskResponseWorkflow } from '../risk-response/workflow.js';
import { msUntil, workflowNow } from '../support.js';
import { levelDeclaredSignal, riskMonitorQuery, riskObservedSignal, type LevelDeclared, type RiskMonitorInput } from './messages.js';

const { recordRiskLevel } = proxyActivities<ReturnType<typeof createRiskResponseActivities>>({
  // A read-model upsert, like the case writes.
  startToCloseTimeout: '1 minute',
});

export async function riskMonitorWorkflow(input: RiskMonitorInput): Promise<void> {
  const monitorId = workflowInfo().workflowId;
  const { scope, carried } = input;
  let observations = carried?.observations ?? emptyObservations();
  let declared: DeclaredLevel = carried?.declared ?? { level: null, belowSince: null, proposed: false };
  let responses = carried?.responses ?? 0;
  let responseId = carried?.responseId ?? null;
  let revision = carried?.revision ?? 0;
  const reports: RiskObservation[] = [];
  const answers: LevelDeclared[] = [];
  let last: { indicators: RiskIndicators; assessment: RiskAssessment } = {
    indicators: { regionCode: scope.regionCode, layoffFilings: [] },
    assessment: { level: null, reasons: [] },
  };
  let written = '';

  setHandler(riskObservedSignal, (o) => void reports.push(o));
  setHandler(levelDeclaredSignal, (a) => void answers.push(a));
  setHandler(riskMonitorQuery, () => ({
    scope,
    declaredLevel: declared.level,
    assessedLevel: last.assessment.level,
    indicators: last.indicators,
    reasons: last.assessment.reasons,
    responseId,
  }));

  const profile = carried?.profile ?? (await policyFor({ regionCode: scope.regionCode }));
  const windows = { layoffCluster: profile.riskWindowDays.layoffCluster.value, closureJobLoss: profile.riskWindowDays.closureJobLoss.value };
  const days = profile.deescalationDays.value;

  /** risk.level.v1, keyed by the response case the level is the response's. */
  const announce = async (previousLevel: RiskLevel | null, level: RiskLevel | null, caseId: string, at: string) => {
    await publishEvent({
      topic: 'risk.level.v1',
      key: caseId,
      message: {
        eventId: `${monitorId}:level:${at}`,
        occurredAt: at,
        caseId,
        regionCode: scope.regionCode,
        ...(scope.industrySection ? { industryCode: scope.industrySection } : {}),
        previousLevel,
        level,
        indicators: indicatorFigures(last.indicators),
        reasons: last.assessment.reasons.map((r) => r.message),
      },
    });
  };

  const assess = async () => {
    const now = workflowNow();
    observations = prune(observations, now, windows);
    const indicators = indicatorsOf(observations, scope, now, windows);
    const assessment = assessRisk(indicators, profile);
    last = { indicators, assessment };
    const before = declared.level;
    const { step, state } = levelStep(declared, assessment.level, now, days);
    declared = state;
    const assessed = { level: assessment.level, indicators, reasons: assessment.reasons };
    if (step.kind === 'raise') {
      if (responseId === null) {
        responses += 1;
        const childId = riskResponseWorkflowId(scope, responses);
        await startChild(riskResponseWorkflow, {
          workflowId: childId,
          args: [{ scope, level: step.to, indicators, reasons: assessment.reasons, monitorId }],
          // The response outlives any one run of its monitor (continue-as-new) and is closed by its leader.
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        // Named by the query only once it has started: a reader handed the ID must find the workflow.
        responseId = childId;
      } else {
        await getExternalWorkflowHandle(responseId).signal(levelRaisedSignal, assessed);
      }
      await announce(before, step.to, responseId, now);
    } else if (step.kind === 'propose' && responseId !== null) {
      await getExternalWorkflowHandle(responseId).signal(stepDownProposedSignal, assessed);
    }
    const row = JSON.stringify({ declared: declared.level, assessed: assessment.level, indicators, reasons: assessment.reasons, responseId });
    if (row !== written) {
      revision += 1;
      await recordRiskLevel({
        scope,
        declaredLevel: declared.level,
        assessedLevel: assessment.level,
        indicators,
        reasons: assessment.reasons,
        responseCaseId: responseId,
        revision,
        at: now,
      });
      written = row;
    }
  };

  /** The response's leader answered a proposed step down, or the response closed. */
  const settle = async (answer: LevelDeclared) => {
    if (answer.responseId !== responseId) return;
    const now = workflowNow();
    if (!answer.approved) {
      // Kept at its level: the indicators must settle again, counted from now.
      declared = { ...declared, proposed: false, belowSince: now };
      return;
    }
    const before = declared.level;
    declared = { level: answer.level, belowSince: null, proposed: false };
    await announce(before, answer.level, answer.responseId, now);
    if (answer.level === null) responseId = null;
  };

  await assess();
  for (;;) {
    const wakeAt = [nextExpiry(observations, windows), stepDownDueAt(declared, days)].filter((t): t is string => t !== undefined).sort()[0];
    const waiting = () => reports.length > 0 || answers.length > 0 || workflowInfo().continueAsNewSuggested;
    if (wakeAt === undefined) await condition(waiting);
    else if (msUntil(wakeAt) > 0) await condition(waiting, msUntil(wakeAt));
    if (reports.length === 0 && answers.length === 0 && workflowInfo().continueAsNewSuggested && allHandlersFinished()) {
      return continueAsNew<typeof riskMonitorWorkflow>({ scope, carried: { observations, declared, profile, responses, responseId, revision } });
    }
    for (const answer of answers.splice(0)) await settle(answer);
    for (const report of reports.splice(0)) observations = observe(observations, scope, report);
    await assess();
  }
}
