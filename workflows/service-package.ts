/**
 * Serving a person a package of employment services, the same way whichever case carries it (a
 * graduate's "1311", a laid-off worker's "131"): first-contact attempts until the person is reached
 * and wants work, then every item of the package as a caseworker task with its own deadline,
 * counted from when they were reached. Resumable: each task is found again by its key after
 * continue-as-new, so nothing is opened twice.
 */
import { patched } from '@temporalio/workflow';
import type { ServiceItemKind } from '../domain/contracts/common.js';
import type { TaskType } from '../domain/contracts/tasks.js';
import type { FirstContactResult } from '../domain/contracts/task-fields.js';
import type { LedgerItem } from '../domain/cases/graduate-1311.js';
import type { PolicyProfile } from '../domain/profiles/index.js';
import { workflowNow } from './support.js';
import type { TaskBook } from './tasks.js';
import type { z } from 'zod';

/** The part of a case's line the package keeps up to date. */
export interface PackageLine {
  status: 'awaiting-contact' | 'in-service' | 'closed';
  intention: string | null;
  skillLevel: string | null;
  contactAttempts: number;
  /** Times the person, reached, said they do not want work (a declined offer no longer counts). */
  refusals: number;
  items: LedgerItem[];
}

/** How the case names and times its package's tasks. */
export interface PackageRules {
  contactTaskType: TaskType;
  itemTaskType: Record<ServiceItemKind, TaskType>;
  /** Title of a first-contact task (masked names only). */
  contactTitle: string;
  itemTitle(kind: ServiceItemKind, seq: number, count: number): string;
  /** When the first contact's count starts: when the person was handed over. */
  handedOverAt: string;
  contactWorkingDays: number;
  contactAttempts: number;
  refusalLimit: number;
  items: PolicyProfile['service1311']['items'];
  escalationChain: PolicyProfile['escalationChain'];
}

/** What the package needs of its case. */
export interface PackageCase {
  line: PackageLine;
  tasks: TaskBook;
  /** When the items' deadlines began to count; carried over continue-as-new with the case. */
  progress: { serviceStart: string | null };
  closing(): boolean;
  /** The first outcome wins; later ones change nothing. */
  close(closing: { outcome: 'unreachable' | 'no-wish'; reason: string; by: string }): void;
  /** Records and announces that the person was reached and wants work. */
  advanced(at: string, reason: string): Promise<void>;
}

interface ItemSpec {
  kind: ServiceItemKind;
  seq: number;
  count: number;
  workingDays: number;
}

export class ServicePackage {
  constructor(
    private readonly kase: PackageCase,
    private readonly rules: PackageRules,
  ) {}

  /** Contact first, then every item; returns once served or closing. Resumable. */
  async serve(): Promise<void> {
    const { line, progress } = this.kase;
    if (line.status === 'awaiting-contact') {
      if (!(await this.contactUntilReached())) return;
      const at = workflowNow();
      progress.serviceStart = at;
      line.status = 'in-service';
      await this.kase.advanced(at, `已联系，分类：意向 ${line.intention ?? '未知'}，技能 ${line.skillLevel ?? '未知'}`);
    }
    if (line.status !== 'in-service' || progress.serviceStart === null) return;

    // Each item opens and runs on its own, so one item's deadline never holds back the others.
    const from = progress.serviceStart;
    const items = this.rules.items.flatMap((packageItem) =>
      Array.from({ length: packageItem.count.value }, (_, i): ItemSpec => ({
        kind: packageItem.kind,
        seq: i + 1,
        count: packageItem.count.value,
        workingDays: packageItem.dueWorkingDays.value,
      })),
    );
    await Promise.all(items.map((item) => this.serveItem(item, from)));
  }

  /**
   * First-contact attempts until the person is reached and wants work (true), or the case is
   * closing (false). Attempt N is the task keyed first-contact#N: after continue-as-new the
   * attempt under way is found again, not opened twice.
   */
  private async contactUntilReached(): Promise<boolean> {
    const { line, tasks } = this.kase;
    const { rules } = this;
    for (;;) {
      const attempt = line.contactAttempts + 1;
      const previous = attempt > 1 ? tasks.find(`first-contact#${attempt - 1}`) : undefined;
      const contact =
        tasks.find(`first-contact#${attempt}`) ??
        (await tasks.open({
          key: `first-contact#${attempt}`,
          type: rules.contactTaskType,
          title: rules.contactTitle,
          candidateRole: 'caseworker',
          // The first deadline runs from when the person was handed over, not from when the
          // message was read; a further attempt from when the previous one was recorded.
          from: previous?.completedAt ?? rules.handedOverAt,
          workingDays: rules.contactWorkingDays,
          escalationChain: rules.escalationChain,
        }));
      const done = await tasks.outcome(contact.id);
      if (!done || this.kase.closing()) return false;
      const result = done.result as z.infer<typeof FirstContactResult>;
      line.contactAttempts = attempt;
      if (!result.reached) {
        // A contact that reached someone who does not want work is a refusal, not a failed contact:
        // only the failed ones count toward unreachable. (At this stage every refusal is such a
        // contact.) Cases that counted every attempt replay doing so.
        const failed = patched('unreachable-counts-failed-contacts') ? line.contactAttempts - line.refusals : line.contactAttempts;
        if (failed >= rules.contactAttempts) {
          this.kase.close({ outcome: 'unreachable', reason: `${failed} 次联系均未联系上`, by: done.assignee ?? 'system' });
          return false;
        }
        continue;
      }
      line.intention = result.intention;
      line.skillLevel = result.skillLevel;
      if (result.wantsWork) return true;
      if (this.refuse(done.assignee)) return false;
    }
  }

  private async serveItem(spec: ItemSpec, from: string): Promise<void> {
    if (this.kase.closing()) return;
    const { line, tasks } = this.kase;
    const key = `${spec.kind}#${spec.seq}`;
    const task =
      tasks.find(key) ??
      (await tasks.open({
        key,
        type: this.rules.itemTaskType[spec.kind],
        title: this.rules.itemTitle(spec.kind, spec.seq, spec.count),
        candidateRole: 'caseworker',
        from,
        workingDays: spec.workingDays,
        escalationChain: this.rules.escalationChain,
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
    // Declining an offered job, training course or internship place is the person choosing among
    // offers, not refusing the service: the item was delivered when it was offered, and the answer
    // stays on the ledger item. Only a first contact saying they do not want work counts as a
    // refusal (contactUntilReached). Cases that counted a decline before this change replay counting it.
    if (item.response === 'declined' && !patched('declined-offer-not-refusal')) this.refuse(done.assignee);
  }

  /**
   * Counts a refusal of the service itself: a person reached at first contact who does not want
   * work. True when the profile's limit is reached and the case is closing as no wish to work.
   */
  private refuse(by: string | null): boolean {
    const { line } = this.kase;
    line.refusals += 1;
    if (line.refusals < this.rules.refusalLimit) return false;
    this.kase.close({ outcome: 'no-wish', reason: `已拒绝 ${line.refusals} 次服务`, by: by ?? 'system' });
    return true;
  }
}
