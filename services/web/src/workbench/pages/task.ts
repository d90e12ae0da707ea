/**
 * /workbench/tasks/:id — one task and everything the signed-in person may do with it: claim,
 * release, complete (the form generated from the task type's result schema), reassign
 * (supervisors), note, pause and resume the clock. Which actions show is decided by the rules the
 * workflow itself applies (domain/access.ts); a refusal the page could not foresee (someone else
 * claimed it first) is said as the server says it. The task follows the live stream: a colleague's
 * claim or an escalation shows without a reload.
 */
import './task.css';
import { ElAlert, ElButton, ElCard, ElDescriptions, ElDescriptionsItem, ElForm, ElFormItem, ElInput, ElTag, ElTooltip } from 'element-plus';
import { computed, defineComponent, h, onBeforeUnmount, onMounted, ref, watch, type VNode } from 'vue';
import { RouterLink, useRoute } from 'vue-router';
import { z } from 'zod';
import type { TaskAction } from '../../../../../domain/access.js';
import { roleNames, type Actor } from '../../../../../domain/actor.js';
import { taskResultSchemas } from '../../../../../domain/cases/index.js';
import type { FieldIssue } from '../../../../../domain/contracts/common.js';
import { TaskView } from '../../../../../domain/contracts/tasks.js';
import { caseTypeLabels, placeName } from '../../lib/dashboard.js';
import { beijingTime } from '../../lib/session.js';
import { ResultForm } from '../components/result-form.js';
import { ApiError, explain } from '../lib/api.js';
import { useWorkbench } from '../lib/context.js';
import { formModel } from '../lib/result-form.js';
import { allowedActions, deadlineText, escalationSteps, PROVISIONAL_EXPLANATION, resultLines, taskStatusLabels } from '../lib/task-page.js';

const statusTags: Record<TaskView['status'], 'primary' | 'warning' | 'success' | 'info'> = {
  open: 'primary',
  claimed: 'warning',
  completed: 'success',
  cancelled: 'info',
};

const actionDone: Record<TaskAction, string> = {
  claim: '已认领，可以办理了',
  release: '已退回任务池',
  complete: '已办结',
  reassign: '已改派',
  note: '备注已添加',
  'pause-sla': '已暂停计时',
  'resume-sla': '已恢复计时',
};

const actionPaths: Record<TaskAction, string> = {
  claim: 'claim',
  release: 'release',
  complete: 'complete',
  reassign: 'reassign',
  note: 'notes',
  'pause-sla': 'sla/pause',
  'resume-sla': 'sla/resume',
};

/** A small form of text fields (reassign, note, pause) with its labels tied to its inputs. */
function textForm(
  idPrefix: string,
  fields: { key: string; label: string; multiline?: boolean; value: string; set: (v: string) => void }[],
  submitText: string,
  busy: boolean,
  onSubmit: () => void,
): VNode {
  return h(
    ElForm,
    {
      labelPosition: 'top',
      class: 'task-small-form',
      onSubmit: (e: Event) => {
        e.preventDefault();
        onSubmit();
      },
    },
    () => [
      ...fields.map((f) =>
        h(ElFormItem, { label: f.label, for: `${idPrefix}-${f.key}`, key: f.key }, () =>
          h(ElInput, {
            id: `${idPrefix}-${f.key}`,
            modelValue: f.value,
            'onUpdate:modelValue': f.set,
            type: f.multiline ? 'textarea' : 'text',
            autosize: f.multiline ? { minRows: 2, maxRows: 6 } : undefined,
            disabled: busy,
          }),
        ),
      ),
      h(ElButton, { nativeType: 'submit', loading: busy, disabled: busy }, () => submitText),
    ],
  );
}

export const TaskPage = defineComponent({
  name: 'TaskPage',
  setup() {
    const { api, claims, live } = useWorkbench();
    const route = useRoute();
    const id = computed(() => String(route.params.id));
    const actor = computed<Actor>(() => ({ userId: claims.user, role: claims.role as Actor['role'], jurisdiction: claims.jurisdiction }));

    const task = ref<TaskView>();
    const loadError = ref('');
    const busy = ref<TaskAction | ''>('');
    const problem = ref('');
    const done = ref('');
    const issues = ref<readonly FieldIssue[]>([]);
    const now = ref(new Date());
    const reassign = ref({ assignee: '', reason: '' });
    const note = ref('');
    const pauseReason = ref('');

    const load = async () => {
      try {
        task.value = await api.get(`/api/tasks/${encodeURIComponent(id.value)}`, TaskView);
        loadError.value = '';
        now.value = new Date();
      } catch (err) {
        loadError.value = explain(err);
      }
    };

    const act = async (action: TaskAction, body?: unknown) => {
      busy.value = action;
      problem.value = '';
      done.value = '';
      try {
        task.value = await api.post(`/api/tasks/${encodeURIComponent(id.value)}/${actionPaths[action]}`, body, TaskView);
        done.value = actionDone[action];
        issues.value = [];
        if (action === 'reassign') reassign.value = { assignee: '', reason: '' };
        if (action === 'note') note.value = '';
        if (action === 'pause-sla') pauseReason.value = '';
        return true;
      } catch (err) {
        problem.value = explain(err);
        if (err instanceof ApiError && err.status === 400) issues.value = err.issues;
        // A refusal because the task moved on (claimed by someone else, ended): show where it is now.
        if (err instanceof ApiError && err.status === 409) await load();
        return false;
      } finally {
        busy.value = '';
      }
    };

    let unsubscribe = () => {};
    let unGap = () => {};
    onMounted(() => {
      void load();
      unsubscribe = live.subscribe((message) => {
        if (message.event !== 'task.lifecycle.v1') return;
        try {
          const event = JSON.parse(message.data) as { taskId?: unknown };
          if (event.taskId === id.value) void load();
        } catch {
          // Not an event this page reads; the stream's other pages may.
        }
      });
      unGap = live.onGap(() => void load());
    });
    onBeforeUnmount(() => {
      unsubscribe();
      unGap();
    });
    watch(id, () => {
      task.value = undefined;
      problem.value = '';
      done.value = '';
      void load();
    });

    const model = computed(() => {
      const schema = task.value ? taskResultSchemas[task.value.type] : undefined;
      return schema ? formModel(z.toJSONSchema(schema, { io: 'input' })) : undefined;
    });

    const header = (t: TaskView) => {
      const steps = escalationSteps(t);
      return h(ElCard, { class: 'task-head', shadow: 'never' }, () => [
        h('div', { class: 'task-title' }, [
          h('h2', null, t.title),
          h(ElTag, { type: statusTags[t.status], effect: 'dark', class: 'task-status' }, () => taskStatusLabels[t.status]),
          t.overdue && (t.status === 'open' || t.status === 'claimed') ? h(ElTag, { type: 'danger', effect: 'dark' }, () => '已逾期') : null,
          steps.length ? h(ElTag, { type: 'danger' }, () => '已升级督办') : null,
          t.slaPaused ? h(ElTag, { type: 'info' }, () => '计时已暂停') : null,
        ]),
        h(ElDescriptions, { column: 2, border: true, size: 'small' }, () => [
          h(ElDescriptionsItem, { label: '案件' }, () => [
            h('span', null, `${caseTypeLabels[t.caseType] ?? t.caseType} · `),
            h(RouterLink, { to: `/cases/${encodeURIComponent(t.caseId)}` }, () => '查看案件'),
          ]),
          h(ElDescriptionsItem, { label: '区域' }, () => `${placeName(t.regionCode)}（${t.regionCode}）`),
          h(ElDescriptionsItem, { label: '办理人' }, () => t.assignee ?? `未认领（${roleNames[t.candidateRole]}可认领）`),
          h(ElDescriptionsItem, { label: '截止' }, () => [
            h('span', { class: 'task-deadline' }, t.slaPaused ? `截止 ${t.dueDate}（计时暂停中）` : deadlineText(t, now.value)),
            t.dueProvisional
              ? h(ElTooltip, { content: PROVISIONAL_EXPLANATION, placement: 'top' }, () =>
                  h(
                    ElTag,
                    { type: 'warning', size: 'small', class: 'task-provisional', tabindex: 0, 'aria-describedby': 'task-provisional-why' },
                    () => '预计',
                  ),
                )
              : null,
            t.dueProvisional ? h('p', { id: 'task-provisional-why', class: 'muted small' }, PROVISIONAL_EXPLANATION) : null,
          ]),
          steps.length ? h(ElDescriptionsItem, { label: '升级路径', span: 2 }, () => steps.join(' → ')) : null,
          h(ElDescriptionsItem, { label: '创建时间' }, () => beijingTime(t.createdAt)),
          h(ElDescriptionsItem, { label: '更新时间' }, () => beijingTime(t.updatedAt)),
        ]),
      ]);
    };

    const dataCard = (t: TaskView) =>
      t.data && Object.keys(t.data).length
        ? h(
            ElCard,
            { shadow: 'never', class: 'task-data' },
            { header: () => h('h3', null, '任务资料'), default: () => h('pre', null, JSON.stringify(t.data, null, 2)) },
          )
        : null;

    const resultCard = (t: TaskView, form = model.value) =>
      t.status === 'completed' && form
        ? h(
            ElCard,
            { shadow: 'never', class: 'task-result' },
            {
              header: () => h('h3', null, `办结结果${t.completedAt ? `（${beijingTime(t.completedAt)}）` : ''}`),
              default: () =>
                h(ElDescriptions, { column: 1, border: true, size: 'small' }, () =>
                  resultLines(form, t.result).map((line) => h(ElDescriptionsItem, { label: line.label, key: line.label }, () => line.value)),
                ),
            },
          )
        : null;

    const actions = (t: TaskView, allowed: Set<TaskAction>) => {
      const quick: VNode[] = [];
      if (allowed.has('claim'))
        quick.push(h(ElButton, { type: 'primary', loading: busy.value === 'claim', disabled: !!busy.value, onClick: () => act('claim') }, () => '认领'));
      if (allowed.has('release'))
        quick.push(h(ElButton, { loading: busy.value === 'release', disabled: !!busy.value, onClick: () => act('release') }, () => '退回'));
      if (allowed.has('resume-sla'))
        quick.push(h(ElButton, { loading: busy.value === 'resume-sla', disabled: !!busy.value, onClick: () => act('resume-sla') }, () => '恢复计时'));
      const forms: VNode[] = [];
      if (allowed.has('pause-sla'))
        forms.push(
          h('section', { class: 'task-action', key: 'pause' }, [
            h('h4', null, '暂停计时'),
            h('p', { class: 'muted small' }, '服务对象尚未提供材料等原因需要等待时，暂停截止日期的计算；恢复后按剩余工作日重新计算。'),
            textForm(
              'task-pause',
              [{ key: 'reason', label: '暂停原因', multiline: true, value: pauseReason.value, set: (v) => (pauseReason.value = v) }],
              '暂停计时',
              busy.value === 'pause-sla',
              () => (pauseReason.value.trim() ? void act('pause-sla', { reason: pauseReason.value }) : (problem.value = '请填写暂停原因')),
            ),
          ]),
        );
      if (allowed.has('reassign'))
        forms.push(
          h('section', { class: 'task-action', key: 'reassign' }, [
            h('h4', null, '改派'),
            textForm(
              'task-reassign',
              [
                { key: 'assignee', label: '改派给（用户名）', value: reassign.value.assignee, set: (v) => (reassign.value.assignee = v) },
                { key: 'reason', label: '改派原因', multiline: true, value: reassign.value.reason, set: (v) => (reassign.value.reason = v) },
              ],
              '改派',
              busy.value === 'reassign',
              () =>
                reassign.value.assignee.trim() && reassign.value.reason.trim()
                  ? void act('reassign', { ...reassign.value })
                  : (problem.value = '请填写改派对象和改派原因'),
            ),
          ]),
        );
      if (allowed.has('note'))
        forms.push(
          h('section', { class: 'task-action', key: 'note' }, [
            h('h4', null, '添加备注'),
            textForm(
              'task-note',
              [{ key: 'text', label: '备注内容', multiline: true, value: note.value, set: (v) => (note.value = v) }],
              '添加备注',
              busy.value === 'note',
              () => (note.value.trim() ? void act('note', { text: note.value }) : (problem.value = '请填写备注内容')),
            ),
          ]),
        );
      return [
        quick.length ? h('div', { class: 'task-quick' }, quick) : null,
        allowed.has('complete')
          ? h(
              ElCard,
              { shadow: 'never', class: 'task-complete' },
              {
                header: () => h('h3', null, '办结'),
                default: () =>
                  h(ResultForm, {
                    taskType: t.type,
                    taskId: t.id,
                    issues: issues.value,
                    busy: busy.value === 'complete',
                    onSubmit: (result: unknown) => void act('complete', { result }),
                  }),
              },
            )
          : null,
        forms.length ? h('div', { class: 'task-forms' }, forms) : null,
      ];
    };

    const notes = (t: TaskView) =>
      h(
        ElCard,
        { shadow: 'never', class: 'task-notes' },
        {
          header: () => h('h3', null, `备注（${t.notes.length}）`),
          default: () =>
            t.notes.length
              ? h(
                  'ol',
                  null,
                  t.notes.map((n, i) =>
                    h('li', { key: i }, [h('span', { class: 'muted small' }, `${beijingTime(n.at)} · ${roleNames[n.role]} ${n.by}`), h('p', null, n.text)]),
                  ),
                )
              : h('p', { class: 'muted' }, '暂无备注'),
        },
      );

    return () => {
      if (loadError.value && !task.value) return h(ElAlert, { type: 'error', closable: false, title: loadError.value, class: 'task-load-error' });
      const t = task.value;
      if (!t) return h('p', { class: 'muted' }, '正在载入任务…');
      const allowed = allowedActions(actor.value, t);
      return h('div', { class: 'task-page' }, [
        h(
          'p',
          null,
          h(RouterLink, { to: '/' }, () => '← 返回工作台'),
        ),
        header(t),
        h('div', { class: 'task-messages', role: 'status', 'aria-live': 'polite' }, [
          problem.value ? h(ElAlert, { type: 'error', closable: false, title: problem.value, class: 'task-problem' }) : null,
          done.value && !problem.value ? h(ElAlert, { type: 'success', closable: false, title: done.value, class: 'task-done' }) : null,
        ]),
        ...actions(t, allowed),
        resultCard(t),
        dataCard(t),
        notes(t),
      ]);
    };
  },
});
