/**
 * The inbox: my tasks (assigned to me, or open to my role), and for supervisors the team's open
 * tasks, soonest due first, with the case type and due-date filters of GET /api/tasks and cursor
 * paging. Deadlines show the working days left and whether they are provisional (预计); overdue
 * and escalated tasks are marked in words as well as colour. The list follows the stream: a task
 * created, claimed by a colleague, completed or escalated anywhere in the jurisdiction reloads it,
 * so what is claimable is what the server says now.
 */
import {
  ElAlert,
  ElButton,
  ElCheckbox,
  ElDatePicker,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElMessage,
  ElOption,
  ElRadioButton,
  ElRadioGroup,
  ElSelect,
  ElTable,
  ElTableColumn,
  ElTag,
} from 'element-plus';
import { defineComponent, h, onBeforeUnmount, ref, watch } from 'vue';
import { RouterLink } from 'vue-router';
import { CaseType } from '../../../../../domain/contracts/outbound.js';
import { TaskList, type TaskView } from '../../../../../domain/contracts/tasks.js';
import { beijingTime } from '../../lib/session.js';
import { caseTypeLabels, placeName } from '../../lib/dashboard.js';
import { explain } from '../lib/api.js';
import { useWorkbench } from '../lib/context.js';
import { dueLeft, escalationText, mayClaim, reloadOnEvents, shanghaiToday, taskStatusLabels } from '../lib/inbox.js';
import './inbox.css';

const PAGE = 50;
/** The most a reload asks for at once (the API's cap): a reload keeps what "加载更多" had shown. */
const MAX_PAGE = 200;

export const InboxPage = defineComponent({
  name: 'InboxPage',
  setup() {
    const { claims, api, live } = useWorkbench();
    const isSupervisor = claims.role === 'supervisor';
    const scope = ref<'mine' | 'team'>('mine');
    const caseType = ref('');
    const dueBefore = ref('');
    const overdueOnly = ref(false);
    const items = ref<TaskView[]>([]);
    const nextCursor = ref<string | null>(null);
    const loading = ref(false);
    const loadingMore = ref(false);
    const error = ref('');
    const claiming = ref('');
    const today = ref(shanghaiToday());
    let generation = 0;

    const query = (limit: number, cursor?: string) => {
      const q = new URLSearchParams({ scope: scope.value, limit: String(limit) });
      if (caseType.value) q.set('caseType', caseType.value);
      if (dueBefore.value) q.set('dueBefore', dueBefore.value);
      if (overdueOnly.value) q.set('overdue', 'true');
      if (cursor) q.set('cursor', cursor);
      return `/api/tasks?${q.toString()}`;
    };

    /** Loads the first page again, as long as what is shown (a reload after "加载更多" keeps its rows). */
    const load = async () => {
      const mine = ++generation;
      loading.value = true;
      try {
        const page = await api.get(query(Math.min(MAX_PAGE, Math.max(PAGE, items.value.length))), TaskList);
        if (mine !== generation) return;
        items.value = page.items;
        nextCursor.value = page.nextCursor;
        today.value = shanghaiToday();
        error.value = '';
      } catch (err) {
        if (mine === generation) error.value = explain(err);
      } finally {
        if (mine === generation) loading.value = false;
      }
    };

    const loadMore = async () => {
      if (!nextCursor.value) return;
      const mine = generation;
      loadingMore.value = true;
      try {
        const page = await api.get(query(PAGE, nextCursor.value), TaskList);
        if (mine !== generation) return;
        const seen = new Set(items.value.map((t) => t.id));
        items.value = [...items.value, ...page.items.filter((t) => !seen.has(t.id))];
        nextCursor.value = page.nextCursor;
      } catch (err) {
        ElMessage.error(explain(err));
      } finally {
        loadingMore.value = false;
      }
    };

    const claim = async (task: TaskView) => {
      claiming.value = task.id;
      try {
        await api.post(`/api/tasks/${encodeURIComponent(task.id)}/claim`);
        ElMessage.success(`已认领：${task.title}`);
      } catch (err) {
        ElMessage.error(explain(err));
      } finally {
        claiming.value = '';
        await load();
      }
    };

    watch([scope, caseType, dueBefore, overdueOnly], () => {
      items.value = [];
      void load();
    });
    void load();
    // Any task event of the jurisdiction may change this list (the stream sends only the caller's jurisdiction).
    onBeforeUnmount(
      reloadOnEvents(
        live,
        (e) => e.topic === 'task.lifecycle.v1',
        () => void load(),
      ),
    );

    const filters = () =>
      h(ElForm, { inline: true, class: 'inbox-filters', onSubmit: (e: Event) => e.preventDefault() }, () => [
        h(ElFormItem, { label: '案件类型', for: 'inbox-case-type' }, () =>
          h(
            ElSelect,
            {
              id: 'inbox-case-type',
              modelValue: caseType.value,
              'onUpdate:modelValue': (v: string) => (caseType.value = v ?? ''),
              clearable: true,
              placeholder: '全部',
              style: 'width: 190px',
            },
            () => CaseType.options.map((t) => h(ElOption, { key: t, value: t, label: caseTypeLabels[t] ?? t })),
          ),
        ),
        h(ElFormItem, { label: '截止日期不晚于', for: 'inbox-due-before' }, () =>
          h(ElDatePicker, {
            id: 'inbox-due-before',
            modelValue: dueBefore.value,
            'onUpdate:modelValue': (v: string | null) => (dueBefore.value = v ?? ''),
            type: 'date',
            valueFormat: 'YYYY-MM-DD',
            placeholder: '不限',
            clearable: true,
          }),
        ),
        h(ElFormItem, null, () =>
          h(
            ElCheckbox,
            { id: 'inbox-overdue', modelValue: overdueOnly.value, 'onUpdate:modelValue': (v: unknown) => (overdueOnly.value = v === true) },
            () => '只看逾期',
          ),
        ),
        h(ElFormItem, null, () => h(ElButton, { onClick: () => void load(), loading: loading.value }, () => '刷新')),
      ]);

    const dueCell = (task: TaskView) => {
      const left = dueLeft(task, today.value);
      return h('div', { class: 'inbox-due' }, [
        h('span', null, beijingTime(task.dueAt)),
        task.dueProvisional ? h(ElTag, { size: 'small', type: 'info', title: '当年节假日安排尚未公布，截止日期为预计，公布后重新计算' }, () => '预计') : null,
        left.text ? h('div', { class: ['inbox-left', `tone-${left.tone}`] }, left.text) : null,
      ]);
    };

    const marks = (task: TaskView) => {
      const tags = [
        task.overdue ? h(ElTag, { type: 'danger', effect: 'dark', size: 'small' }, () => '已逾期') : null,
        task.escalationLevel > 0 ? h(ElTag, { type: 'warning', effect: 'dark', size: 'small' }, () => escalationText(task)) : null,
        task.slaPaused ? h(ElTag, { type: 'info', size: 'small' }, () => '计时暂停') : null,
      ].filter((tag) => tag !== null);
      return h('div', { class: 'inbox-marks' }, tags.length > 0 ? tags : h('span', { class: 'muted' }, '—'));
    };

    const table = () =>
      h(
        ElTable,
        {
          data: items.value,
          rowKey: 'id',
          'aria-label': scope.value === 'team' ? '团队待办' : '我的待办',
          rowClassName: ({ row }: { row: Partial<TaskView> }) =>
            row.overdue ? 'inbox-row-overdue' : (row.escalationLevel ?? 0) > 0 ? 'inbox-row-escalated' : '',
        },
        () => [
          h(
            ElTableColumn,
            { label: '任务', minWidth: 260 },
            {
              default: ({ row }: { row: TaskView }) =>
                h('div', { class: 'inbox-task', 'data-task-id': row.id }, [
                  h(RouterLink, { to: `/tasks/${encodeURIComponent(row.id)}`, class: 'inbox-task-link' }, () => row.title),
                  h('div', { class: 'muted small' }, [
                    h(RouterLink, { to: `/cases/${encodeURIComponent(row.caseId)}` }, () => '查看案件'),
                    ` · ${placeName(row.regionCode)}`,
                  ]),
                ]),
            },
          ),
          h(ElTableColumn, { label: '案件类型', minWidth: 130 }, { default: ({ row }: { row: TaskView }) => caseTypeLabels[row.caseType] ?? row.caseType }),
          h(ElTableColumn, { label: '截止时间', minWidth: 190 }, { default: ({ row }: { row: TaskView }) => dueCell(row) }),
          h(ElTableColumn, { label: '提醒', minWidth: 140 }, { default: ({ row }: { row: TaskView }) => marks(row) }),
          h(
            ElTableColumn,
            { label: '状态', minWidth: 130 },
            {
              default: ({ row }: { row: TaskView }) =>
                row.status === 'claimed' && row.assignee
                  ? `${taskStatusLabels.claimed}（${row.assignee === claims.user ? '我' : row.assignee}）`
                  : (taskStatusLabels[row.status] ?? row.status),
            },
          ),
          h(
            ElTableColumn,
            { label: '操作', minWidth: 110 },
            {
              default: ({ row }: { row: TaskView }) =>
                row.status === 'open' && mayClaim(claims, row)
                  ? h(
                      ElButton,
                      {
                        type: 'primary',
                        size: 'small',
                        loading: claiming.value === row.id,
                        onClick: () => void claim(row),
                        'aria-label': `认领：${row.title}`,
                      },
                      () => '认领',
                    )
                  : h(RouterLink, { to: `/tasks/${encodeURIComponent(row.id)}`, 'aria-label': `办理：${row.title}` }, () => '办理'),
            },
          ),
        ],
      );

    return () =>
      h('section', { class: 'inbox', 'aria-busy': loading.value ? 'true' : 'false' }, [
        h('div', { class: 'inbox-head' }, [
          h('h2', null, scope.value === 'team' ? '团队待办' : '我的待办'),
          isSupervisor
            ? h(
                ElRadioGroup,
                { modelValue: scope.value, 'onUpdate:modelValue': (v: unknown) => (scope.value = v === 'team' ? 'team' : 'mine'), 'aria-label': '待办范围' },
                () => [h(ElRadioButton, { value: 'mine' }, () => '我的待办'), h(ElRadioButton, { value: 'team' }, () => '团队待办')],
              )
            : null,
        ]),
        h(
          'p',
          { class: 'muted small' },
          scope.value === 'team'
            ? '辖区内所有未办结的任务，按截止时间排序，最早到期的在前。'
            : '分配给我的任务和我可以认领的任务，按截止时间排序，最早到期的在前。同事认领后会自动移出。',
        ),
        filters(),
        error.value
          ? h(ElAlert, { type: 'error', title: error.value, closable: false, showIcon: true, role: 'alert' }, () =>
              h(ElButton, { size: 'small', onClick: () => void load() }, () => '重试'),
            )
          : null,
        !error.value && !loading.value && items.value.length === 0
          ? h(ElEmpty, { description: caseType.value || dueBefore.value || overdueOnly.value ? '没有符合条件的任务' : '暂无待办任务' })
          : items.value.length > 0
            ? table()
            : null,
        nextCursor.value
          ? h(
              'div',
              { class: 'inbox-more' },
              h(ElButton, { onClick: () => void loadMore(), loading: loadingMore.value }, () => '加载更多'),
            )
          : null,
      ]);
  },
});
