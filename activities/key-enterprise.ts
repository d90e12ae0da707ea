/**
 * The key-enterprise read models: the account on the list (key_enterprise) and its demand ledger
 * (enterprise_demand), written by the enterprise's account workflow after every change. Each row
 * lands only if its write is newer than the stored one, compared as (listed_at, revision): within
 * one listing the revision only grows, and a listing after a removal starts its revisions again
 * from a later listed_at. A retried or late write therefore never puts an older account back.
 */
import { vacancyCounts, type KeyEnterpriseAccount } from '../domain/cases/key-enterprise.js';
import type { PrismaClient } from '../generated/prisma/client.js';

export interface KeyEnterpriseActivityDeps {
  prisma: PrismaClient;
}

export interface RecordKeyEnterpriseAccountInput {
  account: KeyEnterpriseAccount;
  /** Increases with every write of this listing (kept across continue-as-new). */
  revision: number;
  /** Workflow time of the change, ISO. */
  at: string;
}

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

export function createKeyEnterpriseActivities({ prisma }: KeyEnterpriseActivityDeps) {
  return {
    async recordKeyEnterpriseAccount({ account: a, revision, at }: RecordKeyEnterpriseAccountInput): Promise<{ written: boolean }> {
      const counts = vacancyCounts(a.demands);
      const listedAt = new Date(a.listedAt);
      const updatedAt = new Date(at);
      return prisma.$transaction(async (tx) => {
        const written = await tx.$executeRaw`
          INSERT INTO key_enterprise (
            credit_code, case_id, name, region_code, industry_code, specialist_id, status, listed_at, removed_at, removal_reason,
            contacts, last_contact_at, next_contact_due, headcount, headcount_period, headcount_source, shortage, vacancy_structure,
            open_demands, vacancies_open, vacancies_filled, hires, hires_outside_demands, layoff_filings, revision, updated_at)
          VALUES (
            ${a.creditCode}, ${a.caseId}, ${a.name}, ${a.regionCode}, ${a.industryCode}, ${a.specialistId}, ${a.status}, ${listedAt},
            ${date(a.removedAt)}, ${a.removalReason}, ${a.contacts}, ${date(a.lastContactAt)}, ${a.nextContactDue}, ${a.headcount?.count ?? null},
            ${a.headcount?.period ?? null}, ${a.headcount?.source ?? null}, ${a.shortage}, ${JSON.stringify(a.vacancyStructure)}::jsonb,
            ${counts.openDemands}, ${counts.vacanciesOpen}, ${counts.vacanciesFilled}, ${a.hires}, ${a.hiresOutsideDemands},
            ${JSON.stringify(a.layoffFilings)}::jsonb, ${revision}, ${updatedAt})
          ON CONFLICT (credit_code) DO UPDATE SET
            case_id = EXCLUDED.case_id, name = EXCLUDED.name, region_code = EXCLUDED.region_code, industry_code = EXCLUDED.industry_code,
            specialist_id = EXCLUDED.specialist_id, status = EXCLUDED.status, listed_at = EXCLUDED.listed_at, removed_at = EXCLUDED.removed_at,
            removal_reason = EXCLUDED.removal_reason, contacts = EXCLUDED.contacts, last_contact_at = EXCLUDED.last_contact_at,
            next_contact_due = EXCLUDED.next_contact_due, headcount = EXCLUDED.headcount, headcount_period = EXCLUDED.headcount_period,
            headcount_source = EXCLUDED.headcount_source, shortage = EXCLUDED.shortage, vacancy_structure = EXCLUDED.vacancy_structure,
            open_demands = EXCLUDED.open_demands, vacancies_open = EXCLUDED.vacancies_open, vacancies_filled = EXCLUDED.vacancies_filled,
            hires = EXCLUDED.hires, hires_outside_demands = EXCLUDED.hires_outside_demands, layoff_filings = EXCLUDED.layoff_filings,
            revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
          WHERE (key_enterprise.listed_at, key_enterprise.revision) < (EXCLUDED.listed_at, EXCLUDED.revision)`;
        // A stale account carries stale demands: none of them is written either.
        if (written === 0) return { written: false };
        for (const d of a.demands) {
          await tx.$executeRaw`
            INSERT INTO enterprise_demand (
              credit_code, demand_id, case_id, region_code, source, received_at, needed_by, positions, vacancies, filled, status,
              response_task_id, response_due_date, responded_at, response, fill_task_id, fill_due_date, closed_at, closed_reason, listed_at, revision,
              updated_at)
            VALUES (
              ${a.creditCode}, ${d.demandId}, ${a.caseId}, ${a.regionCode}, ${d.source}, ${new Date(d.receivedAt)}, ${d.neededBy},
              ${JSON.stringify(d.positions)}::jsonb, ${d.vacancies}, ${d.filled}, ${d.status}, ${d.responseTaskId}, ${d.responseDueDate},
              ${date(d.respondedAt)}, ${d.response === null ? null : JSON.stringify(d.response)}::jsonb, ${d.fillTaskId}, ${d.fillDueDate}, ${date(d.closedAt)},
              ${d.closedReason}, ${listedAt}, ${revision}, ${updatedAt})
            ON CONFLICT (credit_code, demand_id) DO UPDATE SET
              case_id = EXCLUDED.case_id, region_code = EXCLUDED.region_code, source = EXCLUDED.source, received_at = EXCLUDED.received_at,
              needed_by = EXCLUDED.needed_by, positions = EXCLUDED.positions, vacancies = EXCLUDED.vacancies, filled = EXCLUDED.filled,
              status = EXCLUDED.status, response_task_id = EXCLUDED.response_task_id, response_due_date = EXCLUDED.response_due_date,
              responded_at = EXCLUDED.responded_at, response = EXCLUDED.response, fill_task_id = EXCLUDED.fill_task_id, fill_due_date = EXCLUDED.fill_due_date,
              closed_at = EXCLUDED.closed_at, closed_reason = EXCLUDED.closed_reason, listed_at = EXCLUDED.listed_at,
              revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
            WHERE (enterprise_demand.listed_at, enterprise_demand.revision) < (EXCLUDED.listed_at, EXCLUDED.revision)`;
        }
        return { written: true };
      });
    },
  };
}
