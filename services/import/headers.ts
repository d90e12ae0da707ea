/**
 * Finding the header row of a list and what each column stands for. Lists come with Chinese
 * headers that vary between provinces, years and systems, often below a title row, so an import
 * names its fields once with every header accepted for each (a HeaderTable) and gets back the data
 * rows with the columns found. Problems with the header as a whole are ImportFileErrors naming the
 * missing columns and the names they may have, in Chinese, for the person who supplied the file.
 */
import { cellText, type SheetRecord } from './cells.js';
import { ImportFileError } from './errors.js';

export interface ColumnSpec {
  /** The field's usual header, used in messages when the file has no such column. */
  label: string;
  required: boolean;
  /** In order of preference: when a file has two columns for one field, the earlier alias wins. */
  aliases: readonly string[];
}

export interface Column {
  index: number;
  /** The header as written in the file, used in reasons. */
  label: string;
}

export type Columns<F extends string> = ReadonlyMap<F, Column>;

/** A data row with the columns its file's header row gave. */
export interface DataRow<F extends string> {
  columns: Columns<F>;
  record: SheetRecord;
}

/** A title such as “2026届离校未就业高校毕业生实名清单” often sits above the header row. */
const HEADER_SEARCH_ROWS = 10;
/** A row naming at least this many known columns is the header; a title row names none. */
const HEADER_MIN_MATCHES = 3;

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

function isBlank(record: SheetRecord): boolean {
  return record.cells.every((cell) => cellText(cell) === '');
}

export class HeaderTable<F extends string> {
  private readonly fields: readonly F[];
  private readonly aliasIndex: ReadonlyMap<string, { field: F; rank: number }>;

  constructor(private readonly specs: Readonly<Record<F, ColumnSpec>>) {
    this.fields = Object.keys(specs) as F[];
    this.aliasIndex = new Map(this.fields.flatMap((field) => specs[field].aliases.map((alias, rank) => [normaliseHeader(alias), { field, rank }] as const)));
  }

  /** The field a column header stands for, if any. */
  match(header: string): F | undefined {
    return this.aliasIndex.get(normaliseHeader(header))?.field;
  }

  /** Whether `name` is one of the table's fields (the field's own name, not a header). */
  isField(name: string): name is F {
    return Object.hasOwn(this.specs, name);
  }

  /** The field's header as the file writes it, or its usual one when the file has no such column. */
  label(columns: Columns<F>, field: F): string {
    return columns.get(field)?.label ?? this.specs[field].label;
  }

  /**
   * The data rows below the header row, with the columns found in it; blank rows are left out.
   * Throws ImportFileError before the first row when no header row is found among the first
   * non-blank rows or when it lacks a required column.
   */
  async *dataRows(records: AsyncIterable<SheetRecord>): AsyncGenerator<DataRow<F>> {
    let columns: Columns<F> | undefined;
    let best: Columns<F> | undefined;
    let searched = 0;
    for await (const record of records) {
      if (isBlank(record)) continue;
      if (columns) {
        yield { columns, record };
        continue;
      }
      const candidate = this.headerColumns(record);
      if (!best || candidate.size > best.size) best = candidate;
      if (candidate.size >= HEADER_MIN_MATCHES) {
        if (this.missing(candidate).length > 0) throw this.missingColumnsError(record.row, candidate);
        columns = candidate;
      } else if (++searched >= HEADER_SEARCH_ROWS) {
        break;
      }
    }
    if (columns) return;
    if (!best) throw new ImportFileError('文件是空的，没有表头也没有数据');
    const required = this.missing(new Map()); // every required field
    throw new ImportFileError(
      `未找到表头：前 ${HEADER_SEARCH_ROWS} 个非空行中没有一行含有至少 ${HEADER_MIN_MATCHES} 个可识别的列名。必需的列及可用的列名——${this.acceptedNames(required)}`,
      { missingColumns: this.labels(this.missing(best)) },
    );
  }

  private headerColumns(record: SheetRecord): Map<F, Column> {
    const chosen = new Map<F, Column & { rank: number }>();
    record.cells.forEach((cell, index) => {
      const label = cellText(cell);
      const match = this.aliasIndex.get(normaliseHeader(label));
      if (!match) return;
      const current = chosen.get(match.field);
      if (current && current.rank === match.rank) {
        throw new ImportFileError(`第 ${record.row} 行表头中“${current.label}”和“${label}”两列是同一项，无法确定使用哪一列，请删除其中一列后再导入`);
      }
      if (!current || match.rank < current.rank) chosen.set(match.field, { index, label, rank: match.rank });
    });
    return new Map([...chosen].map(([field, { index, label }]) => [field, { index, label }]));
  }

  /** The required fields the columns lack, in table order. */
  private missing(columns: Columns<F>): F[] {
    return this.fields.filter((field) => this.specs[field].required && !columns.has(field));
  }

  private labels(fields: readonly F[]): string[] {
    return fields.map((field) => this.specs[field].label);
  }

  private acceptedNames(fields: readonly F[]): string {
    return fields.map((field) => `${this.specs[field].label}：${this.specs[field].aliases.join('、')}`).join('；');
  }

  private missingColumnsError(headerRow: number, columns: Columns<F>): ImportFileError {
    const missing = this.missing(columns);
    const labels = this.labels(missing);
    return new ImportFileError(`第 ${headerRow} 行表头缺少必需的列：${labels.join('、')}。可用的列名——${this.acceptedNames(missing)}`, {
      missingColumns: labels,
    });
  }
}
