import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../../domain/identity.js';
import { detectCsvEncoding } from '../../../services/import/csv.js';
import { ImportFileError } from '../../../services/import/errors.js';
import { matchGraduateColumn, readGraduateRows, totalDataRows, type RowResult } from '../../../services/import/graduate-1311.js';
import { GBK_CSV, GBK_SEED, SAMPLE_SEED, SAMPLE_XLSX, SMALL_CSV, SMALL_SEED, generateGraduates, withBadRows } from '../../fixtures/generate-graduates.js';
import { tempDir } from '../../support/temp-dir.js';

const options = { handoverId: 'JL-2026-07-001', occurredAt: '2026-07-15T09:30:00+08:00' };

async function readAll(file: string, opts = options): Promise<RowResult[]> {
  const rows: RowResult[] = [];
  for await (const row of readGraduateRows(file, opts)) rows.push(row);
  return rows;
}

function okValues(rows: RowResult[]) {
  return rows.flatMap((r) => (r.ok ? [r.value] : []));
}

function rejected(rows: RowResult[]) {
  return rows.flatMap((r) => (r.ok ? [] : [{ row: r.row, reasons: r.reasons }]));
}

function id(region = '220102', birth = '20030915', sequence = '123'): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

const HEADER = '姓名,身份证号,毕业院校,专业,学历,毕业时间,户籍所在地代码';

const temp = tempDir('jiuye-import-');
const csvFile = (text: string | Buffer): Promise<string> => temp.write(text);

describe('column headers', () => {
  it.each([
    ['姓名', 'name'],
    [' 身份证号码 ', 'idNumber'],
    ['公民身份号码', 'idNumber'],
    ['身份证号（18位）', 'idNumber'],
    ['ID Number', 'idNumber'],
    ['＊姓名', 'name'],
    ['手机号码', 'phone'],
    ['联系电话', 'phone'],
    ['院校名称', 'school'],
    ['毕业\u3000院校', 'school'],
    ['所学专业', 'major'],
    ['学历层次', 'degree'],
    ['毕业日期', 'graduationDate'],
    ['毕业时间：', 'graduationDate'],
    ['graduation_date', 'graduationDate'],
    ['户籍地区划代码', 'householdRegionCode'],
    ['户籍地行政区划代码', 'householdRegionCode'],
    ['求职意向', 'intention'],
    ['届别', 'year'],
  ])('%s → %s', (header, field) => {
    expect(matchGraduateColumn(header)).toBe(field);
  });

  it.each(['序号', 'ID', '性别', '备注'])('%s is not a field', (header) => {
    expect(matchGraduateColumn(header)).toBeUndefined();
  });

  it('names the missing required columns and the accepted names, in Chinese', async () => {
    const file = await csvFile(`姓名,身份证号码,学校,专业\n张三,${id()},吉林大学,法学\n`);
    const error = await readAll(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    const { message, missingColumns } = error as ImportFileError;
    expect(missingColumns).toEqual(['学历', '毕业时间', '户籍所在地代码']);
    expect(message).toContain('第 1 行表头缺少必需的列：学历、毕业时间、户籍所在地代码');
    expect(message).toContain('毕业时间：毕业时间、毕业日期');
    expect(message).toContain('户籍所在地代码：户籍所在地代码、户籍地区划代码、户籍地行政区划代码');
    await expect(totalDataRows(file)).rejects.toBeInstanceOf(ImportFileError);
  });

  it('reports a file without any recognisable header', async () => {
    const file = await csvFile('a,b,c\n1,2,3\n');
    await expect(readAll(file)).rejects.toThrow(/未找到表头/);
  });

  it('finds the header below a title row and keeps spreadsheet row numbers', async () => {
    const file = await csvFile(`2026届离校未就业高校毕业生实名清单,,,,,,\n\n${HEADER}\n张三,${id()},吉林大学,法学,本科,2026-06-30,220102\n`);
    const rows = await readAll(file);
    expect(rows).toMatchObject([{ row: 4, ok: true, value: { name: '张三' } }]);
    expect(await totalDataRows(file)).toBe(1);
  });

  it('prefers 手机号码 over 联系电话 when a list has both', async () => {
    const file = await csvFile(`${HEADER},联系电话,手机号码\n张三,${id()},吉林大学,法学,本科,2026-06-30,220102,0431-88881234,13912345678\n`);
    expect(okValues(await readAll(file))[0]?.phone).toBe('13912345678');
  });

  it('refuses two columns with the same header', async () => {
    const file = await csvFile(`${HEADER},姓名\n`);
    await expect(readAll(file)).rejects.toThrow(/“姓名”和“姓名”两列是同一项/);
  });
});

describe('the committed small CSV (20 rows, 3 bad)', () => {
  it('yields 17 messages and rejects rows 6, 11 and 16 with their reasons', async () => {
    const rows = await readAll(SMALL_CSV);
    expect(rows).toHaveLength(20);
    expect(okValues(rows)).toHaveLength(17);
    expect(rejected(rows)).toEqual([
      { row: 6, reasons: ['身份证号：校验位错误'] },
      { row: 11, reasons: ['姓名：不能为空'] },
      { row: 16, reasons: ['与第 3 行身份证号重复'] },
    ]);
    expect(await totalDataRows(SMALL_CSV)).toBe(20);
  });

  it('never puts a full ID number in a reason', async () => {
    const ids = (await readFile(SMALL_CSV, 'utf8')).match(/\d{17}[\dX]/g) ?? [];
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const reasons = rejected(await readAll(SMALL_CSV)).flatMap((r) => r.reasons);
    for (const reason of reasons) for (const idNumber of ids) expect(reason).not.toContain(idNumber);
  });

  it('maps the values the generator wrote, with its header and value variants', async () => {
    const expected = withBadRows(generateGraduates(20, SMALL_SEED));
    const rows = await readAll(SMALL_CSV);
    for (const row of rows) {
      if (!row.ok) continue;
      const g = expected[row.row - 2]!;
      expect(row.value).toMatchObject({
        handoverId: options.handoverId,
        occurredAt: options.occurredAt,
        year: 2026,
        name: g.name,
        idNumber: g.idNumber,
        phone: g.phone,
        school: g.school,
        major: g.major,
        degree: g.degree,
        graduationDate: g.graduationDate,
        householdRegionCode: g.householdRegionCode,
      });
      expect(row.value.intention).toBe(g.intention);
    }
  });
});

describe('the committed 1,000-row XLSX sample', () => {
  it('yields 1,000 messages equal to what the generator produces', async () => {
    const rows = await readAll(SAMPLE_XLSX);
    const expected = generateGraduates(1000, SAMPLE_SEED);
    expect(rows.filter((r) => r.ok)).toHaveLength(1000);
    expect(rows.map((r) => r.row)).toEqual(expected.map((_, i) => i + 2));
    expect(
      okValues(rows).map((v) => [v.name, v.idNumber, v.phone, v.school, v.major, v.degree, v.graduationDate, v.householdRegionCode, v.intention, v.year]),
    ).toEqual(expected.map((g) => [g.name, g.idNumber, g.phone, g.school, g.major, g.degree, g.graduationDate, g.householdRegionCode, g.intention, 2026]));
    expect(await totalDataRows(SAMPLE_XLSX)).toBe(1000);
  });
});

describe('GBK / GB18030 CSV', () => {
  it('is detected when the file is not valid UTF-8 and decoded as GB18030', async () => {
    const bytes = await readFile(GBK_CSV);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(await detectCsvEncoding(GBK_CSV)).toBe('gb18030');
    const values = okValues(await readAll(GBK_CSV));
    expect(values.map((v) => [v.name, v.school, v.major])).toEqual(generateGraduates(5, GBK_SEED).map((g) => [g.name, g.school, g.major]));
  });

  it('is detected even when the first Chinese character comes late in the file', async () => {
    const gbk = await readFile(GBK_CSV);
    const gbkTail = gbk.subarray(gbk.indexOf(0x0a) + 1);
    const asciiHead = `name,idNumber,school,major,degree,graduationDate,householdRegionCode\n${'\n'.repeat(70_000)}`;
    const file = await csvFile(Buffer.concat([Buffer.from(asciiHead), Buffer.from(`A,${id()},B,C,bachelor,2026-06-30,220102\n`), gbkTail]));
    expect(await detectCsvEncoding(file)).toBe('gb18030');
  });
});

describe('eventId', () => {
  // The server derives it (graduateImportEventId): a workstation that imports holds no key.
  it('is not sent: rows carry no eventId', async () => {
    for (const value of okValues(await readAll(SMALL_CSV))) expect(value).not.toHaveProperty('eventId');
  });

  it('refuses a handover ID longer than a batch may carry, before the first row', async () => {
    await expect(readAll(SMALL_CSV, { ...options, handoverId: 'H'.repeat(101) })).rejects.toThrow('导入批次号（handoverId）过长');
  });
});

describe('dates', () => {
  it('reads Excel date cells, serial numbers and typed dates from XLSX', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['姓名', '身份证号', '毕业院校', '专业', '学历', '毕业时间', '户籍所在地代码']);
    const values: unknown[] = [new Date(Date.UTC(2026, 5, 30)), 46206, '2026/6/30', '2026年7月1日', '2026.07.02', 20260703, '2026-06-30 00:00:00'];
    values.forEach((value, i) => {
      const row = sheet.addRow([
        { richText: [{ text: '张' }, { text: `${'一二三四五六七'.charAt(i)}` }] },
        id('220102', '20030915', `10${i}`),
        '吉林大学',
        '法学',
        '本科',
        value,
        220102,
      ]);
      if (value instanceof Date) row.getCell(6).numFmt = 'yyyy/m/d';
    });
    const file = temp.path('dates.xlsx');
    await workbook.xlsx.writeFile(file);
    const rows = await readAll(file);
    expect(rejected(rows)).toEqual([]);
    expect(okValues(rows).map((v) => v.graduationDate)).toEqual([
      '2026-06-30',
      '2026-07-03',
      '2026-06-30',
      '2026-07-01',
      '2026-07-02',
      '2026-07-03',
      '2026-06-30',
    ]);
    expect(okValues(rows)[0]).toMatchObject({ name: '张一', year: 2026, householdRegionCode: '220102' });
  });

  it('reads serial numbers and 8-digit dates left as text in CSV', async () => {
    const file = await csvFile(`${HEADER}\n张三,${id()},吉林大学,法学,本科,46203,220102\n李四,${id('220104')},吉林大学,法学,本科,20260630,220104\n`);
    expect(okValues(await readAll(file)).map((v) => v.graduationDate)).toEqual(['2026-06-30', '2026-06-30']);
  });

  it.each([
    ['2026-02-30', '毕业时间：“2026-02-30”不是存在的日期'],
    ['2026年6月', '毕业时间：无法识别“2026年6月”'],
    ['2026', '毕业时间：无法识别“2026”'],
    ['', '毕业时间：不能为空'],
  ])('rejects %j', async (date, reason) => {
    const file = await csvFile(`${HEADER}\n张三,${id()},吉林大学,法学,本科,${date},220102\n`);
    const [row] = await readAll(file);
    expect(row?.ok).toBe(false);
    expect(row && !row.ok && row.reasons).toEqual([expect.stringContaining(reason)]);
  });

  it('takes the year from 毕业年份/届别 when given', async () => {
    const file = await csvFile(`${HEADER},届别\n张三,${id()},吉林大学,法学,本科,2026-01-10,220102,2025届\n`);
    expect(okValues(await readAll(file))[0]?.year).toBe(2025);
  });
});

describe('row reasons', () => {
  it('translates each bad field into Chinese with the file’s own column name, in column order', async () => {
    const header = '姓名,公民身份号码,手机号,学校,专业,学历层次,毕业日期,户籍地区划代码,就业意向';
    const bad = `张三,${id().slice(0, 17)},1391234567,吉林大学,,研究生,2026-06-30,990102,找工作`;
    const [row] = await readAll(await csvFile(`${header}\n${bad}\n`));
    expect(row).toEqual({
      row: 2,
      ok: false,
      reasons: [
        '公民身份号码：应为 18 位，实际为 17 位',
        '手机号：应为 11 位手机号码（以 1 开头），可留空',
        '专业：不能为空',
        '学历层次：无法识别“研究生”，应为专科（大专）、本科、硕士研究生或博士研究生',
        '户籍地区划代码：不是有效的行政区划代码（省级代码不存在）',
        '就业意向：无法识别“找工作”，应为求职、升学、创业、暂不就业或待定（也可留空）',
      ],
    });
  });

  it.each([
    [`${id().slice(0, 6)}19990231${id().slice(14, 17)}1`, '身份证号：出生日期不存在'],
    [`99${id().slice(2, 17)}1`, '身份证号：前两位不是有效的省级行政区划代码'],
    ['2.20102E+17', '身份证号：单元格是数值格式'],
  ])('explains ID number %s', async (idNumber, reason) => {
    const [row] = await readAll(await csvFile(`${HEADER}\n张三,${idNumber},吉林大学,法学,本科,2026-06-30,220102\n`));
    expect(row && !row.ok && row.reasons[0]).toMatch(new RegExp(`^${reason}`));
  });

  it('explains an ID number stored as a number cell in XLSX', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['姓名', '身份证号', '毕业院校', '专业', '学历', '毕业时间', '户籍所在地代码']);
    sheet.addRow(['张三', Number(id('220102', '20030915', '124')), '吉林大学', '法学', '本科', '2026-06-30', '220102']);
    const file = temp.path('numeric-id.xlsx');
    await workbook.xlsx.writeFile(file);
    const [row] = await readAll(file);
    expect(row && !row.ok && row.reasons).toEqual([expect.stringMatching(/^身份证号：单元格是数值格式，.*设为“文本”格式/)]);
  });

  it('masks an ID number quoted back from a shifted column', async () => {
    const idNumber = id();
    const [row] = await readAll(await csvFile(`${HEADER}\n张三,${idNumber},吉林大学,法学,${idNumber},2026-06-30,220102\n`));
    expect(row && !row.ok && row.reasons).toEqual([`学历：无法识别“220102**********${idNumber.slice(16)}”，应为专科（大专）、本科、硕士研究生或博士研究生`]);
  });

  it('normalises padded names, full-width digits, +86 phones and lower-case x', async () => {
    // An ID ending in X, to see the lower-case x typed by some clerks accepted.
    const idNumber = Array.from({ length: 100 }, (_, i) => `22010220030915${100 + i}`)
      .map((first17) => first17 + residentIdCheckChar(first17))
      .find((v) => v.endsWith('X'))!;
    const fullWidth = idNumber.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).toLowerCase();
    const file = await csvFile(`${HEADER},手机号码\n张　 三,${fullWidth},吉林大学,法学,本科,２０２６-０６-３０,220102,+86 139-1234-5678\n`);
    expect(okValues(await readAll(file))[0]).toMatchObject({ name: '张三', idNumber, phone: '13912345678', graduationDate: '2026-06-30' });
  });
});

describe('CSV reading', () => {
  it('handles a BOM, quoted commas, line breaks and doubled quotes, CRLF and blank rows', async () => {
    const text =
      `\ufeff${HEADER},求职意向\r\n` +
      `张三,${id()},"吉林大学, 前卫校区","法学""涉外""方向",本科,2026-06-30,220102,求职\r\n` +
      `,,,,,,,\r\n` +
      `\r\n` +
      `李四,${id('220104')},"长春大学\r\n（旅游学院）",英语,本科,2026-06-30,220104,\r\n` +
      `王五,${id('220105')},吉林大学,法学,本科,2026-06-30,220105,待定`;
    const file = await csvFile(text);
    const rows = await readAll(file);
    expect(rows.map((r) => r.row)).toEqual([2, 5, 6]);
    expect(okValues(rows).map((v) => [v.school, v.major, v.intention])).toEqual([
      ['吉林大学, 前卫校区', '法学"涉外"方向', 'employment'],
      ['长春大学\r\n（旅游学院）', '英语', undefined],
      ['吉林大学', '法学', 'undecided'],
    ]);
    expect(await totalDataRows(file)).toBe(3);
  });

  it('reads tab-separated UTF-16 (Excel “Unicode text”)', async () => {
    const text = `${HEADER.replace(/,/g, '\t')}\n张三\t${id()}\t吉林大学\t法学\t本科\t2026-06-30\t220102\n`;
    const file = await csvFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(okValues(await readAll(file))).toMatchObject([{ name: '张三', school: '吉林大学' }]);
  });

  it('reports an unterminated quote instead of swallowing the rest of the file', async () => {
    const file = await csvFile(`${HEADER}\n张三,${id()},"吉林大学,法学,本科,2026-06-30,220102\n李四,x,y,z,本科,2026-06-30,220102\n`);
    await expect(readAll(file)).rejects.toThrow(/第 2 行有未闭合的双引号/);
  });
});

describe('options', () => {
  it('checks handoverId and occurredAt before reading', async () => {
    await expect(readAll(SMALL_CSV, { ...options, handoverId: ' ' })).rejects.toThrow(/handoverId/);
    await expect(readAll(SMALL_CSV, { ...options, occurredAt: '2026-07-15 09:30' })).rejects.toThrow(/occurredAt/);
  });
});
