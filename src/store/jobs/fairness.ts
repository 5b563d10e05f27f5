/** What fair scheduling reads: who waits for a provider, and when each user's last job started there. */
import type { ProviderId } from "../../domain/catalog.ts";
import type { Db } from "../database.ts";
import { column, statement } from "../statement.ts";
import type { Waiting } from "./leases.ts";

/** When this user's latest job at `provider` started; undefined when none did. */
export function lastStart(db: Db, provider: ProviderId, platform: string, userId: string): number | undefined {
  return (
    column<[string, string, string], number | null>(
      db,
      `SELECT MAX(submit_started_at) FROM jobs
       WHERE provider = ? AND platform = ? AND requester_id = ? AND submit_started_at IS NOT NULL`,
    ).get(provider, platform, userId) ?? undefined
  );
}

/** Rows waiting for a free slot at `provider` now (never started, due, not leased). */
export function waitingAt(db: Db, provider: ProviderId, now: number): Waiting[] {
  return statement<{ provider: ProviderId; now: number }, Waiting>(
    db,
    `SELECT id, quote_id, provider, platform, requester_id, created_at FROM jobs
     WHERE state = 'submitting' AND provider = @provider AND submit_started_at IS NULL
       AND (next_poll_at IS NULL OR next_poll_at <= @now) AND (lease_until IS NULL OR lease_until <= @now)`,
  ).all({ provider, now });
}
