/**
 * The one safe-text schema and the limits of every contract family that uses it: what a field
 * refuses (NUL and the other controls, lone surrogates, invisible format characters, over-length,
 * over-size lists), what it keeps (Chinese text with rare characters, Uyghur names, emoji), and
 * the property the database relies on: whatever it accepts can be stored as PostgreSQL text and
 * survives a JSON round trip unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Actor } from '../../domain/actor.js';
import { taskResultSchemas } from '../../domain/cases/index.js';
import { fieldIssues, isSafeText, SafeLine, SafeText } from '../../domain/contracts/common.js';
import { GraduateImportBatch, GraduateOutcomeBody } from '../../domain/contracts/graduate-1311.js';
import { CloseCaseBody } from '../../domain/contracts/http.js';
import { DirectiveReportedV1, GraduateHandoverV1, HiringDemandV1, LayoffFiledV1, LayoffWorkerV1 } from '../../domain/contracts/inbound.js';
import {
  EnterpriseImportBatch,
  EnterpriseListingBody,
  EnterpriseRemovalBody,
  RecordDemandBody,
  SubsidyHelpBody,
} from '../../domain/contracts/key-enterprise.js';
import { NoteBody, PauseSlaBody, ReassignTaskBody } from '../../domain/contracts/tasks.js';
import { creditCode, graduateHandover, layoffFiling, residentId } from '../support/fixtures.js';

/** The paths of a refused value's issues. */
function refusedAt(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown): string[] {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return fieldIssues(result.error as Parameters<typeof fieldIssues>[0]).map((i) => i.path);
}

const NUL = '\u0000';
/** One of each kind of character free text may not hold. */
const unsafe = {
  NUL,
  'C0 (BEL)': '\u0007',
  'C0 (ESC)': '\u001b',
  DEL: '\u007f',
  'C1 (NEL)': '\u0085',
  'C1 (CSI)': '\u009b',
  'lone high surrogate': '\ud800',
  'lone low surrogate': '\udc00',
  'zero-width space': '\u200b',
  'right-to-left override': '\u202e',
  'left-to-right isolate': '\u2066',
  'line separator': '\u2028',
  'byte-order mark inside': '\ufeff',
  noncharacter: '\uffff',
};

describe('SafeLine and SafeText', () => {
  it.each(Object.entries(unsafe))('refuse %s inside the text, in a line and in a note', (_kind, ch) => {
    expect(SafeLine(100).safeParse(`张${ch}三`).success).toBe(false);
    expect(SafeText(2000).safeParse(`第一行${ch}\n第二行`).success).toBe(false);
  });

  it('keep what people write: rare CJK characters, Uyghur names with a zero-width non-joiner, emoji sequences, private-use characters', () => {
    for (const text of ['𠈌𡈼 王𣲘', 'ئابدۇرېھىم\u200cجان', '👨\u200d👩\u200d👧', '\ue000', '李四（旅游学院）']) {
      expect(SafeLine(100).parse(text)).toBe(text);
    }
  });

  it('trim, fold a line’s tabs and breaks into one space, keep a note’s breaks as \\n', () => {
    expect(SafeLine(100).parse('  长春大学\r\n\t（旅游学院） ')).toBe('长春大学 （旅游学院）');
    expect(SafeText(2000).parse(' 第一行\r\n第二行\r第三行\t备注 \n')).toBe('第一行\n第二行\n第三行\t备注');
  });

  it('cap the length after trimming', () => {
    expect(SafeLine(5).safeParse(' 12345 ').success).toBe(true);
    expect(SafeLine(5).safeParse('123456').success).toBe(false);
    expect(SafeText(10).safeParse('x'.repeat(11)).success).toBe(false);
  });

  it('accept only what PostgreSQL text can store and JSON carries back unchanged (property)', () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 60 });
    const mostlyHostile = fc.string({
      unit: fc.oneof(
        fc.constantFrom(...Object.values(unsafe), '\t', '\n', '\r', ' ', '张', 'a', '\u200d'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 40,
    });
    for (const schema of [SafeLine(200), SafeText(2000)]) {
      fc.assert(
        fc.property(fc.oneof(anyText, mostlyHostile), (raw) => {
          const parsed = schema.safeParse(raw);
          if (!parsed.success) return;
          const v = parsed.data;
          expect(v).not.toContain(NUL);
          // UTF-8, as PostgreSQL stores it: a lone surrogate would not come back as itself.
          expect(Buffer.from(v, 'utf8').toString('utf8')).toBe(v);
          expect(JSON.parse(JSON.stringify(v))).toBe(v);
          expect(isSafeText(v)).toBe(true);
          // Accepting again changes nothing: the workflow validates what the API already validated.
          expect(schema.parse(v)).toBe(v);
        }),
        { numRuns: 2000 },
      );
    }
  });
});

describe('inbound contracts', () => {
  it.each([
    ['eventId', { eventId: `evt-${NUL}` }],
    ['handoverId', { handoverId: 'JL\u0085-01' }],
    ['name', { name: `李${NUL}` }],
    ['school', { school: '吉林\u202e大学' }],
    ['school', { school: '吉'.repeat(201) }],
    ['major', { major: `法学${NUL}` }],
    ['studentRef', { studentRef: 'S'.repeat(65) }],
  ])('edu.graduate.handover.v1 refuses a bad %s', (field, patch) => {
    expect(refusedAt(GraduateHandoverV1, graduateHandover(patch))).toContain(field);
  });

  it('hrss.layoff.filed.v1, hrss.layoff.worker.v1 and dept.directive.reported.v1 refuse control characters in their text', () => {
    expect(refusedAt(LayoffFiledV1, layoffFiling({ reason: `订单下降${NUL}` }))).toContain('reason');
    expect(refusedAt(LayoffFiledV1, layoffFiling({ enterpriseName: '示例\u0085公司' }))).toContain('enterpriseName');
    const worker = {
      eventId: 'evt-w',
      occurredAt: new Date().toISOString(),
      filingId: 'LF-1',
      creditCode: creditCode(),
      idNumber: residentId(),
      name: '王五',
      householdRegionCode: '220102',
      lastWorkingDay: '2026-11-30',
    };
    expect(LayoffWorkerV1.safeParse(worker).success).toBe(true);
    expect(refusedAt(LayoffWorkerV1, { ...worker, occupation: `车工${NUL}` })).toContain('occupation');
    const directive = { eventId: 'evt-d', occurredAt: new Date().toISOString(), directiveId: 'd-1', department: 'finance', status: 'done' };
    expect(refusedAt(DirectiveReportedV1, { ...directive, note: `已拨付${NUL}` })).toContain('note');
  });

  it('ent.hiring.demand.v1 refuses a position title with NUL and more than 50 positions', () => {
    const position = { title: '装配工', count: 2 };
    const demand = {
      eventId: 'evt-h',
      occurredAt: new Date().toISOString(),
      demandId: 'D-1',
      creditCode: creditCode(),
      regionCode: '220102',
      positions: [position],
    };
    expect(HiringDemandV1.safeParse(demand).success).toBe(true);
    expect(refusedAt(HiringDemandV1, { ...demand, positions: [{ ...position, title: `装配${NUL}工` }] })).toContain('positions.0.title');
    expect(refusedAt(HiringDemandV1, { ...demand, positions: Array.from({ length: 51 }, () => position) })).toContain('positions');
  });
});

describe('HTTP bodies and workflow update arguments', () => {
  it.each([
    ['a task note', NoteBody, { text: `已联系${NUL}` }, 'text'],
    ['a task note over 2000 characters', NoteBody, { text: '记'.repeat(2001) }, 'text'],
    ['a pause reason', PauseSlaBody, { reason: '等待\u0085材料' }, 'reason'],
    ['a reassignment', ReassignTaskBody, { assignee: `cw${NUL}`, reason: '调整' }, 'assignee'],
    ['a close reason', CloseCaseBody, { reason: `帮扶到位${NUL}` }, 'reason'],
    ['a graduate’s outcome', GraduateOutcomeBody, { outcome: 'further-study', note: '考取研究生\u202e' }, 'note'],
    ['a removal reason', EnterpriseRemovalBody, { reason: `迁出${NUL}` }, 'reason'],
    ['a subsidy note', SubsidyHelpBody, { subsidy: 'hiring-subsidy', note: `协助${NUL}` }, 'note'],
  ])('%s refuses what it cannot hold, naming the field', (_what, schema, body, field) => {
    expect(refusedAt(schema, body)).toContain(field);
  });

  it('an enterprise listing, a recorded demand and the import batches refuse control characters and oversize lists', () => {
    const listing = { creditCode: creditCode(), name: '长春示例公司', regionCode: '220102', industryCode: 'C36', specialistId: 'liaison-1' };
    expect(EnterpriseListingBody.safeParse(listing).success).toBe(true);
    expect(refusedAt(EnterpriseListingBody, { ...listing, name: `长春${NUL}公司` })).toContain('name');
    expect(refusedAt(EnterpriseListingBody, { ...listing, specialistId: 'liaison\u0007' })).toContain('specialistId');
    const position = { title: '焊工', count: 1 };
    expect(refusedAt(RecordDemandBody, { positions: Array.from({ length: 51 }, () => position) })).toContain('positions');
    expect(refusedAt(RecordDemandBody, { demandId: `D${NUL}`, positions: [position] })).toContain('demandId');
    const row = { row: 1, handover: {} };
    expect(refusedAt(GraduateImportBatch, { source: { fileName: `list${NUL}.xlsx`, handoverId: 'h' }, rows: [row] })).toContain('source.fileName');
    expect(refusedAt(GraduateImportBatch, { source: { fileName: 'a.xlsx', handoverId: 'h' }, rows: Array.from({ length: 201 }, () => row) })).toContain('rows');
    expect(refusedAt(EnterpriseImportBatch, { source: { fileName: 'a\u0085.csv' }, rows: [{ row: 1, enterprise: {} }] })).toContain('source.fileName');
  });

  it('task results refuse control characters in their text and lists longer than their choices', () => {
    const review = { planCompliant: true, measures: ['reemployment-services'], summary: '已核查' };
    expect(taskResultSchemas['layoff-review'].safeParse(review).success).toBe(true);
    expect(refusedAt(taskResultSchemas['layoff-review'], { ...review, summary: `已核查${NUL}` })).toContain('summary');
    expect(refusedAt(taskResultSchemas['layoff-review'], { ...review, measures: Array.from({ length: 6 }, () => 'reemployment-services') })).toContain(
      'measures',
    );
    const recommendation = { position: `装配工${NUL}`, employer: '示例公司', response: 'accepted' };
    expect(refusedAt(taskResultSchemas['graduate-job-recommendation'], recommendation)).toContain('position');
    expect(refusedAt(taskResultSchemas['reemployment-first-contact'], { reached: false, note: `未接${NUL}` })).toContain('note');
    const members = Array.from({ length: 51 }, (_, i) => `成员${i}`);
    expect(refusedAt(taskResultSchemas['risk-command-group'], { members, note: '已成立' })).toContain('members');
    expect(refusedAt(taskResultSchemas['risk-command-group'], { members: [`财政局${NUL}`], note: '已成立' })).toContain('members.0');
    const survey = { channel: 'phone', insuredHeadcount: 10, shortage: 1, summary: '已调查' };
    const fill = { outcome: 'filled', measures: Array.from({ length: 6 }, () => 'special-job-fair'), summary: '已招满' };
    expect(
      refusedAt(taskResultSchemas['enterprise-contact'], { ...survey, vacancies: Array.from({ length: 51 }, () => ({ title: '焊工', count: 1 })) }),
    ).toContain('vacancies');
    expect(refusedAt(taskResultSchemas['enterprise-demand-fill'], fill)).toContain('measures');
  });
});

describe('Actor', () => {
  it('takes a jurisdiction that names a division, not just digits', () => {
    expect(Actor.safeParse({ userId: 'cw', role: 'caseworker', jurisdiction: '2201' }).success).toBe(true);
    for (const jurisdiction of ['220', '99', '2200000', '00'])
      expect(refusedAt(Actor, { userId: 'cw', role: 'caseworker', jurisdiction })).toContain('jurisdiction');
    expect(refusedAt(Actor, { userId: `cw${NUL}`, role: 'caseworker', jurisdiction: '2201' })).toContain('userId');
  });
});
