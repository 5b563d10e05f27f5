/**
 * How long a provider+model usually takes, learned from this database: the last finished
 * durations of jobs the bot submitted itself, starting from the catalog's typical time.
 */
import { findModel, type Catalog, type ProviderId } from "../domain/catalog.ts";
import type { Db } from "../store/database.ts";
import { expectationFrom, type Expectation } from "./schedule.ts";
import { recentDurations } from "../store/jobs/expectations.ts";

export { HISTORY } from "../store/jobs/expectations.ts";
const FALLBACK_TYPICAL_SECONDS = { video: 180, image: 45 } as const;

export interface Expectations {
  get(provider: ProviderId, modelId: string, kind: "video" | "image"): Expectation;
  /** A job of this model finished: the next `get` reads the history again. */
  invalidate(provider: ProviderId, modelId: string): void;
}

export function createExpectations(db: Db, catalog: () => Catalog): Expectations {
  const cache = new Map<string, Expectation>();
  return {
    get(provider, modelId, kind) {
      const key = `${provider}:${modelId}`;
      let e = cache.get(key);
      if (!e) {
        const typical = findModel(catalog(), key)?.typicalSeconds ?? FALLBACK_TYPICAL_SECONDS[kind];
        e = expectationFrom(recentDurations(db, provider, modelId), typical * 1000);
        cache.set(key, e);
      }
      return e;
    },
    invalidate(provider, modelId) {
      cache.delete(`${provider}:${modelId}`);
    },
  };
}
