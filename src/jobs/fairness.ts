/**
 * Fair scheduling: when a provider has no free slot, the jobs waiting for it start round-robin
 * across users instead of first come, first served, so one person's ten clips do not hold back
 * everybody else's one.
 *
 * Stateless and restart-proof: the order comes from the database alone. Each waiting job is ranked
 * by how many of its user's own jobs wait before it; among equal ranks, the user whose last job
 * started longest ago (or never) goes first; then the older job.
 */
import type { ProviderId } from "../domain/catalog.ts";
import type { Db } from "../store/database.ts";
import { lastStart, waitingAt } from "../store/jobs/fairness.ts";
import type { Waiting } from "../store/jobs/leases.ts";
import { groupKey } from "./rows.ts";

export type { Waiting } from "../store/jobs/leases.ts";

/** When each user's latest job started at a provider; a user with none is absent. */
export type LastStarts = (provider: ProviderId, platform: string, userId: string) => number | undefined;

const userOf = (w: Waiting) => `${w.provider}\u0000${w.platform}\u0000${w.requester_id}`;

/** `waiting` in the order they should get a slot. */
export function fairOrder<T extends Waiting>(waiting: readonly T[], lastStart: LastStarts): T[] {
  const byAge = [...waiting].sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
  const seen = new Map<string, number>();
  const keyed = byAge.map((w) => {
    const user = userOf(w);
    const rank = seen.get(user) ?? 0;
    seen.set(user, rank + 1);
    return { w, rank, last: lastStart(w.provider, w.platform, w.requester_id) ?? Number.NEGATIVE_INFINITY };
  });
  keyed.sort((a, b) => a.rank - b.rank || a.last - b.last || a.w.created_at - b.w.created_at || a.w.id.localeCompare(b.w.id));
  return keyed.map((k) => k.w);
}

/** Reads last starts from the jobs table, once per (provider, user) per call. */
export function lastStartsFrom(db: Db): LastStarts {
  const cache = new Map<string, number | undefined>();
  return (provider, platform, userId) => {
    const key = `${provider}\u0000${platform}\u0000${userId}`;
    if (!cache.has(key)) cache.set(key, lastStart(db, provider, platform, userId));
    return cache.get(key);
  };
}

/** Each waiting request's place in its provider's line (1 is next), by its first waiting job. */
export function queuePositions(db: Db, provider: ProviderId, now: number): Map<string, number> {
  const waiting = waitingAt(db, provider, now);
  const positions = new Map<string, number>();
  fairOrder(waiting, lastStartsFrom(db)).forEach((w, index) => {
    if (!positions.has(groupKey(w))) positions.set(groupKey(w), index + 1);
  });
  return positions;
}

/**
 * Where a request stands in line, for status messages. The line is read once per provider per
 * `maxAgeMs`, not once per message: a long queue updates many messages in one pass.
 */
export function createQueuePositions(db: Db, now: () => number, maxAgeMs = 500) {
  const cache = new Map<ProviderId, { at: number; positions: Map<string, number> }>();
  return (provider: ProviderId, key: string): number | undefined => {
    const at = now();
    let entry = cache.get(provider);
    if (!entry || at - entry.at > maxAgeMs || at < entry.at) {
      entry = { at, positions: queuePositions(db, provider, at) };
      cache.set(provider, entry);
    }
    return entry.positions.get(key);
  };
}
