/**
 * The graduate "1311" case (Jilin 吉就组办〔2022〕1号 二(三)): what every layer says about it in the
 * same words. Its vocabulary (service items, ledger statuses, outcomes), the ledger line the
 * workflow keeps and the read model stores, the results its tasks are completed with, how each
 * reads in Chinese, and the pure rule that judges a service item on a given day.
 */
import { z } from 'zod';
import { DeliveredResult, FirstContactResult, JobRecommendationResult, TrainingOfferResult } from '../contracts/task-fields.js';
import { type Degree, type Intention, labelled, SafeText, type ServiceItemKind, type SkillLevel, TEXT_CAPS } from '../contracts/common.js';
import type { GraduateHandoverV1 } from '../contracts/inbound.js';

export const graduate1311CaseType = 'graduate-1311';

/** Every case of one person starts with this, whatever the year. */
export function graduate1311WorkflowIdPrefix(idHash: string): string {
  return `grad1311:${idHash}:`;
}

/** One case per person and graduation year; `idHash` is the keyed hash of the ID number, never the number. */
export function graduate1311WorkflowId(idHash: string, year: number): string {
  return `${graduate1311WorkflowIdPrefix(idHash)}${year}`;
}

/** The graduation year a case ID names (the ledger is kept by year), or undefined for another case's ID. */
export function graduate1311CaseYear(caseId: string): number | undefined {
  const year = /^grad1311:[^:]+:(\d{4})$/.exec(caseId)?.[1];
  return year === undefined ? undefined : Number(year);
}

export const LedgerStatus = z.enum(['awaiting-contact', 'in-service', 'closed']);
export type LedgerStatus = z.infer<typeof LedgerStatus>;

export const GraduateOutcome = z.enum(['employed', 'business', 'further-study', 'enlisted', 'no-wish', 'unreachable']);
export type GraduateOutcome = z.infer<typeof GraduateOutcome>;

/** The handover as validated at the edge, minus transport fields. Personal data: encrypted in payloads. */
export type GraduateHandover = Omit<GraduateHandoverV1, 'eventId'>;

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
  status: LedgerStatus;
  outcome: GraduateOutcome | null;
  intention: Intention | null;
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

/** The graduate's details the ledger needs: personal data, encrypted in payloads and sealed at rest. */
export interface GraduatePerson {
  name: string;
  idNumber: string;
  phone: string | null;
  school: string;
  major: string;
  degree: Degree;
  graduationDate: string;
}

/** The results the case's tasks are completed with; validated at the API and again in the workflow. */
export const graduate1311TaskResults = {
  /** Jilin 吉就组办〔2022〕1号 二(三): first contact with a graduate from the handover list. */
  'graduate-first-contact': FirstContactResult,
  'graduate-policy-briefing': DeliveredResult,
  'graduate-job-recommendation': JobRecommendationResult,
  'graduate-vocational-guidance': DeliveredResult,
  /** A supervisor's review of a graduate still not placed at the profile's target (6 months). */
  'graduate-target-review': z.strictObject({
    decision: labelled(z.enum(['continue-services', 'one-person-one-plan']), {
      'continue-services': '继续跟踪服务',
      'one-person-one-plan': '转入一人一策帮扶',
    }).meta({ title: '研判结论' }),
    note: SafeText(TEXT_CAPS.NOTE).min(1, { error: '请填写研判意见' }).meta({ title: '研判意见' }),
  }),
  'graduate-training-or-internship': TrainingOfferResult,
} as const;

/** Each service item's task type. */
export const serviceItemTaskType = {
  'policy-briefing': 'graduate-policy-briefing',
  'job-recommendation': 'graduate-job-recommendation',
  'vocational-guidance': 'graduate-vocational-guidance',
  'training-or-internship': 'graduate-training-or-internship',
} as const satisfies Record<ServiceItemKind, keyof typeof graduate1311TaskResults>;

/** How the case's values read in titles, reasons, the ledger and its export. */
export const graduate1311Labels = {
  serviceItem: {
    'policy-briefing': '政策宣介',
    'job-recommendation': '岗位推荐',
    'vocational-guidance': '职业指导',
    'training-or-internship': '技能培训或就业见习机会',
  },
  outcome: { employed: '已就业', business: '自主创业', 'further-study': '升学', enlisted: '应征入伍', 'no-wish': '暂无就业意愿', unreachable: '无法联系' },
  status: { 'awaiting-contact': '待首次联系', 'in-service': '服务中', closed: '已办结' },
  intention: { employment: '就业', 'further-study': '升学', business: '创业', none: '暂无意愿', undecided: '未确定' },
  skillLevel: { none: '无', junior: '初级', intermediate: '中级', senior: '高级' },
  degree: { associate: '专科', bachelor: '本科', master: '硕士研究生', doctor: '博士研究生' },
  response: { accepted: '接受', interviewing: '面试中', declined: '拒绝', 'no-response': '无回应' },
} as const satisfies {
  serviceItem: Record<ServiceItemKind, string>;
  outcome: Record<GraduateOutcome, string>;
  status: Record<LedgerStatus, string>;
  intention: Record<Intention, string>;
  skillLevel: Record<SkillLevel, string>;
  degree: Record<Degree, string>;
  response: Record<string, string>;
};

/**
 * Where a service item stands on `today` (an Asia/Shanghai date), the one definition behind the
 * summary counts, the ledger lines and the export:
 * - on-time / late: delivered by / after its deadline day;
 * - cancelled: not delivered and the case closed (the workflow cancels what is left when it closes);
 * - missing: not delivered, the case still open, and the deadline day is over (due before today);
 * - pending: not delivered, the case still open, and the deadline day not over (due today counts as pending).
 */
export const ItemState = z.enum(['on-time', 'late', 'missing', 'pending', 'cancelled']);
export type ItemState = z.infer<typeof ItemState>;

export function itemState(item: Pick<LedgerItem, 'status' | 'dueDate'>, caseStatus: LedgerStatus, today: string): ItemState {
  if (item.status !== 'pending') return item.status;
  if (caseStatus === 'closed') return 'cancelled';
  return item.dueDate < today ? 'missing' : 'pending';
}

/** The same standing in the words of the ledger. */
export function itemStanding(item: Pick<LedgerItem, 'status' | 'dueDate' | 'dueProvisional' | 'completedAt'>, caseStatus: LedgerStatus, today: string): string {
  const due = item.dueProvisional ? `${item.dueDate}，预计` : item.dueDate;
  switch (itemState(item, caseStatus, today)) {
    case 'on-time':
      return `按期完成（${(item.completedAt ?? '').slice(0, 10)}）`;
    case 'late':
      return `逾期完成（${(item.completedAt ?? '').slice(0, 10)}）`;
    case 'cancelled':
      return '案件办结，未再提供';
    case 'missing':
      return `未按期提供（应于 ${due} 前）`;
    case 'pending':
      return `办理中（${due} 前）`;
  }
}
