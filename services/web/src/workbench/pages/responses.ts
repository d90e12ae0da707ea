/**
 * 应急响应: the emergency responses of the jurisdiction (GET /api/cases?type=risk-response), each
 * with its level and the reasons behind it (GET /api/risk), and its directives to the member
 * departments where each stands (GET /api/responses/{caseId}/directives): outstanding,
 * acknowledged, declined, done, overdue. Moved by the stream: a directive sent, a level changed
 * or a response's case moving reads the responses again. A department's report on a directive
 * is a timeline entry with no outbound event of its own, so the page also reads again each minute.
 */
import { ElAlert, ElButton, ElCard, ElEmpty, ElRadioButton, ElRadioGroup, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { defineComponent, h, onBeforeUnmount, onMounted, ref } from 'vue';
import { CaseList, type CaseSummary } from '../../../../../domain/contracts/http.js';
import { ResponseDirectives, RiskList, type ResponseDirectiveView, type RiskRegionView } from '../../../../../domain/contracts/risk-response.js';
import { levelColour, levelName } from '../../lib/dashboard.js';
import { beijingTime } from '../../lib/session.js';
import { explain } from '../lib/api.js';
import { directiveStanding, placeWithCode } from '../lib/accounts.js';
import { useWorkbench } from '../lib/context.js';
import './accounts.css';

/** How often the page reads again for the departments' reports, which the stream does not carry. */
const REPORT_POLL_MS = 60_000;

const caseStatus: Record<string, string> = { opened: '已启动', 'in-progress': '处置中', escalated: '已升级', closed: '已结束' };

interface ResponseRow {
  response: CaseSummary;
  risk: RiskRegionView | undefined;
  directives: ResponseDirectives | undefined;
  /** Why the directives could not be read, if they could not. */
  failure: string;
}

const count = (ds: readonly ResponseDirectiveView[], f: (d: ResponseDirectiveView) => boolean) => ds.filter(f).length;

/** The directives in one line of figures, as a leader asks "where do we stand". */
function tally(ds: readonly ResponseDirectiveView[]): string {
  return [
    `共 ${ds.length} 条`,
    `待确认 ${count(ds, (d) => d.status === 'issued')}`,
    `已确认或办理中 ${count(ds, (d) => d.status === 'acknowledged' || d.status === 'in-progress')}`,
    `已拒绝 ${count(ds, (d) => d.status === 'declined')}`,
    `已完成 ${count(ds, (d) => d.status === 'done')}`,
    `逾期 ${count(ds, (d) => d.overdue || d.unacknowledged)}`,
  ].join('，');
}

export const ResponsesPage = defineComponent({
  name: 'ResponsesPage',
  setup() {
    const { api, live } = useWorkbench();
    const show = ref<'open' | 'all'>('open');
    const rows = ref<ResponseRow[]>([]);
    const loading = ref(false);
    const failure = ref('');

    const load = async () => {
      loading.value = true;
      failure.value = '';
      try {
        const [cases, risk] = await Promise.all([api.get('/api/cases?type=risk-response&limit=100', CaseList), api.get('/api/risk', RiskList)]);
        const byCase = new Map(risk.items.filter((r) => r.responseCaseId).map((r) => [r.responseCaseId as string, r]));
        const responses = cases.items.filter((c) => show.value === 'all' || c.status !== 'closed');
        rows.value = await Promise.all(
          responses.map(async (response): Promise<ResponseRow> => {
            try {
              const directives = await api.get(`/api/responses/${encodeURIComponent(response.id)}/directives`, ResponseDirectives);
              return { response, risk: byCase.get(response.id), directives, failure: '' };
            } catch (err) {
              return { response, risk: byCase.get(response.id), directives: undefined, failure: explain(err) };
            }
          }),
        );
      } catch (err) {
        failure.value = explain(err);
      } finally {
        loading.value = false;
      }
    };

    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = (ms = 800) => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), ms);
    };
    const stops = [
      live.subscribe((m) => {
        if (m.event === 'dept.directive.v1' || m.event === 'risk.level.v1') soon();
        else if ((m.event === 'case.lifecycle.v1' || m.event === 'task.lifecycle.v1') && m.data.includes('"risk-response:')) soon();
      }),
      live.onGap(() => soon(0)),
    ];
    let poll: ReturnType<typeof setInterval> | undefined;
    onMounted(() => {
      void load();
      poll = setInterval(() => void load(), REPORT_POLL_MS);
    });
    onBeforeUnmount(() => {
      clearTimeout(timer);
      clearInterval(poll);
      for (const stop of stops) stop();
    });

    const directivesTable = (row: ResponseRow) =>
      h(
        ElTable,
        { data: row.directives?.directives ?? [], size: 'small', border: true, 'aria-label': `${row.response.title} 的部门指令`, emptyText: '尚未下达指令' },
        () => [
          h(ElTableColumn, { prop: 'departmentLabel', label: '成员单位', width: 170 }),
          h(ElTableColumn, { prop: 'instruction', label: '指令内容', minWidth: 260 }),
          h(
            ElTableColumn,
            { label: '状态', width: 150 },
            {
              default: ({ row: d }: { row: ResponseDirectiveView }) => {
                const standing = directiveStanding(d);
                return h('span', { class: 'directive-standing', 'data-standing': standing.text }, [
                  h(ElTag, { type: standing.type, effect: standing.type === 'danger' ? 'dark' : 'light' }, () => standing.text),
                  d.overdue || d.unacknowledged ? h('span', { class: 'muted small' }, ` ${d.statusLabel}`) : null,
                ]);
              },
            },
          ),
          h(
            ElTableColumn,
            { label: '确认时限', width: 130 },
            { default: ({ row: d }: { row: ResponseDirectiveView }) => (d.acknowledgeBy ? beijingTime(d.acknowledgeBy) : '—') },
          ),
          h(
            ElTableColumn,
            { label: '完成时限', width: 130 },
            { default: ({ row: d }: { row: ResponseDirectiveView }) => (d.completeBy ? beijingTime(d.completeBy) : '—') },
          ),
          h(
            ElTableColumn,
            { label: '最新回复', minWidth: 200 },
            {
              default: ({ row: d }: { row: ResponseDirectiveView }) => (d.lastNote ? `${d.lastNote}（${d.reportedAt ? beijingTime(d.reportedAt) : ''}）` : '—'),
            },
          ),
        ],
      );

    const card = (row: ResponseRow) => {
      const level = row.risk?.declaredLevel ?? row.directives?.level ?? null;
      const colour = levelColour(level);
      const reasons = row.risk?.reasons.length ? row.risk.reasons : row.response.reason ? [row.response.reason] : [];
      return h(
        ElCard,
        { key: row.response.id, class: 'response-card', shadow: 'never', 'data-case': row.response.id },
        {
          header: () =>
            h('div', { class: 'demand-head' }, [
              h('span', { class: ['level-badge', colour ? `risk-${colour}` : 'risk-none'], 'data-level': level ?? '' }, levelName(level)),
              h('strong', null, row.response.title),
              h(ElTag, { type: row.response.status === 'closed' ? 'info' : 'warning' }, () => caseStatus[row.response.status] ?? row.response.status),
              h('span', { class: 'muted' }, `${placeWithCode(row.response.regionCode)} · 启动于 ${beijingTime(row.response.openedAt)}`),
            ]),
          default: () => [
            reasons.length
              ? h(
                  'ul',
                  { class: 'reasons' },
                  reasons.map((r) => h('li', { key: r }, r)),
                )
              : null,
            row.risk && row.risk.workers > 0 ? h('p', { class: 'muted' }, `受影响职工 ${row.risk.workers} 人，已再就业 ${row.risk.placed} 人`) : null,
            row.directives ? h('p', { class: 'directive-tally' }, tally(row.directives.directives)) : null,
            row.failure ? h(ElAlert, { type: 'error', title: row.failure, showIcon: true, closable: false, role: 'alert' }) : directivesTable(row),
          ],
        },
      );
    };

    return () =>
      h('section', { class: 'accounts-page' }, [
        h('div', { class: 'page-head' }, [
          h('h2', null, '失业风险应急响应'),
          h(
            ElRadioGroup,
            {
              modelValue: show.value,
              'aria-label': '显示范围',
              'onUpdate:modelValue': (v: unknown) => ((show.value = v === 'all' ? 'all' : 'open'), void load()),
            },
            () => [h(ElRadioButton, { value: 'open' }, () => '进行中'), h(ElRadioButton, { value: 'all' }, () => '全部（含已结束）')],
          ),
          h(ElButton, { onClick: () => void load(), loading: loading.value }, () => '刷新'),
        ]),
        h(
          'p',
          { class: 'muted', role: 'status' },
          loading.value && !rows.value.length ? '正在读取…' : `共 ${rows.value.length} 项应急响应；部门指令状态随事件实时更新`,
        ),
        failure.value ? h(ElAlert, { type: 'error', title: failure.value, showIcon: true, closable: false, role: 'alert' }) : null,
        rows.value.length
          ? h('div', { class: 'response-list' }, rows.value.map(card))
          : loading.value
            ? null
            : h(ElEmpty, { description: '辖区内暂无应急响应' }),
      ]);
  },
});
