-- CreateTable
CREATE TABLE "dlq_replay" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "operator" TEXT NOT NULL,
    "os_user" TEXT NOT NULL,
    "dlq_topic" TEXT NOT NULL,
    "dlq_partition" INTEGER NOT NULL,
    "dlq_offset" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "target_topic" TEXT NOT NULL,

    CONSTRAINT "dlq_replay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "dlq_replay_dlq_topic_dlq_partition_dlq_offset_key" ON "dlq_replay"("dlq_topic", "dlq_partition", "dlq_offset");

-- CreateIndex
CREATE INDEX "dlq_replay_at_idx" ON "dlq_replay"("at");


-- A replay puts a department's message back into intake on an operator's word: the record of it is
-- evidence, never changed or removed, whoever asks.
CREATE FUNCTION "dlq_replay_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dlq_replay is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER "dlq_replay_append_only"
  BEFORE UPDATE OR DELETE ON "dlq_replay"
  FOR EACH ROW EXECUTE FUNCTION "dlq_replay_append_only"();
