-- Escalation goes up the administrative ladder: where an escalated task now sits, and every office
-- it reached, whose inbox keeps it. Existing tasks escalated to a role only and keep doing so.
ALTER TABLE "task" ADD COLUMN "escalated_region" TEXT;
ALTER TABLE "task" ADD COLUMN "escalation_path" JSONB NOT NULL DEFAULT '[]';
