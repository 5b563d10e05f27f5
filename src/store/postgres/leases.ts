/**
 * Lease claiming for job rows shared by replicas, as graphile-worker does it: one statement picks
 * due, unleased rows with `FOR UPDATE SKIP LOCKED` and stamps this replica's lease on them.
 *
 * SKIP LOCKED is what lets N replicas claim at once: a row another replica is claiming right now is
 * passed over instead of waited for (no convoy behind one lock) and never handed out twice. A lease
 * is a time, not a lock: a replica that dies keeps its rows only until `lease_until`, then any
 * replica's next claim takes them. Times are the caller's clock in ms (the jobs layer's `now()`),
 * so tests control them; replicas' clocks must agree to well within `leaseMs`.
 *
 * This is the PostgreSQL form of the claim in src/jobs/rows.ts (`launchLeased`), which on SQLite
 * reads candidates and claims each with a conditional UPDATE; the jobs repositories can call it
 * when the store port is async.
 */
import { execute, rows, type Queryable } from "./sql.ts";

/**
 * The columns a claim reads and writes. The full row type (JobRow) belongs to the jobs
 * repositories; the store does not import the layer above it, so the caller names it.
 */
export interface LeasedRow {
  id: string;
  state: string;
  lease_owner: string | null;
  lease_until: number | null;
  next_poll_at: number | null;
  created_at: number;
}

export interface ClaimDue {
  /** The states a due row may be in: ['submitting'] for the submitter, ['queued', 'running'] for the poller. */
  states: readonly string[];
  /** This replica's INSTANCE_ID: what the lease records. */
  owner: string;
  now: number;
  leaseMs: number;
  /** At most this many rows (the free provider slots). */
  limit: number;
  /** Only rows of these providers (those with a free slot); all when absent. */
  providers?: readonly string[];
}

const CLAIM_DUE = `
  WITH due AS (
    SELECT id FROM jobs
    WHERE state = ANY(@states)
      AND (next_poll_at IS NULL OR next_poll_at <= @now)
      AND (lease_until IS NULL OR lease_until <= @now)
      -- A chained shot is not due before the shot it starts from has succeeded.
      AND (after_job_id IS NULL OR EXISTS (SELECT 1 FROM jobs p WHERE p.id = jobs.after_job_id AND p.state = 'succeeded'))
      AND (@providers::text[] IS NULL OR provider = ANY(@providers::text[]))
    ORDER BY next_poll_at ASC NULLS FIRST, created_at ASC
    LIMIT @limit
    FOR UPDATE SKIP LOCKED
  )
  UPDATE jobs SET lease_owner = @owner, lease_until = @until, updated_at = @now
  FROM due WHERE jobs.id = due.id
  RETURNING jobs.*`;

/** Claims up to `limit` due rows for `owner` and returns them, oldest due first. */
export async function claimDue<R extends LeasedRow = LeasedRow>(db: Queryable, claim: ClaimDue): Promise<R[]> {
  const claimed = await rows<R>(db, CLAIM_DUE, {
    states: claim.states,
    now: claim.now,
    providers: claim.providers ?? null,
    limit: claim.limit,
    owner: claim.owner,
    until: claim.now + claim.leaseMs,
  });
  // RETURNING keeps no order; the caller starts work in due order.
  return claimed.sort((a, b) => (a.next_poll_at ?? -Infinity) - (b.next_poll_at ?? -Infinity) || a.created_at - b.created_at);
}

const RENEW = `UPDATE jobs SET lease_until = @until WHERE id = ANY(@ids) AND lease_owner = @owner`;

/**
 * Extends this owner's leases while a slow call runs (a submit may take a minute); returns how
 * many it still holds. Fewer than asked means a lease lapsed and another replica may have the row.
 */
export function renewLeases(db: Queryable, lease: { ids: readonly string[]; owner: string; until: number }): Promise<number> {
  return execute(db, RENEW, { ids: lease.ids, owner: lease.owner, until: lease.until });
}
