/**
 * A hiring demand the liaison officer records (POST /api/enterprises/{creditCode}/demands): the
 * positions as rows to add and remove, each field labelled, checked with the API's own schema
 * (RecordDemandBody) before sending, and the API's 400 answer put beside the fields it names.
 */
import { ElAlert, ElButton, ElDatePicker, ElForm, ElFormItem, ElInput, ElInputNumber, ElOption, ElSelect } from 'element-plus';
import { defineComponent, h, reactive, ref } from 'vue';
import { keyEnterpriseLabels } from '../../../../../domain/cases/key-enterprise.js';
import { Degree, SkillLevel } from '../../../../../domain/contracts/common.js';
import { MAX_DEMAND_POSITIONS } from '../../../../../domain/contracts/inbound.js';
import { RecordDemandBody, RecordDemandResult } from '../../../../../domain/contracts/key-enterprise.js';
import { ApiError, explain } from '../lib/api.js';
import { demandFieldLabels as labels, formErrors, serverFieldErrors, type FieldErrors } from '../lib/accounts.js';
import { useWorkbench } from '../lib/context.js';

interface PositionRow {
  /** Keeps a row's inputs its own when a row above it is removed. */
  key: number;
  title: string;
  count: number | undefined;
  skillLevel: string;
  degree: string;
  major: string;
  wageMin: number | undefined;
  wageMax: number | undefined;
}

let rowKeys = 0;
const emptyRow = (): PositionRow => ({
  key: ++rowKeys,
  title: '',
  count: 1,
  skillLevel: '',
  degree: '',
  major: '',
  wageMin: undefined,
  wageMax: undefined,
});

/** The body as the API takes it: blank optional fields left out rather than sent empty. */
function bodyOf(form: { demandId: string; neededBy: string; positions: PositionRow[] }) {
  return {
    ...(form.demandId.trim() ? { demandId: form.demandId.trim() } : {}),
    ...(form.neededBy ? { neededBy: form.neededBy } : {}),
    positions: form.positions.map((p) => ({
      title: p.title,
      count: p.count,
      ...(p.skillLevel ? { skillLevel: p.skillLevel } : {}),
      ...(p.degree ? { degree: p.degree } : {}),
      ...(p.major.trim() ? { major: p.major } : {}),
      ...(p.wageMin !== undefined && p.wageMin !== null ? { wageMin: p.wageMin } : {}),
      ...(p.wageMax !== undefined && p.wageMax !== null ? { wageMax: p.wageMax } : {}),
    })),
  };
}

export const DemandForm = defineComponent({
  name: 'DemandForm',
  props: { creditCode: { type: String, required: true } },
  emits: { recorded: (_demandId: string) => true },
  setup(props, { emit }) {
    const { api } = useWorkbench();
    const form = reactive({ demandId: '', neededBy: '', positions: [emptyRow()] });
    const errors = ref<FieldErrors>({});
    const failure = ref('');
    const done = ref('');
    const busy = ref(false);

    const submit = async () => {
      failure.value = '';
      done.value = '';
      const body = bodyOf(form);
      errors.value = formErrors(RecordDemandBody, body);
      if (Object.keys(errors.value).length) {
        failure.value = '请按提示修改标红的项目后再提交';
        return;
      }
      busy.value = true;
      try {
        const result = await api.post(`/api/enterprises/${encodeURIComponent(props.creditCode)}/demands`, body, RecordDemandResult);
        done.value = `已登记用工需求 ${result.demandId}，响应任务已生成`;
        Object.assign(form, { demandId: '', neededBy: '', positions: [emptyRow()] });
        emit('recorded', result.demandId);
      } catch (err) {
        if (err instanceof ApiError) errors.value = serverFieldErrors(err.issues);
        failure.value = explain(err);
      } finally {
        busy.value = false;
      }
    };

    const item = (path: string, label: string, input: () => unknown, id: string) => h(ElFormItem, { label, for: id, error: errors.value[path] ?? '' }, input);

    const positionRow = (p: PositionRow, i: number) => {
      const id = (f: string) => `demand-${p.key}-${f}`;
      const path = (f: string) => `positions.${i}.${f}`;
      return h('fieldset', { class: 'position-row', key: p.key }, [
        h('legend', null, `岗位 ${i + 1}`),
        item(
          path('title'),
          labels.title!,
          () => h(ElInput, { id: id('title'), modelValue: p.title, maxlength: 200, 'onUpdate:modelValue': (v: string) => (p.title = v) }),
          id('title'),
        ),
        item(
          path('count'),
          labels.count!,
          () =>
            h(ElInputNumber, {
              id: id('count'),
              modelValue: p.count,
              min: 1,
              step: 1,
              stepStrictly: true,
              valueOnClear: null,
              'onUpdate:modelValue': (v: number | null | undefined) => (p.count = v ?? undefined),
            }),
          id('count'),
        ),
        item(
          path('skillLevel'),
          labels.skillLevel!,
          () =>
            h(
              ElSelect,
              {
                id: id('skillLevel'),
                modelValue: p.skillLevel,
                clearable: true,
                placeholder: '不限',
                'onUpdate:modelValue': (v: string) => (p.skillLevel = v ?? ''),
              },
              () => SkillLevel.options.map((o) => h(ElOption, { key: o, value: o, label: keyEnterpriseLabels.skillLevel[o] })),
            ),
          id('skillLevel'),
        ),
        item(
          path('degree'),
          labels.degree!,
          () =>
            h(
              ElSelect,
              { id: id('degree'), modelValue: p.degree, clearable: true, placeholder: '不限', 'onUpdate:modelValue': (v: string) => (p.degree = v ?? '') },
              () => Degree.options.map((o) => h(ElOption, { key: o, value: o, label: keyEnterpriseLabels.degree[o] })),
            ),
          id('degree'),
        ),
        item(
          path('major'),
          labels.major!,
          () => h(ElInput, { id: id('major'), modelValue: p.major, maxlength: 200, 'onUpdate:modelValue': (v: string) => (p.major = v) }),
          id('major'),
        ),
        ...(['wageMin', 'wageMax'] as const).map((f) =>
          item(
            path(f),
            `${labels[f]!}（元）`,
            () =>
              h(ElInputNumber, {
                id: id(f),
                modelValue: p[f],
                min: 0,
                step: 500,
                valueOnClear: null,
                controlsPosition: 'right',
                'onUpdate:modelValue': (v: number | null | undefined) => (p[f] = v ?? undefined),
              }),
            id(f),
          ),
        ),
        h(
          ElButton,
          {
            class: 'remove-row',
            disabled: form.positions.length === 1,
            'aria-label': `删除岗位 ${i + 1}`,
            onClick: () => {
              form.positions.splice(i, 1);
              errors.value = {};
            },
          },
          () => '删除此岗位',
        ),
      ]);
    };

    return () =>
      h(ElForm, { labelPosition: 'top', class: 'demand-form', onSubmit: (e: Event) => e.preventDefault() }, () => [
        h('div', { class: 'form-grid' }, [
          item(
            'demandId',
            `${labels.demandId!}（可不填，系统自动生成）`,
            () => h(ElInput, { id: 'demand-id', modelValue: form.demandId, maxlength: 100, 'onUpdate:modelValue': (v: string) => (form.demandId = v) }),
            'demand-id',
          ),
          item(
            'neededBy',
            `${labels.neededBy!}（可不填）`,
            () =>
              h(ElDatePicker, {
                id: 'demand-needed-by',
                type: 'date',
                valueFormat: 'YYYY-MM-DD',
                modelValue: form.neededBy,
                placeholder: '选择日期',
                'onUpdate:modelValue': (v: string | null) => (form.neededBy = v ?? ''),
              }),
            'demand-needed-by',
          ),
        ]),
        errors.value.positions ? h('p', { class: 'field-error', role: 'alert' }, errors.value.positions) : null,
        ...form.positions.map(positionRow),
        h('div', { class: 'form-actions' }, [
          h(ElButton, { disabled: form.positions.length >= MAX_DEMAND_POSITIONS, onClick: () => form.positions.push(emptyRow()) }, () => '添加岗位'),
          h(ElButton, { type: 'primary', loading: busy.value, onClick: submit }, () => '登记用工需求'),
        ]),
        failure.value ? h(ElAlert, { type: 'error', title: failure.value, showIcon: true, closable: false, class: 'form-alert', role: 'alert' }) : null,
        done.value ? h(ElAlert, { type: 'success', title: done.value, showIcon: true, closable: false, class: 'form-alert', role: 'status' }) : null,
      ]);
  },
});
