/**
 * The dashboard's figures: built from the summaries, then moved by each stream event where the
 * event alone says how (a case opened or closed, a task created, done, overdue or escalated, a
 * level declared, a directive sent). What an event cannot settle exactly (a case moving between
 * statuses, 1311 items) waits for the next summary fetch, on a reset or a refresh.
 */
import { CaseLifecycleV1, DeptDirectiveV1, RiskLevelV1, TaskLifecycleV1 } from '../../../../domain/contracts/outbound.js';
import { responseLabels } from '../../../../domain/cases/risk-response.js';
import { regionName } from '../../../../domain/jurisdiction.js';
import { riskLevelColour, riskLevelName } from '../../../../domain/risk.js';
import type { DirectiveSummary, EnterpriseSummary, GraduateSummary, RiskItem, Summaries } from './summaries.js';

export const STREAM_TOPICS = ['case.lifecycle.v1', 'task.lifecycle.v1', 'risk.level.v1', 'dept.directive.v1'] as const;
export type StreamTopic = (typeof STREAM_TOPICS)[number];

const eventSchemas = {
  'case.lifecycle.v1': CaseLifecycleV1,
  'task.lifecycle.v1': TaskLifecycleV1,
  'risk.level.v1': RiskLevelV1,
  'dept.directive.v1': DeptDirectiveV1,
} as const;

export const FEED_LIMIT = 100;

export interface FeedItem {
  /** The stream's event ID (unique), else the event's own ID. */
  key: string;
  topic: StreamTopic;
  occurredAt: string;
  regionCode: string;
  place: string;
  title: string;
  detail: string;
  /** A risk event's new level, for its colour. */
  level?: RiskItem['declaredLevel'];
}

export interface DistrictFigures {
  regionCode: string;
  regionName: string;
  /** Open cases by case type. */
  cases: Record<string, number>;
  openTasks: number;
  overdueTasks: number;
  escalatedTasks: number;
}

export interface DashboardState {
  asOf: string;
  jurisdiction: string;
  districts: Record<string, DistrictFigures>;
  graduates: GraduateSummary['rows'];
  /** The graduation year (届) the 1311 figures count; null when there are no graduate cases. */
  graduateYear: number | null;
  enterprises: Record<string, EnterpriseSummary['rows'][number]>;
  directives: Record<string, DirectiveSummary['rows'][number]>;
  risk: RiskItem[];
  feed: FeedItem[];
  /** Tasks this page has counted as overdue or escalated, and directives counted, so a repeat event is not counted twice. */
  counted: { overdue: string[]; escalated: string[]; directives: string[] };
}

export const caseTypeLabels: Record<string, string> = {
  'layoff-filing': '裁员备案',
  'graduate-1311': '高校毕业生“1311”',
  'unemployed-131': '失业人员“131”',
  'key-enterprise': '重点企业服务',
  'risk-response': '失业风险应急响应',
  reemployment: '再就业帮扶',
};
const caseKinds: Record<string, string> = { opened: '立案', advanced: '推进', escalated: '升级', closed: '结案' };
const taskKinds: Record<string, string> = {
  created: '新建',
  claimed: '已认领',
  released: '已退回',
  completed: '已办结',
  overdue: '已逾期',
  escalated: '已升级',
  cancelled: '已取消',
  reassigned: '已改派',
};
const taskTypes: Record<string, string> = {
  'layoff-review': '核查裁员方案',
  'graduate-target-review': '毕业生帮扶对象复核',
  'enterprise-contact': '重点企业走访联系',
  'enterprise-demand-response': '用工需求响应',
  'enterprise-demand-fill': '用工需求补岗',
  'enterprise-job-keeping': '稳岗帮扶',
  'enterprise-subsidy-help': '补贴申领帮办',
  'risk-command-group': '应急指挥部署',
  'risk-directive-unacknowledged': '督办未签收指令',
  'risk-deescalation-signoff': '降级审签',
  'risk-report': '处置进展报送',
};

/** The 6-digit district (county-level) code a record of `regionCode` is counted under. */
export const districtOf = (regionCode: string): string => regionCode.slice(0, 6);

/** A place for people: the division's name, or its city's name and its code (county names are not bundled). */
export function placeName(code: string): string {
  const own = regionName(code);
  if (own) return own;
  const city = regionName(code.slice(0, 4));
  return city ? `${city} ${code}` : code;
}

export const levelName = (level: RiskItem['declaredLevel']): string => (level ? riskLevelName(level) : '无风险等级');
export const levelColour = (level: RiskItem['declaredLevel']): RiskItem['colour'] => (level ? riskLevelColour(level) : null);

function district(state: DashboardState, code: string): DistrictFigures {
  const d = districtOf(code);
  return (state.districts[d] ??= { regionCode: d, regionName: placeName(d), cases: {}, openTasks: 0, overdueTasks: 0, escalatedTasks: 0 });
}

/** The server names a district by its code when it has no name for it; the page adds the city's. */
const named = <Row extends { regionCode: string; regionName: string }>(row: Row): Row => ({
  ...row,
  regionName: row.regionName === row.regionCode ? placeName(row.regionCode) : row.regionName,
});

export function fromSummaries(s: Summaries): DashboardState {
  const state: DashboardState = {
    asOf: s.cases.asOf,
    jurisdiction: s.cases.jurisdiction,
    districts: {},
    graduates: s.graduates.rows.map(named),
    graduateYear: s.graduates.year ?? null,
    enterprises: Object.fromEntries(s.enterprises.rows.map((r) => [r.regionCode, named(r)])),
    directives: Object.fromEntries(s.directives.rows.map((r) => [r.department, { ...r }])),
    risk: s.risk.map((r) => ({ ...r })),
    feed: [],
    counted: { overdue: [], escalated: [], directives: [] },
  };
  for (const row of s.cases.rows) {
    const d = district(state, row.regionCode);
    d.regionName = row.regionName === row.regionCode ? d.regionName : row.regionName;
    d.cases[row.caseType] = (d.cases[row.caseType] ?? 0) + row.count;
  }
  for (const row of s.tasks.rows) {
    const d = district(state, row.regionCode);
    d.openTasks += row.open;
    d.overdueTasks += row.overdue;
    d.escalatedTasks += row.escalated;
  }
  return state;
}

/** Keeps a summary-fed state's feed across a refetch: the feed is the page's own. */
export function replaceSummaries(state: DashboardState, s: Summaries): DashboardState {
  return { ...fromSummaries(s), feed: state.feed };
}

const decrement = (n: number) => Math.max(0, n - 1);

function forget(list: string[], id: string): boolean {
  const i = list.indexOf(id);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

/**
 * Applies one stream event; returns its feed entry, or undefined for an event the page does not
 * know (another topic, a body that fails its contract), which it ignores.
 */
export function applyEvent(state: DashboardState, topic: string, data: string, streamId?: string): FeedItem | undefined {
  if (!(STREAM_TOPICS as readonly string[]).includes(topic)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return undefined;
  }
  // The server resumes without duplicates; this guards the counts should one come twice anyway.
  if (streamId !== undefined && state.feed.some((f) => f.key === streamId)) return undefined;
  const item = describe(state, topic as StreamTopic, body, streamId);
  if (!item) return undefined;
  state.feed.unshift(item);
  if (state.feed.length > FEED_LIMIT) state.feed.length = FEED_LIMIT;
  if (item.occurredAt > state.asOf) state.asOf = item.occurredAt;
  return item;
}

function describe(state: DashboardState, topic: StreamTopic, body: unknown, streamId: string | undefined): FeedItem | undefined {
  const base = (e: { eventId: string; occurredAt: string; regionCode: string }) => ({
    key: streamId ?? e.eventId,
    topic,
    occurredAt: e.occurredAt,
    regionCode: e.regionCode,
    place: placeName(e.regionCode),
  });
  switch (topic) {
    case 'case.lifecycle.v1': {
      const parsed = eventSchemas[topic].safeParse(body);
      if (!parsed.success) return undefined;
      const e = parsed.data;
      const d = district(state, e.regionCode);
      if (e.kind === 'opened') d.cases[e.caseType] = (d.cases[e.caseType] ?? 0) + 1;
      if (e.kind === 'closed') d.cases[e.caseType] = decrement(d.cases[e.caseType] ?? 0);
      if (e.caseType === 'key-enterprise' && (e.kind === 'opened' || e.kind === 'closed')) {
        const key = districtOf(e.regionCode);
        const row = (state.enterprises[key] ??= emptyEnterprises(key));
        row.enterprises = e.kind === 'opened' ? row.enterprises + 1 : decrement(row.enterprises);
      }
      return { ...base(e), title: `${caseTypeLabels[e.caseType] ?? '案件'}${caseKinds[e.kind] ?? ''}`, detail: e.reason };
    }
    case 'task.lifecycle.v1': {
      const parsed = eventSchemas[topic].safeParse(body);
      if (!parsed.success) return undefined;
      const e = parsed.data;
      const d = district(state, e.regionCode);
      const { overdue, escalated } = state.counted;
      if (e.kind === 'created') d.openTasks += 1;
      if (e.kind === 'completed' || e.kind === 'cancelled') {
        d.openTasks = decrement(d.openTasks);
        if (forget(overdue, e.taskId)) d.overdueTasks = decrement(d.overdueTasks);
        if (forget(escalated, e.taskId)) d.escalatedTasks = decrement(d.escalatedTasks);
      }
      if (e.kind === 'overdue' && !overdue.includes(e.taskId)) {
        overdue.push(e.taskId);
        d.overdueTasks += 1;
      }
      if (e.kind === 'escalated' && !escalated.includes(e.taskId)) {
        escalated.push(e.taskId);
        d.escalatedTasks += 1;
      }
      return { ...base(e), title: `${taskTypes[e.taskType] ?? '办理任务'}${taskKinds[e.kind] ?? ''}`, detail: e.reason ?? '' };
    }
    case 'risk.level.v1': {
      const parsed = eventSchemas[topic].safeParse(body);
      if (!parsed.success) return undefined;
      const e = parsed.data;
      const section = e.industryCode?.[0] ?? null;
      let row = state.risk.find((r) => r.regionCode === e.regionCode && r.industrySection === section);
      if (!row) {
        row = {
          regionCode: e.regionCode,
          industrySection: section,
          declaredLevel: null,
          assessedLevel: null,
          colour: null,
          indicators: {},
          reasons: [],
          responseCaseId: null,
          workers: 0,
          placed: 0,
          updatedAt: e.occurredAt,
        };
        state.risk.push(row);
      }
      Object.assign(row, {
        declaredLevel: e.level,
        assessedLevel: e.level,
        colour: levelColour(e.level),
        indicators: e.indicators,
        reasons: e.reasons,
        responseCaseId: e.level ? e.caseId : row.responseCaseId,
        updatedAt: e.occurredAt,
      });
      const change = `${e.previousLevel ? riskLevelName(e.previousLevel) : '无'} → ${levelName(e.level)}`;
      return { ...base(e), title: `风险等级变化：${change}`, detail: e.reasons.join('；'), level: e.level };
    }
    case 'dept.directive.v1': {
      const parsed = eventSchemas[topic].safeParse(body);
      if (!parsed.success) return undefined;
      const e = parsed.data;
      const label = responseLabels.department[e.department];
      const row = (state.directives[e.department] ??= { department: e.department, departmentLabel: label, outstanding: 0, overdue: 0, done: 0 });
      if (!state.counted.directives.includes(e.directiveId)) {
        state.counted.directives.push(e.directiveId);
        row.outstanding += 1;
      }
      return { ...base(e), title: `应急指令下达：${label}`, detail: e.instruction };
    }
  }
}

function emptyEnterprises(regionCode: string): EnterpriseSummary['rows'][number] {
  return { regionCode, regionName: placeName(regionCode), enterprises: 0, demandsOpen: 0, demandsFilled: 0, vacanciesOpen: 0, vacanciesFilled: 0 };
}
