import { describe, expect, it } from 'vitest';
import type { CellValue, SheetRecord } from '../../../services/import/cells.js';
import { ImportFileError } from '../../../services/import/errors.js';
import { HeaderTable, type DataRow } from '../../../services/import/headers.js';

// A table of another list than the graduates' (a bureau's key enterprises), to see that nothing
// here knows about graduates.
type Field = 'name' | 'creditCode' | 'regionCode' | 'contact';
const table = new HeaderTable<Field>({
  name: { label: '企业名称', required: true, aliases: ['企业名称', '单位名称'] },
  creditCode: { label: '统一社会信用代码', required: true, aliases: ['统一社会信用代码', '信用代码'] },
  regionCode: { label: '所在地区划代码', required: true, aliases: ['所在地区划代码', '区划代码'] },
  contact: { label: '联系人', required: false, aliases: ['联系人', '联系人姓名'] },
});

async function* sheet(rows: CellValue[][]): AsyncGenerator<SheetRecord> {
  for (const [i, cells] of rows.entries()) yield { row: i + 1, cells };
}

async function dataRows(rows: CellValue[][]): Promise<DataRow<Field>[]> {
  const out: DataRow<Field>[] = [];
  for await (const row of table.dataRows(sheet(rows))) out.push(row);
  return out;
}

describe('HeaderTable.match', () => {
  it.each([
    ['企业名称', 'name'],
    ['＊单位名称', 'name'],
    ['统一社会信用代码（18位）', 'creditCode'],
    [' 区划\u3000代码：', 'regionCode'],
  ])('%j → %s', (header, field) => {
    expect(table.match(header)).toBe(field);
  });

  it('knows no other header', () => {
    expect(table.match('序号')).toBeUndefined();
  });

  it('tells a field name from anything else', () => {
    expect(table.isField('creditCode')).toBe(true);
    expect(table.isField('eventId')).toBe(false);
  });
});

describe('HeaderTable.dataRows', () => {
  const header = ['序号', '单位名称', '信用代码', '区划代码'];

  it('finds the header below a title, leaves out blank rows and keeps row numbers', async () => {
    const rows = await dataRows([['2026年重点企业名单'], [], header, [1, '甲公司', 'X', '220102'], [null, ' ', ''], [2, '乙公司', 'Y', '220104']]);
    expect(rows.map((r) => [r.record.row, r.record.cells[1]])).toEqual([
      [4, '甲公司'],
      [6, '乙公司'],
    ]);
    const columns = rows[0]!.columns;
    expect([...columns]).toEqual([
      ['name', { index: 1, label: '单位名称' }],
      ['creditCode', { index: 2, label: '信用代码' }],
      ['regionCode', { index: 3, label: '区划代码' }],
    ]);
    expect(table.label(columns, 'name')).toBe('单位名称');
    expect(table.label(columns, 'contact')).toBe('联系人');
  });

  it('takes the earlier alias when a file has two columns for one field', async () => {
    const [row] = await dataRows([
      [...header, '企业名称'],
      [1, '简称', 'X', '220102', '全称'],
    ]);
    expect(row?.columns.get('name')).toEqual({ index: 4, label: '企业名称' });
  });

  it('refuses two columns with the same header', async () => {
    await expect(dataRows([[...header, '单位名称']])).rejects.toThrow('第 1 行表头中“单位名称”和“单位名称”两列是同一项');
  });

  it('names the missing required columns and the names they may have', async () => {
    const error = await dataRows([['企业名称', '信用代码', '联系人']]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).missingColumns).toEqual(['所在地区划代码']);
    expect((error as ImportFileError).message).toBe('第 1 行表头缺少必需的列：所在地区划代码。可用的列名——所在地区划代码：所在地区划代码、区划代码');
  });

  it('looks for the header only among the first 10 non-blank rows', async () => {
    const titles = Array.from({ length: 10 }, (_, i) => [`说明 ${i}`, '企业名称']);
    const error = await dataRows([...titles, header]).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^未找到表头：前 10 个非空行中没有一行含有至少 3 个可识别的列名/);
    expect((error as ImportFileError).missingColumns).toEqual(['统一社会信用代码', '所在地区划代码']);
  });

  it('says so when the file is empty', async () => {
    await expect(dataRows([[], ['']])).rejects.toThrow('文件是空的，没有表头也没有数据');
  });
});
