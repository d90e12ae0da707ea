/**
 * Job seekers (domain/matching.ts) read from the case read models: graduates of the 1311 cases from
 * the graduate ledger, laid-off workers from the re-employment lines. Only the masked name and what
 * matching scores are selected, so a ranking never holds clear personal data. Shared by the demand's
 * matches (which seekers for a demand) and the task's vacancies (which vacancies for a seeker), so
 * both rank the same person alike.
 */
import type { PrismaClient } from '../../activities/infra/db.js';
import type { Degree, Intention, SkillLevel } from '../../domain/contracts/common.js';
import type { JobSeeker } from '../../domain/matching.js';
import type { Prisma } from '../../generated/prisma/client.js';

export const graduateSeekerFields = {
  caseId: true,
  regionCode: true,
  nameMasked: true,
  intention: true,
  skillLevel: true,
  degree: true,
  major: true,
} as const satisfies Prisma.GraduateLedgerSelect;

export const workerSeekerFields = {
  caseId: true,
  regionCode: true,
  nameMasked: true,
  intention: true,
  skillLevel: true,
  occupation: true,
} as const satisfies Prisma.ReemploymentLineSelect;

type GraduateRow = Prisma.GraduateLedgerGetPayload<{ select: typeof graduateSeekerFields }>;
type WorkerRow = Prisma.ReemploymentLineGetPayload<{ select: typeof workerSeekerFields }>;

export function graduateSeeker(g: GraduateRow): JobSeeker {
  return {
    caseId: g.caseId,
    caseType: 'graduate-1311',
    regionCode: g.regionCode,
    nameMasked: g.nameMasked,
    intention: g.intention as Intention | null,
    skillLevel: g.skillLevel as SkillLevel | null,
    degree: g.degree as Degree,
    major: g.major,
    occupation: null,
  };
}

export function workerSeeker(w: WorkerRow): JobSeeker {
  return {
    caseId: w.caseId,
    caseType: 'reemployment',
    regionCode: w.regionCode,
    nameMasked: w.nameMasked,
    intention: w.intention as Intention | null,
    skillLevel: w.skillLevel as SkillLevel | null,
    degree: null,
    major: null,
    occupation: w.occupation,
  };
}

/** The seeker of one case, or undefined while the case has not written its line yet. */
export async function loadSeeker(prisma: PrismaClient, caseType: JobSeeker['caseType'], caseId: string): Promise<JobSeeker | undefined> {
  if (caseType === 'graduate-1311') {
    const row = await prisma.graduateLedger.findUnique({ where: { caseId }, select: graduateSeekerFields });
    return row ? graduateSeeker(row) : undefined;
  }
  const row = await prisma.reemploymentLine.findUnique({ where: { caseId }, select: workerSeekerFields });
  return row ? workerSeeker(row) : undefined;
}
