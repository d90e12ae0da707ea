import { readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SheetRecord } from '../../../services/import/cells.js';
import { ImportFileError } from '../../../services/import/errors.js';
import { readGraduateRows, type RowResult } from '../../../services/import/graduate-1311.js';
import { readSheet } from '../../../services/import/spreadsheet.js';
import { SAMPLE_XLSX } from '../../fixtures/generate-graduates.js';
import { tempDir } from '../../support/temp-dir.js';

const temp = tempDir('jiuye-sheet-');

async function readAll(file: string): Promise<SheetRecord[]> {
  const records: SheetRecord[] = [];
  for await (const record of readSheet(file)) records.push(record);
  return records;
}

describe('reading XLSX', () => {
  it('gives plain values: rich text as text, a formula as its result, a link as its text, dates as dates', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['标题']);
    const row = sheet.addRow([
      { richText: [{ text: '张' }, { text: '三' }] },
      { formula: '1+1', result: 2 },
      { text: '吉林大学', hyperlink: 'https://www.jlu.edu.cn' },
      new Date(Date.UTC(2026, 5, 30)),
      null,
      true,
    ]);
    row.getCell(4).numFmt = 'yyyy/m/d';
    const file = temp.path('values.xlsx');
    await workbook.xlsx.writeFile(file);
    expect(await readAll(file)).toEqual([
      { row: 1, cells: ['标题'] },
      { row: 2, cells: ['张三', 2, '吉林大学', new Date(Date.UTC(2026, 5, 30)), null, true] },
    ]);
  });
});

describe('file types', () => {
  it('asks for .xlsx or .csv instead of an old .xls', async () => {
    const file = temp.path('old.xls');
    await writeFile(file, 'x');
    await expect(readAll(file)).rejects.toThrow(/另存为.*\.xlsx 或 \.csv/);
  });

  it('recognises a file named .xlsx that is not one', async () => {
    const file = temp.path('html.xlsx');
    await writeFile(file, '<html><table></table></html>');
    await expect(readAll(file)).rejects.toBeInstanceOf(ImportFileError);
  });

  it('reports a damaged .xlsx as a file error', async () => {
    const file = temp.path('truncated.xlsx');
    await writeFile(file, (await readFile(SAMPLE_XLSX)).subarray(0, 30_000));
    await expect(readAll(file)).rejects.toThrow(/无法读取 xlsx 文件/);
  });

  it('says so when an .xlsx has no worksheet', async () => {
    const file = temp.path('no-sheet.xlsx');
    await new ExcelJS.Workbook().xlsx.writeFile(file);
    await expect(readAll(file)).rejects.toThrow('xlsx 文件中没有工作表');
  });
});

/** The tests below read through readGraduateRows: a lost shared-strings part shows as rows without names. */
const options = { handoverId: 'JL-2026-07-001', occurredAt: '2026-07-15T09:30:00+08:00' };

async function readGraduates(file: string): Promise<RowResult[]> {
  const rows: RowResult[] = [];
  for await (const row of readGraduateRows(file, options)) rows.push(row);
  return rows;
}

function okValues(rows: RowResult[]) {
  return rows.flatMap((r) => (r.ok ? [r.value] : []));
}

describe('XLSX reads that exceljs cuts short', () => {
  // exceljs's streaming reader now and then stops before a zip's last entries (unzipper ends its
  // entry stream once the input is written). That loss is timing, so these tests make it happen.
  const reader = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  afterEach(() => vi.restoreAllMocks());

  it('reads again when the workbook part was lost, and gets every row', async () => {
    const parseWorkbook = vi.spyOn(reader, '_parseWorkbook').mockImplementationOnce(async () => undefined);
    const rows = await readGraduates(SAMPLE_XLSX);
    expect(parseWorkbook.mock.calls.length).toBe(2);
    expect(rows).toHaveLength(1000);
    expect(okValues(rows)).toHaveLength(1000);
  });

  it('does not read names from a sheet whose shared strings were lost, but reads it again', async () => {
    const sharedStrings = vi.spyOn(reader, '_parseSharedStrings').mockImplementationOnce(function* () {});
    const rows = await readGraduates(SAMPLE_XLSX);
    expect(sharedStrings.mock.calls.length).toBe(2);
    expect(okValues(rows)).toHaveLength(1000);
  });

  it('gives up as a damaged file when every read loses a part', async () => {
    vi.spyOn(reader, '_parseStyles').mockImplementation(async () => undefined);
    await expect(readGraduates(SAMPLE_XLSX)).rejects.toThrow(/无法读取 xlsx 文件/);
  });
});
