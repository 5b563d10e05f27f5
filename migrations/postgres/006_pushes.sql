-- PostgreSQL translation of migrations/004_pushes.sql: the ids of signed webhooks already acted
-- on, kept for the signature's tolerance window, so a replayed delivery inside it changes nothing.
CREATE TABLE webhook_receipts (
  provider     TEXT NOT NULL,
  webhook_id   TEXT NOT NULL,
  received_at  BIGINT NOT NULL,
  PRIMARY KEY (provider, webhook_id)
);
CREATE INDEX webhook_receipts_received ON webhook_receipts (received_at);

-- The key callback URLs are signed with (made on first use, shared by every replica).
CREATE TABLE push_keys (
  name  TEXT PRIMARY KEY,
  key   BYTEA NOT NULL
);
