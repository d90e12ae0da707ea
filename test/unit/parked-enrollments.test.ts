/**
 * Parked enrolments on embedded PGlite (the same migrations as production): what a case opening
 * after its enrolment hears, and what it must not (a later termination, another person's, an
 * expired one, another case type's).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { parkEnrollment, parkedEnrollmentDays, parkedEnrollmentFor } from '../../activities/parked-enrollments.js';
import type { EnrollmentChangedV1 } from '../../domain/contracts/inbound.js';
import { signalEnrollmentChange } from '../../services/intake/case-starts.js';
import { creditCode, residentId, shanghaiDay, shanghaiInstant } from '../support/fixtures.js';
import { migratedDatabase } from '../support/pglite.js';

const pglite = migratedDatabase('jiuye-parked-');

const change = (eventId: string, overrides: Partial<EnrollmentChangedV1> = {}): EnrollmentChangedV1 => ({
  eventId,
  occurredAt: shanghaiInstant(),
  idNumber: residentId(),
  creditCode: creditCode('220104', 'MA0000011'),
  regionCode: '220104',
  change: 'enrolled',
  effectiveDate: shanghaiDay(-10),
  ...overrides,
});

describe('parked enrolments', () => {
  it("reach the person's case of that type that opens later, once parked, without the ID number", async () => {
    await parkEnrollment(pglite.db.prisma, 'grad1311:aaa:', change('si-1'));
    await parkEnrollment(pglite.db.prisma, 'grad1311:aaa:', change('si-1'));
    expect(await parkedEnrollmentFor(pglite.db.prisma, 'grad1311:aaa:2026')).toEqual({
      change: 'enrolled',
      creditCode: creditCode('220104', 'MA0000011'),
      effectiveDate: shanghaiDay(-10),
      sourceEventId: 'si-1',
    });
    expect(await parkedEnrollmentFor(pglite.db.prisma, 'grad1311:aab:2026')).toBeUndefined();
    expect(await parkedEnrollmentFor(pglite.db.prisma, 'reemployment:aaa:F-1')).toBeUndefined();
    const stored = JSON.stringify(await pglite.db.prisma.parkedEnrollment.findMany());
    expect(stored).not.toContain(residentId());
  });

  it('gives the latest change: an enrolment followed by a termination closes nothing', async () => {
    await parkEnrollment(pglite.db.prisma, 'reemployment:bbb:', change('si-2', { effectiveDate: shanghaiDay(-20) }));
    await parkEnrollment(pglite.db.prisma, 'reemployment:bbb:', change('si-3', { change: 'terminated', effectiveDate: shanghaiDay(-5) }));
    expect(await parkedEnrollmentFor(pglite.db.prisma, 'reemployment:bbb:F-9')).toBeUndefined();
    await parkEnrollment(pglite.db.prisma, 'reemployment:bbb:', change('si-4', { effectiveDate: shanghaiDay(-1) }));
    expect((await parkedEnrollmentFor(pglite.db.prisma, 'reemployment:bbb:F-9'))?.sourceEventId).toBe('si-4');
  });

  it(`forgets a change parked more than ${parkedEnrollmentDays} days ago`, async () => {
    const longAgo = new Date(Date.now() - (parkedEnrollmentDays + 1) * 86_400_000);
    await parkEnrollment(pglite.db.prisma, 'grad1311:ccc:', change('si-5'), longAgo);
    expect(await parkedEnrollmentFor(pglite.db.prisma, 'grad1311:ccc:2026')).toBeUndefined();
    await parkEnrollment(pglite.db.prisma, 'grad1311:ddd:', change('si-6'));
    expect(await pglite.db.prisma.parkedEnrollment.count({ where: { casePrefix: 'grad1311:ccc:' } })).toBe(0);
  });
});

describe('signalEnrollmentChange', () => {
  it('parks the change and treats a case that ended before the signal as a no-op, not a failure', async () => {
    const now = new Date();
    await pglite.db.prisma.case.create({
      data: { id: 'grad1311:eee:2026', type: 'graduate-1311', status: 'opened', regionCode: '220102', title: 't', openedAt: now, updatedAt: now },
    });
    const signalled: string[] = [];
    const client = {
      workflow: {
        getHandle: (id: string) => ({
          signal: async () => {
            signalled.push(id);
            throw new WorkflowNotFoundError('workflow execution already completed', id, undefined);
          },
        }),
      },
    } as unknown as Client;
    expect(await signalEnrollmentChange({ client, prisma: pglite.db.prisma }, 'grad1311:eee:', change('si-7'))).toEqual([]);
    expect(signalled).toEqual(['grad1311:eee:2026']);
    expect(await pglite.db.prisma.parkedEnrollment.count({ where: { casePrefix: 'grad1311:eee:', eventId: 'si-7' } })).toBe(1);
  });
});
