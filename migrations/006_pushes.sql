-- Push completions (webhooks): the ids of signed webhooks already acted on, kept for the
-- signature's tolerance window, so a replayed delivery inside it changes nothing (older ones are
-- refused as stale by their timestamp anyway).
CREATE TABLE webhook_receipts (
  provider     TEXT NOT NULL,
  webhook_id   TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  PRIMARY KEY (provider, webhook_id)
);
CREATE INDEX webhook_receipts_received ON webhook_receipts (received_at);

-- The key callback URLs are signed with (a random one, made on first use and shared by every
-- replica on this database): a callback proves it was given to the provider by this bot.
CREATE TABLE push_keys (
  name  TEXT PRIMARY KEY,
  key   BLOB NOT NULL
);
