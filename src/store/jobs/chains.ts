/**
 * Chained shots' statements: a shot that waits on one that will never succeed is ended, and its
 * hold released, in one transaction; a shot's successor is found so its submission can ask the
 * provider for its last frame.
 */
import type { Db } from "../database.ts";
import { column, statement } from "../statement.ts";
import { closeHold } from "./ledger.ts";

/** A predecessor that ended without a clip, or was left at the hard deadline, stops the chain. */
const BROKEN = `SELECT id FROM jobs WHERE state IN ('failed', 'unknown', 'cancelled')
  OR (told_deadline_at IS NOT NULL AND state != 'succeeded')`;

export interface StoppedShot {
  id: string;
  quote_id: string | null;
  /** The 0-based index of the shot whose end stopped this one. */
  stopped_by: number;
}

/**
 * Fails every unsubmitted shot whose predecessor ended without a clip (and, in the same pass, the
 * shots after those), releasing their holds: nothing was sent for them. `error` is stored as is.
 */
export function stopBrokenChains(db: Db, input: { now: number; error: (stoppedBy: number) => string }): StoppedShot[] {
  const find = statement<[], StoppedShot>(
    db,
    `SELECT j.id, j.quote_id, p.segment_index AS stopped_by FROM jobs j JOIN jobs p ON p.id = j.after_job_id
     WHERE j.state = 'submitting' AND j.submit_started_at IS NULL AND j.after_job_id IN (${BROKEN})`,
  );
  const end = statement<{ id: string; now: number; error: string }, never>(
    db,
    `UPDATE jobs SET state = 'failed', finished_at = @now, next_poll_at = NULL, error = @error,
       lease_owner = NULL, lease_until = NULL, updated_at = @now
     WHERE id = @id AND state = 'submitting' AND submit_started_at IS NULL`,
  );
  return db.transaction(() => {
    const stopped: StoppedShot[] = [];
    // A failed shot may have several waiting behind it: each round ends the next one in line.
    for (let found = find.all(); found.length > 0; found = find.all()) {
      for (const shot of found) {
        end.run({ id: shot.id, now: input.now, error: input.error(shot.stopped_by) });
        closeHold(db, shot.id, input.now);
        stopped.push(shot);
      }
    }
    return stopped;
  }).immediate();
}

/** Whether a shot waits on this job (its submission then asks for the last frame where it can). */
export function hasSuccessor(db: Db, jobId: string): boolean {
  return column<[string], number>(db, "SELECT 1 FROM jobs WHERE after_job_id = ? LIMIT 1").get(jobId) !== undefined;
}
