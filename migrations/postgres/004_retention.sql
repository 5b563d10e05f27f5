-- PostgreSQL translation of migrations/004_retention.sql: unreachable chats and retention.

ALTER TABLE jobs ADD COLUMN delivery_failed_at BIGINT;
ALTER TABLE jobs ADD COLUMN delivery_error TEXT;

CREATE INDEX media_created ON media (created_at);

CREATE INDEX jobs_created ON jobs (created_at);
