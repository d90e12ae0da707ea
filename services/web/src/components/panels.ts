/**
 * The dashboard's figures by district and department: each chart with a table beside it that says
 * the same in text (and an aria description of the chart).
 */
import { ElEmpty, ElTable, ElTableColumn } from 'element-plus';
import { computed, defineComponent, h, type PropType } from 'vue';
import { caseTypeLabels, type DashboardState, type DistrictFigures } from '../lib/dashboard.js';
import { EChart, type ChartOption } from './chart.js';

/** A single district's bar would otherwise fill the chart's width. */
const BAR_WIDTH = 40;
const PALETTE = ['#3a7bd5', '#13a8a8', '#8e6fd6', '#e08b2d', '#5b8c3a', '#c05a8a'];

function table<Row extends object>(rows: Row[], columns: { prop: keyof Row & string; label: string; width?: number }[], caption: string) {
  return h(ElTable, { data: rows, size: 'small', border: true, stripe: true, 'aria-label': caption, emptyText: '暂无数据', maxHeight: 260 }, () =>
    columns.map((c) => h(ElTableColumn, { prop: c.prop, label: c.label, ...(c.width ? { minWidth: c.width } : {}) })),
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Open cases by type and the tasks' SLA figures, per district. */
export const CasesPanel = defineComponent({
  name: 'CasesPanel',
  props: { districts: { type: Object as PropType<DashboardState['districts']>, required: true } },
  setup(props) {
    const rows = computed(() =>
      Object.values(props.districts)
        .map((d: DistrictFigures) => ({ ...d, openCases: sum(Object.values(d.cases)) }))
        .sort((a, b) => a.regionCode.localeCompare(b.regionCode)),
    );
    const types = computed(() => [...new Set(rows.value.flatMap((r) => Object.keys(r.cases).filter((t) => (r.cases[t] ?? 0) > 0)))].sort());
    const option = computed<ChartOption>(() => ({
      color: PALETTE,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: rows.value.map((r) => r.regionName), axisLabel: { interval: 0, rotate: rows.value.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...types.value.map((t) => ({
          type: 'bar' as const,
          name: caseTypeLabels[t] ?? t,
          stack: 'cases',
          barMaxWidth: BAR_WIDTH,
          data: rows.value.map((r) => r.cases[t] ?? 0),
        })),
        { type: 'bar' as const, name: '逾期任务', barMaxWidth: BAR_WIDTH, itemStyle: { color: '#d9302c' }, data: rows.value.map((r) => r.overdueTasks) },
        { type: 'bar' as const, name: '已升级任务', barMaxWidth: BAR_WIDTH, itemStyle: { color: '#f27f0c' }, data: rows.value.map((r) => r.escalatedTasks) },
      ],
    }));
    const description = computed(
      () =>
        `各区县在办案件与超时任务柱状图。` +
        rows.value.map((r) => `${r.regionName}：在办案件 ${r.openCases} 件，逾期任务 ${r.overdueTasks} 件，已升级 ${r.escalatedTasks} 件`).join('；'),
    );
    return () =>
      rows.value.length === 0
        ? h(ElEmpty, { description: '辖区内暂无在办案件', imageSize: 60 })
        : h('div', null, [
            h(EChart, { option: option.value, description: description.value }),
            table(
              rows.value,
              [
                { prop: 'regionName', label: '区县', width: 120 },
                { prop: 'openCases', label: '在办案件' },
                { prop: 'openTasks', label: '未办结任务' },
                { prop: 'overdueTasks', label: '逾期' },
                { prop: 'escalatedTasks', label: '已升级' },
              ],
              '各区县在办案件与超时任务',
            ),
          ]);
  },
});

/** The 1311 follow-up: how many graduates were reached, and each service item on time, late or missing. */
export const GraduatePanel = defineComponent({
  name: 'GraduatePanel',
  props: { rows: { type: Array as PropType<DashboardState['graduates']>, required: true } },
  setup(props) {
    const items = computed(() => {
      const byItem = new Map<string, { label: string; onTime: number; late: number; missing: number }>();
      for (const row of props.rows) {
        for (const i of row.items) {
          const acc = byItem.get(i.item) ?? { label: i.label, onTime: 0, late: 0, missing: 0 };
          acc.onTime += i.onTime;
          acc.late += i.late;
          acc.missing += i.missing;
          byItem.set(i.item, acc);
        }
      }
      return [...byItem.values()];
    });
    const rows = computed(() =>
      props.rows
        .map((r) => ({ ...r, reachedRate: r.cases ? `${Math.round((100 * r.reached) / r.cases)}%` : '—' }))
        .sort((a, b) => a.regionCode.localeCompare(b.regionCode)),
    );
    const option = computed<ChartOption>(() => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      // The items' names are long (技能培训或就业见习机会): wrapped under their bars rather than run together.
      xAxis: { type: 'category', data: items.value.map((i) => i.label), axisLabel: { interval: 0, width: 64, overflow: 'break' } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: '按时完成', stack: 'items', barMaxWidth: BAR_WIDTH, itemStyle: { color: '#3a9d5d' }, data: items.value.map((i) => i.onTime) },
        { type: 'bar', name: '逾期完成', stack: 'items', barMaxWidth: BAR_WIDTH, itemStyle: { color: '#e6a23c' }, data: items.value.map((i) => i.late) },
        { type: 'bar', name: '未完成', stack: 'items', barMaxWidth: BAR_WIDTH, itemStyle: { color: '#d9302c' }, data: items.value.map((i) => i.missing) },
      ],
    }));
    const description = computed(
      () => `“1311”服务各项完成情况堆叠柱状图。` + items.value.map((i) => `${i.label}：按时 ${i.onTime}，逾期 ${i.late}，未完成 ${i.missing}`).join('；'),
    );
    return () =>
      props.rows.length === 0
        ? h(ElEmpty, { description: '暂无高校毕业生帮扶记录', imageSize: 60 })
        : h('div', null, [
            h(EChart, { option: option.value, description: description.value, height: '220px' }),
            table(
              rows.value,
              [
                { prop: 'regionName', label: '区县', width: 120 },
                { prop: 'cases', label: '帮扶对象' },
                { prop: 'reached', label: '已联系' },
                { prop: 'reachedRate', label: '联系率' },
                { prop: 'closed', label: '已结案' },
              ],
              '各区县“1311”帮扶进度',
            ),
          ]);
  },
});

/** Key enterprises' hiring demands: vacancies filled against those still open, per district. */
export const EnterprisePanel = defineComponent({
  name: 'EnterprisePanel',
  props: { rows: { type: Object as PropType<DashboardState['enterprises']>, required: true } },
  setup(props) {
    const rows = computed(() =>
      Object.values(props.rows)
        .map((r) => {
          const total = r.vacanciesOpen + r.vacanciesFilled;
          return { ...r, fillRate: total ? `${Math.round((100 * r.vacanciesFilled) / total)}%` : '—' };
        })
        .sort((a, b) => a.regionCode.localeCompare(b.regionCode)),
    );
    const option = computed<ChartOption>(() => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: rows.value.map((r) => r.regionName), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1, name: '人' },
      series: [
        {
          type: 'bar',
          name: '已补岗位',
          stack: 'vacancies',
          barMaxWidth: BAR_WIDTH,
          itemStyle: { color: '#3a9d5d' },
          data: rows.value.map((r) => r.vacanciesFilled),
        },
        {
          type: 'bar',
          name: '待补岗位',
          stack: 'vacancies',
          barMaxWidth: BAR_WIDTH,
          itemStyle: { color: '#c0c4cc' },
          data: rows.value.map((r) => r.vacanciesOpen),
        },
      ],
    }));
    const description = computed(
      () =>
        `重点企业用工需求补岗情况柱状图。` +
        rows.value.map((r) => `${r.regionName}：已补 ${r.vacanciesFilled} 人，待补 ${r.vacanciesOpen} 人，补岗率 ${r.fillRate}`).join('；'),
    );
    return () =>
      rows.value.length === 0
        ? h(ElEmpty, { description: '暂无重点企业用工需求', imageSize: 60 })
        : h('div', null, [
            h(EChart, { option: option.value, description: description.value, height: '220px' }),
            table(
              rows.value,
              [
                { prop: 'regionName', label: '区县', width: 120 },
                { prop: 'enterprises', label: '重点企业' },
                { prop: 'demandsOpen', label: '在办需求' },
                { prop: 'demandsFilled', label: '已满足需求' },
                { prop: 'fillRate', label: '补岗率' },
              ],
              '各区县重点企业用工需求',
            ),
          ]);
  },
});

/** The emergency response's directives by department: outstanding, overdue, done. */
export const DirectivePanel = defineComponent({
  name: 'DirectivePanel',
  props: { rows: { type: Object as PropType<DashboardState['directives']>, required: true } },
  setup(props) {
    const rows = computed(() => Object.values(props.rows).sort((a, b) => b.outstanding - a.outstanding || a.department.localeCompare(b.department)));
    return () =>
      rows.value.length === 0
        ? h(ElEmpty, { description: '暂无应急指令', imageSize: 60 })
        : table(
            rows.value,
            [
              { prop: 'departmentLabel', label: '部门', width: 140 },
              { prop: 'outstanding', label: '未办结' },
              { prop: 'overdue', label: '逾期' },
              { prop: 'done', label: '已办结' },
            ],
            '各部门应急指令办理情况',
          );
  },
});
