/**
 * Enrolment changes kept for a person's cases that open after them.
 *
 * Why a table: an enrolment names a person, not a case, and reaches the person's open cases
 * through the read model; but it arrives on its own topic, in no order with the handover or roster
 * that opens the case, and a case's read-model row is written only once its workflow runs. Temporal
 * cannot stand in: a re-employment case's ID carries the filing, which the enrolment does not know,
 * a visibility query lags the start it would need to see, and before the handover there is no
 * workflow at all. So intake parks every enrolment before it looks for cases, and a case's opening
 * writes its row before it looks for parked enrolments: of two such pairs of statements, one always
 * sees the other's write, so each enrolment reaches each case at least once (a second delivery
 * changes nothing: the first outcome closes the case).
 *
 * Rows are keyed by the case-ID prefix of the person and case type (an ID-number hash, never the
 * number), and kept for `parkedEnrollmentDays`: past that, an enrolment and a case opening are not
 * a race but two events, and a new case asks the social-insurance registry itself at first look.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { EnrollmentChangedV1 } from '../domain/contracts/inbound.js';

export const parkedEnrollmentDays = 30;

export interface ParkedEnrollment {
  change: 'enrolled' | 'terminated';
  creditCode: string;
  effectiveDate: string;
  sourceEventId: string;
}

const cutoff = (now: Date) => new Date(now.getTime() - parkedEnrollmentDays * 86_400_000);

/** Keeps the change for the person's cases under `casePrefix`, and drops what has expired. */
export async function parkEnrollment(prisma: PrismaClient, casePrefix: string, value: EnrollmentChangedV1, now = new Date()): Promise<void> {
  const row = { change: value.change, creditCode: value.creditCode, effectiveDate: value.effectiveDate };
  await prisma.parkedEnrollment.upsert({
    where: { casePrefix_eventId: { casePrefix, eventId: value.eventId } },
    create: { casePrefix, eventId: value.eventId, ...row, parkedAt: now },
    update: {},
  });
  await prisma.parkedEnrollment.deleteMany({ where: { parkedAt: { lt: cutoff(now) } } });
}

/** Every prefix of a case ID that ends at a ':' (the person's prefix is one of them). */
function prefixesOf(caseId: string): string[] {
  const prefixes: string[] = [];
  for (let i = caseId.indexOf(':'); i !== -1; i = caseId.indexOf(':', i + 1)) prefixes.push(caseId.slice(0, i + 1));
  return prefixes;
}

/**
 * The person's latest parked change for this case, if it says enrolled: the latest counts (a
 * person who joined and then left an employer is not employed), and only an enrolment closes a case.
 */
export async function parkedEnrollmentFor(prisma: PrismaClient, caseId: string, now = new Date()): Promise<ParkedEnrollment | undefined> {
  const prefixes = prefixesOf(caseId);
  if (!prefixes.length) return undefined;
  const latest = await prisma.parkedEnrollment.findFirst({
    where: { casePrefix: { in: prefixes }, parkedAt: { gte: cutoff(now) } },
    orderBy: [{ effectiveDate: 'desc' }, { parkedAt: 'desc' }],
  });
  if (latest?.change !== 'enrolled') return undefined;
  return { change: 'enrolled', creditCode: latest.creditCode, effectiveDate: latest.effectiveDate, sourceEventId: latest.eventId };
}
