/**
 * Provisional due dates on the real engines. A graduate reached today gets all six service items
 * at once, those counted through a year without a State Council notice marked provisional (预计).
 * Then the year's notice is added, with one make-up working day inside a provisional span: the
 * restarted system recounts the running case and the due date moves one working day earlier, in
 * the inbox, the case's timeline and the ledger.
 *
 * Whatever the date the test runs on, the calendar it starts with has no notice for this year or
 * later, so the spans are provisional; the notice it adds is built from the statutory holidays of
 * each such year (as the real notice would list them) plus the one make-up day.
 */
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticedYears, provisionalYearData, WorkingDayCalendar, type CalendarYearData } from '../../domain/calendar/index.js';
import { dayNumber, fromDayNumber, weekday } from '../../domain/calendar/dates.js';
import { CaseDetail } from '../../domain/contracts/http.js';
import { GraduateLedgerLinePage } from '../../domain/contracts/graduate-1311.js';
import { TaskList, type TaskView } from '../../domain/contracts/tasks.js';
import { type Actor } from '../../domain/actor.js';
import { hashIdNumber } from '../../domain/identity.js';
import { graduate1311WorkflowId } from '../../domain/cases/graduate-1311.js';
import { graduateHandover, residentId, shanghaiDay } from '../support/fixtures.js';
import { eventually, send, startTestSystem, testKafka, type TestSystem } from './harness.js';

const today = shanghaiDay();
const thisYear = Number(today.slice(0, 4));
const withoutNotices = new WorkingDayCalendar(
  noticedYears.filter((y) => y.year < thisYear),
  { provisionalYear: provisionalYearData },
);
const region = '220106';
const cw: Actor = { userId: 'cw-sun', role: 'caseworker', jurisdiction: region };

let sys: TestSystem;
let producer: Producer;

beforeAll(async () => {
  sys = await startTestSystem('calendar', { calendar: withoutNotices });
  producer = testKafka().producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await sys?.stop();
});

const enc = encodeURIComponent;

async function caseTasks(caseId: string): Promise<TaskView[]> {
  return TaskList.parse((await sys.api('/api/tasks?scope=team&limit=200', cw)).body).items.filter((t) => t.caseId === caseId);
}

/** The notices of this year through `lastYear`: statutory holidays, and `makeUp` as the one make-up working day. */
function noticesWith(makeUp: string, lastYear: number): CalendarYearData[] {
  return Array.from({ length: lastYear - thisYear + 1 }, (_, i) => {
    const data = provisionalYearData(thisYear + i);
    return { ...data, source: { ...data.source, title: `test notice ${data.year}` }, makeUpWorkdays: data.year === Number(makeUp.slice(0, 4)) ? [makeUp] : [] };
  });
}

describe('provisional due dates and the calendar revision', () => {
  it('opens every service item at once, then moves a provisional due date when the notice adds a make-up day', async () => {
    const idNumber = residentId(region, '20030704', '158');
    const handover = graduateHandover({ idNumber, householdRegionCode: region, handoverId: 'JL-CAL-001' });
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), handover.year);
    await send(producer, 'edu.graduate.handover.v1', idNumber, handover);

    const contact = await eventually('the first-contact task', async () => (await caseTasks(caseId)).find((t) => t.type === 'graduate-first-contact'));
    expect((await sys.api(`/api/tasks/${enc(contact.id)}/claim`, cw, { body: {} })).status).toBe(200);
    const reached = { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior' };
    expect((await sys.api(`/api/tasks/${enc(contact.id)}/complete`, cw, { body: { result: reached } })).status).toBe(200);

    // All six open now, none waiting for calendar data; every span is in a year without a notice.
    const services = await eventually('the six service items', async () => {
      const open = (await caseTasks(caseId)).filter((t) => t.type !== 'graduate-first-contact');
      return open.length === 6 ? open : undefined;
    });
    expect(services.every((t) => t.dueProvisional)).toBe(true);
    const job = services.find((t) => t.type === 'graduate-job-recommendation')!;
    const before = job.dueDate;

    // The first Saturday inside the job recommendation's span that is not a holiday becomes a
    // make-up working day; the notices cover every year the six spans reach.
    let day = dayNumber(today) + 1;
    const holiday = (d: string) => provisionalYearData(Number(d.slice(0, 4))).holidays.some((h) => h.dates.includes(d));
    while (weekday(day) !== 6 || holiday(fromDayNumber(day))) day += 1;
    const makeUp = fromDayNumber(day);
    expect(makeUp < before).toBe(true);
    const lastYear = Math.max(...services.map((t) => Number(t.dueDate.slice(0, 4))));
    const revised = new WorkingDayCalendar([...noticedYears.filter((y) => y.year < thisYear), ...noticesWith(makeUp, lastYear)], {
      provisionalYear: provisionalYearData,
    });
    await sys.restart({ calendar: revised });

    const moved = await eventually('the recounted due date', async () => {
      const task = (await caseTasks(caseId)).find((t) => t.id === job.id);
      return task && !task.dueProvisional ? task : undefined;
    });
    expect(revised.workingDaysBetween(moved.dueDate, before)).toBe(1);
    expect(moved.dueDate < before).toBe(true);
    expect(Date.parse(moved.dueAt)).toBe(Date.parse(`${moved.dueDate}T23:59:59.999+08:00`));

    // The timeline says what changed and why; the ledger line follows.
    const detail = CaseDetail.parse((await sys.api(`/api/cases/${enc(caseId)}`, cw)).body);
    const rescheduled = detail.timeline.filter((e) => e.kind === 'task.rescheduled' && e.detail.taskId === job.id);
    expect(rescheduled).toHaveLength(1);
    expect(rescheduled[0]?.detail).toMatchObject({ previousDueDate: before, dueDate: moved.dueDate, dueProvisional: false });
    const created = detail.timeline.find((e) => e.kind === 'task.created' && e.detail.taskId === job.id);
    expect(created?.detail).toMatchObject({ dueProvisional: true });
    expect(String(created?.detail.note)).toContain('预计');

    // Every item is recounted on the notices, whether its span held the make-up day or not.
    const items = await eventually('the ledger line recounted', async () => {
      const page = GraduateLedgerLinePage.parse((await sys.api(`/api/ledgers/graduates/lines?year=${handover.year}&region=${region}`, cw)).body);
      const line = page.items.find((l) => l.caseId === caseId);
      return line && line.items.length === 6 && line.items.every((i) => !i.dueProvisional) ? line.items : undefined;
    });
    expect(items.filter((i) => i.kind === 'job-recommendation').map((i) => i.dueDate)).toEqual([moved.dueDate, moved.dueDate, moved.dueDate]);
  });
});
