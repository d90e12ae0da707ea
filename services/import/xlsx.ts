/**
 * The rows of an XLSX workbook's first worksheet, streamed with exceljs: a list of a whole province
 * must not be loaded at once. Cells come out as plain values (rich text as its text, a formula as
 * its result), with date cells as Dates: whether a number is a date is in the cell's style.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { EventEmitter } from 'node:events';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { CellValue, SheetRecord } from './cells.js';
import { ImportFileError } from './errors.js';

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

/** Rows of the first worksheet, read again (up to XLSX_READ_ATTEMPTS times) when exceljs cut a read short. */
export async function* readXlsxRecords(file: string): AsyncGenerator<SheetRecord> {
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
