/** The status message each request keeps, edited in place: its id and when it was last edited. */
import type { Db } from "../database.ts";
import { statement } from "../statement.ts";
import { GROUP_WHERE } from "./rows.ts";

/** Every row of the request `key` now points at the status message just sent. */
export function setStatusMessage(db: Db, key: string, messageId: string, now: number): void {
  statement<{ key: string; messageId: string; now: number }, never>(
    db,
    `UPDATE jobs SET status_message_id = @messageId, status_edited_at = @now WHERE ${GROUP_WHERE}`,
  ).run({ key, messageId, now });
}

export function markStatusEdited(db: Db, key: string, now: number): void {
  statement<{ key: string; now: number }, never>(db, `UPDATE jobs SET status_edited_at = @now WHERE ${GROUP_WHERE}`).run({ key, now });
}
