/**
 * Cancelling a confirmed request. A job not yet handed to the provider is cancelled here, atomically
 * against the submitter (whichever commits first wins: the cancel or the submit intent). A queued or
 * running task is cancelled at the provider where the provider can; otherwise it runs on, is
 * delivered as usual and is charged. Only the requester may cancel.
 *
 * What the user is told follows the ledger: a cancelled row's hold is released in the same commit
 * that cancels it (cancelJob), so "cancelled" means "not charged"; every row that runs on is "kept"
 * and its hold will be settled, and the message says so.
 */
import { ProviderError } from "../providers/provider.ts";
import { providerLabel, type JobsContext } from "./context.ts";
import { cancelJob } from "../store/jobs/transitions.ts";
import { quoteOwner } from "../store/quotes.ts";
import { getJob, groupKey, groupRows, isTerminal, type JobRow } from "./rows.ts";

export type CancelResult =
  | { outcome: "cancelled"; cancelled: string[]; /** Rows that run on (no cancel at the provider, or already submitting). */ kept: string[] }
  | { outcome: "not_cancellable"; reason: "finished" | "in_progress" | "provider_refused"; /** The provider's label, to name it. */ provider: string }
  | { outcome: "not_requester" }
  | { outcome: "not_found" };

/** `ref` is a job id or a quote id; the whole request (every segment) is cancelled. */
export async function cancelJobs(ctx: JobsContext, ref: string, userId: string): Promise<CancelResult> {
  const job = getJob(ctx.db, ref);
  const rows = groupRows(ctx.db, job ? groupKey(job) : ref);
  const first = rows[0];
  if (!first) return withdrawnOffer(ctx, ref, userId);
  if (first.requester_id !== userId) return { outcome: "not_requester" };
  const open = rows.filter((r) => !isTerminal(r.state));
  const provider = providerLabel(ctx, first.provider);
  if (open.length === 0) return { outcome: "not_cancellable", reason: "finished", provider };

  const cancelled: string[] = [];
  const kept: string[] = [];
  let refused = false;
  for (const row of open) {
    if (row.state === "submitting") {
      (cancelLocally(ctx, row) ? cancelled : kept).push(row.id);
      continue;
    }
    const provider = ctx.providers.get(row.provider);
    if (!provider?.cancel || row.task_id === null) {
      kept.push(row.id);
      continue;
    }
    try {
      await provider.cancel(row.task_id, ctx.signal);
    } catch (error) {
      ctx.log("cancel_refused", { jobId: row.id, error: error instanceof ProviderError ? error.message : String(error) });
      refused = true;
      kept.push(row.id);
      continue;
    }
    cancelJob(ctx.db, { id: row.id, now: ctx.now(), from: "running" });
    cancelled.push(row.id);
  }
  for (const row of rows) ctx.touch(groupKey(row));
  if (cancelled.length === 0) return { outcome: "not_cancellable", reason: refused ? "provider_refused" : "in_progress", provider };
  return { outcome: "cancelled", cancelled, kept };
}

/** Wins only while no submit intent was written; a submission in flight cannot be taken back. */
function cancelLocally(ctx: JobsContext, row: JobRow): boolean {
  return cancelJob(ctx.db, { id: row.id, now: ctx.now(), from: "unsubmitted" });
}

/**
 * A quote id with no jobs: an offer never confirmed (the press that closed it came first). Nothing
 * was held for it, so nothing is charged.
 */
function withdrawnOffer(ctx: JobsContext, ref: string, userId: string): CancelResult {
  const quote = quoteOwner(ctx.db, ref);
  if (quote === undefined) return { outcome: "not_found" };
  if (quote !== userId) return { outcome: "not_requester" };
  return { outcome: "cancelled", cancelled: [], kept: [] };
}
