-- PostgreSQL translation of migrations/001_initial.sql (same version number, same tables, columns,
-- constraints and index names; see README.md beside this file for what differs and why).
-- Chat platform ids are stored as TEXT: Discord snowflakes do not fit a JS number.
-- Times are milliseconds since the epoch as BIGINT (they pass 2^31); the pool reads BIGINT back as a
-- JS number, as better-sqlite3 does.

CREATE TABLE conversations (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  state      TEXT NOT NULL,            -- dialogue state as JSON (TEXT, not jsonb: stored as written)
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (platform, chat_id, user_id)
);

CREATE TABLE user_prefs (
  platform   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  language   TEXT,                     -- an explicit /language choice; NULL follows detection
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (platform, user_id)
);

-- Reference images: the bytes the bot downloaded itself, so no platform URL ever reaches a provider.
CREATE TABLE media (
  id         TEXT PRIMARY KEY,
  mime       TEXT NOT NULL,
  name       TEXT NOT NULL,
  size       BIGINT NOT NULL,
  bytes      BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE quotes (
  id           TEXT PRIMARY KEY,
  platform     TEXT NOT NULL,
  chat_id      TEXT NOT NULL,
  requester_id TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'cancelled', 'expired', 'superseded')),
  kind         TEXT NOT NULL CHECK (kind IN ('video', 'image')),
  provider     TEXT NOT NULL,
  model_id     TEXT NOT NULL,
  plan         TEXT NOT NULL,          -- Plan as JSON
  prompt       TEXT NOT NULL,          -- the structured prompt sent to the provider
  brief        TEXT NOT NULL,          -- Brief as JSON (reference image ids included)
  amount       DOUBLE PRECISION,       -- SQLite's REAL is 8 bytes: PostgreSQL's REAL (4 bytes) would round
  currency     TEXT,
  language     TEXT NOT NULL,
  reply_to     TEXT,                   -- the request's message id, to reply to in groups
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  confirmed_at BIGINT,
  confirmed_by TEXT
);
CREATE INDEX quotes_requester ON quotes (platform, chat_id, requester_id, state);

-- One row per segment; a multi-segment plan is the group of rows sharing quote_id.
CREATE TABLE jobs (
  id                  TEXT PRIMARY KEY,
  quote_id            TEXT REFERENCES quotes (id),
  segment_index       INTEGER NOT NULL DEFAULT 0,
  segment_count       INTEGER NOT NULL DEFAULT 1,
  platform            TEXT NOT NULL,
  chat_id             TEXT NOT NULL,
  requester_id        TEXT NOT NULL,
  language            TEXT NOT NULL,
  reply_to            TEXT,
  kind                TEXT NOT NULL CHECK (kind IN ('video', 'image')),
  provider            TEXT NOT NULL,
  model_id            TEXT NOT NULL,
  request             TEXT NOT NULL,   -- GenerationRequest as JSON, images as media ids
  state               TEXT NOT NULL CHECK (state IN
                        ('submitting', 'queued', 'running', 'succeeded', 'failed', 'unknown', 'cancelled')),
  task_id             TEXT,
  -- Providers report fractional percentages (CreatOK, /v1/videos); SQLite's INTEGER affinity keeps
  -- 42.5 as a real, PostgreSQL's INTEGER would refuse it, so the column takes any number here.
  progress            DOUBLE PRECISION,
  outputs             TEXT,            -- TaskOutputs as JSON
  error               TEXT,            -- {kind, message} as JSON
  raw_submit          TEXT,
  raw_status          TEXT,
  origin              TEXT NOT NULL DEFAULT 'bot' CHECK (origin IN ('bot', 'status')),
  submit_started_at   BIGINT,          -- set in its own commit just before the submit call
  submit_attempts     INTEGER NOT NULL DEFAULT 0,
  lease_owner         TEXT,
  lease_until         BIGINT,
  next_poll_at        BIGINT,
  poll_count          INTEGER NOT NULL DEFAULT 0,
  deadline_at         BIGINT,
  status_message_id   TEXT,
  status_edited_at    BIGINT,
  told_slow_at        BIGINT,
  submitted_at        BIGINT,
  finished_at         BIGINT,
  delivered_at        BIGINT,
  delivery_message_id TEXT,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  UNIQUE (quote_id, segment_index)
);
CREATE INDEX jobs_due ON jobs (state, next_poll_at);
CREATE INDEX jobs_task ON jobs (provider, task_id);
CREATE INDEX jobs_undelivered ON jobs (finished_at) WHERE delivered_at IS NULL;

-- Inbound update dedupe: a redelivered update id is handled once (24 h is Telegram's update lifetime).
-- Shared by every replica, so an update retried to another replica is still handled once.
CREATE TABLE processed_updates (
  platform  TEXT NOT NULL,
  update_id TEXT NOT NULL,
  seen_at   BIGINT NOT NULL,
  PRIMARY KEY (platform, update_id)
);

-- Button payloads: callback_data / custom_id carry only this opaque id.
CREATE TABLE button_actions (
  id         TEXT PRIMARY KEY,
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  owner_id   TEXT NOT NULL,
  action     TEXT NOT NULL,            -- Action as JSON
  created_at BIGINT NOT NULL
);
