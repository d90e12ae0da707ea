-- CreateTable
CREATE TABLE "task" (
    "id" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "case_type" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "candidate_role" TEXT NOT NULL,
    "assignee" TEXT,
    "due_date" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "escalated_to" TEXT,
    "sla_paused" BOOLEAN NOT NULL DEFAULT false,
    "notes" JSONB NOT NULL DEFAULT '[]',
    "result" JSONB,
    "version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "task_id" TEXT,
    "region_code" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "detail" JSONB,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "task_region_code_status_due_at_idx" ON "task"("region_code", "status", "due_at");

-- CreateIndex
CREATE INDEX "task_assignee_status_due_at_idx" ON "task"("assignee", "status", "due_at");

-- CreateIndex
CREATE INDEX "task_case_id_idx" ON "task"("case_id");

-- CreateIndex
CREATE INDEX "audit_entry_case_id_at_idx" ON "audit_entry"("case_id", "at");


-- Audit entries are evidence: once written they are never changed or removed, whoever asks.
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER "audit_entry_append_only"
  BEFORE UPDATE OR DELETE ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();
