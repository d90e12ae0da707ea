import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeRejectedRows } from '../../../services/import/rejected.js';
import { tempDir } from '../../support/temp-dir.js';

const temp = tempDir('jiuye-rejected-');

describe('writeRejectedRows', () => {
  const rows = [
    { row: 6, reasons: ['身份证号：校验位错误'] },
    { row: 11, reasons: ['姓名：不能为空', '学历：无法识别“研究生”，应为本科, 硕士'] },
  ];

  it('writes CSV with a UTF-8 BOM for Excel', async () => {
    const file = temp.path('rejected.csv');
    await writeRejectedRows(file, rows);
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('行号,原因\r\n6,身份证号：校验位错误\r\n11,"姓名：不能为空；学历：无法识别“研究生”，应为本科, 硕士"\r\n');
  });

  it('writes XLSX with the same two columns', async () => {
    const file = temp.path('rejected.xlsx');
    await writeRejectedRows(file, rows);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    const values = sheet
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(values).toEqual([
      ['行号', '原因'],
      [6, '身份证号：校验位错误'],
      [11, '姓名：不能为空；学历：无法识别“研究生”，应为本科, 硕士'],
    ]);
  });

  it('refuses other extensions', async () => {
    await expect(writeRejectedRows(temp.path('rejected.txt'), rows)).rejects.toThrow(/\.csv 或 \.xlsx/);
  });

  it('neutralises a reason that would run as a formula in the CSV', async () => {
    const file = temp.path('formula.csv');
    await writeRejectedRows(file, [{ row: 3, reasons: ['=HYPERLINK("http://example.invalid")'] }]);
    expect((await readFile(file, 'utf8')).split('\r\n')[1]).toBe('3,"\'=HYPERLINK(""http://example.invalid"")"');
  });
});
