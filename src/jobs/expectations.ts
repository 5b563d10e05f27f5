/**
 * How long a provider+model usually takes, learned from this database: the last finished
 * durations of jobs the bot submitted itself, starting from the catalog's typical time.
 */
import { findModel, type Catalog, type ProviderId } from "../domain/catalog.ts";
import type { Db } from "../store/database.ts";
import { expectationFrom, type Expectation } from "./schedule.ts";
import { sql } from "./rows.ts";

/** How many recent durations the expectation looks at. */
export const HISTORY = 20;
const FALLBACK_TYPICAL_SECONDS = { video: 180, image: 45 } as const;

export interface Expectations {
  get(provider: ProviderId, modelId: string, kind: "video" | "image"): Expectation;
  /** A job of this model finished: the next `get` reads the history again. */
  invalidate(provider: ProviderId, modelId: string): void;
}

export function createExpectations(db: Db, catalog: () => Catalog): Expectations {
  const recent = sql(
    db,
    `SELECT finished_at - submitted_at FROM jobs
     WHERE provider = ? AND model_id = ? AND state = 'succeeded' AND origin = 'bot' AND submitted_at IS NOT NULL
     ORDER BY finished_at DESC LIMIT ${HISTORY}`,
  ).pluck();
  const cache = new Map<string, Expectation>();
  return {
    get(provider, modelId, kind) {
      const key = `${provider}:${modelId}`;
      let e = cache.get(key);
      if (!e) {
        const typical = findModel(catalog(), key)?.typicalSeconds ?? FALLBACK_TYPICAL_SECONDS[kind];
        e = expectationFrom(recent.all(provider, modelId) as number[], typical * 1000);
        cache.set(key, e);
      }
      return e;
    },
    invalidate(provider, modelId) {
      cache.delete(`${provider}:${modelId}`);
    },
  };
}
