/**
 * Push completions as storage sees them: a push makes its job due now (the poller then re-reads
 * the task through the provider), and a webhook id is acted on once within its tolerance window.
 */
import type { ProviderId } from "../../domain/catalog.ts";
import type { Db } from "../database.ts";
import { statement } from "../statement.ts";

/** Which job a push names: its provider's task id (a webhook), or our job id (a callback URL). */
export type PushTarget = { provider: ProviderId; taskId: string } | { provider: ProviderId; jobId: string };

/**
 * Makes the followed job a push names due now; false when there is none (an unknown task, one
 * already ended, or one handed to the user). Never moves a poll later.
 */
export function nudgeJob(db: Db, target: PushTarget, now: number): boolean {
  const byTask = "taskId" in target;
  return (
    statement<{ provider: ProviderId; ref: string; now: number }, never>(
      db,
      `UPDATE jobs SET next_poll_at = CASE WHEN next_poll_at > @now THEN @now ELSE next_poll_at END, updated_at = @now
       WHERE provider = @provider AND ${byTask ? "task_id" : "id"} = @ref AND state IN ('queued', 'running')
         AND told_deadline_at IS NULL AND next_poll_at IS NOT NULL`,
    ).run({ provider: target.provider, ref: byTask ? target.taskId : target.jobId, now }).changes > 0
  );
}

/** The named signing key, made from `fresh` on first use (one row, so every replica agrees). */
export function pushKey(db: Db, name: string, fresh: () => Buffer): Buffer {
  statement<{ name: string; key: Buffer }, never>(db, "INSERT INTO push_keys (name, key) VALUES (@name, @key) ON CONFLICT DO NOTHING").run({ name, key: fresh() });
  return statement<{ name: string }, { key: Buffer }>(db, "SELECT key FROM push_keys WHERE name = @name").get({ name })!.key;
}

/**
 * Records a webhook id; false when it was already recorded (a replay). Ids older than `forgetBefore`
 * are dropped in the same call: past the tolerance window their timestamps refuse them.
 */
export function rememberWebhook(db: Db, input: { provider: ProviderId; id: string; now: number; forgetBefore: number }): boolean {
  statement<{ before: number }, never>(db, "DELETE FROM webhook_receipts WHERE received_at < @before").run({ before: input.forgetBefore });
  return (
    statement<{ provider: ProviderId; id: string; now: number }, never>(
      db,
      `INSERT INTO webhook_receipts (provider, webhook_id, received_at) VALUES (@provider, @id, @now) ON CONFLICT DO NOTHING`,
    ).run({ provider: input.provider, id: input.id, now: input.now }).changes === 1
  );
}
