/**
 * CSV as bureaus actually receive it: saved by Excel or exported by a government system, so UTF-8
 * with or without a BOM, often GBK/GB18030 without any marker, sometimes Excel's "Unicode text"
 * (UTF-16 with a BOM, tab-separated). Fields follow RFC 4180: quoted fields may hold commas, line
 * breaks and doubled quotes. csv-parse splits the fields; the encoding and the delimiter are decided
 * here first, as they always were: csv-parse decodes only UTF-8 and UTF-16LE, and its delimiter
 * discovery would judge by other rules than the first line. Records are streamed; only the encoding
 * check reads the file ahead.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { CsvError, parse, type Options as ParseOptions, type Parser } from 'csv-parse';
import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';
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

/**
 * The file as text, chunk by chunk (empty chunks left out), for csv-parse to take as strings. The
 * decoder drops a leading BOM itself (ignoreBOM is false by default), UTF-16BE's too.
 */
async function* decodedText(file: string, encoding: CsvEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of createReadStream(file)) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/**
 * How csv-parse must read to give the records the hand-written parser before it gave:
 * - every record as it is, however many fields (a title row has one) and even when empty: a blank
 *   line is a record, so the record number stays the row number Excel shows;
 * - a line may end with CRLF, LF or a lone CR, mixed within a file (csv-parse would otherwise keep to
 *   the first kind it meets);
 * - a quote inside an unquoted field (法学"涉外"方向) is text, as Excel reads it;
 * - blanks between a closing quote and the next delimiter ("吉林大学" ,) are dropped, as the old
 *   parser's cells were trimmed; rtrim also drops trailing blanks of unquoted fields, which every
 *   reader of a cell trims anyway (cellText).
 * One case is read differently: text after a closing quote ("吉林大学"前卫校区). The old parser
 * dropped the quotes and kept going, csv-parse with rtrim stops; the file is refused with the row
 * number rather than read into a cell nobody can be sure of (without rtrim the quotes would stay
 * in the cell, and "吉林大学" , would come out quoted).
 */
const PARSE_OPTIONS: ParseOptions = {
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  relax_quotes: true,
  rtrim: true,
  skip_empty_lines: false,
};

const QUOTE_ERRORS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: '有未闭合的双引号，其后的内容无法分行',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '有单元格在结尾的双引号之后还有文字',
};

/** csv-parse's quote errors as the person who supplied the file can act on them; others stay as they are. */
function csvFileError(error: unknown, row: number): unknown {
  const problem = error instanceof CsvError ? QUOTE_ERRORS[error.code] : undefined;
  if (problem === undefined) return error;
  return new ImportFileError(`CSV 第 ${row} 行${problem}；请检查该行的引号后重新导出`, { cause: error });
}

/**
 * A parser that hands each record to `parsed` as soon as it has it instead of queueing it in the
 * stream: a stream that fails drops what it has queued, and every record before an error must still
 * be read, as before, with the error's row number counted after them.
 */
function csvParser(delimiter: string, parsed: string[][]): Parser {
  const parser = parse({
    ...PARSE_OPTIONS,
    delimiter,
    on_record: (cells: string[]) => {
      parsed.push(cells);
      return null;
    },
  });
  // The error reaches feed's callback; without a listener it would also be thrown as uncaught.
  parser.on('error', () => undefined);
  return parser;
}

/** Gives the parser a chunk of text, or the end of the file for null; resolves to its error, if any. */
function feed(parser: Parser, text: string | null): Promise<unknown> {
  return new Promise((resolve) => {
    if (text === null) parser.end(resolve);
    else parser.write(text, resolve);
  });
}

export async function* readCsvRecords(file: string): AsyncGenerator<CsvRecord> {
  const encoding = await detectCsvEncoding(file);
  const parsed: string[][] = [];
  let parser: Parser | undefined;
  let row = 0;
  function* drain(error: unknown): Generator<CsvRecord> {
    for (const cells of parsed.splice(0)) yield { row: ++row, cells };
    if (error) throw csvFileError(error, row + 1);
  }
  try {
    for await (const text of decodedText(file, encoding)) {
      parser ??= csvParser(sniffDelimiter(text), parsed);
      yield* drain(await feed(parser, text));
    }
    if (parser) yield* drain(await feed(parser, null));
  } finally {
    parser?.destroy();
  }
}

/**
 * Writing: a cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a CR,
 * or the full-width ＝＋－＠) gets an apostrophe in front, so a value from an imported file cannot
 * run as one when the output is opened; numbers (a negative one starts with -) stay numbers.
 */
const WRITE_OPTIONS: StringifyOptions = { escape_formulas: true, record_delimiter: '\r\n', quote_record_delimiter: true };

/** One CSV line without its line break, for output streamed line by line. */
export function csvLine(cells: readonly (string | number)[]): string {
  return stringify([cells], { ...WRITE_OPTIONS, eof: false });
}

/**
 * A whole CSV file for Excel: a UTF-8 BOM, without which Excel on Chinese Windows reads the file as
 * GBK and shows garbage, and CRLF after every line.
 */
export function csvDocument(rows: readonly (readonly (string | number)[])[]): string {
  return stringify([...rows], { ...WRITE_OPTIONS, bom: true });
}
