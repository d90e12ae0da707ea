-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "case" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "industry_code" TEXT,
    "title" TEXT NOT NULL,
    "reason" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_event" (
    "case_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "detail" JSONB NOT NULL,

    CONSTRAINT "case_event_pkey" PRIMARY KEY ("case_id","seq")
);

-- CreateTable
CREATE TABLE "layoff_filing" (
    "filing_id" TEXT NOT NULL,
    "credit_code" TEXT NOT NULL,
    "enterprise_name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "industry_code" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "layoff_count" INTEGER NOT NULL,
    "planned_date" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "collective" BOOLEAN NOT NULL,
    "case_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "layoff_filing_pkey" PRIMARY KEY ("filing_id")
);

-- CreateTable
CREATE TABLE "processed_event" (
    "topic" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "workflow_id" TEXT,
    "processed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "processed_event_pkey" PRIMARY KEY ("topic","event_id")
);

-- CreateIndex
CREATE INDEX "case_type_status_idx" ON "case"("type", "status");

-- CreateIndex
CREATE INDEX "case_region_code_idx" ON "case"("region_code");

-- CreateIndex
CREATE INDEX "layoff_filing_region_code_industry_code_idx" ON "layoff_filing"("region_code", "industry_code");

-- CreateIndex
CREATE INDEX "layoff_filing_credit_code_idx" ON "layoff_filing"("credit_code");

-- AddForeignKey
ALTER TABLE "case_event" ADD CONSTRAINT "case_event_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

