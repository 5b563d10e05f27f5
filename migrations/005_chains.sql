-- Chained shots: shot n+1 of a storyboard starts from shot n's last frame, so it is written (and
-- held in the ledger) at the confirmation claim like every segment, but it is not due for
-- submission until the shot it follows has succeeded. NULL: not chained (a lone job, or a segment
-- of independent takes that run in parallel).
ALTER TABLE jobs ADD COLUMN after_job_id TEXT REFERENCES jobs (id);

-- Finding the shot that waits on one that just ended (a failed shot stops the rest of its chain).
CREATE INDEX jobs_after ON jobs (after_job_id) WHERE after_job_id IS NOT NULL;
