/**
 * The rejected-rows file an import leaves for the person who supplied the list: the row number as
 * the spreadsheet shows it and the reasons in Chinese, one row per rejected row, so they can fix the
 * rows and send them again. Written as .csv or .xlsx, whichever the path asks for.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { csvDocument } from './csv.js';

export interface RejectedRow {
  row: number;
  reasons: string[];
}

const REJECTED_HEADER = ['行号', '原因'] as const;

const rejectedLines = (rejected: readonly RejectedRow[]) => rejected.map((r) => [r.row, r.reasons.join('；')] as const);

/**
 * The rejected rows as the CSV file, reasons joined by '；', written for Excel (csvDocument: a BOM,
 * formula-like cells neutralised): what the command writes and the browser upload's download gives.
 */
export function rejectedRowsCsv(rejected: readonly RejectedRow[]): string {
  return csvDocument([REJECTED_HEADER, ...rejectedLines(rejected)]);
}

/** Writes the rejected rows as CSV (rejectedRowsCsv) or, streamed, as XLSX. */
export async function writeRejectedRows(path: string, rejected: readonly RejectedRow[]): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') {
    await writeFile(path, rejectedRowsCsv(rejected), 'utf8');
    return;
  }
  if (ext !== '.xlsx') throw new Error(`未导入行清单只能写成 .csv 或 .xlsx，收到“${ext || '无扩展名'}”`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('未导入的行');
  sheet.columns = [
    { header: REJECTED_HEADER[0], width: 8 },
    { header: REJECTED_HEADER[1], width: 100 },
  ];
  for (const line of rejectedLines(rejected)) sheet.addRow([...line]).commit();
  sheet.commit();
  await workbook.commit();
}
