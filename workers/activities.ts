/**
 * Every activity the case worker serves: the shared ones, then each case type's own, one line per
 * case type. Combined by name with a check, so two factories defining the same activity fail at
 * start-up (RegistryConflictError) instead of one silently replacing the other.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Producer } from 'kafkajs';
import { createCalendarActivities, createCalendarRevisionActivities } from '../activities/calendar.js';
import { createCaseActivities } from '../activities/cases.js';
import { createEventActivities } from '../activities/events.js';
import { createGraduate1311Activities } from '../activities/graduate-1311.js';
import { createKeyEnterpriseActivities } from '../activities/key-enterprise.js';
import type { PrismaClient } from '../activities/infra/db.js';
import type { Logger } from '../activities/infra/logger.js';
import type { FieldSeal } from '../activities/infra/sealed.js';
import { createLayoffFilingActivities } from '../activities/layoff-filing.js';
import { parkedEnrollmentFor } from '../activities/parked-enrollments.js';
import { createPolicyActivities } from '../activities/policy.js';
import { createReemploymentActivities } from '../activities/reemployment.js';
import { createRegistryActivities, type RegistryActivityDeps } from '../activities/registries.js';
import { createRiskResponseActivities } from '../activities/risk-response.js';
import { createTaskActivities } from '../activities/tasks.js';
import { chinaCalendar, type WorkingDayCalendar } from '../domain/calendar/index.js';
import { combineDisjoint } from '../domain/registry.js';
import { enrollmentChangedSignal } from '../workflows/person-messages.js';
import { calendarRevisedSignal } from '../workflows/task-messages.js';

export interface CaseWorkerDeps {
  prisma: PrismaClient;
  producer: Pick<Producer, 'send'>;
  log: Logger;
  /** Seals personal data written to read models. */
  seal: FieldSeal;
  /** Tells running cases of a calendar revision. */
  client: Client;
  /** The departments' registries the look-up activities call. */
  registries: RegistryActivityDeps;
  /** The working-day calendar; the bundled notices and provisional years unless a test pins one. */
  calendar?: WorkingDayCalendar;
}

export function createActivities(deps: CaseWorkerDeps) {
  const { prisma, log } = deps;
  const calendar = deps.calendar ?? chinaCalendar;
  const events = createEventActivities({ producer: deps.producer });
  const notifyCase = async (caseId: string, calendarVersion: string): Promise<boolean> => {
    try {
      await deps.client.workflow.getHandle(caseId).signal(calendarRevisedSignal, { calendarVersion });
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  };
  const cases = createCaseActivities({ prisma });
  /**
   * A person's case opening hears of an enrolment intake parked before the case's row existed
   * (activities/parked-enrollments.ts). Signalled, not returned to the workflow, so running cases
   * and their histories stay as they are: the signal is the one an enrolment after the opening sends.
   */
  const recordCaseOpened: typeof cases.recordCaseOpened = async (input) => {
    const result = await cases.recordCaseOpened(input);
    const parked = await parkedEnrollmentFor(prisma, input.caseId);
    if (parked) {
      try {
        await deps.client.workflow.getHandle(input.caseId).signal(enrollmentChangedSignal, parked);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    return result;
  };
  return combineDisjoint(
    'case worker activities',
    { ...cases, recordCaseOpened },
    events,
    createTaskActivities({ prisma, publish: events.publishEvent, calendar }),
    createPolicyActivities(),
    createCalendarActivities({ calendar }),
    createCalendarRevisionActivities({ prisma, notifyCase }),
    createGraduate1311Activities({ prisma, seal: deps.seal }),
    createLayoffFilingActivities({ prisma, log }),
    createRiskResponseActivities({ prisma }),
    createReemploymentActivities({ prisma, seal: deps.seal }),
    createKeyEnterpriseActivities({ prisma }),
    createRegistryActivities(deps.registries),
  );
}

export type CaseActivities = ReturnType<typeof createActivities>;
