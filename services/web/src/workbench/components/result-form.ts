/**
 * A task's completion form, generated from its type's result schema (lib/result-form.ts builds the
 * model from the JSON Schema zod emits). Before it emits `submit` it validates with the very zod
 * schema the API and the workflow use, so a missing field is said beside the field and nothing is
 * sent; the server's own 400 issues (`issues`, paths like 'result.summary') go beside their fields
 * the same way. Every input has its label, `aria-invalid` and the message it is described by.
 *
 * A job recommendation's optional `vacancy` offers the ranked vacancies of
 * GET /api/tasks/{id}/vacancies; picking one fills in the position and the employer.
 */
import './result-form.css';
import {
  ElAlert,
  ElButton,
  ElCheckbox,
  ElCheckboxGroup,
  ElDatePicker,
  ElForm,
  ElFormItem,
  ElInput,
  ElInputNumber,
  ElOption,
  ElRadio,
  ElRadioGroup,
  ElSelect,
  ElSwitch,
} from 'element-plus';
import { computed, defineComponent, h, nextTick, onMounted, reactive, ref, watch, type PropType, type VNode } from 'vue';
import { z } from 'zod';
import { taskResultSchemas } from '../../../../../domain/cases/index.js';
import type { FieldIssue } from '../../../../../domain/contracts/common.js';
import { TaskVacancies } from '../../../../../domain/contracts/key-enterprise.js';
import { explain } from '../lib/api.js';
import { useWorkbench } from '../lib/context.js';
import {
  collect,
  fieldId,
  fieldLabel,
  fieldMessages,
  formModel,
  initialState,
  initialValue,
  serverMessages,
  type BranchState,
  type Field,
  type FormState,
  type GroupState,
} from '../lib/result-form.js';

type Vacancy = TaskVacancies['items'][number];

/** The optional field of a job recommendation that names a key enterprise's vacancy. */
const isVacancyPick = (taskType: string, f: Field, path: string) => f.kind === 'group' && path === 'vacancy' && taskType.endsWith('job-recommendation');

export const ResultForm = defineComponent({
  name: 'ResultForm',
  props: {
    taskType: { type: String, required: true },
    taskId: { type: String, required: true },
    issues: { type: Array as PropType<readonly FieldIssue[]>, default: () => [] },
    busy: { type: Boolean, default: false },
  },
  emits: { submit: (result: unknown) => result !== undefined },
  setup(props, { emit }) {
    const { api } = useWorkbench();
    const schema = computed(() => taskResultSchemas[props.taskType as keyof typeof taskResultSchemas] as z.ZodType | undefined);
    const model = computed(() => (schema.value ? formModel(z.toJSONSchema(schema.value, { io: 'input' }) as Record<string, unknown>) : undefined));
    const state = reactive<FormState>({});
    const clientErrors = ref<Record<string, string>>({});
    const attempted = ref(false);
    const summaryRef = ref<HTMLElement>();

    const reset = () => {
      for (const key of Object.keys(state)) delete state[key];
      if (model.value) Object.assign(state, initialState(model.value.fields));
      clientErrors.value = {};
      attempted.value = false;
    };
    watch(() => props.taskType, reset, { immediate: true });

    const serverErrors = computed(() => (model.value ? serverMessages(model.value, props.issues) : {}));
    const errors = computed<Record<string, string>>(() => ({ ...serverErrors.value, ...clientErrors.value }));

    const validate = () => {
      if (!model.value || !schema.value) return undefined;
      const result = collect(model.value, state);
      const parsed = schema.value.safeParse(result);
      clientErrors.value = parsed.success ? {} : fieldMessages(model.value, result, parsed.error.issues);
      return parsed;
    };
    // Once a submit was refused, each change says at once whether it mended the field.
    watch(state, () => attempted.value && validate(), { deep: true });

    const submit = async () => {
      attempted.value = true;
      const parsed = validate();
      if (parsed?.success) {
        emit('submit', parsed.data);
        return;
      }
      await nextTick();
      summaryRef.value?.focus();
    };

    const vacancies = ref<Vacancy[]>();
    const vacancyProblem = ref('');
    const vacancyChoice = ref('');
    onMounted(async () => {
      if (!model.value?.fields.some((f) => isVacancyPick(props.taskType, f, f.key))) return;
      try {
        vacancies.value = (await api.get(`/api/tasks/${encodeURIComponent(props.taskId)}/vacancies`, TaskVacancies)).items;
      } catch (err) {
        vacancyProblem.value = `无法载入匹配岗位：${explain(err)}`;
      }
    });
    const pickVacancy = (choice: string, group: GroupState) => {
      vacancyChoice.value = choice;
      const v = vacancies.value?.[Number(choice)];
      group.enabled = choice !== '' && v !== undefined;
      if (!v) return;
      Object.assign(group.values, { creditCode: v.creditCode, demandId: v.demandId, positionIndex: v.positionIndex });
      state.position = v.position.title;
      state.employer = v.enterpriseName;
    };

    const id = (path: string) => fieldId(props.taskId, path);
    const described = (path: string) =>
      errors.value[path] ? { 'aria-invalid': 'true', 'aria-describedby': `${id(path)}-error` } : { 'aria-invalid': 'false' };
    const message = (path: string) =>
      errors.value[path] ? h('div', { id: `${id(path)}-error`, class: 'field-error', role: 'alert' }, errors.value[path]) : null;
    const hint = (f: Field) => (f.description ? h('div', { class: 'field-hint muted small' }, f.description) : null);

    /** The input of one field, bound to `holder[key]`. */
    const input = (f: Field, path: string, holder: Record<string, unknown>, key: string): VNode | VNode[] => {
      const value = holder[key];
      const set = (v: unknown) => {
        holder[key] = v;
      };
      const common = { id: id(path), disabled: props.busy, ...described(path) };
      switch (f.kind) {
        case 'text':
          return h(ElInput, {
            ...common,
            modelValue: value as string,
            'onUpdate:modelValue': set,
            type: f.multiline ? 'textarea' : 'text',
            autosize: f.multiline ? { minRows: 3, maxRows: 10 } : undefined,
            maxlength: f.maxLength,
            showWordLimit: f.multiline && f.maxLength !== undefined,
          });
        case 'date':
          return h(ElDatePicker, {
            ...common,
            modelValue: value as string,
            'onUpdate:modelValue': (v: string | null) => set(v ?? ''),
            type: 'date',
            valueFormat: 'YYYY-MM-DD',
            placeholder: '选择日期',
          });
        case 'number':
          return h(ElInputNumber, {
            ...common,
            modelValue: value as number | undefined,
            'onUpdate:modelValue': (v: number | null | undefined) => set(v ?? undefined),
            min: f.min,
            max: f.max,
            precision: f.integer ? 0 : undefined,
            step: 1,
            controlsPosition: 'right',
          });
        case 'boolean':
          return f.initial === undefined
            ? h(ElRadioGroup, { ...common, ariaLabel: f.title, modelValue: value as boolean | undefined, 'onUpdate:modelValue': set }, () => [
                h(ElRadio, { value: true }, () => '是'),
                h(ElRadio, { value: false }, () => '否'),
              ])
            : h(ElSwitch, { ...common, modelValue: value as boolean, 'onUpdate:modelValue': set, activeText: '是', inactiveText: '否' });
        case 'enum':
          return f.widget === 'radio'
            ? h(ElRadioGroup, { ...common, ariaLabel: f.title, modelValue: value as string, 'onUpdate:modelValue': set }, () =>
                f.options.map((o) => h(ElRadio, { value: o.value, key: o.value }, () => o.label)),
              )
            : h(
                ElSelect,
                {
                  ...common,
                  ariaLabel: f.title,
                  modelValue: value as string,
                  'onUpdate:modelValue': (v: string | undefined) => set(v ?? ''),
                  placeholder: '请选择',
                  clearable: !f.required,
                },
                () => f.options.map((o) => h(ElOption, { value: o.value, label: o.label, key: o.value })),
              );
        case 'choices':
          return h(ElCheckboxGroup, { ...common, ariaLabel: f.title, modelValue: value as string[], 'onUpdate:modelValue': set }, () =>
            f.options.map((o) => h(ElCheckbox, { value: o.value, key: o.value }, () => o.label)),
          );
        case 'list': {
          const items = value as unknown[];
          return h('div', { class: 'rf-list', id: id(path), role: 'group', 'aria-label': f.title }, [
            ...items.map((_, i) =>
              h('div', { class: 'rf-list-row', key: i }, [
                h('label', { for: id(`${path}.${i}`), class: 'rf-sublabel' }, `${f.item.title} ${i + 1}`),
                input(f.item, `${path}.${i}`, items as unknown as Record<string, unknown>, String(i)),
                h(
                  ElButton,
                  { link: true, type: 'danger', disabled: props.busy || items.length <= f.minItems, onClick: () => items.splice(i, 1) },
                  () => '删除',
                ),
                message(`${path}.${i}`),
              ]),
            ),
            h(
              ElButton,
              {
                size: 'small',
                disabled: props.busy || (f.maxItems !== undefined && items.length >= f.maxItems),
                onClick: () => items.push(initialValue(f.item)),
              },
              () => `添加${f.item.title}`,
            ),
          ]);
        }
        case 'rows': {
          const rows = value as FormState[];
          return h('div', { class: 'rf-rows', id: id(path), role: 'group', 'aria-label': f.title }, [
            ...rows.map((row, i) =>
              h('fieldset', { class: 'rf-group', key: i }, [
                h('legend', null, `${f.title} 第 ${i + 1} 项`),
                ...fields(f.fields, `${path}.${i}`, row),
                h(ElButton, { link: true, type: 'danger', disabled: props.busy, onClick: () => rows.splice(i, 1) }, () => `删除第 ${i + 1} 项`),
              ]),
            ),
            h(
              ElButton,
              {
                size: 'small',
                disabled: props.busy || (f.maxItems !== undefined && rows.length >= f.maxItems),
                onClick: () => rows.push(initialState(f.fields)),
              },
              () => '添加一项',
            ),
          ]);
        }
        case 'group': {
          const group = value as GroupState;
          if (isVacancyPick(props.taskType, f, path)) return vacancyPicker(f, path, group);
          return h('fieldset', { class: 'rf-group', id: id(path) }, [
            h('legend', null, f.title),
            f.required
              ? null
              : h(
                  ElCheckbox,
                  { modelValue: group.enabled, 'onUpdate:modelValue': (v: unknown) => (group.enabled = v === true), disabled: props.busy },
                  () => `填写${f.title}`,
                ),
            ...(group.enabled ? fields(f.fields, path, group.values) : []),
          ]);
        }
        case 'branch': {
          // The chosen branch's own fields follow this choice as fields of their own (`fields` below).
          const branch = value as BranchState;
          return h(
            ElRadioGroup,
            { ...common, ariaLabel: f.title, modelValue: branch.chosen, 'onUpdate:modelValue': (v: unknown) => (branch.chosen = String(v)) },
            () => f.branches.map((b) => h(ElRadio, { value: b.value, key: b.value }, () => b.label)),
          );
        }
      }
    };

    const vacancyPicker = (f: Field, path: string, group: GroupState) =>
      h('div', { class: 'rf-vacancy' }, [
        vacancyProblem.value
          ? h('p', { class: 'field-error', role: 'alert' }, vacancyProblem.value)
          : vacancies.value === undefined
            ? h('p', { class: 'muted small' }, '正在载入匹配的重点企业岗位…')
            : h(
                ElSelect,
                {
                  id: id(path),
                  ariaLabel: f.title,
                  modelValue: vacancyChoice.value,
                  'onUpdate:modelValue': (v: string) => pickVacancy(v ?? '', group),
                  disabled: props.busy,
                  ...described(path),
                },
                () => [
                  h(ElOption, { value: '', label: vacancies.value?.length ? '不选（岗位来自其他渠道）' : '暂无匹配的重点企业岗位（岗位来自其他渠道）' }),
                  ...(vacancies.value ?? []).map((v, i) =>
                    h(ElOption, {
                      key: `${v.demandId}:${v.positionIndex}`,
                      value: String(i),
                      label: `${v.enterpriseName} · ${v.position.title}（尚缺 ${v.open} 人，匹配度 ${v.score}）`,
                    }),
                  ),
                ],
              ),
        group.enabled ? h('p', { class: 'muted small' }, '已按所选岗位填写推荐岗位和用人单位。') : null,
      ]);

    /** Each field as a form item: its label (tied to the input), the input, its hint and its message. */
    const fields = (list: readonly Field[], prefix: string, holder: FormState): VNode[] =>
      list.flatMap((f) => {
        const path = prefix ? `${prefix}.${f.key}` : f.key;
        const item = h(
          ElFormItem,
          { label: f.title, for: id(path), required: f.required && f.kind !== 'group', class: errors.value[path] ? 'is-error' : '', key: path },
          () => [input(f, path, holder, f.key), hint(f), message(path)],
        );
        if (f.kind !== 'branch') return [item];
        const branch = holder[f.key] as BranchState;
        const chosen = f.branches.find((b) => b.value === branch.chosen);
        return [item, ...(chosen ? fields(chosen.fields, prefix, branch.values[chosen.value] ?? {}) : [])];
      });

    return () => {
      const form = model.value;
      if (!form) return h(ElAlert, { type: 'error', closable: false, title: `无法为此类任务生成办结表单（${props.taskType}）` });
      const listed = Object.entries(errors.value);
      return h(
        ElForm,
        {
          class: 'result-form',
          labelPosition: 'top',
          'aria-label': '办结表单',
          onSubmit: (e: Event) => {
            e.preventDefault();
            void submit();
          },
        },
        () => [
          listed.length
            ? h('div', { class: 'rf-summary', role: 'alert', tabindex: -1, ref: summaryRef }, [
                h('p', null, `有 ${listed.length} 处需要修改：`),
                h(
                  'ul',
                  null,
                  listed.map(([path, text]) =>
                    h(
                      'li',
                      { key: path },
                      path ? h('a', { href: `#${id(path)}`, onClick: (e: Event) => focusField(e, path) }, `${fieldLabel(form, path)}：${text}`) : text,
                    ),
                  ),
                ),
              ])
            : null,
          ...fields(form.fields, '', state),
          h('div', { class: 'rf-actions' }, [
            h(ElButton, { type: 'primary', nativeType: 'submit', loading: props.busy, disabled: props.busy }, () => '提交办结'),
          ]),
        ],
      );
    };

    function focusField(e: Event, path: string) {
      e.preventDefault();
      const target = document.getElementById(id(path));
      const focusable = target?.matches('input, textarea, button') ? target : target?.querySelector<HTMLElement>('input, textarea, button');
      focusable?.focus();
    }
  },
});
