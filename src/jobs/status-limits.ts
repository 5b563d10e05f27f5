/**
 * Per-person ceilings on /status: lookups per minute (STATUS_LOOKUPS_PER_MINUTE) and the provider
 * calls they make per hour (STATUS_PROVIDER_CALLS_PER_HOUR). A flood of lookups would otherwise be
 * a flood of provider calls on the operator's key, and of replies (which the platform then
 * throttles). A refused lookup is answered once per minute; the rest get no reply.
 *
 * Kept in memory: a limit per process is what stops the flood, and a restart forgets nothing that
 * matters. Each person's state is two token buckets, refilled continuously.
 */

export interface StatusLimitRules {
  lookupsPerMinute: number;
  providerCallsPerHour: number;
}

export const DEFAULT_STATUS_LIMITS: StatusLimitRules = { lookupsPerMinute: 5, providerCallsPerHour: 30 };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** People tracked before full buckets (nobody who looked up lately) are forgotten. */
const MAX_TRACKED = 10_000;

export type Admission = { ok: true } | { ok: false; retryAfterMs: number; /** First refusal in a minute: say so once. */ tell: boolean };

export interface StatusLimits {
  /** Counts one lookup by `who` ("platform:user"). */
  admit(who: string): Admission;
  /** Takes one provider call from `who`'s hourly allowance; false (nothing taken) when none is left. */
  spendCall(who: string): boolean;
  /** How long until `who` may make another provider call. */
  callsBackInMs(who: string): number;
  /** Records that `who` was told about a refusal just now (the next one in a minute stays silent). */
  told(who: string): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

interface Person {
  lookups: Bucket;
  calls: Bucket;
  toldAt: number;
}

export function createStatusLimits(rules: StatusLimitRules, now: () => number): StatusLimits {
  const people = new Map<string, Person>();

  function refill(bucket: Bucket, capacity: number, perMs: number, t: number): void {
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * (capacity / perMs));
    bucket.at = t;
  }

  function person(who: string): Person {
    const t = now();
    let p = people.get(who);
    if (!p) {
      if (people.size >= MAX_TRACKED) forgetIdle(t);
      p = { lookups: { tokens: rules.lookupsPerMinute, at: t }, calls: { tokens: rules.providerCallsPerHour, at: t }, toldAt: Number.NEGATIVE_INFINITY };
      people.set(who, p);
    }
    refill(p.lookups, rules.lookupsPerMinute, MINUTE, t);
    refill(p.calls, rules.providerCallsPerHour, HOUR, t);
    return p;
  }

  function forgetIdle(t: number): void {
    for (const [who, p] of people) {
      refill(p.lookups, rules.lookupsPerMinute, MINUTE, t);
      refill(p.calls, rules.providerCallsPerHour, HOUR, t);
      if (p.lookups.tokens >= rules.lookupsPerMinute && p.calls.tokens >= rules.providerCallsPerHour) people.delete(who);
    }
  }

  const waitFor = (bucket: Bucket, capacity: number, perMs: number) => Math.ceil(((1 - bucket.tokens) * perMs) / capacity);

  return {
    admit(who) {
      const p = person(who);
      const t = now();
      if (p.lookups.tokens >= 1 && p.calls.tokens >= 1) {
        p.lookups.tokens -= 1;
        return { ok: true };
      }
      const retryAfterMs = Math.max(
        p.lookups.tokens >= 1 ? 0 : waitFor(p.lookups, rules.lookupsPerMinute, MINUTE),
        p.calls.tokens >= 1 ? 0 : waitFor(p.calls, rules.providerCallsPerHour, HOUR),
      );
      return { ok: false, retryAfterMs, tell: t - p.toldAt >= MINUTE };
    },
    spendCall(who) {
      const p = person(who);
      if (p.calls.tokens < 1) return false;
      p.calls.tokens -= 1;
      return true;
    },
    callsBackInMs(who) {
      const p = person(who);
      return p.calls.tokens >= 1 ? 0 : waitFor(p.calls, rules.providerCallsPerHour, HOUR);
    },
    told(who) {
      person(who).toldAt = now();
    },
  };
}
