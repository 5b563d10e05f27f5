-- Who may spend and what was spent: an append-only ledger of holds and their settlement or release,
-- people allowed or blocked by admins at run time, and per-user / per-chat overrides.

-- One 'hold' per job when its quote is confirmed (the quoted amount for that segment), then exactly
-- one 'settle' (it succeeded, or may have been charged) or 'release' (it failed, was cancelled or
-- never reached the provider). The partial unique indexes make every step idempotent by job id,
-- also when a crash makes a step run again: holds = settlements + releases + open holds.
CREATE TABLE ledger (
  id          INTEGER PRIMARY KEY,
  job_id      TEXT NOT NULL REFERENCES jobs (id),
  quote_id    TEXT,
  kind        TEXT NOT NULL CHECK (kind IN ('hold', 'settle', 'release')),
  amount      REAL NOT NULL,          -- in `currency`; 0 for a quote without an estimate
  currency    TEXT,                   -- NULL when the quote had no estimate
  platform    TEXT NOT NULL,
  chat_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,          -- the requester
  payer       TEXT NOT NULL CHECK (payer IN ('user', 'chat')),  -- whose budget: the requester's or the chat's pool
  day         TEXT NOT NULL,          -- the budget day of the hold (YYYY-MM-DD in the budget time zone)
  reason      TEXT,                   -- why a hold closed: succeeded, unknown, failed:<kind>, cancelled
  at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX ledger_one_hold ON ledger (job_id) WHERE kind = 'hold';
CREATE UNIQUE INDEX ledger_one_close ON ledger (job_id) WHERE kind IN ('settle', 'release');
CREATE INDEX ledger_user_day ON ledger (platform, user_id, day, kind);
CREATE INDEX ledger_chat_day ON ledger (platform, chat_id, day, kind);

-- Set by admins at run time; configuration (ALLOWED_*, ADMIN_USER_IDS) is read from the environment.
CREATE TABLE user_access (
  platform   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('allowed', 'blocked')),
  set_by     TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (platform, user_id)
);

-- A daily budget set by an admin for one user or one chat, replacing USER_DAILY_BUDGET /
-- CHAT_DAILY_BUDGET for it ('off' lifts the limit).
CREATE TABLE budget_overrides (
  scope      TEXT NOT NULL CHECK (scope IN ('user', 'chat')),
  platform   TEXT NOT NULL,
  id         TEXT NOT NULL,
  budget     TEXT NOT NULL,
  set_by     TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (scope, platform, id)
);

-- A group's payer policy set by an admin, replacing GROUP_PAYER for that chat.
CREATE TABLE chat_payer (
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  policy     TEXT NOT NULL CHECK (policy IN ('requester', 'pool', 'admins')),
  set_by     TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (platform, chat_id)
);

-- Fair scheduling reads when each user last had a job start at a provider.
CREATE INDEX jobs_requester_started ON jobs (provider, platform, requester_id, submit_started_at);

-- Each segment's own estimate, so a multi-clip request holds per clip what its quote said.
ALTER TABLE quotes ADD COLUMN segment_amounts TEXT;  -- JSON array of numbers; NULL: split by length
