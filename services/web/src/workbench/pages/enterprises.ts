/**
 * 我的重点企业: a liaison officer's accounts (GET /api/enterprises?scope=mine), soonest contact due
 * first, an overdue contact said in words and in red; supervisors and leaders see their whole
 * jurisdiction's list (or only the accounts they keep themselves) and put enterprises on it.
 */
import { ElAlert, ElButton, ElCollapse, ElCollapseItem, ElEmpty, ElRadioButton, ElRadioGroup, ElTable, ElTableColumn } from 'element-plus';
import { computed, defineComponent, h, onBeforeUnmount, onMounted, ref } from 'vue';
import { RouterLink } from 'vue-router';
import { EnterpriseList, type EnterpriseSummary } from '../../../../../domain/contracts/key-enterprise.js';
import { placeName } from '../../lib/dashboard.js';
import { explain } from '../lib/api.js';
import { bySoonestDue, dueState } from '../lib/accounts.js';
import { useWorkbench } from '../lib/context.js';
import { ListingForm } from './listing-form.js';
import './accounts.css';

/** Pages of the list read at most: 2,000 accounts, more than any county's list holds. */
const MAX_PAGES = 10;
const PAGE = 200;

/** Roles that keep the list (POST /api/enterprises). */
export const LIST_KEEPERS = ['supervisor', 'leader'];

export const EnterprisesPage = defineComponent({
  name: 'EnterprisesPage',
  setup() {
    const { claims, api, live } = useWorkbench();
    const keepsList = LIST_KEEPERS.includes(claims.role);
    const scope = ref<'mine' | 'jurisdiction'>(keepsList ? 'jurisdiction' : 'mine');
    const items = ref<EnterpriseSummary[]>([]);
    const loading = ref(false);
    const failure = ref('');
    const truncated = ref(false);

    const load = async () => {
      loading.value = true;
      failure.value = '';
      try {
        const all: EnterpriseSummary[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query = new URLSearchParams({ scope: scope.value, limit: String(PAGE), ...(cursor ? { cursor } : {}) });
          const page: { items: EnterpriseSummary[]; nextCursor: string | null } = await api.get(`/api/enterprises?${query.toString()}`, EnterpriseList);
          all.push(...page.items);
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor && pages < MAX_PAGES);
        truncated.value = cursor !== null;
        items.value = bySoonestDue(all);
      } catch (err) {
        failure.value = explain(err);
      } finally {
        loading.value = false;
      }
    };

    // A contact done, a demand recorded or filled moves the list's figures: read it again then.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 800);
    };
    const stops = [
      live.subscribe((m) => {
        if ((m.event === 'case.lifecycle.v1' || m.event === 'task.lifecycle.v1') && m.data.includes('"key-enterprise:')) soon();
      }),
      live.onGap(soon),
    ];
    onMounted(() => void load());
    onBeforeUnmount(() => {
      clearTimeout(timer);
      for (const stop of stops) stop();
    });

    const overdue = computed(() => items.value.filter((e) => dueState(e.nextContactDue).kind === 'overdue').length);

    const table = () =>
      h(
        ElTable,
        { data: items.value, border: true, stripe: true, 'aria-label': '重点企业', emptyText: '暂无企业', rowKey: 'creditCode', class: 'enterprise-table' },
        () => [
          h(
            ElTableColumn,
            { label: '企业名称', minWidth: 220 },
            {
              default: ({ row }: { row: EnterpriseSummary }) =>
                h(RouterLink, { to: `/enterprises/${row.creditCode}`, class: 'enterprise-link' }, () => row.name),
            },
          ),
          h(ElTableColumn, { prop: 'creditCode', label: '统一社会信用代码', minWidth: 190 }),
          h(ElTableColumn, { label: '所在地区', minWidth: 130 }, { default: ({ row }: { row: EnterpriseSummary }) => placeName(row.regionCode) }),
          h(ElTableColumn, { prop: 'specialistId', label: '就业服务专员', minWidth: 120 }),
          h(
            ElTableColumn,
            { label: '下次联系', minWidth: 190 },
            {
              default: ({ row }: { row: EnterpriseSummary }) => {
                const due = dueState(row.nextContactDue);
                return h('span', { class: ['due', `due-${due.kind}`], 'data-due': due.kind }, [
                  row.nextContactDue ? h('span', { class: 'due-date' }, row.nextContactDue) : null,
                  h('span', { class: 'due-text' }, due.text),
                ]);
              },
            },
          ),
          h(ElTableColumn, { label: '在招需求', width: 100, align: 'right' }, { default: ({ row }: { row: EnterpriseSummary }) => `${row.openDemands} 项` }),
          h(
            ElTableColumn,
            { label: '尚缺 / 已招', width: 120, align: 'right' },
            {
              default: ({ row }: { row: EnterpriseSummary }) => `${row.vacanciesOpen} / ${row.vacanciesFilled} 人`,
            },
          ),
          h(
            ElTableColumn,
            { label: '参保人数', width: 130, align: 'right' },
            {
              default: ({ row }: { row: EnterpriseSummary }) => (row.headcount ? `${row.headcount.count}（${row.headcount.period}）` : '—'),
            },
          ),
        ],
      );

    return () =>
      h('section', { class: 'accounts-page' }, [
        h('div', { class: 'page-head' }, [
          h('h2', null, scope.value === 'mine' ? '我的重点企业' : '辖区重点企业'),
          keepsList
            ? h(
                ElRadioGroup,
                {
                  modelValue: scope.value,
                  'aria-label': '显示范围',
                  'onUpdate:modelValue': (v: unknown) => ((scope.value = v === 'mine' ? 'mine' : 'jurisdiction'), void load()),
                },
                () => [h(ElRadioButton, { value: 'jurisdiction' }, () => '辖区全部'), h(ElRadioButton, { value: 'mine' }, () => '我负责的')],
              )
            : null,
          h(ElButton, { onClick: () => void load(), loading: loading.value }, () => '刷新'),
        ]),
        h(
          'p',
          { class: 'muted', role: 'status' },
          loading.value ? '正在读取…' : `共 ${items.value.length} 户，按下次联系时间排序${overdue.value ? `；${overdue.value} 户联系已逾期` : ''}`,
        ),
        failure.value ? h(ElAlert, { type: 'error', title: failure.value, showIcon: true, closable: false, role: 'alert' }) : null,
        truncated.value ? h(ElAlert, { type: 'warning', title: `只显示了前 ${MAX_PAGES * PAGE} 户`, showIcon: true, closable: false }) : null,
        items.value.length || loading.value ? table() : h(ElEmpty, { description: scope.value === 'mine' ? '您还没有负责的重点企业' : '辖区内暂无重点企业' }),
        keepsList
          ? h(ElCollapse, { class: 'listing-collapse' }, () =>
              h(ElCollapseItem, { title: '列入重点企业名单', name: 'listing' }, () => h(ListingForm, { idPrefix: 'new-listing', onSaved: soon })),
            )
          : null,
      ]);
  },
});
