/** Delivery's record: which message carried a job's result, written right after the send returned. */
import type { Db } from "../database.ts";
import { statement } from "../statement.ts";

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
