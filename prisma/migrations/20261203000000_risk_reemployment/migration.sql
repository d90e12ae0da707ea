-- Re-employment cases of laid-off workers (sealed personal data) and the risk level of every
-- monitored region, both written by their workflows with a revision that only grows.
CREATE TABLE "reemployment_line" (
    "case_id" TEXT NOT NULL,
    "filing_id" TEXT NOT NULL,
    "credit_code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "intention" TEXT,
    "skill_level" TEXT,
    "contact_attempts" INTEGER NOT NULL DEFAULT 0,
    "refusals" INTEGER NOT NULL DEFAULT 0,
    "items" JSONB NOT NULL,
    "employer_credit_code" TEXT,
    "closed_reason" TEXT,
    "name_masked" TEXT NOT NULL,
    "name_sealed" TEXT NOT NULL,
    "id_number_sealed" TEXT NOT NULL,
    "phone_sealed" TEXT,
    "last_working_day" TEXT NOT NULL,
    "occupation" TEXT,
    "revision" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reemployment_line_pkey" PRIMARY KEY ("case_id")
);

CREATE INDEX "reemployment_line_filing_id_credit_code_idx" ON "reemployment_line"("filing_id", "credit_code");
CREATE INDEX "reemployment_line_region_code_status_idx" ON "reemployment_line"("region_code", "status");

CREATE TABLE "risk_level" (
    "scope_key" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "industry_section" TEXT,
    "declared_level" TEXT,
    "assessed_level" TEXT,
    "indicators" JSONB NOT NULL,
    "reasons" JSONB NOT NULL,
    "response_case_id" TEXT,
    "revision" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "risk_level_pkey" PRIMARY KEY ("scope_key")
);

CREATE INDEX "risk_level_region_code_idx" ON "risk_level"("region_code");
