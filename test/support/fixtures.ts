/**
 * Fictitious but valid identifiers and messages for tests. Dates are derived from the current
 * time, never fixed: a fixed date becomes a deadline that passes with the calendar, and a test
 * written against it fails months later (main went red that way).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { addMonths, endOfShanghaiDay, toShanghaiDate } from '../../domain/calendar/dates.js';
import type { GraduateHandoverV1, LayoffFiledV1 } from '../../domain/contracts/inbound.js';
import type { TaskView } from '../../domain/contracts/tasks.js';
import { creditCodeCheckChar, residentIdCheckChar } from '../../domain/identity.js';
import type { LedgerLine } from '../../domain/cases/graduate-1311.js';

/** A credit code with a correct check character: registration 9 (industry and commerce), type 1 (enterprise). */
export function creditCode(regionCode = '220102', serial = 'MA0000001'): string {
  const first17 = `91${regionCode}${serial}`;
  return first17 + creditCodeCheckChar(first17);
}

export function residentId(regionCode = '220102', birth = '20030915', sequence = '123'): string {
  const first17 = `${regionCode}${birth}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * A resident ID of the region, born in the given year and month (`YYYYMM`), almost surely new on
 * each call: for tests that need several people whom no other test or earlier run on the same
 * engines has used.
 */
export function freshResidentId(regionCode: string, birthMonth: string): string {
  const n = randomInt(0, 28_000);
  return residentId(regionCode, `${birthMonth}${String((n % 28) + 1).padStart(2, '0')}`, String(Math.floor(n / 28)).padStart(3, '0'));
}

const DAY_MS = 86_400_000;

/** An instant `days` from now, as an ISO timestamp in Shanghai time (as departments send them). */
export function shanghaiInstant(days = 0, now = Date.now()): string {
  return `${new Date(now + days * DAY_MS + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Today's date in Shanghai, `days` from now. */
export function shanghaiDay(days = 0, now = Date.now()): string {
  return toShanghaiDate(new Date(now + days * DAY_MS).toISOString());
}

/**
 * The graduating class the fixtures use: the one that graduated a month ago, so its 6-month target
 * lies five months ahead of any real-time test.
 */
export function fixtureGraduation(now = Date.now()): { graduationDate: string; year: number } {
  const graduationDate = addMonths(shanghaiDay(0, now), -1);
  return { graduationDate, year: Number(graduationDate.slice(0, 4)) };
}

export function layoffFiling(overrides: Partial<LayoffFiledV1> = {}): LayoffFiledV1 {
  const id = randomUUID().slice(0, 8);
  return {
    eventId: `evt-${id}`,
    occurredAt: shanghaiInstant(),
    filingId: `LF-${id}`,
    creditCode: creditCode(),
    enterpriseName: '长春示例汽车零部件有限公司',
    regionCode: '220102',
    industryCode: 'C36',
    headcount: 800,
    layoffCount: 120,
    plannedDate: shanghaiDay(30),
    reason: '订单下降，生产线调整',
    ...overrides,
  };
}

export function graduateHandover(overrides: Partial<GraduateHandoverV1> = {}): GraduateHandoverV1 {
  const { graduationDate, year } = fixtureGraduation();
  return {
    eventId: `evt-${randomUUID().slice(0, 8)}`,
    occurredAt: shanghaiInstant(),
    handoverId: 'JL-2026-07-001',
    year,
    idNumber: residentId(),
    name: '李小明',
    phone: '13812345678',
    school: '吉林大学',
    major: '计算机科学与技术',
    degree: 'bachelor',
    graduationDate,
    householdRegionCode: '220102',
    intention: 'employment',
    ...overrides,
  };
}

/** A graduate's ledger line as a case keeps it, awaiting first contact unless changed. */
export function ledgerLine(changes: Partial<LedgerLine> = {}): LedgerLine {
  return {
    caseId: 'grad1311:f00dfeed0123456789abcdef:2026',
    year: 2026,
    regionCode: '220102',
    status: 'awaiting-contact',
    outcome: null,
    intention: 'employment',
    skillLevel: null,
    handoverIds: ['JL-2026-07-001'],
    contactAttempts: 0,
    refusals: 0,
    items: [],
    employerCreditCode: null,
    closedReason: null,
    flagged: false,
    ...changes,
  };
}

/**
 * A task as a case records it: an open layoff review of Nanguan for a caseworker, just created and
 * due in five days, unless changed. The due date is a local day; `dueAt` ends it in Shanghai.
 */
export function taskView(overrides: Partial<TaskView> = {}): TaskView {
  const now = new Date().toISOString();
  const dueDate = shanghaiDay(5);
  return {
    id: 'tk-layoff-review',
    caseId: `layoff-filing:${creditCode()}:LF-1`,
    caseType: 'layoff-filing',
    type: 'layoff-review',
    title: '核查裁员方案',
    status: 'open',
    regionCode: '220102',
    candidateRole: 'caseworker',
    assignee: null,
    dueDate,
    dueAt: endOfShanghaiDay(dueDate),
    dueProvisional: false,
    overdue: false,
    escalationLevel: 0,
    escalatedTo: null,
    escalatedRegion: null,
    escalationPath: [],
    slaPaused: false,
    notes: [],
    data: null,
    result: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    ...overrides,
  };
}
