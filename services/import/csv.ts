/**
 * CSV as bureaus actually receive it: saved by Excel or exported by a government system, so UTF-8
 * with or without a BOM, often GBK/GB18030 without any marker, sometimes Excel's "Unicode text"
 * (UTF-16 with a BOM, tab-separated). Fields follow RFC 4180: quoted fields may hold commas, line
 * breaks and doubled quotes. Records are streamed; only the encoding check reads the file ahead.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { ImportFileError } from './errors.js';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface CsvRecord {
  /** 1-based record number, which is the row number Excel shows for the same file. */
  row: number;
  cells: string[];
}

async function readPrefix(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * A BOM decides; otherwise the whole file must be valid UTF-8 to be read as UTF-8. Checking the whole
 * file rather than a prefix matters: a GBK file can start with a few thousand ASCII-only bytes (an
 * English title, IDs and dates) before its first Chinese character. GBK text is practically never
 * valid UTF-8, so any invalid sequence means GB18030, the superset of GBK that Excel writes on
 * Chinese Windows.
 */
export async function detectCsvEncoding(file: string): Promise<CsvEncoding> {
  const head = await readPrefix(file, 3);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(file)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Excel's "Unicode text" export separates with tabs; everything else bureaus get uses commas. */
function sniffDelimiter(text: string): ',' | '\t' {
  const end = text.indexOf('\n');
  const firstLine = end < 0 ? text : text.slice(0, end);
  const tabs = firstLine.split('\t').length;
  const commas = firstLine.split(',').length;
  return tabs > commas ? '\t' : ',';
}

/** RFC 4180 state machine fed with decoded text in arbitrary chunks. */
class CsvParser {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  /** A quote inside a quoted field: either the first half of "" or the closing quote. */
  private quoteSeen = false;
  /** A CR ended the record; a directly following LF belongs to it (CRLF). */
  private afterCr = false;
  /** Records completed so far, to know where an unterminated quote started. */
  private completed = 0;
  private quoteOpenedAt = 0;

  constructor(private readonly delimiter: string) {}

  push(text: string): string[][] {
    const out: string[][] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charAt(i);
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
        } else {
          if (ch === '"') this.quoteSeen = true;
          else this.field += ch;
          continue;
        }
      }
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === '\n') continue;
      }
      if (ch === this.delimiter) {
        this.record.push(this.field);
        this.field = '';
      } else if (ch === '\n' || ch === '\r') {
        out.push(this.endRecord());
        this.afterCr = ch === '\r';
      } else if (ch === '"' && this.field === '') {
        this.inQuotes = true;
        this.quoteOpenedAt = this.completed + 1;
      } else {
        this.field += ch;
      }
    }
    return out;
  }

  /** The last record when the file does not end with a line break. */
  finish(): string[][] {
    // A closing quote as the file's very last character is still pending here.
    if (this.inQuotes && this.quoteSeen) this.inQuotes = false;
    if (this.inQuotes) {
      throw new ImportFileError(
        `CSV 第 ${this.quoteOpenedAt} 行有未闭合的双引号，其后的内容无法分行；请检查该行的引号后重新导出`,
      );
    }
    if (this.field === '' && this.record.length === 0) return [];
    return [this.endRecord()];
  }

  private endRecord(): string[] {
    this.record.push(this.field);
    const record = this.record;
    this.field = '';
    this.record = [];
    this.completed++;
    return record;
  }
}

export async function* readCsvRecords(file: string): AsyncGenerator<CsvRecord> {
  const encoding = await detectCsvEncoding(file);
  // The decoder drops a leading BOM itself (ignoreBOM is false by default).
  const decoder = new TextDecoder(encoding);
  let parser: CsvParser | undefined;
  let row = 0;
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (text === '') continue;
      parser ??= new CsvParser(sniffDelimiter(text));
      for (const cells of parser.push(text)) yield { row: ++row, cells };
    }
    const rest = decoder.decode();
    parser ??= new CsvParser(sniffDelimiter(rest));
    for (const cells of [...parser.push(rest), ...parser.finish()]) yield { row: ++row, cells };
  } finally {
    stream.destroy();
  }
}

/**
 * One CSV line (without its line break). A cell that Excel would read as a formula (starting with =,
 * +, - or @) is prefixed with an apostrophe so a value from an imported file cannot run as one when
 * the output is opened.
 */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells
    .map((cell) => {
      let text = String(cell);
      if (typeof cell === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}
