/**
 * Calendar data grows (next year's notice is added each autumn). A running case must keep the
 * deadline it was given: the deadline is computed by an activity and recorded in history, so a
 * worker restarted on revised data replays the recorded value, while new cases use the new data.
 * (A provisional deadline is recounted on purpose, by asking again: see test/workflow/tasks.)
 */
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createCalendarActivities } from '../../activities/calendar.js';
import { bundledNotice, chinaCalendar, provisionalYearData, WorkingDayCalendar, type CalendarYearData } from '../../domain/calendar/index.js';
import { useTimeSkippingEnv, testWorkflowBundle } from '../support/temporal-env.js';
import { deadlineProbe, deadlineQuery, releaseSignal } from './fixtures/deadline-probe.js';

const [cn2024, cn2025, cn2026] = [2024, 2025, 2026].map(bundledNotice) as [CalendarYearData, CalendarYearData, CalendarYearData];

/** The same 2026 data, except that Saturday 10 October is no longer a make-up working day. */
const revisedCalendar = new WorkingDayCalendar([cn2024, cn2025, { ...cn2026, makeUpWorkdays: cn2026.makeUpWorkdays.filter((d) => d !== '2026-10-10') }]);

const testEnv = useTimeSkippingEnv();

describe('working-day deadlines in workflow history', () => {
  it('keeps a running case on the deadline it was given when the calendar data changes', async () => {
    const taskQueue = `deadline-${randomUUID()}`;
    // From Monday 28 Sep 2026: 29, 30 Sep, (1-7 Oct off), 8, 9 Oct, then Saturday 10 Oct worked.
    const input = { from: '2026-09-28T10:00:00+08:00', workingDays: 5 };

    // No workflow cache on either worker: no sticky queue to outlive the first worker (the test
    // server does not hand sticky tasks back), and every task is rebuilt from history.
    const before = await Worker.create({
      connection: testEnv().nativeConnection,
      taskQueue,
      workflowBundle: testWorkflowBundle(),
      maxCachedWorkflows: 0,
      activities: createCalendarActivities({ calendar: chinaCalendar }),
    });
    const running = await before.runUntil(async () => {
      const handle = await testEnv().client.workflow.start(deadlineProbe, { taskQueue, workflowId: `probe-${randomUUID()}`, args: [input] });
      for (;;) {
        const d = await handle.query(deadlineQuery);
        // Pace the polling: back-to-back queries can starve the test server's workflow tasks.
        if (!d) await setTimeout(20);
        if (d) {
          expect(d).toMatchObject({ dueDate: '2026-10-10', dueAt: '2026-10-10T23:59:59.999+08:00' });
          return handle;
        }
      }
    });

    // A worker restarted on revised data: the running case is rebuilt from its history.
    const after = await Worker.create({
      connection: testEnv().nativeConnection,
      taskQueue,
      workflowBundle: testWorkflowBundle(),
      maxCachedWorkflows: 0,
      activities: createCalendarActivities({ calendar: revisedCalendar }),
    });
    await after.runUntil(async () => {
      await running.signal(releaseSignal);
      expect((await running.result()).dueDate).toBe('2026-10-10');

      const fresh = await testEnv().client.workflow.start(deadlineProbe, { taskQueue, workflowId: `probe-${randomUUID()}`, args: [input] });
      await fresh.signal(releaseSignal);
      expect((await fresh.result()).dueDate).toBe('2026-10-12');
    });
  });

  it('gives a provisional deadline in a year without a notice instead of waiting for one', async () => {
    const taskQueue = `deadline-${randomUUID()}`;
    // Pinned to the notices of 2024-2026, so the test holds once a 2027 notice is bundled.
    const calendar = new WorkingDayCalendar([cn2024, cn2025, cn2026], { provisionalYear: provisionalYearData });
    const worker = await Worker.create({
      connection: testEnv().nativeConnection,
      taskQueue,
      workflowBundle: testWorkflowBundle(),
      activities: createCalendarActivities({ calendar }),
    });
    await worker.runUntil(async () => {
      const handle = await testEnv().client.workflow.start(deadlineProbe, {
        taskQueue,
        workflowId: `probe-${randomUUID()}`,
        args: [{ from: '2026-12-28T10:00:00+08:00', workingDays: 10 }],
      });
      await handle.signal(releaseSignal);
      // 29-31 Dec, New Year's Day (statutory) off, 4-8 Jan, 11 and 12 Jan: no make-up day is guessed.
      expect(await handle.result()).toMatchObject({
        dueDate: '2027-01-12',
        dueAt: '2027-01-12T23:59:59.999+08:00',
        provisional: true,
        calendarVersion: 'cn:2024,2025,2026',
      });
    });
  });
});
