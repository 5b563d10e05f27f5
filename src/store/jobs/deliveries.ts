/** Delivery's record: which message carried a job's result, written right after the send returned. */
import type { Db } from "../database.ts";
import { column, statement } from "../statement.ts";
import { cancelJob } from "./transitions.ts";

/** Marks rows delivered (by `messageId`; null when there was nothing to send) and frees their leases, in one transaction. */
export function recordDelivered(db: Db, ids: readonly string[], messageId: string | null, now: number): void {
  const mark = statement<{ id: string; now: number; messageId: string | null }, never>(
    db,
    `UPDATE jobs SET delivered_at = @now, delivery_message_id = @messageId, lease_owner = NULL, lease_until = NULL,
       next_poll_at = NULL, updated_at = @now WHERE id = @id AND delivered_at IS NULL`,
  );
  db.transaction(() => {
    for (const id of ids) mark.run({ id, now, messageId });
  })();
}

/** Rows whose delivery ended without reaching the chat (out of send attempts): nothing is sent for them again. */
export function recordDeliveryFailed(db: Db, ids: readonly string[], reason: string, now: number): void {
  const mark = statement<{ id: string; now: number; reason: string }, never>(
    db,
    `UPDATE jobs SET delivered_at = @now, delivery_message_id = NULL, delivery_failed_at = COALESCE(delivery_failed_at, @now),
       delivery_error = COALESCE(delivery_error, @reason), lease_owner = NULL, lease_until = NULL, next_poll_at = NULL, updated_at = @now
     WHERE id = @id AND delivered_at IS NULL`,
  );
  db.transaction(() => {
    for (const id of ids) mark.run({ id, now, reason });
  })();
}

/**
 * A chat that can no longer be written to: every job there not yet delivered is marked
 * delivery-failed in one transaction. Finished ones are done now (their holds already closed with
 * their state: the provider did the work); running ones go on to their end, so their holds close as
 * the provider's answer says, and are then ended without a send. Jobs not yet handed to a provider
 * are cancelled, their holds released: nobody would receive them. Returns the request keys touched.
 */
export function endChatDeliveries(db: Db, input: { platform: string; chatId: string; reason: string; now: number }): string[] {
  const keys = column<typeof input, string>(
    db,
    `SELECT DISTINCT COALESCE(quote_id, id) FROM jobs
     WHERE platform = @platform AND chat_id = @chatId AND delivered_at IS NULL AND delivery_failed_at IS NULL`,
  );
  const mark = statement<typeof input, never>(
    db,
    `UPDATE jobs SET delivery_failed_at = @now, delivery_error = @reason, updated_at = @now,
       delivered_at = CASE WHEN finished_at IS NOT NULL THEN @now ELSE NULL END,
       lease_owner = CASE WHEN finished_at IS NOT NULL THEN NULL ELSE lease_owner END,
       lease_until = CASE WHEN finished_at IS NOT NULL THEN NULL ELSE lease_until END
     WHERE platform = @platform AND chat_id = @chatId AND delivered_at IS NULL AND delivery_failed_at IS NULL`,
  );
  const unsubmitted = column<typeof input, string>(
    db,
    `SELECT id FROM jobs WHERE platform = @platform AND chat_id = @chatId AND state = 'submitting'
       AND submit_started_at IS NULL AND delivered_at IS NULL`,
  );
  return db.transaction(() => {
    const touched = keys.all(input);
    for (const id of unsubmitted.all(input)) cancelJob(db, { id, now: input.now, from: "unsubmitted" });
    mark.run(input);
    return touched;
  })();
}
