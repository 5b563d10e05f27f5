/**
 * The per-speaker message rate limit: a token bucket per person (or channel) on a platform. A
 * flood from one speaker is dropped before it reaches the dialogue, the database or the chat, so
 * it creates no quotes or buttons and leaves other speakers' replies as quick as ever; the
 * flooder hears about it at most once per notice window.
 */
export interface RateLimit {
  /** Messages a speaker may send at once. */
  burst: number;
  /** Messages per second the bucket refills. */
  perSecond: number;
  /** At most one "slow down" notice per speaker in this long. */
  noticeWindowMs: number;
}

/** Generous for a person typing, refining and answering questions; a script is slowed to 1 per 2 s. */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 8, perSecond: 0.5, noticeWindowMs: 60_000 };

interface Bucket {
  tokens: number;
  at: number;
  noticedAt?: number;
}

/** Buckets kept before full ones (speakers gone quiet) are forgotten. */
const MAX_BUCKETS = 10_000;

export type Admission = "admit" | "drop" | "drop_and_notify";

export function createRateLimiter(limit: RateLimit, now: () => number) {
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, at: number): void {
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((at - bucket.at) / 1000) * limit.perSecond);
    bucket.at = at;
  }

  function forgetFull(at: number): void {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= limit.burst) buckets.delete(key);
    }
  }

  return {
    /** Takes one message's token; a dropped message says whether its speaker is due a notice. */
    take(speaker: string): Admission {
      const at = now();
      let bucket = buckets.get(speaker);
      if (!bucket) {
        if (buckets.size >= MAX_BUCKETS) forgetFull(at);
        bucket = { tokens: limit.burst, at };
        buckets.set(speaker, bucket);
      }
      refill(bucket, at);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return "admit";
      }
      if (bucket.noticedAt !== undefined && at - bucket.noticedAt < limit.noticeWindowMs) return "drop";
      bucket.noticedAt = at;
      return "drop_and_notify";
    },
    /** Whether the speaker's next message would be dropped, without taking a token. */
    throttled(speaker: string): boolean {
      const bucket = buckets.get(speaker);
      if (!bucket) return false;
      refill(bucket, now());
      return bucket.tokens < 1;
    },
  };
}
