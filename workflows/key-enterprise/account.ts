/**
 * A key enterprise's account as named steps: its state and message handlers in one place, each
 * step a method. What runs beside each other for the account's life: the regular contact, the
 * inbox of what departments report and people record (demands, hires, headcounts, status changes,
 * layoff filings, subsidy requests), a follower per open demand (its response, and its fill task,
 * which climbs the escalation ladder while the demand stays unfilled), and the read model. Every
 * step resumes where the account stood, finding its tasks again by key, so a run that continued as
 * new opens nothing twice.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { createKeyEnterpriseActivities } from '../../activities/key-enterprise.js';
import { canSeeRegion } from '../../domain/access.js';
import type { Actor, Role } from '../../domain/actor.js';
import { toShanghaiDate } from '../../domain/calendar/dates.js';
import {
  contactOpensAt,
  demandForHire,
  demandOffice,
  headcountDropPct,
  keyEnterpriseCaseType,
  keyEnterpriseLabels,
  previousPeriod,
  type ContactPrefill,
  type ContactSurvey,
  type DemandLine,
  type DemandResponse,
  type FillOutcome,
  type JobKeepingTrigger,
  type KeyEnterprise,
  type KeyEnterpriseAccount,
  type SubsidyKind,
} from '../../domain/cases/key-enterprise.js';
import type { TaskView } from '../../domain/contracts/tasks.js';
import { EnterpriseListingBody, EnterpriseRemovalBody, RecordDemandBody, SubsidyHelpBody } from '../../domain/contracts/key-enterprise.js';
import type { PolicyProfile } from '../../domain/profiles/index.js';
import { caseAnnouncer, policyFor, recordCaseAdvanced, recordCaseClosed, recordCaseNote, recordCaseOpened } from '../case-activities.js';
import { businessFailure, checkRequest } from '../failures.js';
import { keepLineWritten, type LineWriter } from '../line-writer.js';
import { checkHeadcount } from '../registry-lookups.js';
import { msUntil, workflowNow } from '../support.js';
import { TaskBook } from '../tasks.js';
import {
  enterpriseHireSignal,
  hiringDemandSignal,
  insuredHeadcountSignal,
  keyEnterpriseAccountQuery,
  keyEnterpriseStatusSignal,
  layoffFiledSignal,
  recordDemandUpdate,
  removeFromListUpdate,
  requestSubsidyHelpUpdate,
  updateListingUpdate,
  type CarriedAccount,
  type EnterpriseHire,
  type EnterpriseStatusReported,
  type InsuredHeadcountReported,
  type KeyEnterpriseInput,
  type LayoffFiled,
  type RecordDemandRequest,
  type RemoveFromListRequest,
  type SubsidyHelpRequest,
  type UpdateListingRequest,
} from './messages.js';

const { recordKeyEnterpriseAccount } = proxyActivities<ReturnType<typeof createKeyEnterpriseActivities>>({
  // A read-model upsert, like the case writes.
  startToCloseTimeout: '1 minute',
});

/** Who keeps the list (Shandong 三(二)3: the bureau draws up the list): supervisors and leaders. */
const listKeepers: readonly Role[] = ['supervisor', 'leader'];
/** Who works the account: its liaison officers and their supervisors. */
const accountWorkers: readonly Role[] = ['liaison', 'supervisor'];
/** Social insurance months kept: a year and the month before it, enough for any month-on-month view. */
const HEADCOUNT_MONTHS = 13;
/** Hires remembered to drop a resent enrolment: far more than arrive between two resends. */
const HIRES_REMEMBERED = 1000;
/** Job-keeping triggers remembered, so a resent report opens no second task. */
const TRIGGERS_REMEMBERED = 50;

type Inbox =
  | { kind: 'demand'; demand: DemandLine }
  | { kind: 'hire'; hire: EnterpriseHire }
  | { kind: 'headcount'; report: InsuredHeadcountReported }
  | { kind: 'status'; report: EnterpriseStatusReported }
  | { kind: 'layoff'; filing: LayoffFiled }
  | { kind: 'subsidy'; subsidy: SubsidyKind; note: string; from: string };

const sum = (positions: readonly { count: number }[]) => positions.reduce((n, p) => n + p.count, 0);
const active = (task: TaskView | undefined): task is TaskView => task !== undefined && (task.status === 'open' || task.status === 'claimed');

function newDemand(
  demandId: string,
  source: DemandLine['source'],
  receivedAt: string,
  positions: DemandLine['positions'],
  neededBy: string | undefined,
): DemandLine {
  return {
    demandId,
    source,
    receivedAt,
    neededBy: neededBy ?? null,
    positions,
    vacancies: sum(positions),
    filled: 0,
    status: 'open',
    responseTaskId: null,
    responseDueDate: null,
    respondedAt: null,
    response: null,
    fillTaskId: null,
    fillDueDate: null,
    closedAt: null,
    closedReason: null,
  };
}

export class KeyEnterpriseCase {
  private readonly caseId = workflowInfo().workflowId;
  private readonly carried: CarriedAccount | undefined;
  private readonly account: KeyEnterpriseAccount;
  private readonly tasks: TaskBook;
  private readonly announce: ReturnType<typeof caseAnnouncer>;
  private readonly inbox: Inbox[] = [];
  private readonly headcounts: CarriedAccount['headcounts'];
  private readonly hiresSeen: string[];
  private readonly opened: CarriedAccount['opened'];
  private profile: PolicyProfile | undefined;
  private removal: RemoveFromListRequest | undefined;
  /** Side effects under way that must finish before the run may continue as new or close. */
  private inFlight = 0;
  private writer: LineWriter | undefined;

  /** Sets every handler: call before the workflow's first await. */
  constructor(private readonly input: KeyEnterpriseInput) {
    this.carried = input.carried;
    const { enterprise } = input;
    this.tasks = new TaskBook({ caseId: this.caseId, caseType: keyEnterpriseCaseType, regionCode: enterprise.regionCode });
    this.tasks.install();
    if (this.carried) this.tasks.restore(this.carried.tasks);
    this.account = this.carried?.account ?? this.newAccount(enterprise);
    this.headcounts = this.carried?.headcounts ?? [];
    this.hiresSeen = this.carried?.hiresSeen ?? [];
    this.opened = this.carried?.opened ?? { jobKeeping: 0, subsidy: {}, triggers: [] };
    this.announce = caseAnnouncer({
      caseId: this.caseId,
      caseType: keyEnterpriseCaseType,
      regionCode: enterprise.regionCode,
      industryCode: enterprise.industryCode,
    });
    this.installHandlers();
  }

  /** Looks up the profile (once per listing), records the listing, and starts what runs for the account's life. */
  async start(): Promise<PolicyProfile> {
    const { account: a } = this;
    const profile = this.carried?.profile ?? (await policyFor({ regionCode: a.regionCode }));
    this.profile = profile;
    if (!this.carried) {
      const reason = `列入重点企业名单，就业服务专员 ${a.specialistId}`;
      await recordCaseOpened({
        caseId: this.caseId,
        type: keyEnterpriseCaseType,
        regionCode: a.regionCode,
        industryCode: a.industryCode,
        title: `重点企业用工服务：${a.name}`,
        at: a.listedAt,
        reason,
        detail: { creditCode: a.creditCode, specialistId: a.specialistId, listedBy: this.input.listedBy },
      });
      await this.announce('opened', 'listed', reason, a.listedAt);
    }
    this.writer = keepLineWritten(
      () => this.account,
      (copy, revision, at) => recordKeyEnterpriseAccount({ account: copy, revision, at }),
      this.carried?.revision ?? 0,
    );
    void this.keepInContact(profile);
    for (const demand of a.demands) if (demand.status === 'open') void this.followDemand(demand, profile);
    void this.work(profile);
    return profile;
  }

  /** Waits for the removal from the list, or for Temporal to suggest continue-as-new once nothing is half-done. */
  async finish(): Promise<KeyEnterpriseAccount> {
    const quiet = () => this.inFlight === 0 && this.inbox.length === 0 && this.tasks.idle() && !this.writer?.writing() && allHandlersFinished();
    await condition(() => this.removal !== undefined || (workflowInfo().continueAsNewSuggested && quiet()));
    if (this.removal) return this.close(this.removal);
    // A copy taken now: steps resuming in this same activation must not leak half-done into it.
    const carried = JSON.parse(
      JSON.stringify({
        account: this.account,
        tasks: this.tasks.carry(),
        profile: this.profile,
        revision: this.writer?.revision() ?? 0,
        headcounts: this.headcounts,
        hiresSeen: this.hiresSeen,
        opened: this.opened,
      }),
    ) as CarriedAccount;
    return continueAsNew<(input: KeyEnterpriseInput) => Promise<KeyEnterpriseAccount>>({ ...this.input, carried });
  }

  private newAccount(enterprise: KeyEnterprise): KeyEnterpriseAccount {
    return {
      ...enterprise,
      caseId: this.caseId,
      status: 'listed',
      listedAt: workflowNow(),
      removedAt: null,
      removalReason: null,
      contacts: 0,
      lastContactAt: null,
      nextContactDue: null,
      headcount: null,
      shortage: null,
      vacancyStructure: [],
      hires: 0,
      hiresOutsideDemands: 0,
      layoffFilings: [],
      demands: [],
    };
  }

  private installHandlers(): void {
    const { account: a } = this;
    setHandler(keyEnterpriseAccountQuery, () => a);
    setHandler(hiringDemandSignal, (d) => {
      this.inbox.push({ kind: 'demand', demand: newDemand(d.demandId, 'platform', d.occurredAt, d.positions, d.neededBy) });
    });
    setHandler(enterpriseHireSignal, (hire) => void this.inbox.push({ kind: 'hire', hire }));
    setHandler(insuredHeadcountSignal, (report) => void this.inbox.push({ kind: 'headcount', report }));
    setHandler(keyEnterpriseStatusSignal, (report) => void this.inbox.push({ kind: 'status', report }));
    setHandler(layoffFiledSignal, (filing) => void this.inbox.push({ kind: 'layoff', filing }));
    setHandler(updateListingUpdate, (request) => this.updateListing(request), { validator: (request: UpdateListingRequest) => this.validateListing(request) });
    setHandler(
      removeFromListUpdate,
      (request) => {
        this.removal = request;
        return a;
      },
      {
        validator: (request: RemoveFromListRequest) => {
          this.allow(request.actor, listKeepers, '只有主管或领导可以将企业移出重点企业名单');
          if (!request.reason?.trim()) throw businessFailure('InvalidRequest', '请填写移出原因');
          checkRequest(EnterpriseRemovalBody, { reason: request.reason });
        },
      },
    );
    setHandler(
      recordDemandUpdate,
      (request) => {
        const demandId = request.demandId ?? `L-${uuid4().slice(0, 8)}`;
        this.inbox.push({ kind: 'demand', demand: newDemand(demandId, 'liaison', workflowNow(), request.positions, request.neededBy) });
        return { demandId };
      },
      { validator: (request: RecordDemandRequest) => this.validateDemand(request) },
    );
    setHandler(
      requestSubsidyHelpUpdate,
      async (request) => {
        await condition(() => this.profile !== undefined);
        return this.settle(() => this.helpWithSubsidy(request.subsidy, request.note ?? '', workflowNow(), this.profile as PolicyProfile));
      },
      {
        validator: (request: SubsidyHelpRequest) => {
          this.allow(request.actor, accountWorkers, '只有就业服务专员或主管可以登记补贴申报协助');
          checkRequest(SubsidyHelpBody, { subsidy: request.subsidy, note: request.note });
        },
      },
    );
  }

  /** The account is in the actor's jurisdiction, their role may do this, and the account is still on the list. */
  private allow(actor: Actor, roles: readonly Role[], message: string): void {
    if (!canSeeRegion(actor, this.account.regionCode)) throw businessFailure('CaseForbidden', '该企业不在您的辖区内');
    if (!roles.includes(actor.role)) throw businessFailure('CaseForbidden', message);
    if (this.removal) throw businessFailure('EnterpriseConflict', '企业正在移出重点企业名单', 'enterprise_removed');
  }

  private validateListing({ actor, enterprise }: UpdateListingRequest): void {
    this.allow(actor, listKeepers, '只有主管或领导可以维护重点企业名单');
    checkRequest(EnterpriseListingBody, enterprise);
    if (enterprise.creditCode !== this.account.creditCode) throw businessFailure('InvalidRequest', '统一社会信用代码与账户不一致');
    if (enterprise.regionCode !== this.account.regionCode) {
      // The account's tasks and jurisdiction are its county's: a move is a removal there and a listing in the new place.
      throw businessFailure(
        'EnterpriseConflict',
        `企业属地由 ${this.account.regionCode} 变更为 ${enterprise.regionCode}：请先由原属地移出名单，再由新属地列入`,
        'region_changed',
      );
    }
  }

  private validateDemand(request: RecordDemandRequest): void {
    this.allow(request.actor, accountWorkers, '只有就业服务专员或主管可以登记用工需求');
    if (request.positions.length === 0) throw businessFailure('InvalidRequest', '请至少填写一个岗位');
    checkRequest(RecordDemandBody, { demandId: request.demandId, positions: request.positions, neededBy: request.neededBy });
    const id = request.demandId;
    if (id !== undefined && (this.account.demands.some((d) => d.demandId === id) || this.inbox.some((e) => e.kind === 'demand' && e.demand.demandId === id))) {
      throw businessFailure('EnterpriseConflict', `用工需求 ${id} 已登记`, 'demand_exists');
    }
  }

  /** New details from the list; a new liaison officer takes over the account's open tasks. */
  private async updateListing({ actor, enterprise }: UpdateListingRequest) {
    const { account: a } = this;
    const changed = (['name', 'industryCode', 'specialistId'] as const).filter((field) => a[field] !== enterprise[field]);
    if (changed.length === 0) return { effect: 'unchanged' as const, changed: [] };
    const previous = a.specialistId;
    a.name = enterprise.name;
    a.industryCode = enterprise.industryCode;
    a.specialistId = enterprise.specialistId;
    await this.settle(async () => {
      if (previous !== a.specialistId) {
        for (const task of this.tasks.active()) {
          if (task.candidateRole === 'liaison' && (task.assignee === previous || task.assignee === null)) {
            await this.tasks.assign(task.id, a.specialistId, `就业服务专员由 ${previous} 变更为 ${a.specialistId}`);
          }
        }
      }
      const at = workflowNow();
      await recordCaseNote({
        caseId: this.caseId,
        noteId: `listing:${uuid4()}`,
        kind: 'listing.updated',
        at,
        detail: { changed, by: actor.userId, name: a.name, industryCode: a.industryCode, specialistId: a.specialistId },
      });
    });
    return { effect: 'updated' as const, changed };
  }

  /** Regular contact: the first at once, each next one the profile's interval after the last was recorded. */
  private async keepInContact(profile: PolicyProfile): Promise<void> {
    const { account: a } = this;
    for (;;) {
      if (this.removal) return;
      const n = a.contacts + 1;
      const key = `contact#${n}`;
      let task = this.tasks.find(key);
      if (!task) {
        if (a.lastContactAt !== null) {
          const opensAt = contactOpensAt(a.lastContactAt, profile.enterpriseContactIntervalDays.value);
          a.nextContactDue = toShanghaiDate(opensAt);
          if (await this.until(opensAt, () => this.removal !== undefined)) return;
        }
        task = await this.settle(() => this.openContact(key, n, profile));
        if (!task) return;
      }
      a.nextContactDue = task.dueDate;
      const done = await this.tasks.outcome(task.id);
      if (!done) return;
      await this.settle(() => this.recordSurvey(n, done, profile));
    }
  }

  private async openContact(key: string, n: number, profile: PolicyProfile): Promise<TaskView | undefined> {
    if (this.removal) return undefined;
    // Social insurance's figure for last month, asked of its registry as the contact opens; if it
    // has none or does not answer, the latest month it reported on Kafka. Beside the survey, for the
    // liaison to confirm or correct.
    const period = previousPeriod(toShanghaiDate(workflowNow()).slice(0, 7));
    const latest = (await checkHeadcount({ caseId: this.caseId, creditCode: this.account.creditCode, period })) ?? this.headcounts.at(-1);
    if (this.removal) return undefined;
    const prefill: ContactPrefill = latest ? { registryHeadcount: latest.count, registryPeriod: latest.period } : {};
    return this.tasks.open({
      key,
      type: 'enterprise-contact',
      title: `定期联系重点企业（第 ${n} 次）：用工状况调查：${this.account.name}`,
      candidateRole: 'liaison',
      assignee: this.account.specialistId,
      from: workflowNow(),
      workingDays: profile.enterpriseContactWorkingDays.value,
      escalationChain: profile.escalationChain,
      ...(latest ? { data: { ...prefill } } : {}),
    });
  }

  /** The survey updates the ledger; vacancies the enterprise asks us to fill become a demand. */
  private async recordSurvey(n: number, done: TaskView, profile: PolicyProfile): Promise<void> {
    const { account: a } = this;
    const survey = done.result as ContactSurvey;
    const at = done.completedAt ?? workflowNow();
    a.contacts = n;
    a.lastContactAt = at;
    a.nextContactDue = toShanghaiDate(contactOpensAt(at, profile.enterpriseContactIntervalDays.value));
    a.headcount = { count: survey.insuredHeadcount, period: toShanghaiDate(at).slice(0, 7), source: 'survey' };
    a.shortage = survey.shortage;
    a.vacancyStructure = survey.vacancies;
    if (survey.recruitmentRequested) {
      this.inbox.push({ kind: 'demand', demand: newDemand(`V-${uuid4().slice(0, 8)}`, 'visit', at, survey.vacancies, survey.neededBy) });
    }
    for (const subsidy of survey.subsidyHelp) this.inbox.push({ kind: 'subsidy', subsidy, note: `第 ${n} 次走访时企业提出`, from: at });
    if (n === 1) {
      const reason = `首次走访完成：在岗参保 ${survey.insuredHeadcount} 人，用工缺口 ${survey.shortage} 人`;
      await recordCaseAdvanced({ caseId: this.caseId, at, status: 'in-progress', reason, detail: { taskId: done.id, by: done.assignee } });
      await this.announce('advanced', 'listed', reason, at);
    }
  }

  /** One inbox entry at a time, in the order it arrived. */
  private async work(profile: PolicyProfile): Promise<void> {
    for (;;) {
      await condition(() => this.inbox.length > 0 || this.removal !== undefined);
      if (this.removal) return;
      const next = this.inbox.shift() as Inbox;
      await this.settle(() => this.take(next, profile));
    }
  }

  private async take(entry: Inbox, profile: PolicyProfile): Promise<void> {
    switch (entry.kind) {
      case 'demand':
        return this.receiveDemand(entry.demand, profile);
      case 'hire':
        return this.countHire(entry.hire);
      case 'headcount':
        return this.watchHeadcount(entry.report, profile);
      case 'status':
        return this.watchStatus(entry.report, profile);
      case 'layoff':
        return this.linkLayoff(entry.filing);
      case 'subsidy':
        await this.helpWithSubsidy(entry.subsidy, entry.note, entry.from, profile);
    }
  }

  private async receiveDemand(demand: DemandLine, profile: PolicyProfile): Promise<void> {
    // The platform may resend a demand: one line in the ledger per demand ID.
    if (this.account.demands.some((d) => d.demandId === demand.demandId)) return;
    this.account.demands.push(demand);
    await recordCaseNote({
      caseId: this.caseId,
      noteId: `demand:${demand.demandId}`,
      kind: 'demand.received',
      at: workflowNow(),
      detail: {
        demandId: demand.demandId,
        source: demand.source,
        receivedAt: demand.receivedAt,
        vacancies: demand.vacancies,
        positions: demand.positions.length,
      },
      reason: `${keyEnterpriseLabels.source[demand.source]}用工需求 ${demand.demandId}：${demand.positions.length} 个岗位 ${demand.vacancies} 人`,
    });
    void this.followDemand(demand, profile);
  }

  /**
   * A demand from arrival to its end: the liaison's response within the profile's working days,
   * and the demand itself to fill within the profile's days, both counted from when the enterprise
   * posted it. The fill task lives in the enterprise's county office: missed, the escalation ladder
   * takes it to the county's supervisor, then to the city's (DOMAIN.md: the next level is the parent
   * jurisdiction). Hires filling the demand end both tasks; completing the fill task ends the demand.
   */
  private async followDemand(demand: DemandLine, profile: PolicyProfile): Promise<void> {
    const { account: a } = this;
    const keys = { response: `demand-response:${demand.demandId}`, fill: `demand-fill:${demand.demandId}` };
    let response = this.tasks.find(keys.response);
    let fill = this.tasks.find(keys.fill);
    if ((!response || !fill) && demand.status === 'open') {
      await this.settle(async () => {
        if (this.removal) return;
        response ??= await this.tasks.open({
          key: keys.response,
          type: 'enterprise-demand-response',
          title: `响应用工需求 ${demand.demandId}（${demand.vacancies} 人）：发布岗位、推送求职者：${a.name}`,
          candidateRole: 'liaison',
          assignee: a.specialistId,
          from: demand.receivedAt,
          workingDays: profile.hiringDemandResponseWorkingDays.value,
          escalationChain: profile.escalationChain,
          data: { demandId: demand.demandId, positions: demand.positions },
        });
        demand.responseTaskId = response.id;
        demand.responseDueDate = response.dueDate;
        const days = profile.hiringDemandEscalationDays.value;
        fill ??= await this.tasks.open({
          key: keys.fill,
          type: 'enterprise-demand-fill',
          title: `${days} 天内招满用工需求 ${demand.demandId}（${demand.vacancies} 人）：${a.name}`,
          candidateRole: 'liaison',
          assignee: a.specialistId,
          regionCode: demandOffice(a.regionCode),
          from: demand.receivedAt,
          // Calendar days, as the profile counts them: a recruitment cycle runs through weekends.
          hours: days * 24,
          escalationChain: profile.escalationChain,
          data: { demandId: demand.demandId, positions: demand.positions },
        });
        demand.fillTaskId = fill.id;
        demand.fillDueDate = fill.dueDate;
      });
    }
    if (response && demand.response === null) void this.awaitResponse(demand, response.id);
    if (fill) void this.awaitFill(demand, fill.id);
    await condition(() => demand.status !== 'open');
    // Filled, or closed with the account: what was still to be done for it is moot.
    for (const key of [keys.response, keys.fill]) {
      const task = this.tasks.find(key);
      if (active(task)) await this.settle(() => this.tasks.cancel(task.id, `用工需求 ${demand.demandId} ${demand.closedReason ?? '已结束'}`));
    }
  }

  private async awaitResponse(demand: DemandLine, taskId: string): Promise<void> {
    const done = await this.tasks.outcome(taskId);
    if (!done) return;
    demand.response = done.result as DemandResponse;
    demand.respondedAt = done.completedAt;
  }

  /** The liaison (or a supervisor it escalated to) says how the demand ended. */
  private async awaitFill(demand: DemandLine, taskId: string): Promise<void> {
    const done = await this.tasks.outcome(taskId);
    if (!done || demand.status !== 'open') return;
    const result = done.result as { outcome: FillOutcome; summary: string };
    const at = done.completedAt ?? workflowNow();
    const reason = `${keyEnterpriseLabels.fillOutcome[result.outcome]}：${result.summary}`;
    Object.assign(demand, { status: result.outcome === 'filled' ? 'filled' : 'closed', closedAt: at, closedReason: reason });
    await this.settle(() =>
      recordCaseNote({
        caseId: this.caseId,
        noteId: `demand-closed:${demand.demandId}`,
        kind: 'demand.closed',
        at,
        detail: { demandId: demand.demandId, outcome: result.outcome, by: done.assignee, filled: demand.filled, vacancies: demand.vacancies },
        reason: `用工需求 ${demand.demandId} ${reason}`,
      }),
    );
  }

  /** An enrolment at the enterprise: a hire, counted against the oldest open demand it can fill. */
  private async countHire(hire: EnterpriseHire): Promise<void> {
    const { account: a } = this;
    const key = `${hire.personKey}:${hire.effectiveDate}`;
    if (this.hiresSeen.includes(key)) return;
    this.hiresSeen.push(key);
    if (this.hiresSeen.length > HIRES_REMEMBERED) this.hiresSeen.shift();
    a.hires += 1;
    const at = workflowNow();
    const demand = demandForHire(a.demands, hire.effectiveDate);
    if (demand) {
      demand.filled += 1;
      if (demand.filled >= demand.vacancies) Object.assign(demand, { status: 'filled', closedAt: at, closedReason: '岗位已补足' });
    } else {
      a.hiresOutsideDemands += 1;
    }
    await recordCaseNote({
      caseId: this.caseId,
      noteId: `hire:${hire.sourceEventId}`,
      kind: 'enterprise.hire',
      at,
      detail: { effectiveDate: hire.effectiveDate, demandId: demand?.demandId ?? null, filled: demand?.filled ?? null, vacancies: demand?.vacancies ?? null },
    });
  }

  /** Social insurance's month: kept, shown, and against the month before judged for a drop. */
  private async watchHeadcount(report: InsuredHeadcountReported, profile: PolicyProfile): Promise<void> {
    const { account: a } = this;
    const months = this.headcounts.filter((h) => h.period !== report.period);
    months.push({ period: report.period, count: report.insuredHeadcount });
    months.sort((x, y) => x.period.localeCompare(y.period));
    this.headcounts.splice(0, this.headcounts.length, ...months.slice(-HEADCOUNT_MONTHS));
    if (a.headcount === null || (a.headcount.source === 'social-insurance' && report.period >= a.headcount.period) || report.period > a.headcount.period) {
      a.headcount = { count: report.insuredHeadcount, period: report.period, source: 'social-insurance' };
    }
    const previous = this.headcounts.find((h) => h.period === previousPeriod(report.period));
    if (!previous) return;
    const dropPct = headcountDropPct(previous.count, report.insuredHeadcount);
    if (dropPct < profile.enterpriseHeadcountDropPct.value) return;
    const trigger: JobKeepingTrigger = { kind: 'headcount-drop', period: report.period, previous: previous.count, current: report.insuredHeadcount, dropPct };
    await this.keepJobs(`drop:${report.period}`, trigger, report.occurredAt, profile);
  }

  /** Market regulation's word: a suspension or deregistration is a job-keeping alert; every status is noted. */
  private async watchStatus(report: EnterpriseStatusReported, profile: PolicyProfile): Promise<void> {
    const words = { active: '恢复正常经营', suspended: '停业', deregistered: '注销' } as const;
    await recordCaseNote({
      caseId: this.caseId,
      noteId: `status:${report.sourceEventId}`,
      kind: 'enterprise.status',
      at: workflowNow(),
      detail: { status: report.status, reportedAt: report.occurredAt, reason: `市场监管部门通报：企业${words[report.status]}` },
    });
    if (report.status === 'active') return;
    await this.keepJobs(`status:${report.status}`, { kind: 'status', status: report.status }, report.occurredAt, profile);
  }

  /**
   * Early intervention to keep jobs (Fujian 闽人社文〔2021〕156号 三(二)1): a task for the liaison,
   * due in the profile's working days from when the report occurred. While one is open, a further
   * alert is noted on the account instead of opening a second.
   */
  private async keepJobs(triggerKey: string, trigger: JobKeepingTrigger, from: string, profile: PolicyProfile): Promise<void> {
    if (this.opened.triggers.includes(triggerKey) || this.removal) return;
    this.opened.triggers.push(triggerKey);
    if (this.opened.triggers.length > TRIGGERS_REMEMBERED) this.opened.triggers.shift();
    const why =
      trigger.kind === 'headcount-drop'
        ? `参保人数 ${trigger.period} 月 ${trigger.current} 人，较上月 ${trigger.previous} 人下降 ${trigger.dropPct.toFixed(1)}%`
        : `市场监管部门通报企业${keyEnterpriseLabels.enterpriseStatus[trigger.status]}`;
    const current = this.opened.jobKeeping > 0 ? this.tasks.find(`job-keeping#${this.opened.jobKeeping}`) : undefined;
    let taskId = current?.id;
    if (!active(current)) {
      this.opened.jobKeeping += 1;
      const task = await this.tasks.open({
        key: `job-keeping#${this.opened.jobKeeping}`,
        type: 'enterprise-job-keeping',
        title: `稳岗服务：${why}：${this.account.name}`,
        candidateRole: 'liaison',
        assignee: this.account.specialistId,
        from,
        workingDays: profile.jobKeepingWorkingDays.value,
        escalationChain: profile.escalationChain,
        data: { trigger },
      });
      taskId = task.id;
    }
    await recordCaseNote({
      caseId: this.caseId,
      noteId: `job-keeping:${triggerKey}`,
      kind: 'job-keeping.alert',
      at: workflowNow(),
      detail: { trigger, taskId, newTask: !active(current) },
      reason: `稳岗预警：${why}`,
    });
  }

  /** A collective-layoff filing by the enterprise is its own case; the account links to it. */
  private async linkLayoff(filing: LayoffFiled): Promise<void> {
    const { account: a } = this;
    if (!a.layoffFilings.some((f) => f.filingId === filing.filingId)) {
      a.layoffFilings.push({ filingId: filing.filingId, caseId: filing.caseId, layoffCount: filing.layoffCount, plannedDate: filing.plannedDate });
    }
    await recordCaseNote({
      caseId: this.caseId,
      noteId: `layoff:${filing.filingId}`,
      kind: 'layoff.linked',
      at: workflowNow(),
      detail: {
        filingId: filing.filingId,
        caseId: filing.caseId,
        headcount: filing.headcount,
        layoffCount: filing.layoffCount,
        plannedDate: filing.plannedDate,
      },
      reason: `企业提交裁员备案 ${filing.filingId}（案件 ${filing.caseId}）：拟裁减 ${filing.layoffCount}/${filing.headcount} 人`,
    });
  }

  /**
   * Help with a subsidy application (Jilin 吉就组办〔2022〕1号 二(五): 主动协助企业办理政策补贴申报手续),
   * a task for the liaison with the profile's working days. One at a time per kind of subsidy: a
   * second request while one is open answers with that one.
   */
  private async helpWithSubsidy(subsidy: SubsidyKind, note: string, from: string, profile: PolicyProfile): Promise<TaskView> {
    const n = this.opened.subsidy[subsidy] ?? 0;
    const current = n > 0 ? this.tasks.find(`subsidy:${subsidy}#${n}`) : undefined;
    if (active(current)) return current;
    this.opened.subsidy[subsidy] = n + 1;
    return this.tasks.open({
      key: `subsidy:${subsidy}#${n + 1}`,
      type: 'enterprise-subsidy-help',
      title: `协助申报${keyEnterpriseLabels.subsidy[subsidy]}：${this.account.name}`,
      candidateRole: 'liaison',
      assignee: this.account.specialistId,
      from,
      workingDays: profile.subsidyHelpWorkingDays.value,
      escalationChain: profile.escalationChain,
      data: { subsidy, ...(note ? { note } : {}) },
    });
  }

  /** Off the list: what is left is cancelled, open demands closed, the removal recorded (audited) and announced. */
  private async close(removal: RemoveFromListRequest): Promise<KeyEnterpriseAccount> {
    await condition(() => this.inFlight === 0);
    const { account: a } = this;
    const at = workflowNow();
    const reason = `移出重点企业名单：${removal.reason}`;
    // Tasks first: once the list says removed, the inboxes already do.
    await this.tasks.cancelActive(reason);
    Object.assign(a, { status: 'removed', removedAt: at, removalReason: removal.reason, nextContactDue: null });
    for (const demand of a.demands) {
      if (demand.status === 'open') Object.assign(demand, { status: 'closed', closedAt: at, closedReason: '企业移出重点企业名单' });
    }
    await recordCaseClosed({ caseId: this.caseId, closedAt: at, reason, by: removal.actor.userId, actor: removal.actor, regionCode: a.regionCode });
    await this.announce('closed', 'removed', reason, at);
    await this.writer?.flushed();
    return a;
  }

  private async settle<T>(effect: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await effect();
    } finally {
      this.inFlight -= 1;
    }
  }

  /** True if `stop` became true before `instant`; false when the instant came. */
  private async until(instant: string, stop: () => boolean): Promise<boolean> {
    const ms = msUntil(instant);
    if (ms <= 0) return stop();
    return condition(stop, ms);
  }
}
