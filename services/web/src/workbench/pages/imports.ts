/**
 * The graduate list upload (caseworkers, supervisors): pick the CSV/XLSX list the bureau received,
 * upload it, watch its rows handed over, then read the summary and the rejected rows with their
 * reasons and download them as the same CSV npm run import writes. The server reads the file with
 * the command's own reader and hands the rows over through the batch route's own function; this
 * page only uploads and follows the run (GET /api/imports/graduates/files/{runId}).
 */
import { ElAlert, ElButton, ElCard, ElDatePicker, ElForm, ElFormItem, ElInput, ElProgress, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { defineComponent, h, onBeforeUnmount, onMounted, ref } from 'vue';
import { GraduateImportRun, GraduateImportRunList, type GraduateImportRunSummary } from '../../../../../domain/contracts/graduate-1311.js';
import { beijingTime } from '../../lib/session.js';
import { explain } from '../lib/api.js';
import { useWorkbench } from '../lib/context.js';
import { downloadFile } from '../lib/download.js';
import './imports.css';

/** How often a running import is asked how far it got. */
const POLL_MS = 1000;

const statusTags: Record<GraduateImportRunSummary['status'], { text: string; type: 'primary' | 'success' | 'danger' | 'warning' }> = {
  running: { text: '导入中', type: 'primary' },
  finished: { text: '已完成', type: 'success' },
  failed: { text: '已中断', type: 'danger' },
  interrupted: { text: '已中断', type: 'warning' },
};

const outcomes = [
  { key: 'imported', label: '新建案件' },
  { key: 'updated', label: '更新案件' },
  { key: 'unchanged', label: '无变化' },
  { key: 'rejected', label: '未导入' },
] as const;

/** The content type the server reads the file by; its name's extension decides when the browser knows none. */
function contentType(file: File): string {
  if (file.type) return file.type;
  return file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
}

/**
 * The handover ID the server would derive (IMPORT- and the start of the file's SHA-256), shown so
 * the person sees which batch the list becomes; where the browser has no digest (not a secure
 * origin) the field stays empty and the server derives the same.
 */
async function defaultHandoverId(file: File): Promise<string> {
  if (!globalThis.crypto?.subtle) return '';
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return `IMPORT-${Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const percent = (run: GraduateImportRunSummary) => (run.total === 0 ? 100 : Math.min(100, Math.round((run.processed / run.total) * 100)));

export const ImportsPage = defineComponent({
  name: 'ImportsPage',
  setup() {
    const { api } = useWorkbench();
    const file = ref<File | null>(null);
    const handoverId = ref('');
    const receivedAt = ref<string | null>(null);
    const uploading = ref(false);
    const error = ref('');
    const run = ref<GraduateImportRun | null>(null);
    const recent = ref<GraduateImportRunSummary[]>([]);
    const recentError = ref('');
    let poll: ReturnType<typeof setTimeout> | undefined;
    let alive = true;

    const loadRecent = async () => {
      try {
        recent.value = (await api.get('/api/imports/graduates/files', GraduateImportRunList)).items;
        recentError.value = '';
      } catch (err) {
        recentError.value = `最近的导入记录加载失败：${explain(err)}`;
      }
    };

    const follow = async (runId: string) => {
      clearTimeout(poll);
      try {
        run.value = await api.get(`/api/imports/graduates/files/${encodeURIComponent(runId)}`, GraduateImportRun);
        error.value = '';
      } catch (err) {
        error.value = `导入进度查询失败：${explain(err)}，稍后自动重试`;
      }
      if (!alive) return;
      if (run.value?.runId === runId && run.value.status !== 'running') {
        await loadRecent();
        return;
      }
      poll = setTimeout(() => void follow(runId), POLL_MS);
    };

    const pick = async (event: Event) => {
      const chosen = (event.target as HTMLInputElement).files?.[0] ?? null;
      file.value = chosen;
      error.value = '';
      handoverId.value = chosen ? await defaultHandoverId(chosen).catch(() => '') : '';
    };

    const upload = async () => {
      if (!file.value) {
        error.value = '请先选择名单文件（.xlsx 或 .csv）';
        return;
      }
      uploading.value = true;
      error.value = '';
      run.value = null;
      const query = new URLSearchParams({ fileName: file.value.name });
      if (handoverId.value.trim()) query.set('handoverId', handoverId.value.trim());
      if (receivedAt.value) query.set('occurredAt', `${receivedAt.value}+08:00`);
      try {
        const res = await api.raw(`/api/imports/graduates/files?${query.toString()}`, {
          method: 'POST',
          headers: { 'content-type': contentType(file.value) },
          body: file.value,
        });
        const started = GraduateImportRun.parse(await res.json());
        run.value = started;
        await loadRecent();
        void follow(started.runId);
      } catch (err) {
        error.value = `上传失败：${explain(err)}`;
      } finally {
        uploading.value = false;
      }
    };

    const download = async () => {
      if (!run.value) return;
      try {
        await downloadFile(
          api,
          `/api/imports/graduates/files/${encodeURIComponent(run.value.runId)}/rejected.csv`,
          `${run.value.fileName.replace(/\.[^.]*$/, '')}.rejected.csv`,
        );
      } catch (err) {
        error.value = `未导入行清单下载失败：${explain(err)}`;
      }
    };

    onMounted(() => void loadRecent());
    onBeforeUnmount(() => {
      alive = false;
      clearTimeout(poll);
    });

    const statusTag = (r: GraduateImportRunSummary) => h(ElTag, { type: statusTags[r.status].type, disableTransitions: true }, () => statusTags[r.status].text);

    const form = () =>
      h(ElCard, { class: 'imports-form', shadow: 'never' }, () => [
        h('h2', null, '导入离校未就业高校毕业生名单'),
        h(
          'p',
          { class: 'muted' },
          '上传教育部门移交的实名名单（.xlsx 或 .csv，中文表头），系统逐行校验后为每名毕业生建立或更新“1311”服务案件。同一文件重复上传不会重复建案。',
        ),
        h(ElForm, { labelPosition: 'top', onSubmit: (e: Event) => e.preventDefault() }, () => [
          h(ElFormItem, { label: '名单文件', for: 'import-file' }, () =>
            h('input', { id: 'import-file', type: 'file', accept: '.xlsx,.csv', class: 'file-input', onChange: (e: Event) => void pick(e) }),
          ),
          h(ElFormItem, { label: '批次号', for: 'import-handover' }, () => [
            h(ElInput, {
              id: 'import-handover',
              modelValue: handoverId.value,
              'onUpdate:modelValue': (v: string) => (handoverId.value = v),
              placeholder: '选择文件后按文件内容自动生成',
              maxlength: 100,
              clearable: true,
            }),
            h('div', { class: 'hint' }, '默认按文件内容生成：同一文件再次上传时已导入的行显示“无变化”；新一批名单请用新的批次号。'),
          ]),
          h(ElFormItem, { label: '名单接收时间', for: 'import-received' }, () => [
            h(ElDatePicker, {
              id: 'import-received',
              type: 'datetime',
              modelValue: receivedAt.value,
              'onUpdate:modelValue': (v: string | null) => (receivedAt.value = v),
              valueFormat: 'YYYY-MM-DDTHH:mm:ss',
              placeholder: '默认为上传时间（北京时间）',
            }),
            h('div', { class: 'hint' }, '首次联系的时限从接收时间起算。'),
          ]),
          h(ElButton, { type: 'primary', loading: uploading.value, onClick: () => void upload() }, () =>
            uploading.value ? '正在上传并读取文件…' : '上传并导入',
          ),
        ]),
        error.value ? h(ElAlert, { type: 'error', title: error.value, showIcon: true, closable: false, class: 'imports-error', role: 'alert' }) : null,
      ]);

    const progress = (r: GraduateImportRun) =>
      h(ElCard, { class: 'imports-run', shadow: 'never' }, () => [
        h('div', { class: 'run-head' }, [h('h3', null, `${r.fileName}`), statusTag(r)]),
        h('p', { class: 'muted small' }, `批次号 ${r.handoverId} · 接收时间 ${beijingTime(r.occurredAt)} · 上传于 ${beijingTime(r.createdAt)}`),
        h(ElProgress, {
          percentage: percent(r),
          status: r.status === 'finished' ? 'success' : r.status === 'running' ? undefined : 'exception',
          strokeWidth: 18,
          textInside: true,
          'aria-label': '导入进度',
        }),
        h('p', { class: 'run-count', 'aria-live': 'polite' }, `已处理 ${r.processed} / ${r.total} 行`),
        r.failure ? h(ElAlert, { type: 'warning', title: r.failure, showIcon: true, closable: false, role: 'alert' }) : null,
        h(
          'dl',
          { class: 'run-summary' },
          outcomes.flatMap((o) => [h('dt', { key: `${o.key}-t` }, o.label), h('dd', { key: o.key, class: `count-${o.key}` }, String(r.counts[o.key]))]),
        ),
        r.rejected.length > 0
          ? h('section', { class: 'rejected' }, [
              h('div', { class: 'run-head' }, [
                h('h4', null, `未导入的行（${r.rejected.length}）`),
                h(ElButton, { onClick: () => void download() }, () => '下载未导入行清单（CSV）'),
              ]),
              h(ElTable, { data: r.rejected, border: true, size: 'small', class: 'rejected-table', maxHeight: 420 }, () => [
                h(ElTableColumn, { prop: 'row', label: '行号', width: 90 }),
                h(ElTableColumn, { label: '原因' }, { default: ({ row }: { row: { reasons: string[] } }) => row.reasons.join('；') }),
              ]),
            ])
          : r.status === 'finished'
            ? h('p', { class: 'muted' }, '所有行均已导入。')
            : null,
      ]);

    const history = () =>
      h(ElCard, { class: 'imports-recent', shadow: 'never' }, () => [
        h('h3', null, '本辖区最近的导入'),
        recentError.value ? h(ElAlert, { type: 'error', title: recentError.value, showIcon: true, closable: false }) : null,
        h(ElTable, { data: recent.value, size: 'small', emptyText: '暂无导入记录' }, () => [
          h(ElTableColumn, { label: '上传时间', minWidth: 140 }, { default: ({ row }: { row: GraduateImportRunSummary }) => beijingTime(row.createdAt) }),
          h(ElTableColumn, { prop: 'fileName', label: '文件', minWidth: 150 }),
          h(ElTableColumn, { prop: 'uploadedBy', label: '上传人', minWidth: 90 }),
          h(ElTableColumn, { label: '状态', minWidth: 80 }, { default: ({ row }: { row: GraduateImportRunSummary }) => statusTag(row) }),
          h(ElTableColumn, { label: '进度', minWidth: 70 }, { default: ({ row }: { row: GraduateImportRunSummary }) => `${row.processed}/${row.total}` }),
          ...outcomes.map((o) =>
            h(ElTableColumn, { label: o.label, minWidth: 70 }, { default: ({ row }: { row: GraduateImportRunSummary }) => String(row.counts[o.key]) }),
          ),
          h(
            ElTableColumn,
            { label: '操作', minWidth: 70 },
            {
              default: ({ row }: { row: GraduateImportRunSummary }) =>
                h(ElButton, { link: true, type: 'primary', onClick: () => void follow(row.runId) }, () => '查看'),
            },
          ),
        ]),
      ]);

    return () => h('div', { class: 'imports-page' }, [form(), run.value ? progress(run.value) : null, history()]);
  },
});
