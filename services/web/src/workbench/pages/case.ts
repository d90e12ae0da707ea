/**
 * A case: its summary and timeline (Beijing times), for a graduate its ledger line with each
 * service item on time, late or missing, its open tasks with links to the task page, the audit
 * trail for supervisors and leaders, and the actions a person takes on the case itself (a
 * graduate's outcome, closing a case a person closes). The person is shown masked, as every answer
 * gives them; the roles that may see them in full ask for it ("查看完整信息"), which the server
 * audits before it answers, and the page forgets the answer when it is left. Events of this case
 * on the stream reload it.
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
  ElMessage,
  ElOption,
  ElSelect,
  ElTable,
  ElTableColumn,
  ElTag,
  ElTimeline,
  ElTimelineItem,
} from 'element-plus';
import type { z } from 'zod';
import { computed, defineComponent, h, onBeforeUnmount, ref, watch, type VNode } from 'vue';
import { RouterLink, useRoute } from 'vue-router';
import { auditReaders, personalDataReaders } from '../../../../../domain/access.js';
import type { Role } from '../../../../../domain/actor.js';
import { graduate1311CaseYear, graduate1311Labels, GraduateOutcome } from '../../../../../domain/cases/graduate-1311.js';
import { GraduateLedgerLinePage, GraduateOutcomeBody, type GraduateLedgerLineView } from '../../../../../domain/contracts/graduate-1311.js';
import { CaseDetail, CloseCaseBody, PersonalData } from '../../../../../domain/contracts/http.js';
import { AuditList, TaskList, type TaskView } from '../../../../../domain/contracts/tasks.js';
import { roleNames } from '../../components/login.js';
import { caseTypeLabels, placeName } from '../../lib/dashboard.js';
import { beijingTime } from '../../lib/session.js';
import { ApiError, explain } from '../lib/api.js';
import { useWorkbench } from '../lib/context.js';
import { dueLeft, reloadOnEvents, shanghaiToday, taskStatusLabels } from '../lib/inbox.js';
import './inbox.css';

type AuditEntry = z.infer<typeof AuditList>['items'][number];

const caseStatusLabels: Record<string, string> = { opened: '已立案', 'in-progress': '办理中', escalated: '已升级', closed: '已办结' };

/** Timeline entries and audit actions in words; an unknown kind shows as a plain record. */
const kindLabels: Record<string, string> = {
  opened: '立案',
  reopened: '重新立案',
  advanced: '推进',
  closed: '办结',
  'case.close': '关闭案件',
  'task.created': '生成任务',
  'task.claim': '认领任务',
  'task.release': '退回任务',
  'task.complete': '办结任务',
  'task.reassign': '改派任务',
  'task.note': '添加备注',
  'task.overdue': '任务逾期',
  'task.escalated': '任务升级',
  'task.cancelled': '撤销任务',
  'task.pause-sla': '暂停计时',
  'task.resume-sla': '恢复计时',
  'registry.checked': '核查登记信息',
  'view-personal-data': '查看完整个人信息',
  'export-ledger': '导出台账',
};

/** What a task is about, read from its type's last words (graduate-first-contact → 首次联系). */
const taskSubjects: [suffix: string, label: string][] = [
  ['first-contact', '首次联系'],
  ['policy-briefing', '政策宣介'],
  ['job-recommendation', '岗位推荐'],
  ['vocational-guidance', '职业指导'],
  ['training-or-internship', '技能培训或就业见习'],
  ['target-review', '帮扶对象复核'],
  ['layoff-review', '核查裁员方案'],
];
const taskSubject = (type: unknown): string => (typeof type === 'string' ? (taskSubjects.find(([suffix]) => type.endsWith(suffix))?.[1] ?? '') : '');

const itemStates: Record<string, { text: string; type: 'success' | 'warning' | 'danger' | 'info' | 'primary' }> = {
  'on-time': { text: '按期完成', type: 'success' },
  late: { text: '逾期完成', type: 'warning' },
  missing: { text: '未按期提供', type: 'danger' },
  pending: { text: '办理中', type: 'primary' },
  cancelled: { text: '案件办结，未再提供', type: 'info' },
};

/** Who records a graduate's outcome and closes a case: the roles the API lets do it (services/http). */
const caseActors: readonly string[] = ['caseworker', 'supervisor'];
/** The case types a person closes (services/http/case-close.ts); others close by their own process. */
const closableTypes: readonly string[] = ['layoff-filing'];
/** The case types with a person whose details the page can show. */
const typesWithPerson: readonly string[] = ['graduate-1311', 'reemployment'];

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export const CasePage = defineComponent({
  name: 'CasePage',
  setup() {
    const { claims, api, live } = useWorkbench();
    const route = useRoute();
    const role = claims.role as Role;
    const id = computed(() => String(route.params.id ?? ''));
    const path = (suffix = '') => `/api/cases/${encodeURIComponent(id.value)}${suffix}`;

    const detail = ref<CaseDetail>();
    const error = ref('');
    const loading = ref(true);
    const line = ref<GraduateLedgerLineView>();
    const tasks = ref<TaskView[]>([]);
    const audit = ref<AuditEntry[]>([]);
    const sideErrors = ref<Record<string, string>>({});
    const person = ref<PersonalData>();
    const personBusy = ref(false);
    const personError = ref('');
    const today = ref(shanghaiToday());

    /** A part of the page that failed says so in its own place; the rest still shows. */
    const part = async (name: string, load: () => Promise<void>) => {
      try {
        await load();
        const { [name]: _gone, ...rest } = sideErrors.value;
        sideErrors.value = rest;
      } catch (err) {
        sideErrors.value = { ...sideErrors.value, [name]: explain(err) };
      }
    };

    const loadAudit = async () => {
      audit.value = (await api.get(path('/audit'), AuditList)).items;
    };

    const load = async () => {
      const asked = id.value;
      try {
        const got = await api.get(path(), CaseDetail);
        if (asked !== id.value) return;
        detail.value = got;
        error.value = '';
        today.value = shanghaiToday();
      } catch (err) {
        if (asked === id.value) error.value = explain(err);
        return;
      } finally {
        if (asked === id.value) loading.value = false;
      }
      const year = graduate1311CaseYear(asked);
      await Promise.all([
        part('tasks', async () => {
          tasks.value = (await api.get(`/api/tasks?scope=team&limit=200&caseId=${encodeURIComponent(asked)}`, TaskList)).items;
        }),
        detail.value.type === 'graduate-1311' && year !== undefined
          ? part('line', async () => {
              try {
                const page = await api.get(`/api/ledgers/graduates/lines?year=${year}&caseId=${encodeURIComponent(asked)}`, GraduateLedgerLinePage);
                line.value = page.items[0];
              } catch (err) {
                // A role without the ledger (a liaison officer) sees the case without its line.
                if (err instanceof ApiError && err.status === 403) line.value = undefined;
                else throw err;
              }
            })
          : undefined,
        auditReaders.includes(role) ? part('audit', loadAudit) : undefined,
      ]);
    };

    watch(id, () => {
      detail.value = undefined;
      line.value = undefined;
      tasks.value = [];
      audit.value = [];
      person.value = undefined;
      personError.value = '';
      loading.value = true;
      void load();
    });
    void load();
    onBeforeUnmount(
      reloadOnEvents(
        live,
        (e) => e.caseId === id.value,
        () => void load(),
      ),
    );
    // The person's full details live only as long as the page: leaving it drops them.
    onBeforeUnmount(() => (person.value = undefined));

    const revealPerson = async () => {
      personBusy.value = true;
      personError.value = '';
      try {
        person.value = await api.get(path('/personal-data'), PersonalData);
        // The view just audited shows in the trail at once.
        if (auditReaders.includes(role)) void part('audit', loadAudit);
      } catch (err) {
        personError.value = explain(err);
      } finally {
        personBusy.value = false;
      }
    };

    // The outcome form (a graduate case) and the close form.
    const outcome = ref('');
    const outcomeNote = ref('');
    const employer = ref('');
    const outcomeErrors = ref<Record<string, string>>({});
    const outcomeBusy = ref(false);
    const closeReason = ref('');
    const closeError = ref('');
    const closeBusy = ref(false);

    const submitOutcome = async () => {
      const body = {
        outcome: outcome.value,
        note: outcomeNote.value.trim(),
        ...(outcome.value === 'employed' ? { employerCreditCode: employer.value.trim() || undefined } : {}),
      };
      const parsed = GraduateOutcomeBody.safeParse(body);
      const errors: Record<string, string> = {};
      if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      // The schema's own words for a missing choice are zod's; a person reads this instead.
      if (!outcome.value) errors.outcome = '请选择去向';
      outcomeErrors.value = errors;
      if (!parsed.success || Object.keys(errors).length > 0) return;
      outcomeBusy.value = true;
      try {
        await api.post(path('/outcome'), parsed.data);
        ElMessage.success('已登记去向，案件将随之办结');
        outcome.value = '';
        outcomeNote.value = '';
        employer.value = '';
      } catch (err) {
        const fields: Record<string, string> = {};
        if (err instanceof ApiError) for (const issue of err.issues) fields[issue.path.split('.')[0] ?? ''] ??= issue.message;
        outcomeErrors.value = fields;
        ElMessage.error(explain(err));
      } finally {
        outcomeBusy.value = false;
        await load();
      }
    };

    const submitClose = async () => {
      const parsed = CloseCaseBody.safeParse({ reason: closeReason.value.trim() });
      if (!parsed.success) {
        closeError.value = parsed.error.issues[0]?.message ?? '请填写关闭原因';
        return;
      }
      closeError.value = '';
      closeBusy.value = true;
      try {
        await api.post(path('/close'), parsed.data);
        ElMessage.success('已提交关闭，案件将随之办结');
        closeReason.value = '';
      } catch (err) {
        closeError.value = explain(err);
      } finally {
        closeBusy.value = false;
        await load();
      }
    };

    const card = (title: string, body: () => (VNode | string | null)[], extra: VNode | null = null) =>
      h(ElCard, { shadow: 'never' }, { header: () => h('div', { class: 'case-head' }, [h('h3', null, title), extra]), default: body });

    const partError = (name: string) =>
      sideErrors.value[name] ? h(ElAlert, { type: 'error', title: sideErrors.value[name], closable: false, showIcon: true, role: 'alert' }) : null;

    const personCard = (c: CaseDetail) => {
      if (!typesWithPerson.includes(c.type)) return null;
      const mayReveal = personalDataReaders.includes(role);
      const shown = person.value;
      return card(
        '服务对象',
        () => [
          h(ElDescriptions, { column: 3, border: true, class: 'case-person' }, () => [
            h(ElDescriptionsItem, { label: '姓名' }, () => shown?.name ?? line.value?.name ?? '（已隐藏）'),
            h(ElDescriptionsItem, { label: '身份证号' }, () => shown?.idNumber ?? line.value?.idNumber ?? '（已隐藏）'),
            h(ElDescriptionsItem, { label: '联系电话' }, () => (shown ? (shown.phone ?? '未提供') : '（已隐藏）')),
          ]),
          shown
            ? h(ElAlert, {
                class: 'case-person-full',
                type: 'warning',
                closable: false,
                showIcon: true,
                title: '正在显示完整个人信息：本次查看已记入审计记录，离开本页后不再显示。请勿截屏、转发。',
              })
            : h(
                'p',
                { class: 'muted small' },
                mayReveal ? '个人信息已隐藏。需要联系服务对象时可查看完整信息，每次查看都会记入审计记录。' : '个人信息已隐藏；您的岗位不能查看完整信息。',
              ),
          personError.value ? h(ElAlert, { type: 'error', title: personError.value, closable: false, showIcon: true, role: 'alert' }) : null,
        ],
        mayReveal
          ? shown
            ? h(ElButton, { onClick: () => (person.value = undefined) }, () => '隐藏完整信息')
            : h(ElButton, { type: 'warning', plain: true, loading: personBusy.value, onClick: () => void revealPerson() }, () => '查看完整信息')
          : null,
      );
    };

    const lineCard = () => {
      const l = line.value;
      if (!l) return partError('line') ? card('服务台账', () => [partError('line')]) : null;
      const labels = graduate1311Labels;
      return card('服务台账（1311）', () => [
        h(ElDescriptions, { column: 3, border: true, size: 'small' }, () => [
          h(ElDescriptionsItem, { label: '毕业院校' }, () => l.school),
          h(ElDescriptionsItem, { label: '专业' }, () => l.major),
          h(ElDescriptionsItem, { label: '学历' }, () => labels.degree[l.degree]),
          h(ElDescriptionsItem, { label: '毕业时间' }, () => l.graduationDate),
          h(ElDescriptionsItem, { label: '就业意向' }, () =>
            l.intention ? (labels.intention[l.intention as keyof typeof labels.intention] ?? l.intention) : '未登记',
          ),
          h(ElDescriptionsItem, { label: '台账状态' }, () => labels.status[l.status]),
          h(ElDescriptionsItem, { label: '联系次数' }, () => String(l.contactAttempts)),
          h(ElDescriptionsItem, { label: '去向' }, () => (l.outcome ? (labels.outcome[l.outcome as keyof typeof labels.outcome] ?? l.outcome) : '—')),
          h(ElDescriptionsItem, { label: '毕业6个月仍未落实' }, () => (l.flagged ? '是' : '否')),
        ]),
        l.items.length === 0
          ? h('p', { class: 'muted' }, '首次联系后开始提供服务项目。')
          : h(
              ElTable,
              {
                data: [...l.items].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.seq - b.seq),
                size: 'small',
                border: true,
                'aria-label': '服务项目',
                style: 'margin-top: 10px',
              },
              () => [
                h(
                  ElTableColumn,
                  { label: '服务项目', minWidth: 170 },
                  {
                    default: ({ row }: { row: GraduateLedgerLineView['items'][number] }) =>
                      `${labels.serviceItem[row.kind]}${row.kind === 'job-recommendation' ? `（第 ${row.seq} 次）` : ''}`,
                  },
                ),
                h(
                  ElTableColumn,
                  { label: '应提供日期', minWidth: 140 },
                  {
                    default: ({ row }: { row: GraduateLedgerLineView['items'][number] }) =>
                      h('span', null, [
                        row.dueDate,
                        row.dueProvisional ? h(ElTag, { size: 'small', type: 'info', style: 'margin-left: 6px' }, () => '预计') : null,
                      ]),
                  },
                ),
                h(
                  ElTableColumn,
                  { label: '情况', minWidth: 150 },
                  {
                    default: ({ row }: { row: GraduateLedgerLineView['items'][number] }) => {
                      const s = itemStates[row.state] ?? { text: row.state, type: 'info' as const };
                      return h(ElTag, { type: s.type, effect: row.state === 'missing' ? 'dark' : 'light' }, () => s.text);
                    },
                  },
                ),
                h(
                  ElTableColumn,
                  { label: '完成时间', minWidth: 150 },
                  {
                    default: ({ row }: { row: GraduateLedgerLineView['items'][number] }) => (row.completedAt ? beijingTime(row.completedAt) : '—'),
                  },
                ),
                h(
                  ElTableColumn,
                  { label: '推荐岗位 / 反馈', minWidth: 200 },
                  {
                    default: ({ row }: { row: GraduateLedgerLineView['items'][number] }) =>
                      [
                        row.position && row.employer ? `${row.position}（${row.employer}）` : '',
                        row.response ? (labels.response[row.response as keyof typeof labels.response] ?? row.response) : '',
                      ]
                        .filter(Boolean)
                        .join('，') || '—',
                  },
                ),
              ],
            ),
      ]);
    };

    const tasksCard = () =>
      card('在办任务', () => [
        partError('tasks'),
        tasks.value.length === 0
          ? h('p', { class: 'muted' }, '此案件暂无在办任务。')
          : h(ElTable, { data: tasks.value, size: 'small', 'aria-label': '在办任务' }, () => [
              h(
                ElTableColumn,
                { label: '任务', minWidth: 220 },
                {
                  default: ({ row }: { row: TaskView }) => h(RouterLink, { to: `/tasks/${encodeURIComponent(row.id)}` }, () => row.title),
                },
              ),
              h(
                ElTableColumn,
                { label: '截止时间', minWidth: 220 },
                {
                  default: ({ row }: { row: TaskView }) => {
                    const left = dueLeft(row, today.value);
                    return h('span', null, [
                      beijingTime(row.dueAt),
                      row.dueProvisional ? h(ElTag, { size: 'small', type: 'info', style: 'margin-left: 6px' }, () => '预计') : null,
                      left.text ? h('span', { class: ['inbox-left', `tone-${left.tone}`], style: 'margin-left: 8px' }, left.text) : null,
                    ]);
                  },
                },
              ),
              h(
                ElTableColumn,
                { label: '状态', minWidth: 160 },
                {
                  default: ({ row }: { row: TaskView }) =>
                    h('span', null, [
                      row.status === 'claimed' && row.assignee ? `已认领（${row.assignee}）` : (taskStatusLabels[row.status] ?? row.status),
                      row.overdue ? h(ElTag, { type: 'danger', size: 'small', style: 'margin-left: 6px' }, () => '已逾期') : null,
                    ]),
                },
              ),
            ]),
      ]);

    const timelineCard = (c: CaseDetail) =>
      card('办理经过', () => [
        h(ElTimeline, { class: 'case-timeline' }, () =>
          [...c.timeline].reverse().map((e) => {
            const d = e.detail;
            const subject = taskSubject(d.taskType);
            const what = `${kindLabels[e.kind] ?? '记录'}${subject ? `：${subject}` : ''}`;
            const why = text(d.reason) || text(d.text) || text(d.note);
            const by = text(d.by);
            return h(ElTimelineItem, { key: e.seq, timestamp: beijingTime(e.occurredAt), placement: 'top' }, () => [
              h('span', { class: 'what' }, what),
              why ? h('span', null, `　${why}`) : null,
              by && by !== 'system' ? h('span', { class: 'muted small' }, `　（${by}）`) : null,
            ]);
          }),
        ),
      ]);

    const auditCard = () =>
      auditReaders.includes(role)
        ? card('审计记录', () => [
            partError('audit'),
            h(ElTable, { data: audit.value, size: 'small', border: true, 'aria-label': '审计记录', emptyText: '暂无审计记录', class: 'case-audit' }, () => [
              h(ElTableColumn, { label: '时间', minWidth: 150 }, { default: ({ row }: { row: AuditEntry }) => beijingTime(row.at) }),
              h(ElTableColumn, { label: '操作人', prop: 'actorId', minWidth: 140 }),
              h(
                ElTableColumn,
                { label: '岗位', minWidth: 100 },
                {
                  default: ({ row }: { row: AuditEntry }) => (row.actorRole === 'system' ? '系统' : (roleNames[row.actorRole] ?? row.actorRole)),
                },
              ),
              h(ElTableColumn, { label: '操作', minWidth: 160 }, { default: ({ row }: { row: AuditEntry }) => kindLabels[row.action] ?? row.action }),
            ]),
          ])
        : null;

    const outcomeCard = (c: CaseDetail) => {
      if (c.type !== 'graduate-1311' || c.status === 'closed' || !caseActors.includes(role)) return null;
      const options = GraduateOutcome.options.filter((o) => o !== 'unreachable');
      return card('登记去向', () => [
        h('p', { class: 'muted small' }, '登记后案件办结，去向报送教育部门。'),
        h(ElForm, { labelPosition: 'top', class: 'case-form', onSubmit: (e: Event) => e.preventDefault() }, () => [
          h(ElFormItem, { label: '去向', for: 'outcome-kind', error: outcomeErrors.value.outcome ?? '', required: true }, () =>
            h(
              ElSelect,
              { id: 'outcome-kind', modelValue: outcome.value, 'onUpdate:modelValue': (v: string) => (outcome.value = v ?? ''), placeholder: '请选择' },
              () => options.map((o) => h(ElOption, { key: o, value: o, label: graduate1311Labels.outcome[o] })),
            ),
          ),
          outcome.value === 'employed'
            ? h(
                ElFormItem,
                { label: '用人单位统一社会信用代码', for: 'outcome-employer', error: outcomeErrors.value.employerCreditCode ?? '', required: true },
                () =>
                  h(ElInput, {
                    id: 'outcome-employer',
                    modelValue: employer.value,
                    'onUpdate:modelValue': (v: string) => (employer.value = v),
                    maxlength: 18,
                    autocomplete: 'off',
                  }),
              )
            : null,
          h(ElFormItem, { label: '去向说明', for: 'outcome-note', error: outcomeErrors.value.note ?? '', required: true }, () =>
            h(ElInput, {
              id: 'outcome-note',
              type: 'textarea',
              rows: 3,
              modelValue: outcomeNote.value,
              'onUpdate:modelValue': (v: string) => (outcomeNote.value = v),
            }),
          ),
          h(ElButton, { type: 'primary', loading: outcomeBusy.value, onClick: () => void submitOutcome() }, () => '登记去向'),
        ]),
      ]);
    };

    const closeCard = (c: CaseDetail) => {
      if (!closableTypes.includes(c.type) || c.status === 'closed' || !caseActors.includes(role)) return null;
      return card('关闭案件', () => [
        h(ElForm, { labelPosition: 'top', class: 'case-form', onSubmit: (e: Event) => e.preventDefault() }, () => [
          h(ElFormItem, { label: '关闭原因', for: 'close-reason', error: closeError.value, required: true }, () =>
            h(ElInput, {
              id: 'close-reason',
              type: 'textarea',
              rows: 2,
              modelValue: closeReason.value,
              'onUpdate:modelValue': (v: string) => (closeReason.value = v),
            }),
          ),
          h(ElButton, { type: 'danger', plain: true, loading: closeBusy.value, onClick: () => void submitClose() }, () => '关闭案件'),
        ]),
      ]);
    };

    return () => {
      const c = detail.value;
      if (!c) {
        return h('section', { class: 'case-page', 'aria-busy': loading.value ? 'true' : 'false' }, [
          error.value
            ? h(ElAlert, { type: 'error', title: error.value, closable: false, showIcon: true, role: 'alert' }, () =>
                h(ElButton, { size: 'small', onClick: () => void load() }, () => '重试'),
              )
            : h(ElEmpty, { description: '正在加载案件…' }),
          h(
            'p',
            null,
            h(RouterLink, { to: '/tasks' }, () => '返回待办'),
          ),
        ]);
      }
      return h('section', { class: 'case-page' }, [
        h('div', { class: 'case-head' }, [
          h('h2', null, c.title),
          h(ElTag, { type: c.status === 'closed' ? 'info' : c.status === 'escalated' ? 'warning' : 'primary' }, () => caseStatusLabels[c.status] ?? c.status),
        ]),
        h('p', { class: 'muted' }, [
          `${caseTypeLabels[c.type] ?? c.type} · ${placeName(c.regionCode)} · 立案 ${beijingTime(c.openedAt)}`,
          c.closedAt ? ` · 办结 ${beijingTime(c.closedAt)}` : '',
          c.reason ? ` · ${c.reason}` : '',
        ]),
        error.value ? h(ElAlert, { type: 'error', title: error.value, closable: false, showIcon: true, role: 'alert' }) : null,
        personCard(c),
        lineCard(),
        tasksCard(),
        outcomeCard(c),
        closeCard(c),
        timelineCard(c),
        auditCard(),
      ]);
    };
  },
});
