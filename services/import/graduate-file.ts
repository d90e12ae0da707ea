/**
 * The education department's yearly real-name list of graduates who left school without a job, as
 * bureaus receive it (CSV or XLSX, Chinese column headers that vary between provinces and years),
 * turned into edu.graduate.handover.v1 messages one row at a time. Pure reading and mapping: sending
 * the rows onward is the import command's job.
 *
 * Every row either becomes a message that passed GraduateHandoverV1 or is rejected with reasons in
 * Chinese naming the column as the file names it, so the person who supplied the file can fix it.
 * Reasons never contain an ID number in clear: the rejected-rows file is passed around by e-mail.
 */
import { createHmac } from 'node:crypto';
import { extname } from 'node:path';
import { open, readFile, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { EventEmitter } from 'node:events';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { z } from 'zod';
import { GraduateHandoverV1 } from '../../domain/contracts/inbound.js';
import { maskIdNumber, validateResidentId } from '../../domain/identity.js';
import { csvDocument, readCsvRecords } from './csv.js';
import { ImportFileError } from './errors.js';

export { ImportFileError } from './errors.js';

export type GraduateField =
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'school'
  | 'major'
  | 'degree'
  | 'graduationDate'
  | 'householdRegionCode'
  | 'intention'
  | 'year';

export type RowResult =
  | { row: number; ok: true; value: GraduateHandoverV1 }
  | { row: number; ok: false; reasons: string[] };

export interface RejectedRow {
  row: number;
  reasons: string[];
}

export interface ReadGraduateRowsOptions {
  /** The handover (batch) the file belongs to; part of every eventId, so keep it the same on a re-run. */
  handoverId: string;
  /** ISO timestamp with offset stamped on every message. */
  occurredAt: string;
  /** The deployment's ID-hash key (JIUYE_ID_HASH_KEY): eventIds carry a keyed hash of the ID number. */
  idHashKey: string;
}

interface ColumnSpec {
  /** The name used in messages when the file has no such column (a derived field). */
  label: string;
  required: boolean;
  /** In order of preference: when a file has two columns for one field, the earlier alias wins. */
  aliases: readonly string[];
}

// Aliases seen on provincial and municipal lists. A bare 'ID' is deliberately absent: on many lists it
// is the row serial number, not the identity number.
const COLUMNS: Readonly<Record<GraduateField, ColumnSpec>> = {
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
};

const FIELDS = Object.keys(COLUMNS) as GraduateField[];

/**
 * Headers come with full-width characters, stray spaces (also U+3000 and zero-width ones), a leading
 * asterisk marking required columns, a trailing colon, or a note in parentheses such as
 * 身份证号（18位）. NFKC folds full-width forms; the rest is dropped.
 */
function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\([^)]*\)/g, '')
    .replace(/[\s\u200b-\u200d\ufeff*:_\-.]/g, '')
    .toLowerCase();
}

const ALIAS_INDEX: ReadonlyMap<string, { field: GraduateField; rank: number }> = new Map(
  FIELDS.flatMap((field) => COLUMNS[field].aliases.map((alias, rank) => [normaliseHeader(alias), { field, rank }] as const)),
);

/** The GraduateHandoverV1 field a column header stands for, if any. */
export function matchGraduateColumn(header: string): GraduateField | undefined {
  return ALIAS_INDEX.get(normaliseHeader(header))?.field;
}

/** What a cell holds once the spreadsheet format is gone. */
type CellValue = string | number | boolean | Date | null;

interface SheetRecord {
  row: number;
  cells: CellValue[];
}

interface Column {
  index: number;
  /** The header as written in the file, used in reasons. */
  label: string;
}

type Columns = ReadonlyMap<GraduateField, Column>;

// --- reading the two formats -------------------------------------------------------------------

type FileFormat = 'csv' | 'xlsx';

async function fileFormat(file: string): Promise<FileFormat> {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xls' || ext === '.et') {
    throw new ImportFileError(`不支持 ${ext} 文件，请在 Excel 或 WPS 中“另存为” .xlsx 或 .csv 后再导入`);
  }
  if (ext !== '.xlsx') throw new ImportFileError(`不支持的文件类型“${ext || '无扩展名'}”，请导入 .xlsx 或 .csv 文件`);
  // Government systems often export HTML or the old binary format under an .xlsx name.
  const handle = await open(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    if (magic.toString('latin1') !== 'PK') {
      throw new ImportFileError('文件扩展名是 .xlsx，但内容不是 xlsx 格式（可能是改了扩展名的 .xls 或网页文件），请在 Excel 中“另存为” .xlsx 后再导入');
    }
  } finally {
    await handle.close();
  }
  return 'xlsx';
}

function excelCellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return excelCellValue(value.text);
  return excelCellValue(value.result);
}

const corruptXlsx = '无法读取 xlsx 文件，文件可能不完整或已损坏；请在 Excel 中打开、重新保存后再导入';

/** The workbook parts a sheet is read with, by the name exceljs gives them in its 'entry' events. */
const SHEET_PREREQUISITES = { 'xl/workbook.xml': 'workbook', 'xl/sharedStrings.xml': 'shared-strings', 'xl/styles.xml': 'styles' } as const;

/**
 * Which of those parts this file has, from the zip's central directory, which lists every entry
 * reliably (JSZip holds the compressed file, a fraction of the rows it unpacks to).
 */
async function sheetPrerequisites(file: string): Promise<string[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await readFile(file));
  } catch (cause) {
    throw new ImportFileError(corruptXlsx, { cause });
  }
  if (zip.file(/^xl\/worksheets\/sheet\d+\.xml$/).length === 0) throw new ImportFileError('xlsx 文件中没有工作表');
  return Object.entries(SHEET_PREREQUISITES).flatMap(([path, entry]) => (zip.file(path) ? [entry] : []));
}

/** A read that reached a sheet without the parts it needs; nothing was yielded, so it can start again. */
class IncompleteRead extends Error {}

/**
 * exceljs's streaming reader (4.4.0) sometimes stops before a zip's last entries: unzipper's Parse
 * says 'end' once its input is written, not once its entries are read (7 in 2,000 reads of a
 * small file here). Unchecked, a valid list fails as damaged, or its sheet is read without the
 * shared strings that hold the names or the styles that make a number a date. So a read must have
 * seen every such part the zip lists before the sheet's first row, or it starts again.
 */
const XLSX_READ_ATTEMPTS = 4;

async function* readXlsxAttempt(file: string, prerequisites: readonly string[]): AsyncGenerator<SheetRecord> {
  const input = createReadStream(file);
  // Styles are needed to tell a date cell from a number: the format, not the value, makes it a date.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  const seen = new Set<string>();
  // The reader is an EventEmitter at run time; exceljs's typings leave that out.
  (workbook as unknown as EventEmitter).on('entry', (entry: { type: string }) => seen.add(entry.type));
  let started = false;
  try {
    for await (const sheet of workbook) {
      if (prerequisites.some((part) => !seen.has(part))) throw new IncompleteRead();
      for await (const row of sheet) {
        const cells: CellValue[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(excelCellValue(row.getCell(c).value));
        started = true;
        yield { row: row.number, cells };
      }
      return;
    }
    // The zip lists a sheet (sheetPrerequisites), so a read that met none was cut short.
    throw new IncompleteRead();
  } catch (error) {
    if (error instanceof ImportFileError || error instanceof IncompleteRead) throw error;
    // Cut short before its first row, a read fails inside exceljs (its workbook model missing).
    if (!started) throw new IncompleteRead(undefined, { cause: error });
    throw new ImportFileError(corruptXlsx, { cause: error });
  } finally {
    input.destroy();
  }
}

/** Rows of the first worksheet, streamed: a list of a whole province must not be loaded at once. */
async function* readXlsxRecords(file: string): AsyncGenerator<SheetRecord> {
  const prerequisites = await sheetPrerequisites(file);
  let lastCause: unknown;
  for (let attempt = 1; attempt <= XLSX_READ_ATTEMPTS; attempt++) {
    try {
      yield* readXlsxAttempt(file, prerequisites);
      return;
    } catch (error) {
      if (!(error instanceof IncompleteRead)) throw error;
      lastCause = error.cause ?? error;
    }
  }
  throw new ImportFileError(corruptXlsx, { cause: lastCause });
}

async function* readRecords(file: string): AsyncGenerator<SheetRecord> {
  if ((await fileFormat(file)) === 'xlsx') yield* readXlsxRecords(file);
  else yield* readCsvRecords(file);
}

// --- header -----------------------------------------------------------------------------------

/** A title such as “2026届离校未就业高校毕业生实名清单” often sits above the header row. */
const HEADER_SEARCH_ROWS = 10;
/** A row naming at least this many known columns is the header; a title row names none. */
const HEADER_MIN_MATCHES = 3;

function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return isoDateOf(cell) ?? '';
  const text = String(cell).trim();
  // Some systems export ="…" so that Excel keeps long digit strings as text.
  const wrapped = /^="(.*)"$/s.exec(text);
  return wrapped ? (wrapped[1] ?? '').trim() : text;
}

function isBlank(record: SheetRecord): boolean {
  return record.cells.every((cell) => cellText(cell) === '');
}

function headerColumns(record: SheetRecord): Map<GraduateField, Column> {
  const chosen = new Map<GraduateField, Column & { rank: number }>();
  record.cells.forEach((cell, index) => {
    const label = cellText(cell);
    const match = ALIAS_INDEX.get(normaliseHeader(label));
    if (!match) return;
    const current = chosen.get(match.field);
    if (current && current.rank === match.rank) {
      throw new ImportFileError(
        `第 ${record.row} 行表头中“${current.label}”和“${label}”两列是同一项，无法确定使用哪一列，请删除其中一列后再导入`,
      );
    }
    if (!current || match.rank < current.rank) chosen.set(match.field, { index, label, rank: match.rank });
  });
  return new Map([...chosen].map(([field, { index, label }]) => [field, { index, label }]));
}

function acceptedNames(fields: readonly GraduateField[]): string {
  return fields.map((field) => `${COLUMNS[field].label}：${COLUMNS[field].aliases.join('、')}`).join('；');
}

function missingColumnsError(headerRow: number, columns: Columns): ImportFileError {
  const missing = FIELDS.filter((field) => COLUMNS[field].required && !columns.has(field));
  const labels = missing.map((field) => COLUMNS[field].label);
  return new ImportFileError(`第 ${headerRow} 行表头缺少必需的列：${labels.join('、')}。可用的列名——${acceptedNames(missing)}`, {
    missingColumns: labels,
  });
}

/** Data records of the file with the columns found in its header row; blank rows are left out. */
async function* sheetRows(file: string): AsyncGenerator<{ columns: Columns; record: SheetRecord }> {
  let columns: Columns | undefined;
  let best: Columns | undefined;
  let searched = 0;
  for await (const record of readRecords(file)) {
    if (isBlank(record)) continue;
    if (columns) {
      yield { columns, record };
      continue;
    }
    const candidate = headerColumns(record);
    if (!best || candidate.size > best.size) best = candidate;
    if (candidate.size >= HEADER_MIN_MATCHES) {
      if (FIELDS.some((field) => COLUMNS[field].required && !candidate.has(field))) {
        throw missingColumnsError(record.row, candidate);
      }
      columns = candidate;
    } else if (++searched >= HEADER_SEARCH_ROWS) {
      break;
    }
  }
  if (columns) return;
  if (!best) throw new ImportFileError('文件是空的，没有表头也没有数据');
  const required = FIELDS.filter((field) => COLUMNS[field].required);
  throw new ImportFileError(
    `未找到表头：前 ${HEADER_SEARCH_ROWS} 个非空行中没有一行含有至少 ${HEADER_MIN_MATCHES} 个可识别的列名。必需的列及可用的列名——${acceptedNames(required)}`,
    { missingColumns: required.filter((field) => !best.has(field)).map((field) => COLUMNS[field].label) },
  );
}

/**
 * How many rows readGraduateRows will yield (non-blank rows below the header), for a progress bar.
 * A full pass over the file: streaming is fast and the count is then exact.
 */
export async function totalDataRows(file: string): Promise<number> {
  let count = 0;
  for await (const _ of sheetRows(file)) count++;
  return count;
}

// --- cell values ------------------------------------------------------------------------------

const MS_PER_DAY = 86_400_000;
/** Day 0 of Excel's 1900 date system, correct for every serial from 1 March 1900 on. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function isoFromParts(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Excel stores dates as UTC midnight plus the time of day; the calendar date is the UTC one. */
function isoDateOf(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  return isoFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

// Serials and 8-digit numbers are plausible dates only in this range; anything else in a date column
// (a bare year such as 2026, which as a serial would be 1905) is reported rather than guessed.
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function dateFromNumber(n: number): string | undefined {
  if (Number.isInteger(n) && n >= MIN_YEAR * 10_000 && n < (MAX_YEAR + 1) * 10_000) {
    return isoFromParts(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
  }
  const date = new Date(EXCEL_EPOCH_MS + Math.floor(n) * MS_PER_DAY);
  const year = date.getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR ? isoDateOf(date) : undefined;
}

const DATE_PATTERN = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function parseGraduationDate(cell: CellValue | undefined): Parsed<string> | undefined {
  const example = '请填写日期，如 2026-06-30、2026/6/30 或 2026年6月30日';
  if (cell instanceof Date) {
    const iso = isoDateOf(cell);
    return iso ? { ok: true, value: iso } : { ok: false, reason: `不是有效日期，${example}` };
  }
  if (typeof cell === 'number') {
    const iso = dateFromNumber(cell);
    return iso ? { ok: true, value: iso } : { ok: false, reason: `无法识别“${cell}”，${example}` };
  }
  const text = cellText(cell).normalize('NFKC');
  if (text === '') return undefined;
  const parts = DATE_PATTERN.exec(text);
  if (parts) {
    const iso = isoFromParts(Number(parts[1]), Number(parts[2]), Number(parts[3]));
    return iso ? { ok: true, value: iso } : { ok: false, reason: `“${shown(text)}”不是存在的日期` };
  }
  // CSV saved from a sheet whose date column lost its format holds the serial or 20260630 as text.
  const iso = /^\d+(\.\d+)?$/.test(text) ? dateFromNumber(Number(text)) : undefined;
  return iso ? { ok: true, value: iso } : { ok: false, reason: `无法识别“${shown(text)}”，${example}` };
}

function parseYear(cell: CellValue | undefined): Parsed<number> | undefined {
  if (typeof cell === 'number') {
    return Number.isInteger(cell) ? { ok: true, value: cell } : { ok: false, reason: `“${cell}”不是年份，请填写四位年份，如 2026` };
  }
  if (cell instanceof Date) return { ok: true, value: cell.getUTCFullYear() };
  const text = cellText(cell).normalize('NFKC').replace(/\s/g, '');
  if (text === '') return undefined;
  const year = /^(\d{4})[届年]?$/.exec(text);
  return year ? { ok: true, value: Number(year[1]) } : { ok: false, reason: `无法识别“${shown(text)}”，请填写四位年份，如 2026` };
}

function valueKey(text: string): string {
  return text.normalize('NFKC').replace(/\([^)]*\)/g, '').replace(/\s/g, '').toLowerCase();
}

const DEGREES: ReadonlyMap<string, GraduateHandoverV1['degree']> = new Map([
  ...['专科', '大专', '高职', '高职专科', '专科生', 'associate'].map((k) => [k, 'associate'] as const),
  ...['本科', '本科生', '大学本科', 'bachelor'].map((k) => [k, 'bachelor'] as const),
  ...['硕士', '硕士研究生', '硕士生', 'master'].map((k) => [k, 'master'] as const),
  ...['博士', '博士研究生', '博士生', 'doctor'].map((k) => [k, 'doctor'] as const),
]);

type Intention = NonNullable<GraduateHandoverV1['intention']>;

const INTENTIONS: ReadonlyMap<string, Intention> = new Map([
  ...['求职', '就业', '求职就业', '单位就业', 'employment'].map((k) => [k, 'employment'] as const),
  ...['升学', '考研', '继续深造', '出国留学', 'further-study'].map((k) => [k, 'further-study'] as const),
  ...['创业', '自主创业', 'business'].map((k) => [k, 'business'] as const),
  ...['暂不就业', '不就业', '无', 'none'].map((k) => [k, 'none'] as const),
  ...['未定', '待定', '不确定', 'undecided'].map((k) => [k, 'undecided'] as const),
]);

function lookup<T>(table: ReadonlyMap<string, T>, cell: CellValue | undefined, expected: string): Parsed<T> | undefined {
  const text = cellText(cell);
  if (text === '') return undefined;
  const value = table.get(valueKey(text));
  return value === undefined ? { ok: false, reason: `无法识别“${shown(text)}”，应为${expected}` } : { ok: true, value };
}

/** Digits typed with full-width forms, spaces or Excel's text apostrophe. */
function codeText(cell: CellValue | undefined): string {
  return cellText(cell).normalize('NFKC').replace(/\s/g, '').replace(/^'/, '');
}

function phoneText(cell: CellValue | undefined): string | undefined {
  const text = codeText(cell).replace(/-/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return text === '' ? undefined : text;
}

/** Names of Han characters are often padded for alignment (张  三); others keep single spaces. */
function nameText(cell: CellValue | undefined): string {
  const text = cellText(cell);
  return /^[\p{Script=Han}\s]+$/u.test(text) ? text.replace(/\s/g, '') : text.replace(/\s+/g, ' ');
}

/**
 * A cell value quoted back in a reason, shortened, and with any run of digits that could be an ID
 * number masked: a column shifted by one puts ID numbers under 学历 or 毕业时间.
 */
function shown(text: string): string {
  const masked = text.replace(/\d{15,17}[\dXx]?/g, (digits) => maskIdNumber(digits));
  const chars = Array.from(masked);
  return chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : masked;
}

// --- rows -------------------------------------------------------------------------------------

const ID_REASONS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/must be 18 characters, got (\d+)/, (m) => `应为 18 位，实际为 ${m[1] ?? '?'} 位`],
  [/first 17 characters must be digits/, () => '前 17 位应全部为数字'],
  [/check character must be a digit or X/, () => '第 18 位应为数字或 X'],
  [/unknown province code/, () => '前两位不是有效的省级行政区划代码'],
  [/birth year \d+ is before 1900/, () => '出生年份早于 1900 年'],
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
  if (field === 'year' && (issue.code === 'too_small' || issue.code === 'too_big')) return `应在 ${MIN_YEAR} 至 ${MAX_YEAR} 之间`;
  return `内容不符合要求（${issue.message}）`;
}

/**
 * The same person in the same handover always gets the same eventId, whatever the row order, so a
 * re-run of the file, or of a corrected file, has no second effect downstream. The ID number is
 * hashed, never included, because eventIds are stored in clear (the processed-events table). The
 * hash is keyed: an 18-digit ID with a known structure is cheap to brute-force from a plain hash.
 * The handover is part of it so one person's eventIds do not link across handovers.
 */
function graduateEventId(handoverId: string, idNumber: string, key: string): string {
  const digest = createHmac('sha256', key).update(`${handoverId}\n${idNumber}`, 'utf8').digest('hex');
  return `import:${handoverId}:${digest.slice(0, 16)}`;
}

interface FieldReason {
  field: GraduateField;
  text: string;
}

function mapRow(record: SheetRecord, columns: Columns, options: ReadGraduateRowsOptions): { idNumber: string; result: RowResult } {
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
  // An 18-digit number loses its last 3 digits in Excel (15 significant digits) and no longer matches
  // the person; the same happens to a CSV opened in Excel and saved again (2.20102E+17).
  if (typeof idCell === 'number' || /^\d+(\.\d+)?E\+\d+$/.test(idNumber)) {
    fail('idNumber', '单元格是数值格式，Excel 只保留 15 位有效数字，号码已被截断；请把该列设为“文本”格式后重新填写');
  }

  const graduationDate = parseGraduationDate(cell('graduationDate'));
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
    eventId: graduateEventId(options.handoverId, idNumber, options.idHashKey),
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
  const parsed = GraduateHandoverV1.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field !== 'string' || !(field in COLUMNS)) {
        // Only eventId, occurredAt and handoverId remain, and readGraduateRows checked those up front.
        throw new Error(`GraduateHandoverV1 rejected ${String(field)}: ${issue.message}`);
      }
      const known = field as GraduateField;
      if (settled.has(known)) continue;
      fail(known, translateIssue(known, issue));
    }
  }
  if (reasons.length > 0 || !parsed.success) {
    const order = (field: GraduateField): number => columns.get(field)?.index ?? columns.get('graduationDate')?.index ?? 0;
    const label = (field: GraduateField): string => columns.get(field)?.label ?? COLUMNS[field].label;
    reasons.sort((a, b) => order(a.field) - order(b.field));
    return { idNumber, result: { row: record.row, ok: false, reasons: reasons.map((r) => `${label(r.field)}：${r.text}`) } };
  }
  return { idNumber, result: { row: record.row, ok: true, value: parsed.data } };
}

function checkOptions({ handoverId, occurredAt, idHashKey }: ReadGraduateRowsOptions): void {
  if (handoverId.trim() === '') throw new Error('导入批次号（handoverId）不能为空');
  if (idHashKey === '') throw new Error('缺少身份证号哈希密钥（JIUYE_ID_HASH_KEY）');
  if (!GraduateHandoverV1.shape.eventId.safeParse(graduateEventId(handoverId, '', idHashKey)).success) {
    throw new Error('导入批次号（handoverId）过长，由它生成的 eventId 超出了长度上限，请缩短');
  }
  if (!GraduateHandoverV1.shape.occurredAt.safeParse(occurredAt).success) {
    throw new Error(`occurredAt 应为带时区的 ISO 8601 时间，如 2026-07-15T09:30:00+08:00，实际为“${occurredAt}”`);
  }
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
  for await (const { columns, record } of sheetRows(file)) {
    const { idNumber, result } = mapRow(record, columns, options);
    if (!validateResidentId(idNumber).ok) {
      yield result;
      continue;
    }
    const first = firstRowOf.get(idNumber);
    if (first === undefined) {
      firstRowOf.set(idNumber, record.row);
      yield result;
      continue;
    }
    const duplicate = `与第 ${first} 行身份证号重复`;
    yield { row: record.row, ok: false, reasons: result.ok ? [duplicate] : [...result.reasons, duplicate] };
  }
}

// --- rejected rows ----------------------------------------------------------------------------

const REJECTED_HEADER = ['行号', '原因'] as const;

/**
 * Writes the rejected rows for the person who supplied the file: row number and the reasons joined
 * by '；'. The format follows the extension; CSV is written for Excel (csvDocument).
 */
export async function writeRejectedRows(path: string, rejected: readonly RejectedRow[]): Promise<void> {
  const ext = extname(path).toLowerCase();
  const lines = rejected.map((r) => [r.row, r.reasons.join('；')] as const);
  if (ext === '.csv') {
    await writeFile(path, csvDocument([REJECTED_HEADER, ...lines]), 'utf8');
    return;
  }
  if (ext !== '.xlsx') throw new Error(`未导入行清单只能写成 .csv 或 .xlsx，收到“${ext || '无扩展名'}”`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('未导入的行');
  sheet.columns = [
    { header: REJECTED_HEADER[0], width: 8 },
    { header: REJECTED_HEADER[1], width: 100 },
  ];
  for (const line of lines) sheet.addRow([...line]).commit();
  sheet.commit();
  await workbook.commit();
}
