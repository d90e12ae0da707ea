/**
 * What the liaison officer's and the leaders' pages work out besides drawing: how far a due date
 * is in working days (the same calendar the deadlines count with), the demand form's failures as
 * Chinese sentences beside their fields (from the same zod schema the API checks, and from the
 * API's 400 answer), what a timeline entry of an account says, and how a directive stands.
 */
import type { z } from 'zod';
import { chinaCalendar } from '../../../../../domain/calendar/index.js';
import { toShanghaiDate } from '../../../../../domain/calendar/dates.js';
import { keyEnterpriseLabels } from '../../../../../domain/cases/key-enterprise.js';
import type { FieldIssue } from '../../../../../domain/contracts/common.js';
import type { ResponseDirectiveView } from '../../../../../domain/contracts/risk-response.js';
import { placeName } from '../../lib/dashboard.js';

/** A region with its code, once: '长春市（2201）', or the code alone where no name is bundled. */
export function placeWithCode(code: string): string {
  const name = placeName(code);
  return name === code ? code : `${name}（${code}）`;
}

export type DueKind = 'none' | 'overdue' | 'today' | 'soon' | 'later';

/** Within this many working days a due date is shown as near, in colour. */
const SOON_WORKING_DAYS = 2;

/** Where a due date stands today (a Shanghai day): the words and the kind, which picks its colour. */
export function dueState(dueDate: string | null, now: Date = new Date()): { kind: DueKind; text: string } {
  if (!dueDate) return { kind: 'none', text: '暂无' };
  const today = toShanghaiDate(now.toISOString());
  if (dueDate === today) return { kind: 'today', text: '今日到期' };
  const days = chinaCalendar.workingDaysBetween(today, dueDate);
  if (dueDate < today) return { kind: 'overdue', text: days === 0 ? '已逾期' : `已逾期 ${-days} 个工作日` };
  return { kind: days <= SOON_WORKING_DAYS ? 'soon' : 'later', text: days === 0 ? '下一个工作日到期' : `还剩 ${days} 个工作日` };
}

/** Soonest due first, those without a due date last; ties by name. */
export function bySoonestDue<T extends { nextContactDue: string | null; name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    if (a.nextContactDue !== b.nextContactDue) {
      if (a.nextContactDue === null) return 1;
      if (b.nextContactDue === null) return -1;
      return a.nextContactDue < b.nextContactDue ? -1 : 1;
    }
    return a.name.localeCompare(b.name, 'zh-CN');
  });
}

/** The demand form's fields as a person reads them. */
export const demandFieldLabels: Record<string, string> = {
  demandId: '需求编号',
  neededBy: '到岗日期',
  positions: '岗位',
  title: '岗位名称',
  count: '招聘人数',
  skillLevel: '技能等级',
  degree: '学历要求',
  major: '专业要求',
  wageMin: '月薪下限',
  wageMax: '月薪上限',
};

/** The listing form's fields (POST /api/enterprises). */
export const listingFieldLabels: Record<string, string> = {
  creditCode: '统一社会信用代码',
  name: '企业名称',
  regionCode: '行政区划代码',
  industryCode: '行业代码',
  specialistId: '就业服务专员',
  reason: '移出原因',
  subsidy: '补贴类型',
  note: '说明',
};

const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);

/** The label of a field path such as `positions.0.title`: its last named part. */
function labelOf(path: readonly PropertyKey[], labels: Record<string, string>): string {
  const named = [...path].reverse().find((p): p is string => typeof p === 'string' && !/^\d+$/.test(p));
  return (named && labels[named]) ?? '此项';
}

/** One zod issue of a form, as the sentence shown beside its field. */
export function issueMessage(issue: z.core.$ZodIssue, labels: Record<string, string> = demandFieldLabels): string {
  const label = labelOf(issue.path, labels);
  const last = issue.path.at(-1);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return `请填写${label}`;
      return issue.expected === 'number' ? `${label}须为数字` : `${label}格式不正确`;
    case 'too_small':
      if (issue.origin === 'string') return `请填写${label}`;
      if (issue.origin === 'array') return `请至少填写 ${String(issue.minimum)} 个岗位`;
      return `${label}不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `${label}最多 ${String(issue.maximum)} 个字`;
      if (issue.origin === 'array') return `最多填写 ${String(issue.maximum)} 个岗位`;
      return `${label}不能大于 ${String(issue.maximum)}`;
    case 'invalid_value':
      return `请从选项中选择${label}`;
    case 'invalid_format':
      return last === 'neededBy' ? '请按“年-月-日”选择到岗日期' : `${label}格式不正确`;
    default:
      return last === 'wageMin' ? '月薪下限不能高于月薪上限' : `${label}填写有误`;
  }
}

/** Field path (`positions.0.title`) → the sentence beside that field, first failure of each field. */
export type FieldErrors = Record<string, string>;

/** Checks the form with the API's own schema; empty when it would be accepted. */
export function formErrors<T>(schema: z.ZodType<T>, value: unknown, labels: Record<string, string> = demandFieldLabels): FieldErrors {
  // The schema's own words where it has them (请至少填写一个岗位) come first; every other failure is
  // said here with the field's name, never in zod's generic words (the workbench sets its zh-CN locale).
  const parsed = schema.safeParse(value, { error: (issue) => issueMessage(issue as z.core.$ZodIssue, labels) });
  const errors: FieldErrors = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= hasChinese(issue.message) ? issue.message : issueMessage(issue, labels);
  }
  return errors;
}

/**
 * The API's 400 answer as sentences beside the fields: its message where the server wrote one in
 * Chinese, otherwise what is wrong named by the field's label.
 */
export function serverFieldErrors(issues: readonly FieldIssue[], labels: Record<string, string> = demandFieldLabels): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    errors[issue.path] ??= hasChinese(issue.message) ? issue.message : `${labelOf(issue.path.split('.'), labels)}填写有误`;
  }
  return errors;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The account's task types, as a timeline line names them. */
const accountTaskTypes: Record<string, string> = {
  'enterprise-contact': '定期联系',
  'enterprise-demand-response': '用工需求响应',
  'enterprise-demand-fill': '用工需求招满',
  'enterprise-job-keeping': '稳岗帮扶',
  'enterprise-subsidy-help': '协助申报补贴',
};
/** A task's step on the timeline (`task.<action>`, as activities/tasks.ts writes it). */
const taskSteps: Record<string, string> = {
  created: '生成',
  claim: '认领',
  release: '退回',
  complete: '办结',
  reassign: '改派',
  overdue: '逾期',
  escalated: '提请上级督办',
  cancelled: '撤销',
  note: '添加备注',
  'pause-sla': '暂停计时',
  'resume-sla': '恢复计时',
};

/** What one entry of an account's timeline says, in a line. */
export function describeAccountEntry(kind: string, detail: Record<string, unknown>): string {
  const demandId = text(detail.demandId) ?? '';
  switch (kind) {
    case 'opened':
      return text(detail.reason) ?? '列入重点企业名单';
    case 'listing.updated': {
      const changed = Array.isArray(detail.changed) ? detail.changed.filter((c): c is string => typeof c === 'string') : [];
      return `名单信息更新${changed.length ? `（${changed.join('、')}）` : ''}`;
    }
    case 'demand.received': {
      const source = keyEnterpriseLabels.source[detail.source as keyof typeof keyEnterpriseLabels.source] ?? '';
      return `收到${source}用工需求 ${demandId}：${num(detail.positions) ?? '?'} 个岗位，共 ${num(detail.vacancies) ?? '?'} 人`;
    }
    case 'demand.closed': {
      const outcome = keyEnterpriseLabels.fillOutcome[detail.outcome as keyof typeof keyEnterpriseLabels.fillOutcome] ?? '已关闭';
      return `用工需求 ${demandId} ${outcome}（已招用 ${num(detail.filled) ?? 0}/${num(detail.vacancies) ?? 0} 人）`;
    }
    case 'enterprise.hire':
      return demandId ? `社保登记新招用 1 人，计入用工需求 ${demandId}` : '社保登记新招用 1 人（不属于在招需求）';
    case 'job-keeping.alert':
      return '稳岗预警：参保人数下降或经营状态异常';
    case 'layoff.linked':
      return `企业提交裁员备案 ${text(detail.filingId) ?? ''}`;
    case 'registry.checked':
      return text(detail.text) ?? '已查询登记系统';
    default:
      if (kind.startsWith('task.')) {
        const by = text(detail.by);
        const type = accountTaskTypes[text(detail.taskType) ?? ''] ?? '任务';
        return `${type}任务${taskSteps[kind.slice('task.'.length)] ?? '更新'}${by && by !== 'system' ? `（${by}）` : ''}`;
      }
      return text(detail.reason) ?? kind;
  }
}

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary';

/**
 * How a directive stands for the leader: outstanding (issued, not yet acknowledged), acknowledged
 * or in progress, declined, done, withdrawn; an open one past its deadline is overdue above all.
 */
export function directiveStanding(d: Pick<ResponseDirectiveView, 'status' | 'overdue' | 'unacknowledged'>): { text: string; type: TagType } {
  if (d.overdue) return { text: '逾期未完成', type: 'danger' };
  if (d.unacknowledged) return { text: '逾期未确认', type: 'danger' };
  switch (d.status) {
    case 'issued':
      return { text: '待确认', type: 'warning' };
    case 'acknowledged':
      return { text: '已确认', type: 'primary' };
    case 'in-progress':
      return { text: '办理中', type: 'primary' };
    case 'declined':
      return { text: '已拒绝', type: 'danger' };
    case 'done':
      return { text: '已完成', type: 'success' };
    case 'withdrawn':
      return { text: '已撤回', type: 'info' };
  }
}
