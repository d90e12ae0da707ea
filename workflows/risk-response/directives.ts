/**
 * A response's directives to member departments: each published on dept.directive.v1 with an
 * acknowledgement and a completion deadline in clock hours, advanced by the department's reports
 * on dept.directive.reported.v1. One not acknowledged in time, or declined, goes to the command
 * group's leader as a task; the leader may have it issued again. Every step is a timeline entry.
 */
import { condition } from '@temporalio/workflow';
import { addHours } from '../../domain/calendar/dates.js';
import { directiveId, responseLabels, type PlannedDirective } from '../../domain/cases/risk-response.js';
import type { TaskResult } from '../../domain/contracts/tasks.js';
import type { PolicyProfile } from '../../domain/profiles/index.js';
import type { RiskLevel } from '../../domain/risk.js';
import { publishEvent, recordCaseNote } from '../case-activities.js';
import { msUntil, workflowNow } from '../support.js';
import type { TaskBook } from '../tasks.js';
import type { DirectiveReport, DirectiveView } from './messages.js';

const final = (d: DirectiveView) => d.status === 'done' || d.status === 'declined' || d.status === 'withdrawn';

export class Directives {
  private seq = 0;

  /** `all` is the response's own list, which its query shows. */
  constructor(
    private readonly ctx: { caseId: string; regionCode: string; tasks: TaskBook; profile: PolicyProfile; closed: () => boolean },
    private readonly all: DirectiveView[],
  ) {}

  views(): DirectiveView[] {
    return this.all;
  }

  /** Whether the directive planned under `key` was issued (and not withdrawn to be issued again). */
  has(key: string): boolean {
    return this.all.some((d) => d.key === key && d.status !== 'withdrawn');
  }

  /** Publishes the directive, records it, and watches its deadlines. */
  async issue(plan: PlannedDirective, level: RiskLevel): Promise<void> {
    const { caseId, regionCode, profile } = this.ctx;
    const now = workflowNow();
    this.seq += 1;
    const d: DirectiveView = {
      directiveId: directiveId(caseId, this.seq),
      key: plan.key,
      department: plan.department,
      measure: plan.measure,
      instruction: plan.instruction,
      level,
      status: 'issued',
      issuedAt: now,
      acknowledgeBy: addHours(now, profile.directiveAcknowledgeHours[level].value),
      completeBy: addHours(now, profile.directiveCompletionHours[level].value),
      reports: [],
    };
    this.all.push(d);
    await publishEvent({
      topic: 'dept.directive.v1',
      key: caseId,
      message: {
        eventId: `${d.directiveId}:issued`,
        occurredAt: now,
        caseId,
        department: d.department,
        directiveId: d.directiveId,
        regionCode,
        instruction: d.instruction,
        dueAt: d.completeBy,
      },
    });
    await this.note(d, 'issued', { instruction: d.instruction, measure: d.measure, acknowledgeBy: d.acknowledgeBy, completeBy: d.completeBy }, now);
    void this.watch(d);
  }

  /** A department's report: the directive moves on, and a decline goes to the leader. */
  async report(r: DirectiveReport): Promise<void> {
    const d = this.all.find((x) => x.directiveId === r.directiveId);
    if (!d || d.department !== r.department || final(d)) {
      // A report for a directive this response did not give to that department, or a late copy.
      await recordCaseNote({
        caseId: this.ctx.caseId,
        noteId: `${r.sourceEventId}:ignored`,
        kind: 'directive.report-ignored',
        at: workflowNow(),
        detail: { directiveId: r.directiveId, department: r.department, status: r.status },
      });
      return;
    }
    d.status = r.status;
    d.reports.push({ status: r.status, note: r.note ?? null, at: r.occurredAt });
    await this.note(d, r.status, { note: r.note ?? null, reportedAt: r.occurredAt }, workflowNow());
    if (r.status === 'declined') void this.decideDeclined(d);
  }

  /** Withdraws what is still open when the response closes. */
  async withdrawOpen(): Promise<void> {
    for (const d of this.all) {
      if (final(d)) continue;
      d.status = 'withdrawn';
      await this.note(d, 'withdrawn', { why: '应急响应结束' }, workflowNow());
    }
  }

  private note(d: DirectiveView, what: string, detail: Record<string, unknown>, at: string) {
    const name = responseLabels.department[d.department];
    return recordCaseNote({
      caseId: this.ctx.caseId,
      noteId: `${d.directiveId}:${what}:${d.reports.length}`,
      kind: `directive.${what}`,
      at,
      detail: {
        directiveId: d.directiveId,
        department: d.department,
        reason: `${name}：${d.instruction}（${responseLabels.directiveStatus[d.status]}）`,
        ...detail,
      },
    });
  }

  private async watch(d: DirectiveView): Promise<void> {
    const acknowledged = await condition(() => d.status !== 'issued' || this.ctx.closed(), Math.max(1, msUntil(d.acknowledgeBy)));
    // The leader's 督办 runs beside the completion watch, not before it: a directive nobody
    // acknowledged still has its completion deadline noted while the 督办 task waits.
    if (!acknowledged) void this.escalateUnacknowledged(d);
    const settled = await condition(() => final(d) || this.ctx.closed(), Math.max(1, msUntil(d.completeBy)));
    if (!settled) await this.note(d, 'overdue', { completeBy: d.completeBy }, workflowNow());
  }

  private async escalateUnacknowledged(d: DirectiveView): Promise<void> {
    await this.note(d, 'unacknowledged', { acknowledgeBy: d.acknowledgeBy }, workflowNow());
    const done = await this.leaderTask(d, 'unacknowledged', 'risk-directive-unacknowledged', `督办：${responseLabels.department[d.department]}未按时确认指令`);
    if ((done?.result as TaskResult<'risk-directive-unacknowledged'> | undefined)?.action === 'reissued') await this.reissue(d);
  }

  private async decideDeclined(d: DirectiveView): Promise<void> {
    const done = await this.leaderTask(d, 'declined', 'risk-directive-declined', `决定：${responseLabels.department[d.department]}拒绝办理指令`);
    const decision = (done?.result as TaskResult<'risk-directive-declined'> | undefined)?.decision;
    if (decision === 'reissue') await this.reissue(d);
    else if (decision === 'accept') await this.note(d, 'decline-accepted', {}, workflowNow());
  }

  private async reissue(d: DirectiveView): Promise<void> {
    if (this.ctx.closed()) return;
    if (!final(d)) d.status = 'withdrawn';
    await this.issue({ key: d.key, department: d.department, measure: d.measure, instruction: d.instruction }, d.level);
  }

  private async leaderTask(d: DirectiveView, why: string, type: 'risk-directive-unacknowledged' | 'risk-directive-declined', title: string) {
    const { tasks, profile } = this.ctx;
    const task = await tasks.open({
      key: `directive-${why}#${d.directiveId}`,
      type,
      title: `${title}（${d.instruction}）`,
      candidateRole: 'leader',
      from: workflowNow(),
      hours: profile.riskReportHours[d.level].value,
      escalationChain: [],
    });
    return tasks.outcome(task.id);
  }
}
