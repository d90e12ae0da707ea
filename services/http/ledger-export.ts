/**
 * The graduate 1311 ledger as a bureau submits it: one row per graduate, Chinese headers and
 * Chinese values, CSV (UTF-8 with BOM, which Excel needs to read Chinese) or XLSX. Rows are produced
 * page by page from the read model and streamed out, so a province's ledger is never held whole.
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { maskIdNumber, maskPhone } from '../../domain/identity.js';
import { graduateOutcomeText, type LedgerItem, type LedgerLine } from '../../workflows/graduate-1311.js';
import { csvLine } from '../import/csv.js';

/** A ledger line with the graduate's details, opened (full) or masked as the caller may see them. */
export interface ExportLine {
  line: Pick<LedgerLine, 'regionCode' | 'status' | 'outcome' | 'intention' | 'skillLevel' | 'contactAttempts' | 'refusals' | 'items' | 'employerCreditCode' | 'closedReason' | 'flagged'>;
  name: string;
  idNumber: string;
  phone: string | null;
  school: string;
  major: string;
  degree: string;
  graduationDate: string;
}

const statusText: Record<string, string> = { 'awaiting-contact': '待首次联系', 'in-service': '服务中', closed: '已办结' };
const intentionText: Record<string, string> = { employment: '就业', 'further-study': '升学', business: '创业', none: '暂无意愿', undecided: '未确定' };
const skillText: Record<string, string> = { none: '无', junior: '初级', intermediate: '中级', senior: '高级' };
const degreeText: Record<string, string> = { associate: '专科', bachelor: '本科', master: '硕士研究生', doctor: '博士研究生' };
const responseText: Record<string, string> = { accepted: '接受', interviewing: '面试中', declined: '拒绝', 'no-response': '无回应' };

/**
 * Where a service item stands on `today` (an Asia/Shanghai date), the one definition behind the
 * summary counts, the ledger lines and the export:
 * - on-time / late: delivered by / after its deadline day;
 * - cancelled: not delivered and the case closed (the workflow cancels what is left when it closes);
 * - missing: not delivered, the case still open, and the deadline day is over (due before today);
 * - pending: not delivered, the case still open, and the deadline day not over (due today counts as pending).
 */
export type ItemState = 'on-time' | 'late' | 'missing' | 'pending' | 'cancelled';

export function itemState(item: Pick<LedgerItem, 'status' | 'dueDate'>, caseStatus: LedgerLine['status'], today: string): ItemState {
  if (item.status !== 'pending') return item.status;
  if (caseStatus === 'closed') return 'cancelled';
  return item.dueDate < today ? 'missing' : 'pending';
}

/** The same standing in the words of the ledger. */
export function itemStanding(item: Pick<LedgerItem, 'status' | 'dueDate' | 'dueProvisional' | 'completedAt'>, caseStatus: LedgerLine['status'], today: string): string {
  const due = item.dueProvisional ? `${item.dueDate}，预计` : item.dueDate;
  switch (itemState(item, caseStatus, today)) {
    case 'on-time':
      return `按期完成（${(item.completedAt ?? '').slice(0, 10)}）`;
    case 'late':
      return `逾期完成（${(item.completedAt ?? '').slice(0, 10)}）`;
    case 'cancelled':
      return '案件办结，未再提供';
    case 'missing':
      return `未按期提供（应于 ${due} 前）`;
    case 'pending':
      return `办理中（${due} 前）`;
  }
}

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
    return [standing(job), job?.position ?? '', job?.employer ?? '', job?.response ? (responseText[job.response] ?? job.response) : ''];
  });
  return [
    serial,
    e.name,
    e.idNumber,
    e.phone ?? '',
    e.school,
    e.major,
    degreeText[e.degree] ?? e.degree,
    e.graduationDate,
    line.regionCode,
    line.intention ? (intentionText[line.intention] ?? line.intention) : '',
    line.skillLevel ? (skillText[line.skillLevel] ?? line.skillLevel) : '',
    line.contactAttempts,
    line.refusals,
    standing(find(line.items, 'policy-briefing')),
    ...jobs,
    standing(find(line.items, 'vocational-guidance')),
    standing(find(line.items, 'training-or-internship')),
    statusText[line.status] ?? line.status,
    line.outcome ? graduateOutcomeText[line.outcome] : '',
    line.employerCreditCode ?? '',
    line.closedReason ?? '',
    line.flagged ? '是' : '否',
  ];
}

/** The details a caller without the right to full personal data sees. */
export function masked(e: ExportLine): ExportLine {
  return { ...e, idNumber: maskIdNumber(e.idNumber), phone: e.phone === null ? null : maskPhone(e.phone) };
}

export function ledgerCsv(pages: AsyncIterable<ExportLine[]>, today: string): ReadableStream<Uint8Array> {
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${csvLine(ledgerHeaders)}\r\n`;
    let serial = 0;
    for await (const page of pages) {
      yield page.map((e) => `${csvLine(ledgerRow(++serial, e, today))}\r\n`).join('');
    }
  }
  return Readable.toWeb(Readable.from(lines(), { objectMode: false })) as ReadableStream<Uint8Array>;
}

export function ledgerXlsx(pages: AsyncIterable<ExportLine[]>, today: string, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ledgerHeaders.map((header) => ({ header, width: Math.max(10, header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  void (async () => {
    let serial = 0;
    for await (const page of pages) {
      for (const e of page) sheet.addRow(ledgerRow(++serial, e, today)).commit();
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
