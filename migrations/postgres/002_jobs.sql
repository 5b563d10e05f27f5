-- PostgreSQL translation of migrations/002_jobs.sql: a once-only marker for the hard-deadline note,
-- a bounded retry counter for the step a job is in, and an index for learning each model's usual
-- duration.

-- Set when the user was told a job is taking unusually long; the poller stops following it then.
ALTER TABLE jobs ADD COLUMN told_deadline_at BIGINT;

-- Retries of the current step (reference upload, reconciliation, delivery); reset when the job
-- moves on, so each step has its own bound.
ALTER TABLE jobs ADD COLUMN step_attempts INTEGER NOT NULL DEFAULT 0;

-- The poll schedule reads the last finished durations per provider and model.
CREATE INDEX jobs_durations ON jobs (provider, model_id, finished_at)
  WHERE state = 'succeeded' AND origin = 'bot';
