/**
 * Leases, as every stage uses them: claim due rows under a lease while their provider has a free
 * slot, keep the lease renewed while a slow call is in flight, release it (with the columns the
 * outcome sets) when done or crashed. The statements are in store/jobs/leases.ts.
 */
import type { ProviderId } from "../domain/catalog.ts";
import type { Db } from "../store/database.ts";
import { releaseLease, renewLeases, type Claim, type Due } from "../store/jobs/leases.ts";
import type { JobsContext } from "./context.ts";
import type { JobRow } from "./rows.ts";

export { claimDeliveryGroup, releaseLease, type ReleaseSet } from "../store/jobs/leases.ts";

export interface Lease {
  owner: string;
  ms: number;
  now: () => number;
}

/** This process's lease terms. */
export function leaseOf(ctx: JobsContext): Lease {
  return { owner: ctx.config.ownerId, ms: ctx.config.leaseMs, now: ctx.now };
}

/**
 * Renews this owner's leases on `ids` while `work` runs, so a call slower than the lease (a submit
 * may take a minute) is not taken over by another worker halfway.
 */
export async function holdingLease<T>(db: Db, ids: readonly string[], lease: Lease, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => renewLeases(db, ids, lease.owner, lease.now() + lease.ms), Math.max(5, Math.floor(lease.ms / 3)));
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** How one stage finds its due rows and claims one. */
export interface LeasedStage<C> {
  due(db: Db, due: Due): C[];
  claim(db: Db, claim: Claim): JobRow | undefined;
}

/**
 * Claims candidate rows under a lease while their provider has a free slot, and starts `run` on
 * each. A run that throws releases its lease (with `onCrash`'s columns) instead of failing the job.
 */
export function launchLeased<C extends { id: string; provider: ProviderId }>(
  ctx: JobsContext,
  stage: LeasedStage<C>,
  limit: number,
  run: (row: JobRow) => Promise<void>,
  onCrash: { event: string; retryInMs?: number },
  options: {
    /** The order candidates get free slots in (default: the query's). */
    order?: (candidates: C[]) => C[];
    /** Told about each candidate left waiting because its provider had no free slot. */
    onBusy?: (candidate: C) => void;
  } = {},
): Promise<void>[] {
  const now = ctx.now();
  const found = stage.due(ctx.db, { now, limit });
  const candidates = options.order ? options.order(found) : found;
  const work: Promise<void>[] = [];
  for (const c of candidates) {
    if (!ctx.limiter.tryAcquire(c.provider)) {
      options.onBusy?.(c);
      continue;
    }
    const row = stage.claim(ctx.db, { id: c.id, owner: ctx.config.ownerId, until: now + ctx.config.leaseMs, now });
    if (!row) {
      ctx.limiter.release(c.provider);
      continue;
    }
    work.push(
      run(row)
        .catch((error: unknown) => {
          ctx.log(onCrash.event, { jobId: row.id, error: String(error) });
          const later = onCrash.retryInMs === undefined ? undefined : { next_poll_at: ctx.now() + onCrash.retryInMs };
          releaseLease(ctx.db, row.id, ctx.config.ownerId, ctx.now(), later);
        })
        .finally(() => ctx.limiter.release(c.provider)),
    );
  }
  return work;
}
