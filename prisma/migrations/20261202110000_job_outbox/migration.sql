-- The job outbox: a BullMQ job a commit implies, written in that commit's
-- transaction and moved to its queue by the outbox relay (apps/core/src/outbox).
-- A relayed row is deleted in the transaction that enqueued it; the job id is
-- deterministic, so a row relayed twice (a commit lost after the enqueue) runs once.
CREATE TABLE job_outbox (
  id         BIGSERIAL PRIMARY KEY,
  queue      TEXT        NOT NULL,
  name       TEXT        NOT NULL,
  data       JSONB       NOT NULL,
  job_id     TEXT        NOT NULL,
  opts       JSONB       NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
