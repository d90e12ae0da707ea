-- Jurisdiction filters are prefixes (region_code LIKE '2201%'). Under the database's collation a
-- plain btree cannot serve LIKE, so the inbox scanned every task (bench: inbox-query-p99); an index
-- with text_pattern_ops can. It replaces the task index of the same columns, which no query used.
-- DropIndex
DROP INDEX "task_region_code_status_due_at_idx";

-- CreateIndex
CREATE INDEX "task_region_code_prefix_status_due_at_idx" ON "task"("region_code" text_pattern_ops, "status", "due_at");

-- CreateIndex
CREATE INDEX "graduate_ledger_region_code_prefix_year_status_idx" ON "graduate_ledger"("region_code" text_pattern_ops, "year", "status");
