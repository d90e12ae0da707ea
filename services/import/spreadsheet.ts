/**
 * A list file as rows of cells, whichever of the two formats bureaus can import it in: .xlsx, or
 * .csv (also as .txt, Excel's name for its "Unicode text"). The old binary and WPS formats, and
 * files that only carry the .xlsx name, are refused up front with what to do instead, because a
 * clerk can fix them in a minute by saving the file again.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SheetRecord } from './cells.js';
import { readCsvRecords } from './csv.js';
import { ImportFileError } from './errors.js';
import { readXlsxRecords } from './xlsx.js';

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

/**
 * The rows of the file (of an XLSX file: of its first worksheet) in file order, streamed, blank
 * ones too as far as the file holds them; skipping them is for the reader who knows what a row means.
 * Throws ImportFileError before the first row when the file cannot be read as either format.
 */
export async function* readSheet(file: string): AsyncGenerator<SheetRecord> {
  if ((await fileFormat(file)) === 'xlsx') yield* readXlsxRecords(file);
  else yield* readCsvRecords(file);
}
