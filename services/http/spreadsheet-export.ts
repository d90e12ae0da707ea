/**
 * Ledgers as bureaus submit them: Chinese headers and values, as CSV (UTF-8 with a BOM, which Excel
 * needs to read Chinese) or XLSX. Rows are produced page by page from a read model and streamed
 * out, so a province's ledger is never held whole. Each ledger says its headers and how one of its
 * items becomes a row; the writing is the same for all.
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine } from '../import/csv.js';

export type ExportFormat = 'csv' | 'xlsx';

export interface SheetSpec<T> {
  headers: readonly string[];
  /** The row of the `serial`-th item (from 1), in the order of the headers. */
  row(serial: number, item: T): (string | number)[];
}

export function csvExport<T>(spec: SheetSpec<T>, pages: AsyncIterable<T[]>): ReadableStream<Uint8Array> {
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${csvLine(spec.headers)}\r\n`;
    let serial = 0;
    for await (const page of pages) {
      yield page.map((item) => `${csvLine(spec.row(++serial, item))}\r\n`).join('');
    }
  }
  return Readable.toWeb(Readable.from(lines(), { objectMode: false })) as ReadableStream<Uint8Array>;
}

export function xlsxExport<T>(spec: SheetSpec<T>, pages: AsyncIterable<T[]>, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.headers.map((header) => ({ header, width: Math.max(10, header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  void (async () => {
    let serial = 0;
    for await (const page of pages) {
      for (const item of page) sheet.addRow(spec.row(++serial, item)).commit();
      // The writer does not wait for the reader: without this a slow download would let the whole
      // province's workbook pile up in memory. Fetch the next page only once the client caught up;
      // the zip compresses on later ticks, so let it reach `out` before asking whether it is full.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      // A client that went away: stop reading the database.
      if (out.destroyed) return;
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/**
 * The download's response: the stream in the asked format, named `name` (Chinese, as the bureau
 * files it) with `asciiName` as the fallback for clients that cannot read RFC 6266's UTF-8 name.
 * The first page is read before the answer starts: a database that cannot answer then gets the
 * 503 every route gives (app.ts), where a failure inside the stream could only be a broken
 * download or, before its first byte, a bare 500 from the HTTP adapter.
 */
export async function spreadsheetResponse<T>(
  spec: SheetSpec<T>,
  pages: AsyncIterable<T[]>,
  file: { format: ExportFormat; sheetName: string; name: string; asciiName: string },
): Promise<Response> {
  const started = await firstPageRead(pages);
  const [body, type] =
    file.format === 'csv'
      ? [csvExport(spec, started), 'text/csv; charset=utf-8']
      : [xlsxExport(spec, started, file.sheetName), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${file.asciiName}.${file.format}"; filename*=UTF-8''${encodeURIComponent(`${file.name}.${file.format}`)}`,
      'cache-control': 'no-store',
    },
  });
}

/** `pages` with its first page already read (a failure to read it thrown here), the rest read as they are asked for. */
async function firstPageRead<T>(pages: AsyncIterable<T[]>): Promise<AsyncIterable<T[]>> {
  const iterator = pages[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (let next = first; !next.done; next = await iterator.next()) yield next.value;
      } finally {
        // A download the client left: the source stops reading the database too.
        await iterator.return?.();
      }
    },
  };
}
