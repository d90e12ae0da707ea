-- Graduate lists uploaded in the browser: each run's progress and rejected rows, readable by any API
-- process (the run itself goes on in the process that received the file).
-- CreateTable
CREATE TABLE "graduate_import_run" (
    "id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "actor_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "handover_id" TEXT NOT NULL,
    "occurred_at" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL,
    "imported" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "unchanged" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "rejected_rows" JSONB NOT NULL,
    "failure" TEXT,

    CONSTRAINT "graduate_import_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "graduate_import_run_region_code_prefix_created_at_idx" ON "graduate_import_run"("region_code" text_pattern_ops, "created_at");
