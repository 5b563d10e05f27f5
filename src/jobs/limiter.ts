/**
 * Per-provider concurrency: how many calls this process has in flight to each provider. Stages
 * claim work only while a slot is free, so a burst of due jobs queues in the database, not in
 * sockets, and one slow provider does not hold back the others.
 */
import type { ProviderId } from "../domain/catalog.ts";

export interface Limiter {
  tryAcquire(provider: ProviderId): boolean;
  release(provider: ProviderId): void;
  /** Calls in flight to `provider` right now. */
  active(provider: ProviderId): number;
}

export function createLimiter(limit: number | Partial<Record<ProviderId, number>>): Limiter {
  const inFlight = new Map<ProviderId, number>();
  const limitOf = (p: ProviderId) => Math.max(1, typeof limit === "number" ? limit : (limit[p] ?? 4));
  return {
    tryAcquire(provider) {
      const n = inFlight.get(provider) ?? 0;
      if (n >= limitOf(provider)) return false;
      inFlight.set(provider, n + 1);
      return true;
    },
    release(provider) {
      inFlight.set(provider, Math.max(0, (inFlight.get(provider) ?? 0) - 1));
    },
    active(provider) {
      return inFlight.get(provider) ?? 0;
    },
  };
}
