-- Enrolment changes kept for the person's cases that open after them (the enrolment and the
-- handover or roster arrive on separate topics, in no fixed order).
-- CreateTable
CREATE TABLE "parked_enrollment" (
    "case_prefix" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "credit_code" TEXT NOT NULL,
    "effective_date" TEXT NOT NULL,
    "parked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "parked_enrollment_pkey" PRIMARY KEY ("case_prefix","event_id")
);

-- CreateIndex
CREATE INDEX "parked_enrollment_parked_at_idx" ON "parked_enrollment"("parked_at");
