-- CreateTable
CREATE TABLE "graduate_ledger" (
    "case_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "intention" TEXT,
    "skill_level" TEXT,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "contact_attempts" INTEGER NOT NULL DEFAULT 0,
    "refusals" INTEGER NOT NULL DEFAULT 0,
    "employer_credit_code" TEXT,
    "closed_reason" TEXT,
    "handover_ids" JSONB NOT NULL,
    "items" JSONB NOT NULL,
    "name_masked" TEXT NOT NULL,
    "id_number_masked" TEXT NOT NULL,
    "name_sealed" TEXT NOT NULL,
    "id_number_sealed" TEXT NOT NULL,
    "phone_sealed" TEXT,
    "school" TEXT NOT NULL,
    "major" TEXT NOT NULL,
    "degree" TEXT NOT NULL,
    "graduation_date" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "graduate_ledger_pkey" PRIMARY KEY ("case_id")
);

-- CreateIndex
CREATE INDEX "graduate_ledger_region_code_year_idx" ON "graduate_ledger"("region_code", "year");

