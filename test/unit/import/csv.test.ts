import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvDocument, csvLine, readCsvRecords, type CsvRecord } from '../../../services/import/csv.js';
import { ImportFileError } from '../../../services/import/errors.js';
import { tempDir } from '../../support/temp-dir.js';

const temp = tempDir('jiuye-csv-');

async function records(text: string | Buffer): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(await temp.write(text))) out.push(record);
  return out;
}

describe('readCsvRecords', () => {
  it('numbers records as Excel numbers rows: a blank line counts, a quoted line break does not', async () => {
    expect(await records('a,b\n\n"x\ny",z\nlast')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: [''] },
      { row: 3, cells: ['x\ny', 'z'] },
      { row: 4, cells: ['last'] },
    ]);
  });

  it('ends lines at CRLF, LF or a lone CR, mixed in one file', async () => {
    expect((await records('a\r\nb\nc\rd\r\n')).map((r) => r.cells)).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('keeps trailing empty columns and rows of any length', async () => {
    expect((await records('title\na,b,,\n,,\n')).map((r) => r.cells)).toEqual([['title'], ['a', 'b', '', ''], ['', '', '']]);
  });

  it('reads a quote inside an unquoted field as text', async () => {
    expect((await records('法学"涉外"方向,x\n')).map((r) => r.cells)).toEqual([['法学"涉外"方向', 'x']]);
  });

  it('drops blanks after a closing quote, as the cell would be trimmed anyway', async () => {
    expect((await records('"吉林大学" ,"法学"  \n')).map((r) => r.cells)).toEqual([['吉林大学', '法学']]);
  });

  it('strips the BOM of UTF-8 and UTF-16 files', async () => {
    expect((await records('\ufeff姓名,x\n')).map((r) => r.cells)).toEqual([['姓名', 'x']]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\tx\n', 'utf16le')]);
    expect((await records(utf16)).map((r) => r.cells)).toEqual([['姓名', 'x']]);
  });

  it('reads every record before a quote error and names the row where it stopped', async () => {
    const read: CsvRecord[] = [];
    const error = await (async () => {
      for await (const record of readCsvRecords(await temp.write('a,b\n1,2\n3,"4\n5,6\n'))) read.push(record);
    })().catch((e: unknown) => e);
    expect(read.map((r) => r.row)).toEqual([1, 2]);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toBe('CSV 第 3 行有未闭合的双引号，其后的内容无法分行；请检查该行的引号后重新导出');
  });

  it('refuses text after a closing quote instead of guessing the cell', async () => {
    await expect(records('a,b\n"吉林大学"前卫校区,x\n')).rejects.toThrow('CSV 第 2 行有单元格在结尾的双引号之后还有文字');
  });

  it('reads a file larger than one read chunk, records split across chunks', async () => {
    const line = '张三,"吉林大学, 前卫校区",法学\r\n';
    const all = await records(line.repeat(20_000));
    expect(all).toHaveLength(20_000);
    expect(all.at(-1)).toEqual({ row: 20_000, cells: ['张三', '吉林大学, 前卫校区', '法学'] });
  });
});

describe('writing CSV', () => {
  it('quotes cells with a comma, a quote or a line break, and doubles quotes', () => {
    expect(csvLine(['a', 'b,c', 'd"e', 'f\ng', 'h\ri', 7])).toBe('a,"b,c","d""e","f\ng","h\ri",7');
  });

  it.each(['=1+1', '+86', '-2', '@SUM(A1)', '\t=1', '\r=1', '＝1'])('neutralises a formula-like cell %j', (cell) => {
    const line = csvLine([cell]);
    expect(parse(line, { relax_quotes: true })).toEqual([[`'${cell}`]]);
  });

  it('leaves numbers alone, negative ones too', () => {
    expect(csvLine([-5, 3.5, 0])).toBe('-5,3.5,0');
  });

  it('writes a whole file with a BOM and CRLF after every line', () => {
    expect(
      csvDocument([
        ['行号', '原因'],
        [6, 'x, y'],
      ]),
    ).toBe('\ufeff行号,原因\r\n6,"x, y"\r\n');
  });

  it('writes what the reader reads back, cell for cell', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '张', ',', '"', '\n', '\r', ' ', 'x') }).filter((s) => !/^[\s=+\-@]|\s$/.test(s));
    const rows = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(rows, async (written) => {
        const read = await records(csvDocument(written));
        expect(read.map((r) => r.cells)).toEqual(written);
      }),
      { numRuns: 200 },
    );
  });
});
