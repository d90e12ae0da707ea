/**
 * The re-employment read model: each laid-off worker's case writes its line here after every
 * change, one conditional upsert per write (a line lands only if its revision is newer), with the
 * worker's name, ID number and phone sealed.
 */
import type { ReemploymentLine, ReemploymentPerson } from '../domain/cases/reemployment.js';
import { maskName } from '../domain/identity.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { FieldSeal } from './infra/sealed.js';

export interface ReemploymentActivityDeps {
  prisma: PrismaClient;
  seal: FieldSeal;
}

export interface RecordReemploymentLineInput {
  line: ReemploymentLine;
  person: ReemploymentPerson;
  revision: number;
  at: string;
}

export function createReemploymentActivities({ prisma, seal }: ReemploymentActivityDeps) {
  return {
    async recordReemploymentLine({ line, person, revision, at }: RecordReemploymentLineInput): Promise<{ written: boolean }> {
      const count = await prisma.$executeRaw`
        INSERT INTO reemployment_line (
          case_id, filing_id, credit_code, region_code, status, outcome, intention, skill_level, contact_attempts, refusals,
          items, employer_credit_code, closed_reason, name_masked, name_sealed, id_number_sealed, phone_sealed,
          last_working_day, occupation, revision, updated_at)
        VALUES (
          ${line.caseId}, ${line.filingId}, ${line.creditCode}, ${line.regionCode}, ${line.status}, ${line.outcome}, ${line.intention},
          ${line.skillLevel}, ${line.contactAttempts}, ${line.refusals}, ${JSON.stringify(line.items)}::jsonb, ${line.employerCreditCode},
          ${line.closedReason}, ${maskName(person.name)}, ${seal.seal(person.name)}, ${seal.seal(person.idNumber)},
          ${person.phone === null ? null : seal.seal(person.phone)}, ${person.lastWorkingDay}, ${person.occupation}, ${revision}, ${new Date(at)})
        ON CONFLICT (case_id) DO UPDATE SET
          status = EXCLUDED.status, outcome = EXCLUDED.outcome, intention = EXCLUDED.intention, skill_level = EXCLUDED.skill_level,
          contact_attempts = EXCLUDED.contact_attempts, refusals = EXCLUDED.refusals, items = EXCLUDED.items,
          employer_credit_code = EXCLUDED.employer_credit_code, closed_reason = EXCLUDED.closed_reason,
          name_masked = EXCLUDED.name_masked, name_sealed = EXCLUDED.name_sealed, id_number_sealed = EXCLUDED.id_number_sealed,
          phone_sealed = EXCLUDED.phone_sealed, occupation = EXCLUDED.occupation, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
        WHERE reemployment_line.revision < EXCLUDED.revision`;
      return { written: count > 0 };
    },
  };
}
