/**
 * The graduate 1311 ledger as a bureau submits it: one row per graduate, Chinese headers and
 * Chinese values, written as CSV or XLSX by the shared spreadsheet export.
 */
import { maskIdNumber, maskPhone } from '../../../domain/identity.js';
import { graduate1311Labels, itemStanding, type LedgerItem, type LedgerLine } from '../../../domain/cases/graduate-1311.js';
import type { SheetSpec } from '../spreadsheet-export.js';

/** A ledger line with the graduate's details, opened (full) or masked as the caller may see them. */
export interface ExportLine {
  line: Pick<
    LedgerLine,
    | 'regionCode'
    | 'status'
    | 'outcome'
    | 'intention'
    | 'skillLevel'
    | 'contactAttempts'
    | 'refusals'
    | 'items'
    | 'employerCreditCode'
    | 'closedReason'
    | 'flagged'
  >;
  name: string;
  idNumber: string;
  phone: string | null;
  school: string;
  major: string;
  degree: string;
  graduationDate: string;
}

const labels = graduate1311Labels;
/** A stored value in words; one the table does not know (from an older line) as it is. */
const say = (table: Readonly<Record<string, string>>, value: string): string => table[value] ?? value;

export const ledgerHeaders = [
  '序号',
  '姓名',
  '身份证号',
  '联系电话',
  '毕业院校',
  '专业',
  '学历',
  '毕业时间',
  '户籍地区划代码',
  '就业意向',
  '技能水平',
  '联系次数',
  '拒绝服务次数',
  '政策宣介',
  ...[1, 2, 3].flatMap((n) => [`岗位推荐${n}`, `推荐岗位${n}`, `推荐单位${n}`, `毕业生反馈${n}`]),
  '职业指导',
  '技能培训或就业见习',
  '案件状态',
  '去向',
  '就业单位统一社会信用代码',
  '办结原因',
  '毕业6个月仍未落实',
] as const;

const find = (items: LedgerItem[], kind: LedgerItem['kind'], seq = 1) => items.find((i) => i.kind === kind && i.seq === seq);

export function ledgerRow(serial: number, e: ExportLine, today: string): (string | number)[] {
  const { line } = e;
  const standing = (item: LedgerItem | undefined) => (item ? itemStanding(item, line.status, today) : line.status === 'closed' ? '' : '尚未开始');
  const jobs = [1, 2, 3].flatMap((n) => {
    const job = find(line.items, 'job-recommendation', n);
    return [standing(job), job?.position ?? '', job?.employer ?? '', job?.response ? say(labels.response, job.response) : ''];
  });
  return [
    serial,
    e.name,
    e.idNumber,
    e.phone ?? '',
    e.school,
    e.major,
    say(labels.degree, e.degree),
    e.graduationDate,
    line.regionCode,
    line.intention ? labels.intention[line.intention] : '',
    line.skillLevel ? say(labels.skillLevel, line.skillLevel) : '',
    line.contactAttempts,
    line.refusals,
    standing(find(line.items, 'policy-briefing')),
    ...jobs,
    standing(find(line.items, 'vocational-guidance')),
    standing(find(line.items, 'training-or-internship')),
    labels.status[line.status],
    line.outcome ? labels.outcome[line.outcome] : '',
    line.employerCreditCode ?? '',
    line.closedReason ?? '',
    line.flagged ? '是' : '否',
  ];
}

/** The details a caller without the right to full personal data sees. */
export function masked(e: ExportLine): ExportLine {
  return { ...e, idNumber: maskIdNumber(e.idNumber), phone: e.phone === null ? null : maskPhone(e.phone) };
}

/** How a graduate's ledger line becomes a row of the export, judged on `today`. */
export function ledgerSheet(today: string): SheetSpec<ExportLine> {
  return { headers: ledgerHeaders, row: (serial, e) => ledgerRow(serial, e, today) };
}
