/**
 * An unemployment-risk emergency response (DOMAIN.md 4 and 4a), opened by a region's monitor when
 * its level reaches IV, run like an incident. Each level reached gives a report task due in the
 * profile's clock hours (the supervisor's, the leader's once missed), the directives and measures the level
 * calls for, and from the command-group level a command-group task for the leader. A higher level
 * escalates the case in place. A step down happens only when the monitor proposes it (indicators
 * below the level's thresholds for the profile's days) and a leader signs it off; the last one ends
 * the response with a closing report: levels reached, directives and their outcomes, workers placed.
 */
import { condition, getExternalWorkflowHandle, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createRiskResponseActivities } from '../../activities/risk-response.js';
import { needsCommandGroup, plannedDirectives, riskResponseCaseType, stepDown } from '../../domain/cases/risk-response.js';
import type { TaskResult } from '../../domain/contracts/tasks.js';
import { regionName } from '../../domain/jurisdiction.js';
import type { PolicyProfile } from '../../domain/profiles/index.js';
import { riskLevelName, type RiskLevel } from '../../domain/risk.js';
import { caseAnnouncer, policyFor, recordCaseAdvanced, recordCaseClosed, recordCaseNote, recordCaseOpened } from '../case-activities.js';
import { levelDeclaredSignal } from '../risk-monitor/messages.js';
import { workflowNow } from '../support.js';
import { TaskBook } from '../tasks.js';
import { Directives } from './directives.js';
import {
  directiveReportedSignal,
  levelRaisedSignal,
  riskResponseQuery,
  stepDownProposedSignal,
  type DirectiveReport,
  type LevelAssessed,
  type RiskResponseInput,
  type RiskResponseView,
} from './messages.js';

const { countLayoffWorkers } = proxyActivities<ReturnType<typeof createRiskResponseActivities>>({ startToCloseTimeout: '1 minute' });

type Inbox = { kind: 'raise'; assessed: LevelAssessed } | { kind: 'propose'; assessed: LevelAssessed } | { kind: 'report'; report: DirectiveReport };

export async function riskResponseWorkflow(input: RiskResponseInput): Promise<RiskResponseView> {
  const caseId = workflowInfo().workflowId;
  const { scope } = input;
  const regionCode = scope.regionCode;
  const tasks = new TaskBook({ caseId, caseType: riskResponseCaseType, regionCode });
  tasks.install();
  const inbox: Inbox[] = [];
  /** Closing has begun (directives stop being followed); closed once the closing report is written. */
  let closing = false;
  let closed = false;
  const view: RiskResponseView = { caseId, scope, level: null, levelsReached: [], commandGroup: false, directives: [], closed: false };
  let signoff: { taskId: string; to: RiskLevel | null } | undefined;

  setHandler(levelRaisedSignal, (assessed) => void inbox.push({ kind: 'raise', assessed }));
  setHandler(stepDownProposedSignal, (assessed) => void inbox.push({ kind: 'propose', assessed }));
  setHandler(directiveReportedSignal, (report) => void inbox.push({ kind: 'report', report }));
  setHandler(riskResponseQuery, () => ({ ...view, closed }));

  const profile: PolicyProfile = await policyFor({ regionCode });
  const issued = new Directives({ caseId, regionCode, tasks, profile, closed: () => closing }, view.directives);
  const announce = caseAnnouncer({
    caseId,
    caseType: riskResponseCaseType,
    regionCode,
    ...(scope.industrySection ? { industryCode: scope.industrySection } : {}),
  });
  const place = `${regionName(regionCode) ?? regionCode}${scope.industrySection ? ` ${scope.industrySection} 门类` : ''}`;
  const monitor = getExternalWorkflowHandle(input.monitorId);

  const openedAt = workflowNow();
  const opening = `${riskLevelName(input.level)}：${input.reasons.map((r) => r.message).join('；')}`;
  await recordCaseOpened({
    caseId,
    type: riskResponseCaseType,
    regionCode,
    ...(scope.industrySection ? { industryCode: scope.industrySection } : {}),
    title: `失业风险应急响应：${place}`,
    at: openedAt,
    reason: opening,
    detail: { level: input.level, reasons: input.reasons, monitorId: input.monitorId },
  });
  await announce('opened', input.level, opening, openedAt);
  await recordCaseAdvanced({ caseId, at: openedAt, status: 'in-progress', reason: opening, detail: { level: input.level } });

  /** Everything a level calls for that the response does not have yet. */
  const enterLevel = async (level: RiskLevel, why: string) => {
    view.level = level;
    if (!view.levelsReached.includes(level)) view.levelsReached.push(level);
    const hours = profile.riskReportHours[level].value;
    const from = workflowNow();
    if (!tasks.find(`report#${level}`)) {
      // The supervisor drafts the report; missed, it goes to the leader the moment it is due.
      await tasks.open({
        key: `report#${level}`,
        type: 'risk-report',
        title: `${riskLevelName(level)}应急响应报告（${hours} 小时内）：${place}`,
        candidateRole: 'supervisor',
        from,
        hours,
        escalationChain: [{ role: 'leader', afterWorkingDays: { value: 0, source: { kind: 'default', why: 'an emergency report does not wait' } } }],
      });
    }
    if (needsCommandGroup(level, profile) && !tasks.find('command-group')) {
      view.commandGroup = true;
      await tasks.open({
        key: 'command-group',
        type: 'risk-command-group',
        title: `成立失业风险应急处置指挥部：${place}`,
        candidateRole: 'leader',
        from,
        hours,
        escalationChain: [],
      });
    }
    for (const plan of plannedDirectives(level, profile)) if (!issued.has(plan.key)) await issued.issue(plan, level);
    await recordCaseNote({
      caseId,
      noteId: `level:${level}:${from}`,
      kind: 'level.raised',
      at: from,
      detail: { level, why },
      reason: `当前${riskLevelName(level)}：${why}`,
    });
  };

  const tellMonitor = (level: RiskLevel | null, approved: boolean) => monitor.signal(levelDeclaredSignal, { responseId: caseId, level, approved });

  /** The leader's sign-off of a proposed step down; the last step ends the response. */
  const signOff = async (to: RiskLevel | null, why: string) => {
    const from = workflowNow();
    const task = await tasks.open({
      key: `signoff#${from}`,
      type: 'risk-deescalation-signoff',
      title: to === null ? `结束应急响应（指标已持续低于阈值）：${place}` : `应急响应降为${riskLevelName(to)}（指标已持续低于阈值）：${place}`,
      candidateRole: 'leader',
      from,
      workingDays: 1,
      escalationChain: [],
    });
    signoff = { taskId: task.id, to };
    const done = await tasks.outcome(task.id);
    if (signoff?.taskId !== task.id) return;
    signoff = undefined;
    const result = done?.result as TaskResult<'risk-deescalation-signoff'> | undefined;
    if (!result?.approve) {
      await tellMonitor(view.level, false);
      return;
    }
    if (to !== null) {
      view.level = to;
      const at = workflowNow();
      await recordCaseNote({
        caseId,
        noteId: `level:${to}:${at}`,
        kind: 'level.lowered',
        at,
        detail: { level: to, by: done?.assignee, note: result.note, why },
        reason: `降为${riskLevelName(to)}：${result.note}`,
      });
      await tellMonitor(to, true);
      return;
    }
    await close(done?.assignee ?? 'system', result.note);
  };

  const close = async (by: string, note: string) => {
    closing = true;
    await issued.withdrawOpen();
    await tasks.cancelActive('应急响应结束');
    const workers = await countLayoffWorkers({ scope });
    const outcomes = issued.views().map((d) => ({ directiveId: d.directiveId, department: d.department, measure: d.measure, status: d.status }));
    const report = { levelsReached: view.levelsReached, directives: outcomes, directivesDone: outcomes.filter((d) => d.status === 'done').length, ...workers };
    const reason = `应急响应结束：曾达${view.levelsReached.map(riskLevelName).join('、')}，指令完成 ${report.directivesDone}/${outcomes.length}，被裁减人员已就业 ${workers.placed}/${workers.workers}。${note}`;
    const closedAt = workflowNow();
    view.level = null;
    await recordCaseClosed({ caseId, closedAt, reason, by, detail: { closingReport: report } });
    await announce('closed', 'closed', reason, closedAt);
    await tellMonitor(null, true);
    closed = true;
  };

  await enterLevel(input.level, input.reasons.map((r) => r.message).join('；'));
  for (;;) {
    await condition(() => inbox.length > 0 || closed);
    if (closed) break;
    const next = inbox.shift() as Inbox;
    if (next.kind === 'report') {
      await issued.report(next.report);
    } else if (next.kind === 'raise' && next.assessed.level !== null) {
      // A rise while a step down waits for sign-off makes the question moot.
      if (signoff) await tasks.cancel(signoff.taskId, '指标再次上升，降级不再适用');
      signoff = undefined;
      const why = next.assessed.reasons.map((r) => r.message).join('；');
      await enterLevel(next.assessed.level, why);
      await announce('escalated', next.assessed.level, `升为${riskLevelName(next.assessed.level)}：${why}`, workflowNow());
    } else if (next.kind === 'propose' && view.level !== null && !signoff) {
      void signOff(stepDown(view.level), next.assessed.reasons.map((r) => r.message).join('；') || '各项指标均低于阈值');
    }
  }
  return { ...view, closed };
}
