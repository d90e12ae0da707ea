/**
 * The graduate case as named steps: its state and message handlers in one place, each step a
 * method the workflow function calls in order. Steps resume where the case stood, so a run that
 * continued as new picks each one up again (tasks are found by key, not opened twice).
 */
import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { canSeeRegion } from '../../domain/access.js';
import { addMonths, endOfShanghaiDay } from '../../domain/calendar/dates.js';
import {
  graduate1311CaseType,
  graduate1311Labels,
  serviceItemTaskType,
  type GraduateHandover,
  type GraduateOutcome,
  type LedgerLine,
} from '../../domain/cases/graduate-1311.js';
import { maskName } from '../../domain/identity.js';
import type { PolicyProfile } from '../../domain/profiles/index.js';
import { chainPast } from '../../domain/profiles/schema.js';
import { caseAnnouncer, policyFor, publishEvent, recordCaseAdvanced, recordCaseClosed, recordCaseOpened } from '../case-activities.js';
import { checkEnrolment } from '../registry-lookups.js';
import { GraduateOutcomeBody } from '../../domain/contracts/graduate-1311.js';
import { businessFailure, checkRequest } from '../failures.js';
import { msUntil, workflowNow } from '../support.js';
import { ServicePackage, type PackageCase } from '../service-package.js';
import { TaskBook } from '../tasks.js';
import type { LineWriter } from '../line-writer.js';
import { keepLedgerWritten } from './ledger-writer.js';
import { addHandover, handoverSeen, HANDOVERS_KEPT, newHandoverTimes, trimHandovers, type HandoverTimes } from './handovers.js';
import {
  graduateHandoverSignal,
  ledgerLineQuery,
  recordGraduateOutcomeUpdate,
  type CarriedCase,
  type Graduate1311Input,
  type RecordOutcomeRequest,
} from './messages.js';
import { enrollmentChangedSignal } from '../person-messages.js';

interface Closing {
  outcome: GraduateOutcome;
  reason: string;
  by: string;
  employerCreditCode?: string;
}

const outcomeText = graduate1311Labels.outcome;

/** From this version a handover the case already has changes nothing (before, its phone number was taken again). */
const HANDOVER_DEDUPE = 'graduate-handover-dedupe';
/** From this version the line names only the latest handovers, once the ledger read model has them all (handovers.ts). */
const HANDOVERS_BOUNDED = 'graduate-handovers-bounded';

export class GraduateCase {
  private readonly caseId = workflowInfo().workflowId;
  private readonly carried: CarriedCase | undefined;
  private handover: GraduateHandover;
  private readonly regionCode: string;
  private readonly tasks: TaskBook;
  private readonly line: LedgerLine;
  private readonly handoverTimes: HandoverTimes;
  private readonly announce: ReturnType<typeof caseAnnouncer>;
  /** When the service items' deadlines began to count (the graduate was reached and wants work). */
  private readonly progress: { serviceStart: string | null };
  private closing: Closing | undefined;
  /** Side effects under way that must finish before the run may continue as new. */
  private inFlight = 0;
  private ledger: LineWriter | undefined;

  /** Sets every handler: call before the workflow's first await. */
  constructor(private readonly input: Graduate1311Input) {
    this.carried = input.carried;
    this.handover = input.handover;
    this.regionCode = input.handover.householdRegionCode;
    this.tasks = new TaskBook({ caseId: this.caseId, caseType: graduate1311CaseType, regionCode: this.regionCode });
    this.tasks.install();
    if (this.carried) this.tasks.restore(this.carried.tasks);
    this.line = this.carried?.line ?? this.newLine();
    // A run continued before handovers were bounded knows no list times: its handovers are trimmed without moving the horizon.
    this.handoverTimes = this.carried ? (this.carried.handoverTimes ?? newHandoverTimes()) : newHandoverTimes(input.handover);
    this.progress = { serviceStart: this.carried?.serviceStart ?? null };
    this.announce = caseAnnouncer({ caseId: this.caseId, caseType: graduate1311CaseType, regionCode: this.regionCode });
    this.installHandlers();
  }

  /**
   * Opens the case, then starts what runs beside each other for its life. One step, not two: the
   * next commands must follow the opening in the same turn, as in the histories of running cases.
   */
  async start(): Promise<PolicyProfile> {
    const profile = await this.open();
    this.run(profile);
    return profile;
  }

  /**
   * Waits for the case to close, or for Temporal to suggest continue-as-new once nothing is
   * half-done. Closing follows in the same turn as the wait (commands in the order running
   * cases' histories have them).
   */
  async finish(profile: PolicyProfile): Promise<LedgerLine> {
    const quiet = () => this.inFlight === 0 && this.tasks.idle() && !this.ledger?.writing() && allHandlersFinished();
    await condition(() => this.closing !== undefined || (workflowInfo().continueAsNewSuggested && quiet()));
    if (this.closing) return this.close(this.closing);
    // A copy taken now: steps resuming in this same activation must not leak half-done into it.
    const carried = JSON.parse(
      JSON.stringify({
        line: this.line,
        tasks: this.tasks.carry(),
        profile,
        serviceStart: this.progress.serviceStart,
        ledgerRevision: this.ledger?.revision() ?? 0,
        handoverTimes: this.handoverTimes,
      }),
    ) as CarriedCase;
    return continueAsNew<(input: Graduate1311Input) => Promise<LedgerLine>>({
      handover: this.handover,
      idHash: this.input.idHash,
      sourceEventId: this.input.sourceEventId,
      carried,
    });
  }

  /** Looks up the profile (once in the case's life) and records the opening of a new case. */
  private async open(): Promise<PolicyProfile> {
    const profile = this.carried?.profile ?? (await policyFor({ regionCode: this.regionCode }));
    if (!this.carried) {
      const openedAt = workflowNow();
      const { handover } = this;
      await recordCaseOpened({
        caseId: this.caseId,
        type: graduate1311CaseType,
        regionCode: this.regionCode,
        title: `高校毕业生1311服务：${maskName(handover.name)}（${handover.school}，${handover.year}届）`,
        at: openedAt,
        reason: `教育部门移交未就业毕业生名单 ${handover.handoverId}`,
        detail: { handoverId: handover.handoverId, sourceEventId: this.input.sourceEventId },
      });
      await this.announce('opened', 'awaiting-contact', `接收移交名单 ${handover.handoverId}`, openedAt);
    }
    return profile;
  }

  /** Starts what runs beside each other for the case's life: service, the 6-month flag, the ledger. */
  private run(profile: PolicyProfile): void {
    // Serving may finish long before the case does: a served graduate stays followed until an
    // outcome (employment reported, or recorded by a caseworker) closes the case.
    void this.serve(profile);
    // Cases started before the flag existed replay without its timer.
    if (patched('graduate-target-flag')) void this.flagAtTarget(profile);
    // Cases started before the ledger read model replay without its writes.
    if (patched('graduate-ledger-read-model')) this.ledger = keepLedgerWritten(this.line, () => this.handover, this.carried?.ledgerRevision ?? 0);
    if (this.ledger && patched(HANDOVERS_BOUNDED)) void this.keepHandoversBounded(this.ledger);
  }

  /** Trims the line's handovers to the latest ones whenever the ledger read model has every one. */
  private async keepHandoversBounded(ledger: LineWriter): Promise<void> {
    for (;;) {
      await condition(() => this.line.handoverIds.length > HANDOVERS_KEPT && ledger.written());
      // Asked again: a handover may have come in the same activation, after the wait ended.
      if (ledger.written()) trimHandovers(this.line, this.handoverTimes);
    }
  }

  /** Closes the case with its outcome: what is left is cancelled, the closing recorded and announced. */
  private async close(final: Closing): Promise<LedgerLine> {
    const { line } = this;
    line.status = 'closed';
    line.outcome = final.outcome;
    line.closedReason = final.reason;
    line.employerCreditCode = final.employerCreditCode ?? null;
    await this.tasks.cancelActive(`案件办结：${outcomeText[final.outcome]}`);
    for (const item of line.items) if (item.status === 'pending') item.status = 'cancelled';
    const closedAt = workflowNow();
    await recordCaseClosed({ caseId: this.caseId, closedAt, reason: final.reason, by: final.by });
    await this.announce('closed', 'closed', final.reason, closedAt);
    // Cases that closed before the education department's outcome topic existed replay without it.
    if (patched('graduate-outcome-event')) await this.tellEducation(final.outcome, closedAt);
    await this.ledger?.flushed();
    return line;
  }

  /** hrss.graduate.outcome.v1: what became of the graduate, for the department that handed them over. */
  private async tellEducation(outcome: GraduateOutcome, closedAt: string): Promise<void> {
    const { handover } = this;
    await publishEvent({
      topic: 'hrss.graduate.outcome.v1',
      key: this.caseId,
      message: {
        eventId: `${this.caseId}:outcome`,
        occurredAt: closedAt,
        caseId: this.caseId,
        year: handover.year,
        householdRegionCode: this.regionCode,
        outcome,
        closedAt,
        ...(handover.studentRef ? { studentRef: handover.studentRef } : {}),
      },
    });
  }

  private newLine(): LedgerLine {
    const { handover } = this;
    return {
      caseId: this.caseId,
      year: handover.year,
      regionCode: this.regionCode,
      status: 'awaiting-contact',
      outcome: null,
      intention: handover.intention ?? null,
      skillLevel: null,
      handoverIds: [handover.handoverId],
      contactAttempts: 0,
      refusals: 0,
      items: [],
      employerCreditCode: null,
      closedReason: null,
      flagged: false,
    };
  }

  private installHandlers(): void {
    const { line } = this;
    // A recounted provisional due date shows in the ledger as well as the inbox.
    this.tasks.onRescheduled((task) => {
      const item = line.items.find((i) => i.taskId === task.id);
      if (!item) return;
      item.dueDate = task.dueDate;
      item.dueProvisional = task.dueProvisional;
    });
    setHandler(ledgerLineQuery, () => line);
    setHandler(graduateHandoverSignal, ({ handover: later }) => {
      // Duplicates across handovers are normal: the case notes the handover and keeps going. A
      // handover it has (re-delivered, or a list re-imported) changes nothing.
      if (patched(HANDOVER_DEDUPE)) {
        if (handoverSeen(line, this.handoverTimes, later)) return;
        addHandover(line, this.handoverTimes, later);
      } else if (!line.handoverIds.includes(later.handoverId)) line.handoverIds.push(later.handoverId);
      // A newer list may carry a newer phone number; the caseworker's classification outranks a list's.
      if (later.phone) this.handover = { ...this.handover, phone: later.phone };
      if (later.intention && line.skillLevel === null) line.intention = later.intention;
    });
    setHandler(enrollmentChangedSignal, (event) => {
      if (event.change !== 'enrolled') return;
      this.closeWith({
        outcome: 'employed',
        reason: `社保参保登记：${event.effectiveDate} 起在 ${event.creditCode} 参保`,
        by: 'social-insurance',
        employerCreditCode: event.creditCode,
      });
    });
    setHandler(
      recordGraduateOutcomeUpdate,
      (request) => {
        this.closeWith({
          outcome: request.outcome,
          reason: `${outcomeText[request.outcome]}：${request.note}`,
          by: request.actor.userId,
          employerCreditCode: request.employerCreditCode,
        });
        return line;
      },
      { validator: (request: RecordOutcomeRequest) => this.validateOutcome(request) },
    );
  }

  private validateOutcome(request: RecordOutcomeRequest): void {
    if (!canSeeRegion(request.actor, this.regionCode)) throw businessFailure('CaseForbidden', '该案件不在您的辖区内');
    if (request.actor.role !== 'caseworker' && request.actor.role !== 'supervisor')
      throw businessFailure('CaseForbidden', '只有就业服务人员或主管可以登记去向');
    if (this.line.status === 'closed' || this.closing) throw businessFailure('CaseConflict', '案件已办结');
    if (!request.note?.trim()) throw businessFailure('InvalidRequest', '请填写去向说明');
    if (request.outcome === 'employed' && !request.employerCreditCode) throw businessFailure('InvalidRequest', '登记就业需填写用人单位统一社会信用代码');
    checkRequest(GraduateOutcomeBody, { outcome: request.outcome, note: request.note, employerCreditCode: request.employerCreditCode });
  }

  /** The first outcome wins; later ones (a second enrolment, say) change nothing. */
  private closeWith(next: Closing): void {
    this.closing ??= next;
  }

  private async settle<T>(effect: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await effect();
    } finally {
      this.inFlight -= 1;
    }
  }

  /**
   * Social insurance first: a graduate it already has enrolled at an employer is employed, and no
   * caseworker is sent to make a first contact. Then contact and the four service items (the shared
   * service package).
   */
  private async serve(policy: PolicyProfile): Promise<void> {
    // Cases started before the look-up replay without it; a continued run had its look-up already.
    if (!this.carried && patched('registry-enrolment-lookup') && (await this.enrolledAtFirstLook())) return;
    if (this.closing) return;
    const name = maskName(this.handover.name);
    const kase: PackageCase = {
      line: this.line,
      tasks: this.tasks,
      progress: this.progress,
      closing: () => this.closing !== undefined,
      close: (closing) => this.closeWith(closing),
      advanced: (at, reason) =>
        this.settle(async () => {
          const detail = { intention: this.line.intention, skillLevel: this.line.skillLevel };
          await recordCaseAdvanced({ caseId: this.caseId, at, status: 'in-progress', reason, detail });
          await this.announce('advanced', 'in-service', reason, at);
        }),
    };
    await new ServicePackage(kase, {
      contactTaskType: 'graduate-first-contact',
      itemTaskType: serviceItemTaskType,
      contactTitle: `首次联系毕业生：${name}`,
      itemTitle: (kind, seq, count) => {
        const title = graduate1311Labels.serviceItem[kind];
        return `${count > 1 ? `${title}（第 ${seq} 次）` : title}：${name}`;
      },
      handedOverAt: this.handover.occurredAt,
      contactWorkingDays: policy.graduateFirstContactWorkingDays.value,
      contactAttempts: policy.graduateContactAttempts.value,
      refusalLimit: policy.graduateRefusalLimit.value,
      items: policy.service1311.items,
      escalationChain: policy.escalationChain,
    }).serve();
  }

  /** Closes the case as employed if the SI registry has the graduate enrolled; true if it did. */
  private async enrolledAtFirstLook(): Promise<boolean> {
    const check = await this.settle(() => checkEnrolment({ caseId: this.caseId, idNumber: this.handover.idNumber, purpose: '首次联系前' }));
    if (check.kind !== 'enrolled') return false;
    this.closeWith({
      outcome: 'employed',
      reason: `社保登记查询：已在 ${check.creditCode ?? '（未返回单位）'} 参保${check.since ? `（${check.since} 起）` : ''}，无需首次联系`,
      by: 'social-insurance',
      employerCreditCode: check.creditCode ?? undefined,
    });
    return true;
  }

  /**
   * Jilin 吉就组办〔2022〕1号 二(三) aims at employment or job preparation within 6 months of
   * graduation: a case still open then goes to the supervisor as a review task.
   */
  private async flagAtTarget(policy: PolicyProfile): Promise<void> {
    const months = policy.graduateTargetMonths.value;
    const reason = `毕业 ${months} 个月仍未就业或升学，提请主管研判`;
    if (!this.line.flagged) {
      const target = endOfShanghaiDay(addMonths(this.handover.graduationDate, months));
      const ms = msUntil(target);
      if (ms > 0 && (await condition(() => this.closing !== undefined, ms))) return;
      if (this.closing) return;
      this.line.flagged = true;
      await this.settle(() => this.announce('escalated', this.line.status, reason, workflowNow()));
    }
    if (this.closing || this.tasks.find('target-review')) return;
    await this.tasks.open({
      key: 'target-review',
      type: 'graduate-target-review',
      title: `${reason}：${maskName(this.handover.name)}`,
      candidateRole: 'supervisor',
      from: workflowNow(),
      workingDays: policy.taskSlaWorkingDays.graduateTargetReview.value,
      // A supervisor's own task escalates past them: up the ladder, to the parent's supervisor.
      escalationChain: chainPast(policy.escalationChain, 'supervisor'),
    });
  }
}
