/**
 * A job's state changes after its row was written: the submit intent, the task id, what each poll
 * said, the notes told once, cancellation. Each is one conditional statement; a change that ends a
 * job closes its ledger hold in the same transaction.
 */
import type { Platform } from "../../ports/chat.ts";
import type { ProviderId } from "../../domain/catalog.ts";
import type { Db } from "../database.ts";
import { statement } from "../statement.ts";
import { changingState } from "./ledger.ts";
import { releaseLease } from "./leases.ts";
import type { JobState } from "./rows.ts";

/**
 * The intent: from this commit on, the row counts as possibly submitted. False when it was
 * cancelled meanwhile or the lease was lost.
 */
export function markSubmitStarted(db: Db, input: { id: string; owner: string; now: number }): boolean {
  return (
    statement<[number, number, string, string], never>(
      db,
      `UPDATE jobs SET submit_started_at = ?, submit_attempts = submit_attempts + 1, step_attempts = 0, updated_at = ?
       WHERE id = ? AND state = 'submitting' AND lease_owner = ? AND submit_started_at IS NULL`,
    ).run(input.now, input.now, input.id, input.owner).changes > 0
  );
}

export interface StoredTask {
  id: string;
  taskId: string;
  /** The provider's answer, as JSON. */
  raw: string;
  now: number;
  next: number;
  deadline: number;
}

/**
 * Records the task id and the first poll time. It also wins over an 'unknown' verdict another
 * worker reached meanwhile: the task id is the truth.
 */
export function storeTask(db: Db, task: StoredTask): void {
  statement<StoredTask, never>(
    db,
    `UPDATE jobs SET task_id = @taskId, raw_submit = @raw, state = 'queued', submitted_at = @now,
       next_poll_at = @next, deadline_at = @deadline, poll_count = 0, step_attempts = 0, error = NULL,
       finished_at = NULL, delivered_at = NULL, delivery_message_id = NULL,
       lease_owner = NULL, lease_until = NULL, updated_at = @now
     WHERE id = @id AND task_id IS NULL`,
  ).run(task);
}

/**
 * Ends a submission this owner holds: 'failed' (nothing was made: the hold is released) or
 * 'unknown' (it may have been charged: the hold is settled), in one transaction.
 */
export function endSubmission(db: Db, input: { id: string; owner: string; now: number; state: "failed" | "unknown"; error: string }): void {
  changingState(db, input.id, input.now, () =>
    releaseLease(db, input.id, input.owner, input.now, {
      state: input.state,
      finished_at: input.now,
      next_poll_at: null,
      error: input.error,
    }),
  );
}

export interface PolledStatus {
  id: string;
  state: JobState;
  progress: number | null;
  outputs: string;
  raw: string;
  /** Next poll; null when the state is terminal. */
  next: number | null;
  finished: number | null;
  error: string | null;
  now: number;
}

/** Stores a poll's answer and frees the lease; an end settles or releases the hold in the same commit. */
export function applyPolledStatus(db: Db, status: PolledStatus): void {
  changingState(db, status.id, status.now, () =>
    statement<PolledStatus, never>(
      db,
      `UPDATE jobs SET state = @state, progress = @progress, outputs = @outputs, raw_status = @raw,
         poll_count = poll_count + 1, next_poll_at = @next, finished_at = @finished, error = @error,
         lease_owner = NULL, lease_until = NULL, updated_at = @now
       WHERE id = @id AND state IN ('queued', 'running')`,
    ).run(status),
  );
}

/** Records that the requester was told the request runs long; false when it already was (any segment). */
export function markToldSlow(db: Db, input: { id: string; now: number; quoteId: string | null }): boolean {
  return (
    statement<typeof input, never>(
      db,
      `UPDATE jobs SET told_slow_at = @now WHERE id = @id AND told_slow_at IS NULL AND state IN ('queued', 'running')
         AND NOT EXISTS (SELECT 1 FROM jobs g WHERE g.quote_id = @quoteId AND g.told_slow_at IS NOT NULL)`,
    ).run(input).changes > 0
  );
}

/** Stops following at the hard deadline and frees the lease; false when the deadline was already told. */
export function markDeadlinePassed(db: Db, input: { id: string; now: number; owner: string }): boolean {
  return (
    statement<typeof input, never>(
      db,
      `UPDATE jobs SET told_deadline_at = @now, next_poll_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @now
       WHERE id = @id AND lease_owner = @owner AND told_deadline_at IS NULL`,
    ).run(input).changes > 0
  );
}

export interface FollowedTask {
  id: string;
  platform: Platform;
  chatId: string;
  userId: string;
  language: string;
  replyTo: string | null;
  kind: "video" | "image";
  provider: ProviderId;
  state: JobState;
  taskId: string;
  progress: number | null;
  outputs: string;
  error: string | null;
  raw: string;
  next: number | null;
  deadline: number;
  finished: number | null;
  now: number;
}

/** A job for a task picked up with /status: no quote, no hold, never submitted by us. */
export function insertFollowedTask(db: Db, task: FollowedTask): void {
  statement<FollowedTask, never>(
    db,
    `INSERT INTO jobs (id, quote_id, platform, chat_id, requester_id, language, reply_to, kind, provider, model_id,
       request, state, task_id, progress, outputs, error, raw_status, origin, poll_count, next_poll_at, deadline_at,
       submitted_at, finished_at, created_at, updated_at)
     VALUES (@id, NULL, @platform, @chatId, @userId, @language, @replyTo, @kind, @provider, '',
       '{}', @state, @taskId, @progress, @outputs, @error, @raw, 'status', 1, @next, @deadline,
       @now, @finished, @now, @now)`,
  ).run(task);
}

/** Follows an existing job again, e.g. one left at the hard deadline, with a fresh deadline. */
export function rearm(db: Db, input: { id: string; now: number; deadline: number }): void {
  statement<typeof input, never>(
    db,
    `UPDATE jobs SET next_poll_at = @now, deadline_at = @deadline, told_deadline_at = NULL, updated_at = @now
     WHERE id = @id AND state IN ('queued', 'running')`,
  ).run(input);
}

export type SettledStatus = Omit<PolledStatus, "next" | "finished">;

/** A terminal answer for a job we already had, stored so delivery takes over; the hold closes with it. */
export function settleFollowed(db: Db, status: SettledStatus): void {
  changingState(db, status.id, status.now, () =>
    statement<SettledStatus, never>(
      db,
      `UPDATE jobs SET state = @state, progress = @progress, outputs = @outputs, raw_status = @raw, error = @error,
         next_poll_at = NULL, finished_at = @now, updated_at = @now
       WHERE id = @id AND state IN ('queued', 'running')`,
    ).run(status),
  );
}

/** Which rows a cancel may take: never submitted (wins against the submit intent), or running at a provider that cancelled it. */
const CANCELLABLE = {
  unsubmitted: "state = 'submitting' AND submit_started_at IS NULL",
  running: "state IN ('queued', 'running')",
} as const;

/**
 * Cancels a job, delivered as of now (the cancel is its own answer, nothing is sent later); the
 * hold is released in the same commit. False when the row was no longer cancellable.
 */
export function cancelJob(db: Db, input: { id: string; now: number; from: keyof typeof CANCELLABLE }): boolean {
  const { changes } = changingState(db, input.id, input.now, () =>
    statement<{ id: string; now: number }, never>(
      db,
      `UPDATE jobs SET state = 'cancelled', finished_at = @now, delivered_at = @now, next_poll_at = NULL,
         updated_at = @now WHERE id = @id AND ${CANCELLABLE[input.from]}`,
    ).run({ id: input.id, now: input.now }),
  );
  return changes === 1;
}
