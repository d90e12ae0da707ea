/**
 * The graduate 1311 ledger read model: the case workflow writes its ledger line here after every
 * change. One conditional upsert per write: a line lands only if its revision is newer than the
 * stored one, so a retried or delayed activity never puts an older line back. Handover IDs only
 * grow: the line names the case's latest handovers (workflows/graduate-1311/handovers.ts), and the
 * row appends those it has not got, so it keeps every one (the import's re-run check reads them).
 */
import { maskIdNumber, maskName } from '../domain/identity.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { GraduatePerson, LedgerLine } from '../domain/cases/graduate-1311.js';
import type { FieldSeal } from './infra/sealed.js';

export interface Graduate1311ActivityDeps {
  prisma: PrismaClient;
  seal: FieldSeal;
}

export interface RecordLedgerLineInput {
  line: LedgerLine;
  person: GraduatePerson;
  /** Increases with every write of this case (kept across continue-as-new): a retried or late write never overwrites a newer one. */
  revision: number;
  /** Workflow time of the change, ISO. */
  at: string;
}

export interface RecordLedgerLineResult {
  /** False when a newer (or the same) revision was already stored. */
  written: boolean;
}

export function createGraduate1311Activities({ prisma, seal }: Graduate1311ActivityDeps) {
  return {
    recordLedgerLine: async ({ line, person, revision, at }: RecordLedgerLineInput): Promise<RecordLedgerLineResult> => {
      const count = await prisma.$executeRaw`
        INSERT INTO graduate_ledger (
          case_id, year, region_code, status, outcome, intention, skill_level, flagged, contact_attempts, refusals,
          employer_credit_code, closed_reason, handover_ids, items, name_masked, id_number_masked, name_sealed,
          id_number_sealed, phone_sealed, school, major, degree, graduation_date, revision, updated_at)
        VALUES (
          ${line.caseId}, ${line.year}, ${line.regionCode}, ${line.status}, ${line.outcome}, ${line.intention}, ${line.skillLevel},
          ${line.flagged}, ${line.contactAttempts}, ${line.refusals}, ${line.employerCreditCode}, ${line.closedReason},
          ${JSON.stringify(line.handoverIds)}::jsonb, ${JSON.stringify(line.items)}::jsonb, ${maskName(person.name)},
          ${maskIdNumber(person.idNumber)}, ${seal.seal(person.name)}, ${seal.seal(person.idNumber)},
          ${person.phone === null ? null : seal.seal(person.phone)}, ${person.school}, ${person.major}, ${person.degree},
          ${person.graduationDate}, ${revision}, ${new Date(at)})
        ON CONFLICT (case_id) DO UPDATE SET
          year = EXCLUDED.year, region_code = EXCLUDED.region_code, status = EXCLUDED.status, outcome = EXCLUDED.outcome,
          intention = EXCLUDED.intention, skill_level = EXCLUDED.skill_level, flagged = EXCLUDED.flagged,
          contact_attempts = EXCLUDED.contact_attempts, refusals = EXCLUDED.refusals,
          employer_credit_code = EXCLUDED.employer_credit_code, closed_reason = EXCLUDED.closed_reason,
          handover_ids = graduate_ledger.handover_ids || COALESCE((
            SELECT jsonb_agg(e.id ORDER BY e.n) FROM jsonb_array_elements(EXCLUDED.handover_ids) WITH ORDINALITY AS e(id, n)
            WHERE NOT graduate_ledger.handover_ids @> jsonb_build_array(e.id)), '[]'::jsonb),
          items = EXCLUDED.items, name_masked = EXCLUDED.name_masked,
          id_number_masked = EXCLUDED.id_number_masked, name_sealed = EXCLUDED.name_sealed,
          id_number_sealed = EXCLUDED.id_number_sealed, phone_sealed = EXCLUDED.phone_sealed, school = EXCLUDED.school,
          major = EXCLUDED.major, degree = EXCLUDED.degree, graduation_date = EXCLUDED.graduation_date,
          revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
        WHERE graduate_ledger.revision < EXCLUDED.revision`;
      return { written: count > 0 };
    },
  };
}
