/**
 * A graduate who left school without a job, from the education department's handover to an
 * outcome: the "1311" service of Jilin 吉就组办〔2022〕1号 二(三): 1 policy briefing, 3 job
 * recommendations, 1 vocational guidance session, 1 training or internship opportunity, each a
 * caseworker task with its own working-day deadline, after a first contact due within the
 * profile's working days of the handover. One case per person and graduation year: later
 * handovers of the same person are signals to this case, never a second one.
 *
 * Closes as employed when social insurance reports an enrolment, or with the outcome a caseworker
 * records (business, further study, enlisted, employed); as no wish to work after the profile's
 * number of refusals; as unreachable after the profile's number of failed contact attempts.
 *
 * A case can run for months and gather handovers, task actions and escalations: when Temporal
 * suggests it, the case continues as new with everything it knows (ledger line, tasks with their
 * SLA clocks, profile), and picks up each step where it stood, finding its tasks again by key.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { canSeeRegion } from '../domain/access.js';
import type { GraduateHandoverV1 } from '../domain/contracts/inbound.js';
import type { Actor, TaskResult, TaskType } from '../domain/contracts/tasks.js';
import { maskName } from '../domain/identity.js';
import type { PolicyProfile } from '../domain/profiles/index.js';
import { addMonths, endOfShanghaiDay } from '../domain/calendar/dates.js';
import { caseAnnouncer, policyFor, recordCaseAdvanced, recordCaseClosed, recordCaseOpened, recordLedgerLine } from './case-activities.js';
import { msUntil, workflowNow } from './support.js';
import { TaskBook, type TaskState } from './tasks.js';


export const graduate1311CaseType = 'graduate-1311';

/** The handover as validated at the edge, minus transport fields. Personal data: encrypted in payloads. */
export type GraduateHandover = Omit<GraduateHandoverV1, 'eventId'>;

export interface Graduate1311Input {
  /** The latest handover of this person (later handovers update contact details). */
  handover: GraduateHandover;
  /** Keyed hash of the ID number (domain/identity hashIdNumber): the case's key, never the number. */
  idHash: string;
  sourceEventId: string;
  /** Set only when the case continued as new: what the earlier run knew. */
  carried?: CarriedCase;
}

/** Everything a case hands to its next run at continue-as-new. Plain JSON. */
export interface CarriedCase {
  line: LedgerLine;
  tasks: TaskState[];
  /** The profile the case started with: its rules do not change under a running case. */
  profile: PolicyProfile;
  /** When the service items' deadlines began to count (the graduate was reached and wants work). */
  serviceStart: string | null;
  /** Last revision written to the ledger read model. */
  ledgerRevision: number;
}

export type GraduateOutcome = 'employed' | 'business' | 'further-study' | 'enlisted' | 'no-wish' | 'unreachable';

export type ServiceItemKind = 'policy-briefing' | 'job-recommendation' | 'vocational-guidance' | 'training-or-internship';

export interface LedgerItem {
  kind: ServiceItemKind;
  /** 1..count within its kind (three job recommendations are 1, 2, 3). */
  seq: number;
  taskId: string;
  dueDate: string;
  /** The due date is 预计 (counted through a year without a holiday notice); absent on older lines. */
  dueProvisional?: boolean;
  status: 'pending' | 'on-time' | 'late' | 'cancelled';
  completedAt: string | null;
  /** What the graduate said, for job recommendations and training offers. */
  response: string | null;
  /** Job recommendations: the position recommended and its employer, as the caseworker recorded them. */
  position: string | null;
  employer: string | null;
}

/** One line of the bureau's 1311 ledger (台账). No ID number or phone: the case ID carries the hash. */
export interface LedgerLine {
  caseId: string;
  year: number;
  regionCode: string;
  status: 'awaiting-contact' | 'in-service' | 'closed';
  outcome: GraduateOutcome | null;
  intention: GraduateHandover['intention'] | null;
  skillLevel: string | null;
  handoverIds: string[];
  contactAttempts: number;
  refusals: number;
  items: LedgerItem[];
  employerCreditCode: string | null;
  closedReason: string | null;
  /** Still open at the profile's target (months after graduation): flagged to the supervisor. */
  flagged: boolean;
}

/** The graduate's details the ledger needs: personal data, encrypted in payloads and at rest. */
export interface GraduatePerson {
  name: string;
  idNumber: string;
  phone: string | null;
  school: string;
  major: string;
  degree: GraduateHandover['degree'];
  graduationDate: string;
}

export interface GraduateHandoverSignal {
  handover: GraduateHandover;
  sourceEventId: string;
}

export interface EnrollmentSignal {
  change: 'enrolled' | 'terminated';
  creditCode: string;
  effectiveDate: string;
  sourceEventId: string;
}

export interface RecordOutcomeRequest {
  actor: Actor;
  /** No wish to work may also be recorded directly, when the graduate says so outright. */
  outcome: Exclude<GraduateOutcome, 'unreachable'>;
  note: string;
  employerCreditCode?: string;
}

export const graduateHandoverSignal = defineSignal<[GraduateHandoverSignal]>('graduateHandover');
export const enrollmentChangedSignal = defineSignal<[EnrollmentSignal]>('enrollmentChanged');
/** An update, so the caseworker learns at once whether the outcome was accepted. */
export const recordGraduateOutcomeUpdate = defineUpdate<LedgerLine, [RecordOutcomeRequest]>('recordGraduateOutcome');
export const ledgerLineQuery = defineQuery<LedgerLine>('ledgerLine');

/** Every case of one person starts with this, whatever the year. */
export function graduate1311WorkflowIdPrefix(idHash: string): string {
  return `grad1311:${idHash}:`;
}

export function graduate1311WorkflowId(idHash: string, year: number): string {
  return `${graduate1311WorkflowIdPrefix(idHash)}${year}`;
}

const itemTaskType: Record<ServiceItemKind, TaskType> = {
  'policy-briefing': 'graduate-policy-briefing',
  'job-recommendation': 'graduate-job-recommendation',
  'vocational-guidance': 'graduate-vocational-guidance',
  'training-or-internship': 'graduate-training-or-internship',
};

const itemTitle: Record<ServiceItemKind, string> = {
  'policy-briefing': '政策宣介',
  'job-recommendation': '岗位推荐',
  'vocational-guidance': '职业指导',
  'training-or-internship': '技能培训或就业见习机会',
};

/** How outcomes read in reasons, the ledger and its export. */
export const graduateOutcomeText: Record<GraduateOutcome, string> = {
  employed: '已就业',
  business: '自主创业',
  'further-study': '升学',
  enlisted: '应征入伍',
  'no-wish': '暂无就业意愿',
  unreachable: '无法联系',
};

interface Closing {
  outcome: GraduateOutcome;
  reason: string;
  by: string;
  employerCreditCode?: string;
}

export async function graduate1311Workflow(input: Graduate1311Input): Promise<LedgerLine> {
  const caseId = workflowInfo().workflowId;
  const { carried } = input;
  let handover = input.handover;
  const regionCode = handover.householdRegionCode;
  const tasks = new TaskBook({ caseId, caseType: graduate1311CaseType, regionCode });
  tasks.install();
  if (carried) tasks.restore(carried.tasks);
  // A recounted provisional due date shows in the ledger as well as the inbox.
  tasks.onRescheduled((task) => {
    const item = line.items.find((i) => i.taskId === task.id);
    if (!item) return;
    item.dueDate = task.dueDate;
    item.dueProvisional = task.dueProvisional;
  });
  const line: LedgerLine = carried?.line ?? {
    caseId,
    year: handover.year,
    regionCode,
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
  let serviceStart = carried?.serviceStart ?? null;
  let closing: Closing | undefined;
  const close = (next: Closing) => {
    closing ??= next;
  };
  /** Side effects under way that must finish before the run may continue as new. */
  let inFlight = 0;
  const settle = async <T>(effect: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await effect();
    } finally {
      inFlight -= 1;
    }
  };

  setHandler(ledgerLineQuery, () => line);
  setHandler(graduateHandoverSignal, ({ handover: later }) => {
    // Duplicates across handovers are normal: the case notes the handover and keeps going.
    if (!line.handoverIds.includes(later.handoverId)) line.handoverIds.push(later.handoverId);
    // A newer list may carry a newer phone number; the caseworker's classification outranks a list's.
    if (later.phone) handover = { ...handover, phone: later.phone };
    if (later.intention && line.skillLevel === null) line.intention = later.intention;
  });
  setHandler(enrollmentChangedSignal, (event) => {
    if (event.change !== 'enrolled') return;
    close({
      outcome: 'employed',
      reason: `社保参保登记：${event.effectiveDate} 起在 ${event.creditCode} 参保`,
      by: 'social-insurance',
      employerCreditCode: event.creditCode,
    });
  });
  setHandler(
    recordGraduateOutcomeUpdate,
    (request) => {
      close({ outcome: request.outcome, reason: `${graduateOutcomeText[request.outcome]}：${request.note}`, by: request.actor.userId, employerCreditCode: request.employerCreditCode });
      return line;
    },
    {
      validator: (request: RecordOutcomeRequest) => {
        if (!canSeeRegion(request.actor, regionCode)) {
          throw ApplicationFailure.create({ message: '该案件不在您的辖区内', type: 'CaseForbidden', nonRetryable: true });
        }
        if (request.actor.role !== 'caseworker' && request.actor.role !== 'supervisor') {
          throw ApplicationFailure.create({ message: '只有就业服务人员或主管可以登记去向', type: 'CaseForbidden', nonRetryable: true });
        }
        if (line.status === 'closed' || closing) throw ApplicationFailure.create({ message: '案件已办结', type: 'CaseConflict', nonRetryable: true });
        if (!request.note?.trim()) throw ApplicationFailure.create({ message: '请填写去向说明', type: 'InvalidRequest', nonRetryable: true });
        if (request.outcome === 'employed' && !request.employerCreditCode) {
          throw ApplicationFailure.create({ message: '登记就业需填写用人单位统一社会信用代码', type: 'InvalidRequest', nonRetryable: true });
        }
      },
    },
  );

  const announce = caseAnnouncer({ caseId, caseType: graduate1311CaseType, regionCode });
  const profile = carried?.profile ?? (await policyFor({ regionCode }));
  if (!carried) {
    const openedAt = workflowNow();
    const title = `高校毕业生1311服务：${maskName(handover.name)}（${handover.school}，${handover.year}届）`;
    await recordCaseOpened({
      caseId,
      type: graduate1311CaseType,
      regionCode,
      title,
      at: openedAt,
      reason: `教育部门移交未就业毕业生名单 ${handover.handoverId}`,
      detail: { handoverId: handover.handoverId, sourceEventId: input.sourceEventId },
    });
    await announce('opened', 'awaiting-contact', `接收移交名单 ${handover.handoverId}`, openedAt);
  }

  // Serving may finish long before the case does: a served graduate stays followed until an
  // outcome (employment reported, or recorded by a caseworker) closes the case.
  void serve(profile);
  // Cases started before the flag existed replay without its timer.
  if (patched('graduate-target-flag')) void flagAtTarget(profile);
  // Cases started before the ledger read model replay without its writes.
  const ledger = patched('graduate-ledger-read-model') ? keepLedgerWritten() : undefined;

  const quiet = () => inFlight === 0 && tasks.idle() && !ledger?.writing() && allHandlersFinished();
  await condition(() => closing !== undefined || (workflowInfo().continueAsNewSuggested && quiet()));
  if (!closing) {
    // A copy taken now: steps resuming in this same activation must not leak half-done into it.
    const next: CarriedCase = JSON.parse(JSON.stringify({ line, tasks: tasks.carry(), profile, serviceStart, ledgerRevision: ledger?.revision() ?? 0 })) as CarriedCase;
    return continueAsNew<typeof graduate1311Workflow>({ handover, idHash: input.idHash, sourceEventId: input.sourceEventId, carried: next });
  }

  const final = closing;
  line.status = 'closed';
  line.outcome = final.outcome;
  line.closedReason = final.reason;
  line.employerCreditCode = final.employerCreditCode ?? null;
  await tasks.cancelActive(`案件办结：${graduateOutcomeText[final.outcome]}`);
  for (const item of line.items) if (item.status === 'pending') item.status = 'cancelled';
  const closedAt = workflowNow();
  await recordCaseClosed({ caseId, closedAt, reason: final.reason, by: final.by });
  await announce('closed', 'closed', final.reason, closedAt);
  await ledger?.flushed();
  return line;

  /** Contact first, then the four service items; returns once served or closing. Resumable. */
  async function serve(policy: PolicyProfile): Promise<void> {
    if (line.status === 'awaiting-contact') {
      if (!(await contactUntilReached(policy))) return;
      const at = workflowNow();
      serviceStart = at;
      line.status = 'in-service';
      const reason = `已联系，分类：意向 ${line.intention ?? '未知'}，技能 ${line.skillLevel ?? '未知'}`;
      await settle(async () => {
        await recordCaseAdvanced({ caseId, at, status: 'in-progress', reason, detail: { intention: line.intention, skillLevel: line.skillLevel } });
        await announce('advanced', 'in-service', reason, at);
      });
    }
    if (line.status !== 'in-service' || serviceStart === null) return;

    // Each item opens and runs on its own: an item whose deadline cannot be counted yet (a year
    // without calendar data) waits visibly without holding back the others.
    const from = serviceStart;
    const items = policy.service1311.items.flatMap((packageItem) =>
      Array.from({ length: packageItem.count.value }, (_, i) => ({ kind: packageItem.kind, seq: i + 1, count: packageItem.count.value, workingDays: packageItem.dueWorkingDays.value })),
    );
    await Promise.all(items.map((item) => serveItem(policy, item, from)));
  }

  /**
   * First-contact attempts until the graduate is reached and wants work (true), or the case is
   * closing (false). Attempt N is the task keyed first-contact#N: after continue-as-new the
   * attempt under way is found again, not opened twice.
   */
  async function contactUntilReached(policy: PolicyProfile): Promise<boolean> {
    for (;;) {
      const attempt = line.contactAttempts + 1;
      const previous = attempt > 1 ? tasks.find(`first-contact#${attempt - 1}`) : undefined;
      const contact =
        tasks.find(`first-contact#${attempt}`) ??
        (await tasks.open({
          key: `first-contact#${attempt}`,
          type: 'graduate-first-contact',
          title: `首次联系毕业生：${maskName(handover.name)}`,
          candidateRole: 'caseworker',
          // The first deadline runs from when the handover occurred, not from when it was read;
          // a further attempt from when the previous one was recorded.
          from: previous?.completedAt ?? handover.occurredAt,
          workingDays: policy.graduateFirstContactWorkingDays.value,
          escalationChain: policy.escalationChain,
        }));
      const done = await tasks.outcome(contact.id);
      if (!done || closing) return false;
      const result = done.result as TaskResult<'graduate-first-contact'>;
      line.contactAttempts = attempt;
      if (!result.reached) {
        if (line.contactAttempts >= policy.graduateContactAttempts.value) {
          close({ outcome: 'unreachable', reason: `${line.contactAttempts} 次联系均未联系上`, by: done.assignee ?? 'system' });
          return false;
        }
        continue;
      }
      line.intention = result.intention;
      line.skillLevel = result.skillLevel;
      if (result.wantsWork) return true;
      if (refuse(policy, done.assignee)) return false;
    }
  }

  async function serveItem(policy: PolicyProfile, spec: { kind: ServiceItemKind; seq: number; count: number; workingDays: number }, from: string): Promise<void> {
    if (closing) return;
    const key = `${spec.kind}#${spec.seq}`;
    const label = spec.count > 1 ? `${itemTitle[spec.kind]}（第 ${spec.seq} 次）` : itemTitle[spec.kind];
    const task =
      tasks.find(key) ??
      (await tasks.open({
        key,
        type: itemTaskType[spec.kind],
        title: `${label}：${maskName(handover.name)}`,
        candidateRole: 'caseworker',
        from,
        workingDays: spec.workingDays,
        escalationChain: policy.escalationChain,
      }));
    let item = line.items.find((i) => i.taskId === task.id);
    if (!item) {
      item = {
        kind: spec.kind,
        seq: spec.seq,
        taskId: task.id,
        dueDate: task.dueDate,
        dueProvisional: task.dueProvisional,
        status: 'pending',
        completedAt: null,
        response: null,
        position: null,
        employer: null,
      };
      line.items.push(item);
    }
    if (item.status !== 'pending') return;
    const done = await tasks.outcome(task.id);
    if (!done) return;
    item.completedAt = done.completedAt;
    item.status = done.completedAt !== null && Date.parse(done.completedAt) <= Date.parse(done.dueAt) ? 'on-time' : 'late';
    const result = done.result as { response?: string; position?: string; employer?: string };
    item.response = result.response ?? null;
    item.position = result.position ?? null;
    item.employer = result.employer ?? null;
    if (item.response === 'declined') refuse(policy, done.assignee);
  }

  /**
   * Jilin 吉就组办〔2022〕1号 二(三) aims at employment or job preparation within 6 months of
   * graduation: a case still open then goes to the supervisor as a review task.
   */
  async function flagAtTarget(policy: PolicyProfile): Promise<void> {
    const months = policy.graduateTargetMonths.value;
    const reason = `毕业 ${months} 个月仍未就业或升学，提请主管研判`;
    if (!line.flagged) {
      const target = endOfShanghaiDay(addMonths(handover.graduationDate, months));
      const ms = msUntil(target);
      if (ms > 0 && (await condition(() => closing !== undefined, ms))) return;
      if (closing) return;
      line.flagged = true;
      await settle(() => announce('escalated', line.status, reason, workflowNow()));
    }
    if (closing || tasks.find('target-review')) return;
    await tasks.open({
      key: 'target-review',
      type: 'graduate-target-review',
      title: `${reason}：${maskName(handover.name)}`,
      candidateRole: 'supervisor',
      from: workflowNow(),
      workingDays: policy.taskSlaWorkingDays.graduateTargetReview.value,
      // A supervisor's own task escalates past them.
      escalationChain: policy.escalationChain.filter((step) => step.role !== 'supervisor'),
    });
  }

  /** Counts a refusal; true when the profile's limit is reached and the case is closing. */
  function refuse(policy: PolicyProfile, by: string | null): boolean {
    line.refusals += 1;
    if (line.refusals < policy.graduateRefusalLimit.value) return false;
    close({ outcome: 'no-wish', reason: `已拒绝 ${line.refusals} 次服务`, by: by ?? 'system' });
    return true;
  }

  /**
   * Writes the ledger line to the read model whenever it (or the graduate's details) changed,
   * one write at a time, each with a higher revision so a late retry never overwrites a newer line.
   */
  function keepLedgerWritten() {
    let revision = carried?.ledgerRevision ?? 0;
    // A continued run writes once at start: cheap, and repairs a write the previous run lost.
    let written: string | null = null;
    let writing = false;
    const current = () => JSON.stringify({ line, person: personOf(handover) });
    void (async () => {
      for (;;) {
        await condition(() => current() !== written);
        const snapshot = current();
        const { line: copy, person } = JSON.parse(snapshot) as { line: LedgerLine; person: GraduatePerson };
        writing = true;
        revision += 1;
        await recordLedgerLine({ line: copy, person, revision, at: workflowNow() });
        written = snapshot;
        writing = false;
      }
    })();
    return {
      writing: () => writing,
      revision: () => revision,
      /** Resolves once the line as it is now has been written. */
      flushed: () => condition(() => !writing && current() === written),
    };
  }
}

function personOf(handover: GraduateHandover): GraduatePerson {
  const { name, idNumber, phone, school, major, degree, graduationDate } = handover;
  return { name, idNumber, phone: phone ?? null, school, major, degree, graduationDate };
}
