/**
 * The graduate ledger read model on embedded PGlite (the same migrations as production), and the
 * rows a bureau's export is made of.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldSeal } from '../../activities/infra/sealed.js';
import { createGraduate1311Activities, type RecordLedgerLineInput } from '../../activities/graduate-1311.js';
import { itemStanding } from '../../domain/cases/graduate-1311.js';
import { ledgerHeaders, ledgerRow, ledgerSheet, masked, type ExportLine } from '../../services/http/graduate-1311/ledger-export.js';
import { xlsxExport } from '../../services/http/spreadsheet-export.js';
import type { LedgerItem, LedgerLine } from '../../domain/cases/graduate-1311.js';
import { ledgerLine } from '../support/fixtures.js';
import { migratedDatabase } from '../support/pglite.js';

const seal = createFieldSeal(randomBytes(32));
const pglite = migratedDatabase('jiuye-ledger-');

const line = (changes: Partial<LedgerLine> = {}) => ledgerLine({ caseId: 'grad1311:abc:2026', ...changes });

const person = {
  name: '李小明',
  idNumber: '220102200309151233',
  phone: '13812345678',
  school: '吉林大学',
  major: '计算机科学与技术',
  degree: 'bachelor' as const,
  graduationDate: '2026-06-30',
};

describe('recordLedgerLine', () => {
  it('stores the newest revision only, whatever order writes arrive in', async () => {
    const { recordLedgerLine: record } = createGraduate1311Activities({ prisma: pglite.db.prisma, seal });
    const write = (revision: number, changes: Partial<LedgerLine>): RecordLedgerLineInput => ({
      line: line(changes),
      person,
      revision,
      at: '2026-11-20T01:00:00Z',
    });
    expect(await record(write(1, {}))).toEqual({ written: true });
    expect(await record(write(3, { status: 'in-service', contactAttempts: 1 }))).toEqual({ written: true });
    // A retried older write, and the same revision again: neither puts an older line back.
    expect(await record(write(2, { status: 'awaiting-contact' }))).toEqual({ written: false });
    expect(await record(write(3, { status: 'awaiting-contact' }))).toEqual({ written: false });
    const row = await pglite.db.prisma.graduateLedger.findUniqueOrThrow({ where: { caseId: 'grad1311:abc:2026' } });
    expect(row).toMatchObject({ status: 'in-service', contactAttempts: 1, revision: 3, nameMasked: '李**', idNumberMasked: '220102**********33' });
  });

  it('keeps every handover the case named, though its line names only the latest', async () => {
    const { recordLedgerLine: record } = createGraduate1311Activities({ prisma: pglite.db.prisma, seal });
    const caseId = 'grad1311:handovers:2026';
    const write = (revision: number, handoverIds: string[]) => record({ line: line({ caseId, handoverIds }), person, revision, at: '2026-11-20T01:00:00Z' });
    await write(1, ['JL-01']);
    await write(2, ['JL-01', 'JL-02', 'JL-03']);
    // JL-01 and JL-02 trimmed from the line once written; JL-04 arrived meanwhile.
    await write(3, ['JL-03', 'JL-04']);
    await write(4, ['JL-04']);
    expect(await write(2, ['JL-99'])).toEqual({ written: false });
    const row = await pglite.db.prisma.graduateLedger.findUniqueOrThrow({ where: { caseId } });
    expect(row.handoverIds).toEqual(['JL-01', 'JL-02', 'JL-03', 'JL-04']);
  });

  it('keeps names, ID numbers and phones sealed at rest', async () => {
    const row = await pglite.db.prisma.graduateLedger.findUniqueOrThrow({ where: { caseId: 'grad1311:abc:2026' } });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(person.idNumber);
    expect(stored).not.toContain(person.phone);
    expect(stored).not.toContain(person.name);
    expect(seal.open(row.idNumberSealed)).toBe(person.idNumber);
    expect(() => createFieldSeal(randomBytes(32)).open(row.idNumberSealed)).toThrow();
  });
});

describe('ledger export rows', () => {
  const item = (changes: Partial<LedgerItem>): LedgerItem => ({
    kind: 'policy-briefing',
    seq: 1,
    taskId: 'tk-1',
    dueDate: '2026-11-20',
    status: 'pending',
    completedAt: null,
    response: null,
    position: null,
    employer: null,
    ...changes,
  });

  it('judges an undelivered item missing only once its deadline day is over', () => {
    expect(itemStanding(item({}), 'in-service', '2026-11-20')).toBe('办理中（2026-11-20 前）');
    expect(itemStanding(item({}), 'in-service', '2026-11-21')).toBe('未按期提供（应于 2026-11-20 前）');
    expect(itemStanding(item({ status: 'late', completedAt: '2026-11-23T02:00:00Z' }), 'in-service', '2026-11-24')).toBe('逾期完成（2026-11-23）');
  });

  it('writes one row per graduate under the Chinese headers, masked unless full data was allowed', () => {
    const served: ExportLine = {
      line: line({
        status: 'closed',
        outcome: 'employed',
        skillLevel: 'junior',
        contactAttempts: 1,
        employerCreditCode: '91220104MA00000773',
        items: [
          item({ status: 'on-time', completedAt: '2026-11-18T02:00:00Z' }),
          item({
            kind: 'job-recommendation',
            seq: 2,
            status: 'on-time',
            completedAt: '2026-11-19T02:00:00Z',
            position: '会计',
            employer: '示例会计师事务所',
            response: 'declined',
          }),
        ],
      }),
      ...person,
    };
    const row = ledgerRow(7, masked(served), '2026-11-22');
    expect(row).toHaveLength(ledgerHeaders.length);
    const cell = (header: (typeof ledgerHeaders)[number]) => row[ledgerHeaders.indexOf(header)];
    expect(cell('序号')).toBe(7);
    expect(cell('姓名')).toBe('李小明');
    expect(cell('身份证号')).toBe('220102**********33');
    expect(cell('联系电话')).toBe('138****5678');
    expect(cell('学历')).toBe('本科');
    expect(cell('技能水平')).toBe('初级');
    expect(cell('推荐岗位2')).toBe('会计');
    expect(cell('毕业生反馈2')).toBe('拒绝');
    expect(cell('岗位推荐1')).toBe('');
    expect(cell('去向')).toBe('已就业');
    expect(cell('毕业6个月仍未落实')).toBe('否');
    expect(ledgerRow(1, served, '2026-11-22')[ledgerHeaders.indexOf('身份证号')]).toBe(person.idNumber);
  });

  it('reads the next page of an XLSX export only as the client takes the bytes', async () => {
    let pulled = 0;
    async function* pages(): AsyncGenerator<ExportLine[]> {
      for (let p = 0; p < 40; p++) {
        pulled++;
        yield Array.from({ length: 500 }, (_, i): ExportLine => ({ line: line(), ...person, name: `李${p}-${i}` }));
      }
    }
    const reader = xlsxExport(ledgerSheet('2026-11-22'), pages(), '台账').getReader();
    await reader.read();
    // A client that stops reading: the export stops fetching pages soon after, instead of
    // building the whole workbook in memory.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pulled).toBeLessThan(20);
    let bytes = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.length;
    expect(pulled).toBe(40);
    expect(bytes).toBeGreaterThan(100_000);
  });
});
