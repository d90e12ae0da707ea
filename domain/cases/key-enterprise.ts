/**
 * The key-enterprise account (重点企业用工保障): Shandong 鲁人社字〔2021〕138号 三(二)3 (a key-enterprise
 * list with service specialists), Jilin 吉就组办〔2022〕1号 二(五) (a demand ledger from regular
 * surveys, one-to-one guidance, help with subsidy applications), Fujian 闽人社文〔2021〕156号 三(二)1
 * (early intervention to keep jobs at an enterprise in difficulty); DOMAIN.md 3 and 3a. One account
 * per enterprise on the list, kept by its liaison officer (就业服务专员): what every layer says about
 * it in the same words, and the pure rules the account runs on.
 */
import { z } from 'zod';
import { addHours, toShanghaiDate } from '../calendar/dates.js';
import { choiceList, Count, type Degree, IsoDate, labelled, type SkillLevel } from '../contracts/common.js';
import { DemandPosition, MAX_DEMAND_POSITIONS } from '../contracts/inbound.js';
import { ContactChannel, Summary } from '../contracts/task-fields.js';
import { jurisdictionLadder } from '../jurisdiction.js';

export const keyEnterpriseCaseType = 'key-enterprise';

/** One account per enterprise for as long as it is on the list; listed again, the same ID runs anew. */
export function keyEnterpriseWorkflowId(creditCode: string): string {
  return `key-enterprise:${creditCode}`;
}

/** The enterprise as the bureau lists it. `specialistId` is its liaison officer's user ID. */
export interface KeyEnterprise {
  creditCode: string;
  name: string;
  regionCode: string;
  industryCode: string;
  specialistId: string;
}

/**
 * Where a demand came from: the public recruitment platform (ent.hiring.demand.v1), a regular
 * contact's survey (the enterprise asked for recruitment on the visit), or the liaison recording
 * one the enterprise phoned in.
 */
export const DemandSource = z.enum(['platform', 'visit', 'liaison']);
export type DemandSource = z.infer<typeof DemandSource>;

export const DemandStatus = z.enum(['open', 'filled', 'closed']);
export type DemandStatus = z.infer<typeof DemandStatus>;

export const SubsidyKind = labelled(z.enum(['job-retention-refund', 'social-insurance-subsidy', 'hiring-subsidy', 'training-subsidy', 'internship-subsidy']), {
  'job-retention-refund': '失业保险稳岗返还',
  'social-insurance-subsidy': '社会保险补贴',
  'hiring-subsidy': '一次性吸纳就业补贴',
  'training-subsidy': '职业培训补贴',
  'internship-subsidy': '就业见习补贴',
});
export type SubsidyKind = z.infer<typeof SubsidyKind>;

export const JobKeepingMeasure = labelled(
  z.enum(['job-retention-refund', 'contribution-deferral', 'training', 'shared-employment', 'labour-relations-guidance', 'policy-consultation']),
  {
    'job-retention-refund': '失业保险稳岗返还',
    'contribution-deferral': '缓缴社会保险费',
    training: '职工在岗培训',
    'shared-employment': '共享用工',
    'labour-relations-guidance': '劳动关系指导',
    'policy-consultation': '政策咨询',
  },
);

/** What was done to fill a demand beyond the liaison's own response: the county's and the city's help. */
export const FillMeasure = labelled(z.enum(['cross-region-recruitment', 'special-job-fair', 'training-on-demand', 'wage-guidance', 'labour-cooperation']), {
  'cross-region-recruitment': '跨区域招聘',
  'special-job-fair': '专场招聘会',
  'training-on-demand': '订单式培训',
  'wage-guidance': '薪酬指导',
  'labour-cooperation': '劳务协作',
});

export const FillOutcome = labelled(z.enum(['filled', 'withdrawn', 'unfillable']), { filled: '已招满', withdrawn: '企业撤回需求', unfillable: '无法招满' });
export type FillOutcome = z.infer<typeof FillOutcome>;

/** Why a job-keeping (稳岗) task opened. */
export type JobKeepingTrigger =
  { kind: 'headcount-drop'; period: string; previous: number; current: number; dropPct: number } | { kind: 'status'; status: 'suspended' | 'deregistered' };

/** The results the account's tasks complete with; validated at the API and again in the workflow. */
export const keyEnterpriseTaskResults = {
  /** The regular contact's survey (用工状况摸底调查): headcount, shortage, vacancy structure. */
  'enterprise-contact': z
    .strictObject({
      channel: ContactChannel,
      insuredHeadcount: Count.meta({ title: '在岗参保职工人数' }),
      shortage: Count.meta({ title: '用工缺口（人）' }),
      vacancies: z.array(DemandPosition).max(MAX_DEMAND_POSITIONS).default([]).meta({ title: '缺工岗位结构' }),
      recruitmentRequested: z.boolean().default(false).meta({ title: '企业委托招聘', description: '缺工岗位作为用工需求登记，2 个工作日内响应' }),
      neededBy: IsoDate.optional().meta({ title: '需求到岗日期' }),
      subsidyHelp: choiceList(SubsidyKind).default([]).meta({ title: '需协助申报的补贴' }),
      summary: Summary,
    })
    .refine((r) => !r.recruitmentRequested || r.vacancies.length > 0, { error: '委托招聘须填写缺工岗位', path: ['vacancies'] }),
  /** The 2-working-day response to a hiring demand. */
  'enterprise-demand-response': z.strictObject({
    vacanciesPublished: z.boolean().meta({ title: '岗位已在公共招聘平台发布' }),
    seekersPushed: Count.meta({ title: '已推送的匹配求职者人数' }),
    specialRecruitment: labelled(z.enum(['not-needed', 'needed', 'held']), { 'not-needed': '无需', needed: '需要（已安排）', held: '已举办' }).meta({
      title: '专场招聘',
    }),
    summary: Summary,
  }),
  /**
   * The demand seen through to its end: due the profile's days after it arrived; missed, it climbs
   * the escalation ladder (the county's supervisor, then the city's), whose help it records.
   */
  'enterprise-demand-fill': z.strictObject({
    outcome: FillOutcome.meta({ title: '办结情况' }),
    measures: choiceList(FillMeasure).default([]).meta({ title: '补充招聘措施' }),
    summary: Summary,
  }),
  'enterprise-job-keeping': z.strictObject({
    situation: labelled(z.enum(['stable', 'difficulty', 'layoff-planned']), {
      stable: '经营正常',
      difficulty: '生产经营困难',
      'layoff-planned': '拟裁员',
    }).meta({
      title: '经营状况',
    }),
    measures: choiceList(JobKeepingMeasure).min(1, { error: '至少选择一项稳岗措施' }).meta({ title: '稳岗措施' }),
    summary: Summary,
  }),
  'enterprise-subsidy-help': z.strictObject({
    outcome: labelled(z.enum(['submitted', 'granted', 'not-eligible', 'declined']), {
      submitted: '已提交申报',
      granted: '已享受',
      'not-eligible': '不符合条件',
      declined: '企业放弃',
    }).meta({ title: '申报结果' }),
    amount: Count.optional().meta({ title: '补贴金额（元）', description: '已享受时填写' }),
    summary: Summary,
  }),
} as const;

export type ContactSurvey = z.infer<(typeof keyEnterpriseTaskResults)['enterprise-contact']>;
export type DemandResponse = z.infer<(typeof keyEnterpriseTaskResults)['enterprise-demand-response']>;

/** One hiring demand in the account's ledger (企业需求台账). */
export interface DemandLine {
  demandId: string;
  source: DemandSource;
  /** When the enterprise posted it (the platform's occurredAt) or it was recorded: the response counts from here. */
  receivedAt: string;
  neededBy: string | null;
  positions: DemandPosition[];
  /** Every position's count together. */
  vacancies: number;
  /** Hires counted against it (social-insurance enrolments at the enterprise, oldest open demand first). */
  filled: number;
  status: DemandStatus;
  responseTaskId: string | null;
  responseDueDate: string | null;
  respondedAt: string | null;
  response: DemandResponse | null;
  /** The task that follows the demand until it is filled: where it escalated is that task's. */
  fillTaskId: string | null;
  fillDueDate: string | null;
  closedAt: string | null;
  closedReason: string | null;
}

/** The account as its liaison and the bureau see it. No personal data: hires are counts. */
export interface KeyEnterpriseAccount extends KeyEnterprise {
  caseId: string;
  status: 'listed' | 'removed';
  listedAt: string;
  removedAt: string | null;
  removalReason: string | null;
  contacts: number;
  lastContactAt: string | null;
  /** The open contact task's due date, or the day the next contact task opens. */
  nextContactDue: string | null;
  /** The latest headcount known: a survey's, or social insurance's monthly report. */
  headcount: { count: number; period: string; source: 'survey' | 'social-insurance' } | null;
  /** The enterprise's shortage (用工缺口) and vacancy structure at the last survey. */
  shortage: number | null;
  vacancyStructure: DemandPosition[];
  hires: number;
  /** Hires with no open demand to count against. */
  hiresOutsideDemands: number;
  /** Collective-layoff filings by the enterprise, each a case of its own. */
  layoffFilings: { filingId: string; caseId: string; layoffCount: number; plannedDate: string }[];
  demands: DemandLine[];
}

/**
 * What the liaison is shown beside a regular-contact task: the enterprise's insured headcount as
 * social insurance last reported it, for the survey to confirm or correct.
 */
export interface ContactPrefill {
  registryHeadcount?: number;
  registryPeriod?: string;
}

/** When the next regular contact's task opens: `intervalDays` calendar days after the last contact. */
export function contactOpensAt(lastContact: string, intervalDays: number): string {
  return addHours(lastContact, intervalDays * 24);
}

/**
 * The office a demand is followed from: the enterprise's county bureau, whose supervisor hears first
 * when it stays unfilled, and whose parent (the city) next: up the escalation ladder from there. An
 * enterprise registered at a street is the county's; one with no county above it (a street of 东莞)
 * is its city's. As a 6-digit division code.
 */
export function demandOffice(regionCode: string): string {
  const ladder = jurisdictionLadder(regionCode);
  const office = ladder.find((prefix) => prefix.length <= 6) ?? ladder.at(-1) ?? regionCode;
  return office.padEnd(6, '0');
}

/** The month before a 'YYYY-MM' period. */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Month-on-month drop in percent (negative for a rise); 0 from an empty month. */
export function headcountDropPct(previous: number, current: number): number {
  return previous > 0 ? ((previous - current) / previous) * 100 : 0;
}

/**
 * The demand a hire effective on `effectiveDate` counts against: the oldest open demand received
 * by that day that still has an unfilled vacancy, or none. A person enrolled before the demand was
 * posted was not hired for it.
 */
export function demandForHire(demands: readonly DemandLine[], effectiveDate: string): DemandLine | undefined {
  return demands
    .filter((d) => d.status === 'open' && d.filled < d.vacancies && toShanghaiDate(d.receivedAt) <= effectiveDate)
    .sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt))[0];
}

/** Open and filled vacancies over the open demands, as the liaison's list shows them. */
export function vacancyCounts(demands: readonly DemandLine[]): { openDemands: number; vacanciesOpen: number; vacanciesFilled: number } {
  const open = demands.filter((d) => d.status === 'open');
  return {
    openDemands: open.length,
    vacanciesOpen: open.reduce((n, d) => n + d.vacancies - d.filled, 0),
    vacanciesFilled: demands.reduce((n, d) => n + d.filled, 0),
  };
}

/** How the account's values read in titles, reasons, the ledger and its export. */
export const keyEnterpriseLabels = {
  source: { platform: '招聘平台', visit: '走访登记', liaison: '专员登记' },
  status: { open: '招聘中', filled: '已补足', closed: '已关闭' },
  fillOutcome: { filled: '已招满', withdrawn: '企业撤回需求', unfillable: '无法招满' },
  specialRecruitment: { 'not-needed': '无需', needed: '需要（已安排）', held: '已举办' },
  subsidy: {
    'job-retention-refund': '失业保险稳岗返还',
    'social-insurance-subsidy': '社会保险补贴',
    'hiring-subsidy': '一次性吸纳就业补贴',
    'training-subsidy': '职业培训补贴',
    'internship-subsidy': '就业见习补贴',
  },
  enterpriseStatus: { suspended: '停业', deregistered: '注销' },
  skillLevel: { none: '无要求', junior: '初级', intermediate: '中级', senior: '高级' },
  degree: { associate: '专科', bachelor: '本科', master: '硕士研究生', doctor: '博士研究生' },
} as const satisfies {
  source: Record<DemandSource, string>;
  status: Record<DemandStatus, string>;
  fillOutcome: Record<FillOutcome, string>;
  specialRecruitment: Record<DemandResponse['specialRecruitment'], string>;
  subsidy: Record<SubsidyKind, string>;
  enterpriseStatus: Record<'suspended' | 'deregistered', string>;
  skillLevel: Record<SkillLevel, string>;
  degree: Record<Degree, string>;
};
