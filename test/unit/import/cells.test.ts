import { describe, expect, it } from 'vitest';
import { cellText, codeLostToNumber, codeText, lookup, nameText, parseDate, parseYear, phoneText, shown, wordTable } from '../../../services/import/cells.js';

const years = { minYear: 2000, maxYear: 2100 };

describe('text', () => {
  it('trims, unwraps ="…" and gives a date cell as its ISO date', () => {
    expect(cellText('  吉林大学 ')).toBe('吉林大学');
    expect(cellText('="0431"')).toBe('0431');
    expect(cellText(new Date(Date.UTC(2026, 5, 30, 8)))).toBe('2026-06-30');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
  });

  it('reads codes typed with full-width digits, spaces or a text apostrophe', () => {
    expect(codeText("'２２０ １０２")).toBe('220102');
  });

  it('knows a long code that went through a number cell', () => {
    expect(codeLostToNumber(220102200309151230)).toBe(true);
    expect(codeLostToNumber('2.20102E+17')).toBe(true);
    expect(codeLostToNumber('2.20102e+17')).toBe(true);
    expect(codeLostToNumber('220102200309151234')).toBe(false);
  });

  it('reads a mobile number without spaces, dashes or +86', () => {
    expect(phoneText('+86 139-1234-5678')).toBe('13912345678');
    expect(phoneText('0431-88881234')).toBe('043188881234');
    expect(phoneText(' ')).toBeUndefined();
  });

  it('closes up padded Han names and keeps single spaces in others', () => {
    expect(nameText('张　 三')).toBe('张三');
    expect(nameText('Anna  Maria')).toBe('Anna Maria');
  });

  it('masks ID numbers and shortens what it quotes back', () => {
    expect(shown('220102200309151234')).toBe('220102**********34');
    expect(shown('很'.repeat(31))).toBe(`${'很'.repeat(30)}…`);
  });

  it('looks words up whatever their width, case, spaces or notes', () => {
    const table = wordTable([['bachelor', ['本科', 'bachelor']] as const]);
    expect(lookup(table, ' 本 科（全日制）', '本科')).toEqual({ ok: true, value: 'bachelor' });
    expect(lookup(table, 'ＢＡＣＨＥＬＯＲ', '本科')).toEqual({ ok: true, value: 'bachelor' });
    expect(lookup(table, '研究生', '本科')).toEqual({ ok: false, reason: '无法识别“研究生”，应为本科' });
    expect(lookup(table, '', '本科')).toBeUndefined();
  });
});

describe('dates', () => {
  it.each([
    [new Date(Date.UTC(2026, 5, 30)), '2026-06-30'],
    [46203, '2026-06-30'],
    [20260630, '2026-06-30'],
    ['46203', '2026-06-30'],
    ['2026/6/30', '2026-06-30'],
    ['２０２６年６月３０日', '2026-06-30'],
    ['2026-06-30T00:00:00', '2026-06-30'],
  ])('reads %j', (cell, iso) => {
    expect(parseDate(cell, years)).toEqual({ ok: true, value: iso });
  });

  it('takes numbers as dates only within the years it is given', () => {
    expect(parseDate(2026, years)).toMatchObject({ ok: false, reason: expect.stringContaining('无法识别“2026”') as unknown });
    expect(parseDate(19950701, years)).toMatchObject({ ok: false });
    expect(parseDate(19950701, { minYear: 1949, maxYear: 2100 })).toEqual({ ok: true, value: '1995-07-01' });
  });

  it('reports a date that does not exist and leaves an empty cell to the caller', () => {
    expect(parseDate('2026-02-30', years)).toEqual({ ok: false, reason: '“2026-02-30”不是存在的日期' });
    expect(parseDate(' ', years)).toBeUndefined();
  });
});

describe('years', () => {
  it.each([
    [2026, 2026],
    ['2025届', 2025],
    ['２０２４ 年', 2024],
    [new Date(Date.UTC(2023, 0, 1)), 2023],
  ])('reads %j', (cell, year) => {
    expect(parseYear(cell)).toEqual({ ok: true, value: year });
  });

  it('reports what is not a year', () => {
    expect(parseYear(2026.5)).toEqual({ ok: false, reason: '“2026.5”不是年份，请填写四位年份，如 2026' });
    expect(parseYear('26届')).toEqual({ ok: false, reason: '无法识别“26届”，请填写四位年份，如 2026' });
    expect(parseYear('')).toBeUndefined();
  });
});
