/**
 * Cell values of the lists bureaus import, whatever the list: the text a clerk meant, dates in the
 * many ways they are typed or stored, years, codes and phone numbers, and values looked up in a table
 * of accepted words. Each parser returns undefined for an empty cell, so the caller decides whether
 * the column may be empty, and otherwise the value or a reason in Chinese for the person who
 * supplied the file.
 */
import { maskIdNumber } from '../../domain/identity.js';

/** What a cell holds once the spreadsheet format (CSV or XLSX) is gone. */
export type CellValue = string | number | boolean | Date | null;

/** One row of a sheet as read, before anything knows what its columns mean. */
export interface SheetRecord {
  /** The row number the spreadsheet shows, which reasons and the rejected-rows file refer to. */
  row: number;
  cells: CellValue[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

// --- text ---------------------------------------------------------------------------------------

/** The text of a cell, trimmed; a date cell as its ISO date. */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return isoDateOf(cell) ?? '';
  const text = String(cell).trim();
  // Some systems export ="…" so that Excel keeps long digit strings as text.
  const wrapped = /^="(.*)"$/s.exec(text);
  return wrapped ? (wrapped[1] ?? '').trim() : text;
}

/** Digits typed with full-width forms, spaces or Excel's text apostrophe. */
export function codeText(cell: CellValue | undefined): string {
  return cellText(cell).normalize('NFKC').replace(/\s/g, '').replace(/^'/, '');
}

/**
 * A long digit code (an ID number) that went through a number cell: Excel keeps 15 significant
 * digits, so the last digits are gone, whether the cell is still a number or a CSV opened in Excel
 * and saved again holds it as 2.20102E+17.
 */
export function codeLostToNumber(cell: CellValue | undefined): boolean {
  return typeof cell === 'number' || /^\d+(\.\d+)?E\+\d+$/i.test(codeText(cell));
}

/** A mobile number as typed (spaces, dashes, +86), as its digits. */
export function phoneText(cell: CellValue | undefined): string | undefined {
  const text = codeText(cell)
    .replace(/-/g, '')
    .replace(/^\+?86(?=1\d{10}$)/, '');
  return text === '' ? undefined : text;
}

/** Names of Han characters are often padded for alignment (张  三); others keep single spaces. */
export function nameText(cell: CellValue | undefined): string {
  const text = cellText(cell);
  return /^[\p{Script=Han}\s]+$/u.test(text) ? text.replace(/\s/g, '') : text.replace(/\s+/g, ' ');
}

/**
 * A cell value quoted back in a reason, shortened, and with any run of digits that could be an ID
 * number masked: a column shifted by one puts ID numbers under any other column.
 */
export function shown(text: string): string {
  const masked = text.replace(/\d{15,17}[\dXx]?/g, (digits) => maskIdNumber(digits));
  const chars = Array.from(masked);
  return chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : masked;
}

/** How a word is looked up in a table of accepted words: width, notes in parentheses, spaces and case do not count. */
function valueKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\([^)]*\)/g, '')
    .replace(/\s/g, '')
    .toLowerCase();
}

/** Builds a lookup table from the words accepted for each value. */
export function wordTable<T>(words: readonly (readonly [T, readonly string[]])[]): ReadonlyMap<string, T> {
  return new Map(words.flatMap(([value, keys]) => keys.map((key) => [valueKey(key), value] as const)));
}

/** The value a word in a cell stands for; `expected` lists the accepted words in the reason. */
export function lookup<T>(table: ReadonlyMap<string, T>, cell: CellValue | undefined, expected: string): Parsed<T> | undefined {
  const text = cellText(cell);
  if (text === '') return undefined;
  const value = table.get(valueKey(text));
  return value === undefined ? { ok: false, reason: `无法识别“${shown(text)}”，应为${expected}` } : { ok: true, value };
}

// --- dates and years ----------------------------------------------------------------------------

const MS_PER_DAY = 86_400_000;
/** Day 0 of Excel's 1900 date system, correct for every serial from 1 March 1900 on. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * The years in which a number in a date column (an Excel serial or 20260630) is taken as a date.
 * Outside them it is reported rather than guessed: a bare year such as 2026 would be a serial in 1905.
 */
export interface DateYears {
  minYear: number;
  maxYear: number;
}

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

function dateFromNumber(n: number, { minYear, maxYear }: DateYears): string | undefined {
  if (Number.isInteger(n) && n >= minYear * 10_000 && n < (maxYear + 1) * 10_000) {
    return isoFromParts(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
  }
  const date = new Date(EXCEL_EPOCH_MS + Math.floor(n) * MS_PER_DAY);
  const year = date.getUTCFullYear();
  return year >= minYear && year <= maxYear ? isoDateOf(date) : undefined;
}

const DATE_PATTERN = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

const DATE_EXAMPLE = '请填写日期，如 2026-06-30、2026/6/30 或 2026年6月30日';

/** A date cell, a number in a date column, or a typed date (2026-06-30, 2026/6/30, 2026年6月30日), as an ISO date. */
export function parseDate(cell: CellValue | undefined, years: DateYears): Parsed<string> | undefined {
  if (cell instanceof Date) {
    const iso = isoDateOf(cell);
    return iso ? { ok: true, value: iso } : { ok: false, reason: `不是有效日期，${DATE_EXAMPLE}` };
  }
  if (typeof cell === 'number') {
    const iso = dateFromNumber(cell, years);
    return iso ? { ok: true, value: iso } : { ok: false, reason: `无法识别“${cell}”，${DATE_EXAMPLE}` };
  }
  const text = cellText(cell).normalize('NFKC');
  if (text === '') return undefined;
  const parts = DATE_PATTERN.exec(text);
  if (parts) {
    const iso = isoFromParts(Number(parts[1]), Number(parts[2]), Number(parts[3]));
    return iso ? { ok: true, value: iso } : { ok: false, reason: `“${shown(text)}”不是存在的日期` };
  }
  // CSV saved from a sheet whose date column lost its format holds the serial or 20260630 as text.
  const iso = /^\d+(\.\d+)?$/.test(text) ? dateFromNumber(Number(text), years) : undefined;
  return iso ? { ok: true, value: iso } : { ok: false, reason: `无法识别“${shown(text)}”，${DATE_EXAMPLE}` };
}

/** A four-digit year, typed bare or as 2026届 / 2026年, or taken from a date cell. */
export function parseYear(cell: CellValue | undefined): Parsed<number> | undefined {
  if (typeof cell === 'number') {
    return Number.isInteger(cell) ? { ok: true, value: cell } : { ok: false, reason: `“${cell}”不是年份，请填写四位年份，如 2026` };
  }
  if (cell instanceof Date) return { ok: true, value: cell.getUTCFullYear() };
  const text = cellText(cell).normalize('NFKC').replace(/\s/g, '');
  if (text === '') return undefined;
  const year = /^(\d{4})[届年]?$/.exec(text);
  return year ? { ok: true, value: Number(year[1]) } : { ok: false, reason: `无法识别“${shown(text)}”，请填写四位年份，如 2026` };
}
