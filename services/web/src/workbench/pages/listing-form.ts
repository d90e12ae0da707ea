/**
 * Putting an enterprise on the key list, or changing its listing (supervisors and leaders,
 * POST /api/enterprises): checked with the API's own schema first, each failure beside its
 * field, then the API's answer: its warnings (a check character that fails, a registration that
 * differs) shown beside what market regulation has on record.
 */
import { ElAlert, ElButton, ElForm, ElFormItem, ElInput } from 'element-plus';
import { defineComponent, h, reactive, ref, type PropType } from 'vue';
import { EnterpriseListingBody, EnterpriseListingResult } from '../../../../../domain/contracts/key-enterprise.js';
import { ApiError, explain } from '../lib/api.js';
import { formErrors, listingFieldLabels, serverFieldErrors, type FieldErrors } from '../lib/accounts.js';
import { useWorkbench } from '../lib/context.js';

type Listing = { creditCode: string; name: string; regionCode: string; industryCode: string; specialistId: string };

const registrationStatus: Record<string, string> = { active: '存续', suspended: '停业', deregistered: '注销' };
const effectWords = { listed: '已列入重点企业名单，已为就业服务专员生成首次联系任务', updated: '名单信息已更新', unchanged: '名单信息没有变化' } as const;

export const ListingForm = defineComponent({
  name: 'ListingForm',
  props: {
    /** The listing as it stands (changing it), or nothing (a new listing). */
    initial: { type: Object as PropType<Listing>, default: undefined },
    /** Prefix of the inputs' ids, unique on the page. */
    idPrefix: { type: String, default: 'listing' },
  },
  emits: { saved: (_creditCode: string) => true },
  setup(props, { emit }) {
    const { api } = useWorkbench();
    const form = reactive<Listing>({ creditCode: '', name: '', regionCode: '', industryCode: '', specialistId: '', ...props.initial });
    const errors = ref<FieldErrors>({});
    const failure = ref('');
    const outcome = ref<EnterpriseListingResult>();
    const busy = ref(false);

    const submit = async () => {
      failure.value = '';
      outcome.value = undefined;
      const body = { ...form, creditCode: form.creditCode.trim().toUpperCase(), industryCode: form.industryCode.trim().toUpperCase() };
      errors.value = formErrors(EnterpriseListingBody, body, listingFieldLabels);
      if (Object.keys(errors.value).length) return;
      busy.value = true;
      try {
        outcome.value = await api.post('/api/enterprises', body, EnterpriseListingResult);
        emit('saved', body.creditCode);
      } catch (err) {
        if (err instanceof ApiError) errors.value = serverFieldErrors(err.issues, listingFieldLabels);
        failure.value = explain(err);
      } finally {
        busy.value = false;
      }
    };

    const field = (key: keyof Listing, extra: Record<string, unknown> = {}) =>
      h(ElFormItem, { label: listingFieldLabels[key], for: `${props.idPrefix}-${key}`, error: errors.value[key] ?? '' }, () =>
        h(ElInput, {
          id: `${props.idPrefix}-${key}`,
          modelValue: form[key],
          'onUpdate:modelValue': (v: string) => (form[key] = v),
          disabled: key === 'creditCode' && props.initial !== undefined,
          ...extra,
        }),
      );

    return () =>
      h('div', { class: 'listing-form' }, [
        h(ElForm, { labelPosition: 'top', class: 'form-grid', onSubmit: (e: Event) => e.preventDefault() }, () => [
          field('creditCode', { maxlength: 18, placeholder: '18 位代码' }),
          field('name', { maxlength: 200 }),
          field('regionCode', { maxlength: 12, placeholder: '如 220102' }),
          field('industryCode', { maxlength: 3, placeholder: '如 C36' }),
          field('specialistId', { maxlength: 100, placeholder: '专员的用户名' }),
        ]),
        h(ElButton, { type: 'primary', loading: busy.value, onClick: submit }, () => (props.initial ? '保存名单信息' : '列入重点企业名单')),
        failure.value ? h(ElAlert, { type: 'error', title: failure.value, showIcon: true, closable: false, class: 'form-alert', role: 'alert' }) : null,
        outcome.value
          ? h(
              ElAlert,
              {
                type: outcome.value.warnings.length ? 'warning' : 'success',
                title: effectWords[outcome.value.effect],
                showIcon: true,
                closable: false,
                class: 'form-alert',
              },
              () => [
                outcome.value?.registration.checked
                  ? h(
                      'p',
                      null,
                      `市场监管登记：${outcome.value.registration.name ?? '—'}（${registrationStatus[outcome.value.registration.status ?? ''] ?? '状态不详'}）`,
                    )
                  : null,
                ...(outcome.value?.warnings ?? []).map((w) => h('p', { key: w }, w)),
              ],
            )
          : null,
      ]);
  },
});
