/**
 * The education department's yearly real-name list of graduates who left school without a job (the
 * list the 1311 service starts from), as bureaus receive it (CSV or XLSX, Chinese column headers
 * that vary between provinces and years), turned into edu.graduate.handover.v1 messages one row at
 * a time. This module knows the graduate columns and what a valid row is; reading the file, finding
 * the header and parsing cells are the generic list-import modules' (spreadsheet, headers, cells).
 * Pure reading and mapping: sending the rows onward is the import command's job.
 *
 * Every row either becomes a message that passed GraduateHandoverV1 (bar its eventId, which the
 * server derives) or is rejected with reasons in
 * Chinese naming the column as the file names it, so the person who supplied the file can fix it.
 * Reasons never contain an ID number in clear: the rejected-rows file is passed around by e-mail.
 *
 * The list's import command (npm run import) sends the rows to POST /api/imports/graduates on the
 * shared import runner (run-import.ts, command.ts); graduateImportCommand says what is its own.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { GraduateImportBatch, GraduateImportHandover, GraduateImportResult } from '../../domain/contracts/graduate-1311.js';
import { GraduateHandoverV1 } from '../../domain/contracts/inbound.js';
import { validateResidentId } from '../../domain/identity.js';
import { cellText, codeLostToNumber, codeText, lookup, nameText, parseDate, parseYear, phoneText, wordTable, type CellValue, type DateYears } from './cells.js';
import { parseCommandArgs, runImportCommand, UsageError, type ApiAddress, type CommandIo, type ImportCommand } from './command.js';
import { HeaderTable, type DataRow } from './headers.js';
import type { ListKind, RowResult as ListRowResult } from './run-import.js';
import { readSheet } from './spreadsheet.js';

export type GraduateField = 'name' | 'idNumber' | 'phone' | 'school' | 'major' | 'degree' | 'graduationDate' | 'householdRegionCode' | 'intention' | 'year';

export type RowResult = ListRowResult<GraduateImportHandover>;

export interface ReadGraduateRowsOptions {
  /** The handover (batch) the file belongs to; the server derives every eventId from it, so keep it the same on a re-run. */
  handoverId: string;
  /** ISO timestamp with offset stamped on every message. */
  occurredAt: string;
}

// Aliases seen on provincial and municipal lists. A bare 'ID' is deliberately absent: on many lists it
// is the row serial number, not the identity number.
const COLUMNS = new HeaderTable<GraduateField>({
  name: { label: '姓名', required: true, aliases: ['姓名', '学生姓名', '毕业生姓名', 'name'] },
  idNumber: {
    label: '身份证号',
    required: true,
    aliases: ['身份证号', '身份证号码', '公民身份号码', '公民身份证号码', '居民身份证号码', 'idNumber', 'idCard'],
  },
  phone: { label: '手机号码', required: false, aliases: ['手机号', '手机号码', '手机', '联系电话', '联系方式', 'phone', 'mobile'] },
  school: { label: '毕业院校', required: true, aliases: ['毕业院校', '学校', '院校名称', '学校名称', '毕业学校', 'school'] },
  major: { label: '专业', required: true, aliases: ['专业', '所学专业', '专业名称', 'major'] },
  degree: { label: '学历', required: true, aliases: ['学历', '学历层次', 'degree'] },
  graduationDate: { label: '毕业时间', required: true, aliases: ['毕业时间', '毕业日期', 'graduationDate'] },
  householdRegionCode: {
    label: '户籍所在地代码',
    required: true,
    aliases: ['户籍所在地代码', '户籍地区划代码', '户籍地行政区划代码', '户籍所在地区划代码', '户籍所在地行政区划代码', 'householdRegionCode'],
  },
  intention: { label: '就业意向', required: false, aliases: ['就业意向', '求职意向', 'intention'] },
  year: { label: '毕业年份', required: false, aliases: ['毕业年份', '届别', '毕业届别', 'year'] },
});

/** The GraduateHandoverV1 field a column header stands for, if any. */
export function matchGraduateColumn(header: string): GraduateField | undefined {
  return COLUMNS.match(header);
}

/** GraduateHandoverV1's years; numbers in the date column are taken as dates only in them. */
const YEARS: DateYears = { minYear: 2000, maxYear: 2100 };

const DEGREES = wordTable<GraduateHandoverV1['degree']>([
  ['associate', ['专科', '大专', '高职', '高职专科', '专科生', 'associate']],
  ['bachelor', ['本科', '本科生', '大学本科', 'bachelor']],
  ['master', ['硕士', '硕士研究生', '硕士生', 'master']],
  ['doctor', ['博士', '博士研究生', '博士生', 'doctor']],
]);

const INTENTIONS = wordTable<NonNullable<GraduateHandoverV1['intention']>>([
  ['employment', ['求职', '就业', '求职就业', '单位就业', 'employment']],
  ['further-study', ['升学', '考研', '继续深造', '出国留学', 'further-study']],
  ['business', ['创业', '自主创业', 'business']],
  ['none', ['暂不就业', '不就业', '无', 'none']],
  ['undecided', ['未定', '待定', '不确定', 'undecided']],
]);

const ID_REASONS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/must be 18 characters, got (\d+)/, (m) => `应为 18 位，实际为 ${m[1] ?? '?'} 位`],
  [/first 17 characters must be digits/, () => '前 17 位应全部为数字'],
  [/check character must be a digit or X/, () => '第 18 位应为数字或 X'],
  [/unknown province code/, () => '前两位不是有效的省级行政区划代码'],
  [/birth year is before 1900/, () => '出生年份早于 1900 年'],
  [/birth date is not a real calendar date/, () => '出生日期不存在'],
  [/checksum mismatch/, () => '校验位错误'],
];

function translateIssue(field: GraduateField, issue: z.core.$ZodIssue): string {
  if (field === 'idNumber' && issue.code === 'custom') {
    for (const [pattern, reason] of ID_REASONS) {
      const m = pattern.exec(issue.message);
      if (m) return reason(m);
    }
    return '号码无效';
  }
  if (issue.code === 'invalid_type' || (issue.code === 'too_small' && issue.origin === 'string')) return '不能为空';
  if (issue.code === 'too_big' && issue.origin === 'string') return `不能超过 ${String(issue.maximum)} 个字`;
  if (field === 'phone') return '应为 11 位手机号码（以 1 开头），可留空';
  if (field === 'householdRegionCode') {
    return issue.code === 'custom' ? '不是有效的行政区划代码（省级代码不存在）' : '应为 6 位行政区划代码（如 220102），或 9、12 位的乡镇、村级代码';
  }
  if (field === 'year' && (issue.code === 'too_small' || issue.code === 'too_big')) return `应在 ${YEARS.minYear} 至 ${YEARS.maxYear} 之间`;
  return `内容不符合要求（${issue.message}）`;
}

interface FieldReason {
  field: GraduateField;
  text: string;
}

function mapRow({ record, columns }: DataRow<GraduateField>, options: ReadGraduateRowsOptions): { idNumber: string; result: RowResult } {
  const cell = (field: GraduateField): CellValue | undefined => {
    const column = columns.get(field);
    return column === undefined ? undefined : record.cells[column.index];
  };
  const text = (field: GraduateField): string | undefined => cellText(cell(field)) || undefined;
  // Fields already explained by a reason of our own: zod's view of them would only repeat it.
  const settled = new Set<GraduateField>();
  const reasons: FieldReason[] = [];
  const fail = (field: GraduateField, reason: string): void => {
    settled.add(field);
    reasons.push({ field, text: reason });
  };

  const idCell = cell('idNumber');
  const idNumber = typeof idCell === 'number' ? '' : codeText(idCell).toUpperCase();
  if (codeLostToNumber(idCell)) {
    fail('idNumber', '单元格是数值格式，Excel 只保留 15 位有效数字，号码已被截断；请把该列设为“文本”格式后重新填写');
  }

  const graduationDate = parseDate(cell('graduationDate'), YEARS);
  if (graduationDate && !graduationDate.ok) fail('graduationDate', graduationDate.reason);
  const degree = lookup(DEGREES, cell('degree'), '专科（大专）、本科、硕士研究生或博士研究生');
  if (degree && !degree.ok) fail('degree', degree.reason);
  const intention = lookup(INTENTIONS, cell('intention'), '求职、升学、创业、暂不就业或待定（也可留空）');
  if (intention && !intention.ok) fail('intention', intention.reason);
  const yearCell = parseYear(cell('year'));
  if (yearCell && !yearCell.ok) fail('year', yearCell.reason);
  // Without a year column the year comes from the graduation date; a bad date already says why.
  if (!yearCell && !graduationDate?.ok) settled.add('year');
  const year = yearCell?.ok ? yearCell.value : graduationDate?.ok ? Number(graduationDate.value.slice(0, 4)) : undefined;

  const candidate = {
    occurredAt: options.occurredAt,
    handoverId: options.handoverId,
    year,
    idNumber: idNumber || undefined,
    name: nameText(cell('name')) || undefined,
    phone: phoneText(cell('phone')),
    school: text('school'),
    major: text('major'),
    degree: degree?.ok ? degree.value : undefined,
    graduationDate: graduationDate?.ok ? graduationDate.value : undefined,
    householdRegionCode: codeText(cell('householdRegionCode')) || undefined,
    intention: intention?.ok ? intention.value : undefined,
  };
  const parsed = GraduateImportHandover.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field !== 'string' || !COLUMNS.isField(field)) {
        // Only occurredAt and handoverId remain, and readGraduateRows checked those up front.
        throw new Error(`GraduateImportHandover rejected ${String(field)}: ${issue.message}`);
      }
      if (settled.has(field)) continue;
      fail(field, translateIssue(field, issue));
    }
  }
  if (reasons.length > 0 || !parsed.success) {
    // A derived year (no year column) is reported where the date it comes from stands.
    const order = (field: GraduateField): number => columns.get(field)?.index ?? columns.get('graduationDate')?.index ?? 0;
    reasons.sort((a, b) => order(a.field) - order(b.field));
    return { idNumber, result: { row: record.row, ok: false, reasons: reasons.map((r) => `${COLUMNS.label(columns, r.field)}：${r.text}`) } };
  }
  return { idNumber, result: { row: record.row, ok: true, value: parsed.data } };
}

function checkOptions({ handoverId, occurredAt }: ReadGraduateRowsOptions): void {
  if (handoverId.trim() === '') throw new Error('导入批次号（handoverId）不能为空');
  // The batch's limit, which also keeps the eventId the server derives from it within the contract's.
  if (!GraduateImportBatch.shape.source.shape.handoverId.safeParse(handoverId).success) {
    throw new Error(`导入批次号（handoverId）过长，最多 ${GraduateImportBatch.shape.source.shape.handoverId.maxLength ?? 100} 个字符，请缩短`);
  }
  if (!GraduateHandoverV1.shape.occurredAt.safeParse(occurredAt).success) {
    throw new Error(`occurredAt 应为带时区的 ISO 8601 时间，如 2026-07-15T09:30:00+08:00，实际为“${occurredAt}”`);
  }
}

function graduateRows(file: string): AsyncGenerator<DataRow<GraduateField>> {
  return COLUMNS.dataRows(readSheet(file));
}

/**
 * Streams the file's data rows as GraduateHandoverV1 messages or rejections, in file order. Throws
 * ImportFileError before the first row when the file as a whole cannot be read (type, header,
 * missing columns). A later row with an ID number already seen in the file is rejected, pointing at
 * the first: one handover lists a person once, and both rows would carry the same eventId. The first
 * row wins even when it is itself rejected, so the outcome never depends on which copy is wrong.
 */
export async function* readGraduateRows(file: string, options: ReadGraduateRowsOptions): AsyncGenerator<RowResult> {
  checkOptions(options);
  const firstRowOf = new Map<string, number>();
  for await (const row of graduateRows(file)) {
    const { idNumber, result } = mapRow(row, options);
    if (!validateResidentId(idNumber).ok) {
      yield result;
      continue;
    }
    const first = firstRowOf.get(idNumber);
    if (first === undefined) {
      firstRowOf.set(idNumber, row.record.row);
      yield result;
      continue;
    }
    const duplicate = `与第 ${first} 行身份证号重复`;
    yield { row: row.record.row, ok: false, reasons: result.ok ? [duplicate] : [...result.reasons, duplicate] };
  }
}

/**
 * How many rows readGraduateRows will yield (non-blank rows below the header), for a progress bar.
 * A full pass over the file: streaming is fast and the count is then exact.
 */
export async function totalDataRows(file: string): Promise<number> {
  let count = 0;
  for await (const _ of graduateRows(file)) count++;
  return count;
}

export type GraduateImportOutcome = 'imported' | 'updated' | 'unchanged';

/** The graduate list for the import runner: its rows as handovers, sent to the cases through the API. */
export function graduateList(options: ReadGraduateRowsOptions): ListKind<GraduateImportHandover, GraduateImportOutcome> {
  return {
    path: '/api/imports/graduates',
    outcomes: [
      { outcome: 'imported', zh: '新建案件' },
      { outcome: 'updated', zh: '更新案件' },
      { outcome: 'unchanged', zh: '无变化' },
    ],
    rows: (file) => readGraduateRows(file, options),
    total: totalDataRows,
    batch: (fileName, rows) =>
      ({ source: { fileName, handoverId: options.handoverId }, rows: rows.map(({ row, value }) => ({ row, handover: value })) }) satisfies GraduateImportBatch,
    results: (body) => GraduateImportResult.parse(body).results,
  };
}

/** The list's batch ID when none is given: from the file's content, so a re-run is the same handover. */
export async function defaultHandoverId(file: string): Promise<string> {
  return `IMPORT-${createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
    .slice(0, 16)}`;
}

export interface GraduateImportArgs {
  /** Undefined: derived from the file's content (defaultHandoverId). */
  handoverId: string | undefined;
  occurredAt: string;
  /** False when occurredAt defaulted to now, so the command can say so. */
  occurredAtGiven: boolean;
}

/**
 *   npm run import -- <file> [--token T | JIUYE_TOKEN] [--handover-id ID] [--occurred-at ISO] [--api URL] [--rejected PATH]
 * Safe to run again: the handover ID comes from the file and the server derives each eventId from it
 * and the ID number, and a case that already has the handover reports the row as unchanged. Needs
 * only a token: no key is held where the list is imported.
 */
export const graduateImportCommand: ImportCommand<GraduateImportArgs, GraduateImportHandover, GraduateImportOutcome> = {
  usage: [
    '用法: npm run import -- <名单文件.xlsx|.csv> [--token <令牌>] [--handover-id 批次号] [--occurred-at 2026-07-15T09:30:00+08:00] [--api http://127.0.0.1:3000] [--rejected 未导入行.csv]',
    '令牌也可用环境变量 JIUYE_TOKEN 给出；开发模式下用 npm run --silent token -- --role supervisor --region 22 获取。',
  ].join('\n'),
  flags: ['handover-id', 'occurred-at'],
  parse(values, now) {
    const occurredAt = values['occurred-at'];
    // The contract's own check: every handover message carries this timestamp as it is.
    if (occurredAt !== undefined && !GraduateHandoverV1.shape.occurredAt.safeParse(occurredAt).success) {
      throw new UsageError(`--occurred-at 须为带时区的 ISO 时间，如 2026-07-15T09:30:00+08:00（收到：${occurredAt}）`);
    }
    const handoverId = values['handover-id']?.trim();
    if (handoverId === '') throw new UsageError('--handover-id 不能为空');
    return { handoverId, occurredAt: occurredAt ?? now.toISOString(), occurredAtGiven: occurredAt !== undefined };
  },
  async prepare(args) {
    const handoverId = args.handoverId ?? (await defaultHandoverId(args.file));
    const when = args.occurredAtGiven ? args.occurredAt : `${args.occurredAt}（未给 --occurred-at，按当前时间）`;
    return {
      announce: `导入 ${args.file}：批次号 ${handoverId}，接收时间 ${when}（首次联系时限由此起算），发送至 ${args.api}`,
      kind: graduateList({ handoverId, occurredAt: args.occurredAt }),
    };
  },
};

export function parseImportArgs(argv: readonly string[], env: NodeJS.ProcessEnv, address: ApiAddress, now?: Date) {
  return parseCommandArgs(graduateImportCommand, argv, env, address, now);
}

export function importGraduatesCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  return runImportCommand(graduateImportCommand, argv, io);
}
