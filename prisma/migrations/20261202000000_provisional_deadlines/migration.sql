-- Due dates counted through a year without a State Council holiday notice are provisional (预计)
-- and are recounted when the notice is added; existing tasks were all counted on notices.
ALTER TABLE "task" ADD COLUMN "due_provisional" BOOLEAN NOT NULL DEFAULT false;

-- The calendar revision sweep finds the cases whose provisional due dates still count.
CREATE INDEX "task_due_provisional_status_case_id_idx" ON "task"("due_provisional", "status", "case_id");
