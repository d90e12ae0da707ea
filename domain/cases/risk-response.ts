/**
 * The unemployment-risk emergency response (失业风险防范应急响应预案, DOMAIN.md 4 and 4a): a case
 * the system opens when a region's level reaches IV, escalated in place as the level rises, worked
 * like an incident. Here: its key, how the declared level moves (up at once, down only after the
 * indicators stayed below for the profile's days and a leader signed off), which departments and
 * measures each level calls for, and the results of its tasks.
 */
import { z } from 'zod';
import { type Department, labelled, SafeLine, SafeText, TEXT_CAPS } from '../contracts/common.js';
import type { PolicyProfile } from '../profiles/index.js';
import { compareRiskLevel, type RiskLevel } from '../risk.js';
import { scopeKey, type RiskScope } from './risk-monitor.js';

export const riskResponseCaseType = 'risk-response';

/** The n-th response of a scope: a region can need a second response after the first closed. */
export function riskResponseWorkflowId(scope: RiskScope, seq: number): string {
  return `risk-response:${scopeKey(scope)}:${seq}`;
}

/** A directive's ID names its response case, so a department's report finds its way back. */
export function directiveId(caseId: string, seq: number): string {
  return `${caseId}/d${seq}`;
}

export function caseOfDirective(id: string): string | undefined {
  const m = /^(risk-response:[^/]+)\/d\d+$/.exec(id);
  return m?.[1];
}

const DAY_MS = 86_400_000;

/** Where a scope's declared level stands, as its monitor keeps it. */
export interface DeclaredLevel {
  level: RiskLevel | null;
  /** Since when the assessed level has been below the declared one; null while it is not. */
  belowSince: string | null;
  /** A step down put to the response's leader and not yet answered. */
  proposed: boolean;
}

export type LevelStep = { kind: 'raise'; to: RiskLevel } | { kind: 'propose'; to: RiskLevel | null } | { kind: 'none' };

const below = (a: RiskLevel | null, b: RiskLevel | null): boolean => b !== null && (a === null || compareRiskLevel(a, b) < 0);

/** One level down: I → II → III → IV → none. */
export function stepDown(level: RiskLevel): RiskLevel | null {
  return ({ I: 'II', II: 'III', III: 'IV', IV: null } as const)[level];
}

/**
 * What the monitor does with a new assessment at `now`: a higher level is declared at once; a lower
 * one is put to the leader as a one-level step down once the indicators have stayed below the
 * declared level for `deescalationDays`. Returns the step and the state after it.
 */
export function levelStep(state: DeclaredLevel, assessed: RiskLevel | null, now: string, deescalationDays: number): { step: LevelStep; state: DeclaredLevel } {
  if (below(state.level, assessed)) {
    return { step: { kind: 'raise', to: assessed as RiskLevel }, state: { level: assessed, belowSince: null, proposed: false } };
  }
  if (!below(assessed, state.level)) return { step: { kind: 'none' }, state: { ...state, belowSince: null } };
  const belowSince = state.belowSince ?? now;
  const settled = Date.parse(now) - Date.parse(belowSince) >= deescalationDays * DAY_MS;
  if (!settled || state.proposed || state.level === null) return { step: { kind: 'none' }, state: { ...state, belowSince } };
  return { step: { kind: 'propose', to: stepDown(state.level) }, state: { ...state, belowSince, proposed: true } };
}

/** The instant a settled step down becomes due, for the monitor's timer. */
export function stepDownDueAt(state: DeclaredLevel, deescalationDays: number): string | undefined {
  return state.belowSince && !state.proposed ? new Date(Date.parse(state.belowSince) + deescalationDays * DAY_MS).toISOString() : undefined;
}

/** The measures of the plan (DOMAIN.md 4), each a directive to the labour bureau. */
export const ResponseMeasure = z.enum([
  'special-job-fair',
  'policy-consultation',
  'labour-relations-guidance',
  'social-insurance-continuation',
  'deferred-contributions',
]);
export type ResponseMeasure = z.infer<typeof ResponseMeasure>;

export interface PlannedDirective {
  /** Unique within the response: a level reached again issues nothing twice. */
  key: string;
  department: Department;
  measure: ResponseMeasure | null;
  instruction: string;
}

export const responseLabels = {
  department: {
    publicity: '宣传部门',
    petitions: '信访部门',
    'development-reform': '发展改革部门',
    education: '教育部门',
    'public-security': '公安部门',
    'civil-affairs': '民政部门',
    finance: '财政部门',
    hrss: '人力资源社会保障部门',
    'veterans-affairs': '退役军人事务部门',
    'market-regulation': '市场监管部门',
    statistics: '统计部门',
  },
  departmentTask: {
    publicity: '做好正面宣传和舆论引导，及时回应社会关切',
    petitions: '做好信访接待和矛盾纠纷化解',
    'development-reform': '研判经济运行影响，统筹稳增长稳就业措施',
    education: '保障受影响家庭子女就学',
    'public-security': '维护社会稳定，防范化解群体性事件',
    'civil-affairs': '将符合条件的失业人员及家庭及时纳入社会救助',
    finance: '保障应急处置和就业补贴资金',
    hrss: '统筹组织失业人员再就业服务，汇总报送处置进展',
    'veterans-affairs': '做好受影响退役军人的就业帮扶',
    'market-regulation': '监测企业注销、停业和经营异常情况并通报',
    statistics: '加密失业相关数据监测，按周报送分析',
  },
  measure: {
    'special-job-fair': '组织专场招聘会，推送匹配岗位',
    'policy-consultation': '开展就业创业和失业保险政策咨询',
    'labour-relations-guidance': '开展劳动关系指导，督促企业依法裁员、足额支付经济补偿',
    'social-insurance-continuation': '做好被裁减人员社会保险关系转移接续',
    'deferred-contributions': '允许生产经营困难企业缓缴社会保险费',
  },
  directiveStatus: { issued: '已下达', acknowledged: '已确认', 'in-progress': '办理中', done: '已完成', declined: '已拒绝', withdrawn: '已撤回' },
} as const satisfies {
  department: Record<Department, string>;
  departmentTask: Record<Department, string>;
  measure: Record<ResponseMeasure, string>;
  directiveStatus: Record<string, string>;
};

const atLeast = (level: RiskLevel, from: RiskLevel) => compareRiskLevel(level, from) >= 0;

/**
 * The directives `level` calls for: the profile's departments for that level (each level adds to
 * the ones below), and the plan's measures, deferred contributions only from the profile's level.
 */
export function plannedDirectives(level: RiskLevel, profile: PolicyProfile): PlannedDirective[] {
  const departments: PlannedDirective[] = profile.responseDepartments[level].value.map((department) => ({
    key: `department:${department}`,
    department,
    measure: null,
    instruction: responseLabels.departmentTask[department],
  }));
  const measures = ResponseMeasure.options
    .filter((m) => m !== 'deferred-contributions' || atLeast(level, profile.deferredContributionsFromLevel.value))
    .map((measure): PlannedDirective => ({ key: `measure:${measure}`, department: 'hrss', measure, instruction: responseLabels.measure[measure] }));
  return [...departments, ...measures];
}

/** Whether `level` calls for the command group. */
export function needsCommandGroup(level: RiskLevel, profile: PolicyProfile): boolean {
  return atLeast(level, profile.commandGroupFromLevel.value);
}

const Note = SafeText(TEXT_CAPS.NOTE).min(1, { error: '请填写情况说明' }).meta({ title: '情况说明' });

/** The member departments and offices of a command group: more than any group has (DOMAIN.md 4 lists eleven departments). */
const MAX_COMMAND_GROUP_MEMBERS = 50;

export const riskResponseTaskResults = {
  /** The report to the level above within the level's clock hours. */
  'risk-report': z.strictObject({ reportedTo: SafeLine(TEXT_CAPS.TITLE).min(1, { error: '请填写报送单位' }).meta({ title: '报送单位' }), summary: Note }),
  /** The command group set up, from level III. */
  'risk-command-group': z.strictObject({
    members: z
      .array(SafeLine(TEXT_CAPS.NAME).min(1, { error: '请填写成员单位' }).meta({ title: '成员单位' }))
      .min(1, { error: '请填写指挥部成员' })
      .max(MAX_COMMAND_GROUP_MEMBERS)
      .meta({ title: '指挥部成员' }),
    note: Note,
  }),
  /** A department that did not acknowledge its directive in time: the leader's follow-up. */
  'risk-directive-unacknowledged': z.strictObject({
    action: labelled(z.enum(['urged', 'reissued']), { urged: '已督办', reissued: '重新下达' }).meta({ title: '处理方式' }),
    note: Note,
  }),
  /** A department that declined its directive: the leader decides. */
  'risk-directive-declined': z.strictObject({
    decision: labelled(z.enum(['accept', 'reissue']), { accept: '同意不予办理', reissue: '重新下达' }).meta({ title: '决定' }),
    note: Note,
  }),
  /** A step down (or the end of the response) put to the leader once the indicators settled. */
  'risk-deescalation-signoff': z.strictObject({
    approve: z.boolean().meta({ title: '同意降级或结束响应', description: '是否同意降级或结束响应' }),
    note: Note,
  }),
} as const;
