/**
 * Working-day deadlines for workflows. Workflows never count days themselves: the calendar's data
 * grows every autumn (next year's State Council notice), and a deadline computed inside workflow
 * code could come out different when a running case is replayed on newer data. Called as an
 * activity, the computed deadline is recorded in the case's history and replay reuses it.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CalendarDataMissingError, type LocalDate, type WorkingDayCalendar } from '../domain/calendar/index.js';

export interface CalendarActivityDeps {
  calendar: WorkingDayCalendar;
}

export interface ComputeDeadlineInput {
  /** ISO instant the period starts from, e.g. a handover's occurredAt. */
  from: string;
  workingDays: number;
}

export interface Deadline {
  dueDate: LocalDate;
  /** End of the due date in Asia/Shanghai, as an ISO instant. */
  dueAt: string;
  /** Which calendar data produced it, kept for audit. */
  calendarVersion: string;
}

export function createCalendarActivities({ calendar }: CalendarActivityDeps) {
  return {
    async computeDeadline(input: ComputeDeadlineInput): Promise<Deadline> {
      try {
        return { ...calendar.deadline(input.from, input.workingDays), calendarVersion: calendar.version };
      } catch (err) {
        if (err instanceof CalendarDataMissingError) {
          // Retryable on purpose: the case waits, visibly failing, until next year's calendar data
          // is deployed, instead of getting a guessed deadline.
          throw ApplicationFailure.retryable(`工作日历缺少 ${err.year} 年数据：${err.message}`, 'CalendarDataMissing');
        }
        throw err;
      }
    },
  };
}
