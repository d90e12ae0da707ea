/**
 * Working-day deadlines for workflows. Workflows never count days themselves: the calendar's data
 * grows every autumn (next year's State Council notice), and a deadline computed inside workflow
 * code could come out different when a running case is replayed on newer data. Called as an
 * activity, the computed deadline is recorded in the case's history and replay reuses it; a case
 * that wants the newer answer (a provisional deadline once the notice is out) asks again.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { CalendarDataMissingError, type LocalDate, type WorkingDayCalendar } from '../domain/calendar/index.js';
import type { PrismaClient } from '../generated/prisma/client.js';

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
  /**
   * Counted through a year without a State Council notice (weekends and statutory holidays only):
   * shown as 预计 and recomputed when the notice is added. Absent in results recorded before
   * provisional years existed, which were all counted on notices.
   */
  provisional?: boolean;
}

export function createCalendarActivities({ calendar }: CalendarActivityDeps) {
  return {
    async computeDeadline(input: ComputeDeadlineInput): Promise<Deadline> {
      try {
        return { ...calendar.deadline(input.from, input.workingDays), calendarVersion: calendar.version };
      } catch (err) {
        if (err instanceof CalendarDataMissingError) {
          // Only a year before the oldest holiday rules gets here (provisional years cover the
          // future). Retryable, so the case waits visibly instead of getting a guessed deadline.
          throw ApplicationFailure.retryable(`工作日历缺少 ${err.year} 年数据：${err.message}`, 'CalendarDataMissing');
        }
        throw err;
      }
    },
  };
}

export interface CalendarRevisionDeps {
  prisma: PrismaClient;
  /**
   * Tells one case that the calendar was revised; false when the case is no longer running.
   * Given by the worker, which owns the Temporal client and the workflows' message definitions.
   */
  notifyCase: (caseId: string, calendarVersion: string) => Promise<boolean>;
}

export interface ReviseProvisionalDeadlinesInput {
  calendarVersion: string;
}

export interface ReviseProvisionalDeadlinesResult {
  /** Running cases told to recount. */
  notified: number;
  /** Cases with a provisional task in the read model that had already ended. */
  ended: number;
}

const PAGE = 200;

export function createCalendarRevisionActivities({ prisma, notifyCase }: CalendarRevisionDeps) {
  return {
    /**
     * Tells every case that has a provisional due date still counting to recount it. Pages by case
     * ID and heartbeats the last one done, so a retry after a worker crash resumes where it stood
     * (a case told twice recounts to the same answer and writes nothing).
     */
    async reviseProvisionalDeadlines({ calendarVersion }: ReviseProvisionalDeadlinesInput): Promise<ReviseProvisionalDeadlinesResult> {
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as ({ after: string } & ReviseProvisionalDeadlinesResult) | undefined;
      let after = resumed?.after ?? '';
      const result: ReviseProvisionalDeadlinesResult = { notified: resumed?.notified ?? 0, ended: resumed?.ended ?? 0 };
      for (;;) {
        const page = await prisma.task.findMany({
          where: { dueProvisional: true, status: { in: ['open', 'claimed'] }, caseId: { gt: after } },
          distinct: ['caseId'],
          orderBy: { caseId: 'asc' },
          select: { caseId: true },
          take: PAGE,
        });
        for (const { caseId } of page) {
          if (await notifyCase(caseId, calendarVersion)) result.notified += 1;
          else result.ended += 1;
          after = caseId;
          ctx.heartbeat({ after, ...result });
        }
        if (page.length < PAGE) return result;
      }
    },
  };
}
