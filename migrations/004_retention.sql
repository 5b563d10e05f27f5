-- Unreachable chats and retention.

-- Set when delivery to the job's chat ended without the result reaching it: the chat became
-- unreachable (the user blocked the bot, it was removed, the chat is gone) or every send attempt
-- failed. delivered_at is set with it, so nothing is sent for the job again; the reason is logged
-- and kept here.
ALTER TABLE jobs ADD COLUMN delivery_failed_at INTEGER;
ALTER TABLE jobs ADD COLUMN delivery_error TEXT;

-- Retention prunes media by age; without this index every run would read each image's bytes to
-- reach created_at (it is stored after the BLOB).
CREATE INDEX media_created ON media (created_at);

-- Retention keeps the pictures confirmed jobs still use: it reads the jobs made since the oldest
-- picture it may delete.
CREATE INDEX jobs_created ON jobs (created_at);
