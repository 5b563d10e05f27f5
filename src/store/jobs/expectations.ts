/** The history the poll schedule learns from: how long a provider+model's recent jobs took. */
import type { ProviderId } from "../../domain/catalog.ts";
import type { Db } from "../database.ts";
import { column } from "../statement.ts";

/** How many recent durations the expectation looks at. */
export const HISTORY = 40;

/** Durations (ms) of the last finished jobs the bot submitted itself, newest first. */
export function recentDurations(db: Db, provider: ProviderId, modelId: string): number[] {
  return column<[string, string], number>(
    db,
    `SELECT finished_at - submitted_at FROM jobs
     WHERE provider = ? AND model_id = ? AND state = 'succeeded' AND origin = 'bot' AND submitted_at IS NOT NULL
     ORDER BY finished_at DESC LIMIT ${HISTORY}`,
  ).all(provider, modelId);
}
