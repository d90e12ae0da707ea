-- Key-enterprise accounts and their demand ledgers, written by each enterprise's account workflow
-- (newer listing or higher revision only); and what a case hands a person with a task.
-- AlterTable
ALTER TABLE "task" ADD COLUMN     "data" JSONB;

-- CreateTable
CREATE TABLE "key_enterprise" (
    "credit_code" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "industry_code" TEXT NOT NULL,
    "specialist_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "listed_at" TIMESTAMPTZ(3) NOT NULL,
    "removed_at" TIMESTAMPTZ(3),
    "removal_reason" TEXT,
    "contacts" INTEGER NOT NULL DEFAULT 0,
    "last_contact_at" TIMESTAMPTZ(3),
    "next_contact_due" TEXT,
    "headcount" INTEGER,
    "headcount_period" TEXT,
    "headcount_source" TEXT,
    "shortage" INTEGER,
    "vacancy_structure" JSONB NOT NULL,
    "open_demands" INTEGER NOT NULL DEFAULT 0,
    "vacancies_open" INTEGER NOT NULL DEFAULT 0,
    "vacancies_filled" INTEGER NOT NULL DEFAULT 0,
    "hires" INTEGER NOT NULL DEFAULT 0,
    "hires_outside_demands" INTEGER NOT NULL DEFAULT 0,
    "layoff_filings" JSONB NOT NULL,
    "revision" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "key_enterprise_pkey" PRIMARY KEY ("credit_code")
);

-- CreateTable
CREATE TABLE "enterprise_demand" (
    "credit_code" TEXT NOT NULL,
    "demand_id" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "needed_by" TEXT,
    "positions" JSONB NOT NULL,
    "vacancies" INTEGER NOT NULL,
    "filled" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "response_task_id" TEXT,
    "response_due_date" TEXT,
    "responded_at" TIMESTAMPTZ(3),
    "response" JSONB,
    "fill_task_id" TEXT,
    "fill_due_date" TEXT,
    "closed_at" TIMESTAMPTZ(3),
    "closed_reason" TEXT,
    "listed_at" TIMESTAMPTZ(3) NOT NULL,
    "revision" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "enterprise_demand_pkey" PRIMARY KEY ("credit_code","demand_id")
);

-- CreateIndex
CREATE INDEX "key_enterprise_region_code_status_idx" ON "key_enterprise"("region_code", "status");

-- CreateIndex
CREATE INDEX "key_enterprise_specialist_id_status_idx" ON "key_enterprise"("specialist_id", "status");

-- CreateIndex
CREATE INDEX "enterprise_demand_region_code_status_idx" ON "enterprise_demand"("region_code", "status");

