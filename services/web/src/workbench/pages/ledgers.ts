/**
 * 台账导出: the ledgers a bureau files, downloaded as XLSX or CSV with Chinese headers — the
 * graduates' 1311 ledger (caseworkers, supervisors, leaders; in full only for supervisors and
 * leaders, every exported graduate audited by the server) and the key enterprises' demand ledger.
 * The server streams them (GET /api/ledgers/graduates/export, GET /api/enterprises/demands/export);
 * this page only asks with the session's token and saves the file under the name it gives.
 */
import { ElAlert, ElButton, ElCard, ElForm, ElFormItem, ElInput, ElInputNumber, ElOption, ElRadioButton, ElRadioGroup, ElSelect } from 'element-plus';
import { defineComponent, h, ref, type VNode } from 'vue';
import { toShanghaiDate } from '../../../../../domain/calendar/dates.js';
import { explain } from '../lib/api.js';
import { useWorkbench } from '../lib/context.js';
import { downloadFile } from '../lib/download.js';

/** Who may read the graduates' ledger, and who may take it with ID numbers and phones in full (services/http/graduate-1311/ledger.ts). */
const GRADUATE_LEDGER_ROLES = ['caseworker', 'supervisor', 'leader'];
const FULL_DATA_ROLES = ['supervisor', 'leader'];
const demandStatuses = [
  { value: '', label: '全部' },
  { value: 'open', label: '招聘中' },
  { value: 'filled', label: '已补足' },
  { value: 'closed', label: '已关闭' },
];

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]]))).toString();

export const LedgersPage = defineComponent({
  name: 'LedgersPage',
  setup() {
    const { api, claims } = useWorkbench();
    const year = ref(Number(toShanghaiDate(new Date().toISOString()).slice(0, 4)));
    const region = ref('');
    const format = ref<'xlsx' | 'csv'>('xlsx');
    const personalData = ref<'masked' | 'full'>('masked');
    const demandStatus = ref('');
    const busy = ref('');
    const message = ref<{ type: 'success' | 'error'; text: string }>();

    const save = async (which: string, path: string, fallback: string) => {
      busy.value = which;
      message.value = undefined;
      try {
        message.value = { type: 'success', text: `已下载：${await downloadFile(api, path, fallback)}` };
      } catch (err) {
        message.value = { type: 'error', text: `导出失败：${explain(err)}` };
      } finally {
        busy.value = '';
      }
    };
    const exportGraduates = () =>
      save(
        'graduates',
        `/api/ledgers/graduates/export?${query({ year: year.value, region: region.value.trim(), format: format.value, personalData: personalData.value })}`,
        `graduate-ledger.${format.value}`,
      );
    const exportDemands = () =>
      save(
        'demands',
        `/api/enterprises/demands/export?${query({ region: region.value.trim(), status: demandStatus.value, format: format.value })}`,
        `enterprise-demands.${format.value}`,
      );

    const item = (label: string, id: string, control: VNode) => h(ElFormItem, { label, for: id }, () => control);
    return () =>
      h('div', { class: 'ledgers' }, [
        h('h2', null, '台账导出'),
        h('p', { class: 'muted' }, `辖区 ${claims.jurisdiction}。导出文件为中文表头的 Excel（.xlsx）或 CSV，可直接报送。`),
        h(ElForm, { labelPosition: 'top', inline: true, onSubmit: (e: Event) => e.preventDefault() }, () => [
          item(
            '地区（行政区划代码或前缀，可不填，默认整个辖区）',
            'ledger-region',
            h(ElInput, { id: 'ledger-region', modelValue: region.value, 'onUpdate:modelValue': (v: string) => (region.value = v), maxlength: 12 }),
          ),
          item(
            '文件格式',
            'ledger-format',
            h(
              ElRadioGroup,
              { id: 'ledger-format', modelValue: format.value, 'onUpdate:modelValue': (v: unknown) => (format.value = v === 'csv' ? 'csv' : 'xlsx') },
              () => [h(ElRadioButton, { value: 'xlsx' }, () => 'Excel（.xlsx）'), h(ElRadioButton, { value: 'csv' }, () => 'CSV')],
            ),
          ),
        ]),
        message.value ? h(ElAlert, { type: message.value.type, title: message.value.text, closable: false, showIcon: true, role: 'status' }) : null,
        GRADUATE_LEDGER_ROLES.includes(claims.role)
          ? h(ElCard, { shadow: 'never', class: 'ledger-card' }, () => [
              h('h3', null, '高校毕业生“1311”服务台账'),
              h(ElForm, { labelPosition: 'top', inline: true, onSubmit: (e: Event) => e.preventDefault() }, () => [
                item(
                  '届别',
                  'ledger-year',
                  h(ElInputNumber, {
                    id: 'ledger-year',
                    modelValue: year.value,
                    'onUpdate:modelValue': (v: number | undefined) => (year.value = v ?? year.value),
                    min: 2000,
                    max: 2100,
                  }),
                ),
                FULL_DATA_ROLES.includes(claims.role)
                  ? item(
                      '个人信息',
                      'ledger-personal',
                      h(
                        ElRadioGroup,
                        {
                          id: 'ledger-personal',
                          modelValue: personalData.value,
                          'onUpdate:modelValue': (v: unknown) => (personalData.value = v === 'full' ? 'full' : 'masked'),
                        },
                        () => [h(ElRadioButton, { value: 'masked' }, () => '脱敏'), h(ElRadioButton, { value: 'full' }, () => '完整（留痕审计）')],
                      ),
                    )
                  : null,
              ]),
              personalData.value === 'full'
                ? h('p', { class: 'muted small' }, '完整导出包含身份证号和手机号：每名毕业生的导出都会记入审计，请妥善保管文件。')
                : null,
              h(ElButton, { type: 'primary', loading: busy.value === 'graduates', onClick: () => void exportGraduates() }, () => '导出毕业生台账'),
            ])
          : null,
        h(ElCard, { shadow: 'never', class: 'ledger-card' }, () => [
          h('h3', null, '重点企业用工需求台账'),
          h(ElForm, { labelPosition: 'top', inline: true, onSubmit: (e: Event) => e.preventDefault() }, () => [
            item(
              '需求状态',
              'ledger-demand-status',
              h(
                ElSelect,
                {
                  id: 'ledger-demand-status',
                  modelValue: demandStatus.value,
                  'onUpdate:modelValue': (v: string) => (demandStatus.value = v),
                  placeholder: '全部',
                  style: 'width: 160px',
                },
                () => demandStatuses.map((s) => h(ElOption, { key: s.value, value: s.value, label: s.label })),
              ),
            ),
          ]),
          h(ElButton, { type: 'primary', loading: busy.value === 'demands', onClick: () => void exportDemands() }, () => '导出用工需求台账'),
        ]),
      ]);
  },
});
