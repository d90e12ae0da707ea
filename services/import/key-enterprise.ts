/**
 * The bureau's key-enterprise list (重点企业清单, Shandong 鲁人社字〔2021〕138号 三(二)3) as it is kept:
 * CSV or XLSX with Chinese headers (统一社会信用代码, 企业名称, 行政区划代码, 行业代码, 就业服务专员 …),
 * one enterprise per row, turned into listings one row at a time on the generic list-import modules
 * (spreadsheet, headers, cells), and sent to POST /api/imports/enterprises by its import command
 * (npm run import-enterprises) on the shared runner. Every row either becomes a listing that passed
 * EnterpriseListingBody or is rejected with reasons in Chinese naming the column as the file names
 * it. A credit code whose check character fails is not a reason: the server lists it with a warning.
 */
import type { z } from 'zod';
import { EnterpriseImportResult, EnterpriseListingBody, type EnterpriseImportBatch } from '../../domain/contracts/key-enterprise.js';
import { validateCreditCode } from '../../domain/identity.js';
import { cellText, codeText, type CellValue } from './cells.js';
import { runImportCommand, type CommandIo, type ImportCommand } from './command.js';
import { HeaderTable, type DataRow } from './headers.js';
import type { ListKind, RowResult } from './run-import.js';
import { readSheet } from './spreadsheet.js';

export type EnterpriseField = 'creditCode' | 'name' | 'regionCode' | 'industryCode' | 'specialistId';

const COLUMNS = new HeaderTable<EnterpriseField>({
  creditCode: {
    label: '统一社会信用代码',
    required: true,
    aliases: ['统一社会信用代码', '社会信用代码', '企业统一社会信用代码', '信用代码', '统一代码', 'creditCode'],
  },
  name: { label: '企业名称', required: true, aliases: ['企业名称', '单位名称', '企业全称', '企业（单位）名称', 'name'] },
  regionCode: {
    label: '行政区划代码',
    required: true,
    aliases: ['行政区划代码', '所在地行政区划代码', '区划代码', '所在地区划代码', '属地行政区划代码', 'regionCode'],
  },
  industryCode: { label: '行业代码', required: true, aliases: ['行业代码', '行业分类代码', '国民经济行业代码', '国民经济行业分类代码', 'industryCode'] },
  // The liaison officer's user ID (登录账号), the sub of their token: a name alone names no account.
  specialistId: {
    label: '就业服务专员',
    required: true,
    aliases: ['就业服务专员', '就业服务专员账号', '服务专员账号', '服务专员', '专员账号', 'specialistId'],
  },
});

/** The EnterpriseListingBody field a column header stands for, if any. */
export function matchEnterpriseColumn(header: string): EnterpriseField | undefined {
  return COLUMNS.match(header);
}

const CREDIT_REASONS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/must be 18 characters, got (\d+)/, (m) => `应为 18 位，实际为 ${m[1] ?? '?'} 位`],
  [/must use only digits and capitals/, () => '只能由数字和大写字母组成（不含 I、O、S、V、Z）'],
  [/region code\) must be digits/, () => '第 3 至 8 位（行政区划码）应为数字'],
];

function translateIssue(field: EnterpriseField, issue: z.core.$ZodIssue): string {
  if (field === 'creditCode' && issue.code === 'custom') {
    for (const [pattern, reason] of CREDIT_REASONS) {
      const m = pattern.exec(issue.message);
      if (m) return reason(m);
    }
    return '代码无效';
  }
  if (issue.code === 'invalid_type' || (issue.code === 'too_small' && issue.origin === 'string')) return '不能为空';
  if (issue.code === 'too_big' && issue.origin === 'string') return `不能超过 ${String(issue.maximum)} 个字`;
  if (field === 'regionCode') {
    return issue.code === 'custom' ? '不是有效的行政区划代码（省级代码不存在）' : '应为 6 位行政区划代码（如 220102），或 9、12 位的乡镇、村级代码';
  }
  if (field === 'industryCode') return '应为国民经济行业分类（GB/T 4754）门类字母加两位大类代码，如 C36';
  return `内容不符合要求（${issue.message}）`;
}

/** A class code as registers keep it (C3670) names its division (C36), which the list is kept by. */
function industryText(cell: CellValue | undefined): string | undefined {
  const text = codeText(cell).toUpperCase();
  if (text === '') return undefined;
  return /^[A-T]\d{2}(\d{1,2})?$/.test(text) ? text.slice(0, 3) : text;
}

function mapRow({ record, columns }: DataRow<EnterpriseField>): RowResult<EnterpriseListingBody> {
  const cell = (field: EnterpriseField): CellValue | undefined => {
    const column = columns.get(field);
    return column === undefined ? undefined : record.cells[column.index];
  };
  const candidate = {
    creditCode: codeText(cell('creditCode')).toUpperCase() || undefined,
    name: cellText(cell('name')) || undefined,
    regionCode: codeText(cell('regionCode')) || undefined,
    industryCode: industryText(cell('industryCode')),
    specialistId: codeText(cell('specialistId')) || undefined,
  };
  const parsed = EnterpriseListingBody.safeParse(candidate);
  if (parsed.success) return { row: record.row, ok: true, value: parsed.data };
  const reasons = parsed.error.issues.map((issue) => {
    const field = issue.path[0] as EnterpriseField;
    return { index: columns.get(field)?.index ?? 0, text: `${COLUMNS.label(columns, field)}：${translateIssue(field, issue)}` };
  });
  reasons.sort((a, b) => a.index - b.index);
  return { row: record.row, ok: false, reasons: reasons.map((r) => r.text) };
}

function enterpriseRows(file: string): AsyncGenerator<DataRow<EnterpriseField>> {
  return COLUMNS.dataRows(readSheet(file));
}

/**
 * Streams the file's data rows as listings or rejections, in file order. Throws ImportFileError
 * before the first row when the file as a whole cannot be read. A later row with a credit code
 * already seen in the file is rejected, pointing at the first: the list names an enterprise once.
 */
export async function* readEnterpriseRows(file: string): AsyncGenerator<RowResult<EnterpriseListingBody>> {
  const firstRowOf = new Map<string, number>();
  for await (const row of enterpriseRows(file)) {
    const result = mapRow(row);
    const code = codeText(row.record.cells[row.columns.get('creditCode')?.index ?? -1]).toUpperCase();
    if (!validateCreditCode(code).ok) {
      yield result;
      continue;
    }
    const first = firstRowOf.get(code);
    if (first === undefined) {
      firstRowOf.set(code, row.record.row);
      yield result;
      continue;
    }
    const duplicate = `与第 ${first} 行统一社会信用代码重复`;
    yield { row: row.record.row, ok: false, reasons: result.ok ? [duplicate] : [...result.reasons, duplicate] };
  }
}

async function totalEnterpriseRows(file: string): Promise<number> {
  let count = 0;
  for await (const _ of enterpriseRows(file)) count++;
  return count;
}

export type EnterpriseImportOutcome = 'listed' | 'updated' | 'unchanged';

export const enterpriseList: ListKind<EnterpriseListingBody, EnterpriseImportOutcome> = {
  path: '/api/imports/enterprises',
  outcomes: [
    { outcome: 'listed', zh: '列入名单' },
    { outcome: 'updated', zh: '更新信息' },
    { outcome: 'unchanged', zh: '无变化' },
  ],
  rows: readEnterpriseRows,
  total: totalEnterpriseRows,
  batch: (fileName, rows) => ({ source: { fileName }, rows: rows.map(({ row, value }) => ({ row, enterprise: value })) }) satisfies EnterpriseImportBatch,
  results: (body) => EnterpriseImportResult.parse(body).results,
};

/**
 *   npm run import-enterprises -- <file> [--token T | JIUYE_TOKEN] [--api URL] [--rejected PATH]
 * Safe to run again: an enterprise already listed with the same details is unchanged; one with a
 * new liaison officer is updated.
 */
export const enterpriseImportCommand: ImportCommand<object, EnterpriseListingBody, EnterpriseImportOutcome> = {
  usage: [
    '用法: npm run import-enterprises -- <重点企业名单.xlsx|.csv> [--token <令牌>] [--api http://127.0.0.1:3000] [--rejected 未导入行.csv]',
    '令牌也可用环境变量 JIUYE_TOKEN 给出，须为主管或领导的令牌；开发模式下用 npm run --silent token -- --role supervisor --region 2201 获取。',
  ].join('\n'),
  flags: [],
  parse: () => ({}),
  prepare: async (args) => ({ announce: `导入重点企业名单 ${args.file}，发送至 ${args.api}`, kind: enterpriseList }),
};

export function importEnterprisesCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  return runImportCommand(enterpriseImportCommand, argv, io);
}
