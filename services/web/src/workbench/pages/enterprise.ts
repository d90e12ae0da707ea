/**
 * One key enterprise's account (GET /api/enterprises/{creditCode}): who it is and who keeps it,
 * its open tasks (to the task page), the demand ledger with each demand's positions, hires and
 * deadlines and its matched job seekers (names masked), the account's timeline; and what the
 * signed-in role may do on it, no more: a liaison officer or supervisor records a demand or asks
 * for help with a subsidy, a supervisor or leader changes the listing or takes it off the list.
 */
import {
  ElAlert,
  ElButton,
  ElCard,
  ElDescriptions,
  ElDescriptionsItem,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElInput,
  ElOption,
  ElPopconfirm,
  ElSelect,
  ElTable,
  ElTableColumn,
  ElTag,
  ElTimeline,
  ElTimelineItem,
} from 'element-plus';
import { computed, defineComponent, h, onBeforeUnmount, ref, watch, type VNodeChild } from 'vue';
import { RouterLink } from 'vue-router';
import { keyEnterpriseLabels, SubsidyKind } from '../../../../../domain/cases/key-enterprise.js';
import type { DemandPosition } from '../../../../../domain/contracts/inbound.js';
import { DemandMatches, EnterpriseDetail, type DemandView } from '../../../../../domain/contracts/key-enterprise.js';
import { TaskView } from '../../../../../domain/contracts/tasks.js';
import { placeName } from '../../lib/dashboard.js';
import { beijingTime } from '../../lib/session.js';
import { explain } from '../lib/api.js';
import { describeAccountEntry, dueState, listingFieldLabels, placeWithCode } from '../lib/accounts.js';
import { useWorkbench } from '../lib/context.js';
import { DemandForm } from './demand-form.js';
import { LIST_KEEPERS } from './enterprises.js';
import { ListingForm } from './listing-form.js';
import './accounts.css';

/** Roles that record on an account (POST …/demands, …/subsidies). */
const ACCOUNT_WORKERS = ['liaison', 'supervisor'];

const taskStatus: Record<string, string> = { open: '待认领', claimed: '办理中', completed: '已办结', cancelled: '已撤销' };
const matchTypes: Record<string, string> = { 'graduate-1311': '高校毕业生', reemployment: '失业人员' };

function dueTag(date: string | null, label: string) {
  const due = dueState(date);
  return h('span', { class: ['due', `due-${due.kind}`], 'data-due': due.kind }, [`${label}：${date ?? '—'}`, date ? `（${due.text}）` : '']);
}

const positionText = (p: DemandPosition) =>
  [
    p.skillLevel ? keyEnterpriseLabels.skillLevel[p.skillLevel] : '',
    p.degree ? keyEnterpriseLabels.degree[p.degree] : '',
    p.major ?? '',
    p.wageMin !== undefined || p.wageMax !== undefined ? `月薪 ${p.wageMin ?? '—'}–${p.wageMax ?? '—'} 元` : '',
  ]
    .filter(Boolean)
    .join('，') || '不限';

/** One demand of the ledger: its positions, hires against it, its deadlines, and its matches on request. */
const DemandCard = defineComponent({
  name: 'DemandCard',
  props: { creditCode: { type: String, required: true }, demand: { type: Object as () => DemandView, required: true } },
  setup(props) {
    const { api } = useWorkbench();
    const matches = ref<DemandMatches>();
    const loading = ref(false);
    const failure = ref('');
    const loadMatches = async () => {
      loading.value = true;
      failure.value = '';
      try {
        matches.value = await api.get(
          `/api/enterprises/${encodeURIComponent(props.creditCode)}/demands/${encodeURIComponent(props.demand.demandId)}/matches`,
          DemandMatches,
        );
      } catch (err) {
        failure.value = explain(err);
      } finally {
        loading.value = false;
      }
    };
    return () => {
      const d = props.demand;
      const open = d.status === 'open';
      return h(
        ElCard,
        { class: 'demand-card', shadow: 'never', 'data-demand': d.demandId },
        {
          header: () =>
            h('div', { class: 'demand-head' }, [
              h('strong', null, `需求 ${d.demandId}`),
              h(ElTag, { type: open ? 'warning' : d.status === 'filled' ? 'success' : 'info' }, () => keyEnterpriseLabels.status[d.status]),
              h('span', { class: 'muted' }, `${keyEnterpriseLabels.source[d.source]} · 收到于 ${beijingTime(d.receivedAt)}`),
              h('span', { class: 'demand-fill' }, `已招用 ${d.filled} / 共 ${d.vacancies} 人，尚缺 ${Math.max(d.vacancies - d.filled, 0)} 人`),
            ]),
          default: () => [
            h('div', { class: 'demand-dues' }, [
              open && !d.respondedAt ? dueTag(d.responseDueDate, '响应时限') : h('span', null, d.respondedAt ? `已于 ${beijingTime(d.respondedAt)} 响应` : ''),
              open ? dueTag(d.fillDueDate, '招满时限') : h('span', null, d.closedAt ? `${beijingTime(d.closedAt)} ${d.closedReason ?? '已关闭'}` : ''),
              d.neededBy ? h('span', null, `到岗日期：${d.neededBy}`) : null,
              d.escalation.length
                ? h(
                    ElTag,
                    { type: 'danger' },
                    () => `已逾期提请：${d.escalation.map((s) => `${placeName(s.regionCode)}${s.role === 'leader' ? '领导' : '主管'}`).join(' → ')}`,
                  )
                : null,
            ]),
            h(ElTable, { data: d.positions, size: 'small', border: true, 'aria-label': `需求 ${d.demandId} 的岗位` }, () => [
              h(ElTableColumn, { prop: 'title', label: '岗位名称', minWidth: 140 }),
              h(ElTableColumn, { prop: 'count', label: '需求人数', width: 100, align: 'right' }),
              h(ElTableColumn, { label: '要求', minWidth: 240 }, { default: ({ row }: { row: DemandPosition }) => positionText(row) }),
            ]),
            h('div', { class: 'form-actions' }, [
              h(ElButton, { onClick: loadMatches, loading: loading.value }, () => (matches.value ? '重新匹配求职者' : '查看匹配的求职者')),
            ]),
            failure.value ? h(ElAlert, { type: 'error', title: failure.value, showIcon: true, closable: false, role: 'alert' }) : null,
            matches.value
              ? h('div', { class: 'matches' }, [
                  h('p', { class: 'muted' }, `辖区内在册求职者 ${matches.value.seekersConsidered} 人，匹配 ${matches.value.items.length} 人（姓名已脱敏）`),
                  h(
                    ElTable,
                    { data: matches.value.items, size: 'small', border: true, 'aria-label': `需求 ${d.demandId} 的匹配求职者`, emptyText: '暂无匹配的求职者' },
                    () => [
                      h(ElTableColumn, { prop: 'nameMasked', label: '姓名', width: 100 }),
                      h(
                        ElTableColumn,
                        { label: '类别', width: 110 },
                        { default: ({ row }: { row: DemandMatches['items'][number] }) => matchTypes[row.caseType] ?? row.caseType },
                      ),
                      h(
                        ElTableColumn,
                        { label: '所在地区', minWidth: 120 },
                        { default: ({ row }: { row: DemandMatches['items'][number] }) => placeName(row.regionCode) },
                      ),
                      h(ElTableColumn, { prop: 'positionTitle', label: '适合岗位', minWidth: 120 }),
                      h(ElTableColumn, { prop: 'score', label: '匹配分', width: 80, align: 'right' }),
                      h(
                        ElTableColumn,
                        { label: '理由', minWidth: 260 },
                        {
                          default: ({ row }: { row: DemandMatches['items'][number] }) => row.reasons.map((r) => r.text).join('；'),
                        },
                      ),
                    ],
                  ),
                ])
              : null,
          ],
        },
      );
    };
  },
});

/** A subsidy the enterprise wants help applying for (POST …/subsidies). */
const SubsidyForm = defineComponent({
  name: 'SubsidyForm',
  props: { creditCode: { type: String, required: true } },
  emits: { requested: () => true },
  setup(props, { emit }) {
    const { api } = useWorkbench();
    const subsidy = ref('');
    const note = ref('');
    const error = ref('');
    const failure = ref('');
    const done = ref('');
    const busy = ref(false);
    const submit = async () => {
      failure.value = '';
      done.value = '';
      error.value = SubsidyKind.safeParse(subsidy.value).success ? '' : '请选择补贴类型';
      if (error.value) return;
      busy.value = true;
      try {
        const task = await api.post(
          `/api/enterprises/${encodeURIComponent(props.creditCode)}/subsidies`,
          { subsidy: subsidy.value, ...(note.value.trim() ? { note: note.value } : {}) },
          TaskView,
        );
        done.value = `已生成协助申报任务：${task.title}（${task.dueDate} 前办结）`;
        note.value = '';
        emit('requested');
      } catch (err) {
        failure.value = explain(err);
      } finally {
        busy.value = false;
      }
    };
    return () =>
      h(ElForm, { labelPosition: 'top', onSubmit: (e: Event) => e.preventDefault() }, () => [
        h('div', { class: 'form-grid' }, [
          h(ElFormItem, { label: listingFieldLabels.subsidy, for: 'subsidy-kind', error: error.value }, () =>
            h(
              ElSelect,
              { id: 'subsidy-kind', modelValue: subsidy.value, placeholder: '请选择', 'onUpdate:modelValue': (v: string) => (subsidy.value = v) },
              () => SubsidyKind.options.map((k) => h(ElOption, { key: k, value: k, label: keyEnterpriseLabels.subsidy[k] })),
            ),
          ),
          h(ElFormItem, { label: `${listingFieldLabels.note}（可不填）`, for: 'subsidy-note' }, () =>
            h(ElInput, { id: 'subsidy-note', modelValue: note.value, maxlength: 500, 'onUpdate:modelValue': (v: string) => (note.value = v) }),
          ),
        ]),
        h(ElButton, { type: 'primary', loading: busy.value, onClick: submit }, () => '申请协助'),
        failure.value ? h(ElAlert, { type: 'error', title: failure.value, showIcon: true, closable: false, class: 'form-alert', role: 'alert' }) : null,
        done.value ? h(ElAlert, { type: 'success', title: done.value, showIcon: true, closable: false, class: 'form-alert', role: 'status' }) : null,
      ]);
  },
});

/** Taking the enterprise off the list, with the reason (POST …/removal), after a confirmation. */
const RemovalForm = defineComponent({
  name: 'RemovalForm',
  props: { creditCode: { type: String, required: true } },
  emits: { removed: () => true },
  setup(props, { emit }) {
    const { api } = useWorkbench();
    const reason = ref('');
    const error = ref('');
    const failure = ref('');
    const busy = ref(false);
    const submit = async () => {
      failure.value = '';
      error.value = reason.value.trim() ? '' : '请填写移出原因';
      if (error.value) return;
      busy.value = true;
      try {
        await api.post(`/api/enterprises/${encodeURIComponent(props.creditCode)}/removal`, { reason: reason.value });
        emit('removed');
      } catch (err) {
        failure.value = explain(err);
      } finally {
        busy.value = false;
      }
    };
    return () =>
      h(ElForm, { labelPosition: 'top', onSubmit: (e: Event) => e.preventDefault() }, () => [
        h(ElFormItem, { label: listingFieldLabels.reason, for: 'removal-reason', error: error.value }, () =>
          h(ElInput, {
            id: 'removal-reason',
            type: 'textarea',
            rows: 2,
            maxlength: 2000,
            modelValue: reason.value,
            'onUpdate:modelValue': (v: string) => (reason.value = v),
          }),
        ),
        h(
          ElPopconfirm,
          { title: '移出后该企业的待办任务将全部撤销，确定移出？', confirmButtonText: '确定移出', cancelButtonText: '取消', width: 260, onConfirm: submit },
          { reference: () => h(ElButton, { type: 'danger', loading: busy.value }, () => '移出重点企业名单') },
        ),
        failure.value ? h(ElAlert, { type: 'error', title: failure.value, showIcon: true, closable: false, class: 'form-alert', role: 'alert' }) : null,
      ]);
  },
});

export const EnterprisePage = defineComponent({
  name: 'EnterprisePage',
  props: { creditCode: { type: String, required: true } },
  setup(props) {
    const { claims, api, live } = useWorkbench();
    const account = ref<EnterpriseDetail>();
    const failure = ref('');
    const loading = ref(false);

    const load = async () => {
      loading.value = true;
      try {
        account.value = await api.get(`/api/enterprises/${encodeURIComponent(props.creditCode)}`, EnterpriseDetail);
        failure.value = '';
      } catch (err) {
        failure.value = explain(err);
      } finally {
        loading.value = false;
      }
    };
    // What the account's workflow writes reaches the read model a moment after the API accepted it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = (ms = 800) => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), ms);
    };
    const stops = [
      live.subscribe((m) => {
        const caseId = account.value?.caseId;
        if (caseId && (m.event === 'case.lifecycle.v1' || m.event === 'task.lifecycle.v1') && m.data.includes(JSON.stringify(caseId))) soon();
      }),
      live.onGap(() => soon(0)),
    ];
    onBeforeUnmount(() => {
      clearTimeout(timer);
      for (const stop of stops) stop();
    });
    watch(
      () => props.creditCode,
      () => void load(),
      { immediate: true },
    );

    const worksAccount = ACCOUNT_WORKERS.includes(claims.role);
    const keepsList = LIST_KEEPERS.includes(claims.role);
    const openTasks = computed(() => (account.value?.tasks ?? []).filter((t) => t.status === 'open' || t.status === 'claimed'));

    const section = (title: string, body: VNodeChild, extra: Record<string, unknown> = {}) =>
      h('section', { class: 'account-section', ...extra }, [h('h3', null, title), body]);

    const summary = (a: EnterpriseDetail) => {
      const due = dueState(a.nextContactDue);
      return h(ElDescriptions, { column: 3, border: true, class: 'account-facts' }, () => [
        h(ElDescriptionsItem, { label: '统一社会信用代码' }, () => a.creditCode),
        h(ElDescriptionsItem, { label: '所在地区' }, () => placeWithCode(a.regionCode)),
        h(ElDescriptionsItem, { label: '行业代码' }, () => a.industryCode),
        h(ElDescriptionsItem, { label: '就业服务专员' }, () => a.specialistId),
        h(ElDescriptionsItem, { label: '名单状态' }, () =>
          a.status === 'listed'
            ? h(ElTag, { type: 'success' }, () => '在名单中')
            : h(ElTag, { type: 'info' }, () => `已移出${a.removalReason ? `：${a.removalReason}` : ''}`),
        ),
        h(ElDescriptionsItem, { label: '列入时间' }, () => beijingTime(a.listedAt)),
        h(ElDescriptionsItem, { label: '下次联系' }, () =>
          h('span', { class: ['due', `due-${due.kind}`], 'data-due': due.kind }, `${a.nextContactDue ?? '—'}（${due.text}）`),
        ),
        h(ElDescriptionsItem, { label: '已联系' }, () => `${a.contacts} 次${a.lastContactAt ? `，最近 ${beijingTime(a.lastContactAt)}` : ''}`),
        h(ElDescriptionsItem, { label: '参保人数' }, () =>
          a.headcount ? `${a.headcount.count} 人（${a.headcount.period}，${a.headcount.source === 'survey' ? '走访调查' : '社保'}）` : '—',
        ),
        h(ElDescriptionsItem, { label: '用工缺口' }, () => (a.shortage === null ? '—' : `${a.shortage} 人`)),
        h(ElDescriptionsItem, { label: '在招需求' }, () => `${a.openDemands} 项，尚缺 ${a.vacanciesOpen} 人`),
        h(ElDescriptionsItem, { label: '已招用' }, () => `${a.hires} 人（需求外 ${a.hiresOutsideDemands} 人）`),
      ]);
    };

    const tasks = () =>
      h(ElTable, { data: openTasks.value, border: true, size: 'small', 'aria-label': '待办任务', emptyText: '暂无待办任务' }, () => [
        h(
          ElTableColumn,
          { label: '任务', minWidth: 260 },
          {
            default: ({ row }: { row: TaskView }) => h(RouterLink, { to: `/tasks/${encodeURIComponent(row.id)}` }, () => row.title),
          },
        ),
        h(
          ElTableColumn,
          { label: '状态', width: 120 },
          {
            default: ({ row }: { row: TaskView }) => `${taskStatus[row.status] ?? row.status}${row.assignee ? `（${row.assignee}）` : ''}`,
          },
        ),
        h(
          ElTableColumn,
          { label: '办理时限', minWidth: 220 },
          {
            default: ({ row }: { row: TaskView }) => {
              const due = dueState(row.dueDate);
              const kind = row.overdue ? 'overdue' : due.kind;
              return h('span', { class: ['due', `due-${kind}`], 'data-due': kind }, [
                `${row.dueDate}${row.dueProvisional ? '（预计）' : ''} `,
                row.overdue ? '已逾期' : due.text,
                row.escalationLevel > 0 ? '，已提请上级督办' : '',
              ]);
            },
          },
        ),
      ]);

    const timeline = (a: EnterpriseDetail) =>
      a.timeline.length
        ? h(ElTimeline, { class: 'account-timeline' }, () =>
            [...a.timeline]
              .reverse()
              .map((e) =>
                h(ElTimelineItem, { key: e.seq, timestamp: beijingTime(e.occurredAt), placement: 'top' }, () => describeAccountEntry(e.kind, e.detail)),
              ),
          )
        : h(ElEmpty, { description: '暂无记录', imageSize: 60 });

    return () => {
      const a = account.value;
      if (!a)
        return h('section', { class: 'accounts-page' }, [
          h(RouterLink, { to: '/enterprises', class: 'back-link' }, () => '← 返回重点企业列表'),
          failure.value
            ? h(ElAlert, { type: 'error', title: failure.value, showIcon: true, closable: false, role: 'alert' })
            : h('p', { class: 'muted', role: 'status' }, '正在读取企业账户…'),
        ]);
      const listed = a.status === 'listed';
      return h('section', { class: 'accounts-page', 'data-credit-code': a.creditCode }, [
        h(RouterLink, { to: '/enterprises', class: 'back-link' }, () => '← 返回重点企业列表'),
        h('div', { class: 'page-head' }, [h('h2', null, a.name), h(ElButton, { onClick: () => void load(), loading: loading.value }, () => '刷新')]),
        failure.value ? h(ElAlert, { type: 'error', title: failure.value, showIcon: true, closable: false, role: 'alert' }) : null,
        summary(a),
        section('待办任务', tasks()),
        section(
          `用工需求台账（${a.demands.length} 项）`,
          a.demands.length
            ? h(
                'div',
                { class: 'demand-list' },
                a.demands.map((d) => h(DemandCard, { key: d.demandId, creditCode: a.creditCode, demand: d })),
              )
            : h(ElEmpty, { description: '暂无用工需求', imageSize: 60 }),
          { id: 'demand-ledger' },
        ),
        worksAccount && listed ? section('登记用工需求', h(DemandForm, { creditCode: a.creditCode, onRecorded: () => soon() }), { id: 'demand-form' }) : null,
        worksAccount && listed ? section('协助申报补贴', h(SubsidyForm, { creditCode: a.creditCode, onRequested: () => soon() })) : null,
        keepsList
          ? section(
              listed ? '名单信息' : '重新列入名单',
              h(ListingForm, {
                idPrefix: 'listing',
                initial: { creditCode: a.creditCode, name: a.name, regionCode: a.regionCode, industryCode: a.industryCode, specialistId: a.specialistId },
                onSaved: () => soon(),
              }),
            )
          : null,
        keepsList && listed ? section('移出名单', h(RemovalForm, { creditCode: a.creditCode, onRemoved: () => soon(0) })) : null,
        section('账户记录', timeline(a)),
      ]);
    };
  },
});
