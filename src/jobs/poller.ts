/**
 * The durable poller: follows every submitted task until it ends or its provider forgets it.
 *
 * Only due rows are read (`next_poll_at <= now`, indexed), so the work per pass grows with the jobs
 * that are due, not with all jobs. Each row is claimed under a lease; a crashed process's rows come
 * back when its leases lapse (≤ 30 s). A poll error never fails a job: it only moves the next poll.
 * The user hears once when a job runs past its usual time. A job that runs for hours (provider
 * queues of more than an hour happen) is still followed, at a gap that widens with its age, until
 * its provider's task retention (24 h unless its contract says); only then is the user told, once,
 * how to continue, never that it "failed".
 */
import type { Text } from "../domain/reply.ts";
import { ProviderError, type TaskStatus } from "../providers/provider.ts";
import { nextPollIn, providerLabel, send, taskRetentionMs, type JobsContext } from "./context.ts";
import { claimPoll, duePolls } from "../store/jobs/leases.ts";
import { applyPolledStatus, markDeadlinePassed, markToldSlow } from "../store/jobs/transitions.ts";
import { holdingLease, launchLeased, leaseOf, releaseLease } from "./lease.ts";
import { deadlineText, slowText } from "./messages.ts";
import { groupKey, statusColumns, targetOf, type JobRow } from "./rows.ts";
import { isSlow } from "./schedule.ts";

/** Claims due rows while each provider has free slots; returns the polls started. */
export function launchPolls(ctx: JobsContext, limit = 200): Promise<void>[] {
  return launchLeased(ctx, { due: duePolls, claim: claimPoll }, limit, (row) => pollOne(ctx, row), { event: "poll_crashed", retryInMs: ctx.config.pollMaxMs });
}

async function pollOne(ctx: JobsContext, row: JobRow): Promise<void> {
  if (ctx.now() >= followUntil(ctx, row)) return passDeadline(ctx, row);
  const provider = ctx.providers.get(row.provider);
  if (!provider || row.task_id === null) {
    // Configuration changed under a running job: keep it, look again later.
    releaseLease(ctx.db, row.id, ctx.config.ownerId, ctx.now(), { next_poll_at: ctx.now() + ctx.config.pollMaxMs });
    return;
  }
  const taskId = row.task_id;
  let status: TaskStatus;
  try {
    status = await holdingLease(ctx.db, [row.id], leaseOf(ctx), () =>
      provider.status(taskId, row.kind, ctx.signal),
    );
  } catch (error) {
    const now = ctx.now();
    if (ctx.signal.aborted) {
      releaseLease(ctx.db, row.id, ctx.config.ownerId, now);
      return;
    }
    const hint = error instanceof ProviderError ? error.details.retryAfterMs : undefined;
    ctx.log("poll_failed", { jobId: row.id, provider: row.provider, error: error instanceof Error ? error.message : String(error) });
    releaseLease(ctx.db, row.id, ctx.config.ownerId, now, {
      poll_count: row.poll_count + 1,
      next_poll_at: now + nextPollIn(ctx, row, now, row.poll_count + 1, hint),
    });
    return;
  }
  applyStatus(ctx, row, status);
  await maybeTellSlow(ctx, row);
}

/**
 * Stores what the provider said: state, progress, outputs and the raw payload; a terminal state
 * ends following (delivery takes over), anything else schedules the next poll.
 */
export function applyStatus(ctx: JobsContext, row: JobRow, status: TaskStatus): void {
  const now = ctx.now();
  const terminal = status.state === "succeeded" || status.state === "failed";
  // An end settles (succeeded) or releases (failed, moderation included) the hold in the same commit.
  applyPolledStatus(ctx.db, {
    ...statusColumns(row, status, now),
    next: terminal ? null : now + nextPollIn(ctx, row, now, row.poll_count + 1, status.retryAfterMs),
    finished: terminal ? now : null,
  });
  if (terminal) ctx.expectations.invalidate(row.provider, row.model_id);
  ctx.touch(groupKey(row));
}

/** Once per request (a multi-clip request counts once), when it runs past its usual time. */
async function maybeTellSlow(ctx: JobsContext, row: JobRow): Promise<void> {
  if (row.origin !== "bot" || row.told_slow_at !== null || row.submitted_at === null) return;
  const now = ctx.now();
  const expectation = ctx.expectations.get(row.provider, row.model_id, row.kind);
  if (!isSlow(now - row.submitted_at, expectation)) return;
  if (!markToldSlow(ctx.db, { id: row.id, now, quoteId: row.quote_id })) return;
  // Recorded first: a note lost to a crash is better than a note repeated after every restart.
  await say(ctx, row, [slowText(providerLabel(ctx, row.provider))]);
}

/**
 * When following ends: the provider's task retention after submission, or the row's own deadline
 * when that is later (a job followed again with /status after it was handed over).
 */
function followUntil(ctx: JobsContext, row: JobRow): number {
  const retained = row.submitted_at === null ? Number.POSITIVE_INFINITY : row.submitted_at + taskRetentionMs(ctx, row.provider);
  return Math.max(row.deadline_at ?? Number.NEGATIVE_INFINITY, retained);
}

/** Stops following, tells the user once how to continue. The job is not failed; its state stays. */
async function passDeadline(ctx: JobsContext, row: JobRow): Promise<void> {
  const now = ctx.now();
  const marked = markDeadlinePassed(ctx.db, { id: row.id, now, owner: ctx.config.ownerId });
  ctx.touch(groupKey(row));
  if (!marked || row.task_id === null) return;
  const minutes = Math.round((now - (row.submitted_at ?? now)) / 60_000);
  await say(ctx, row, [deadlineText(providerLabel(ctx, row.provider), row.task_id, minutes)]);
}

async function say(ctx: JobsContext, row: JobRow, lines: Text[]): Promise<void> {
  if (row.delivery_failed_at !== null) return; // the chat is unreachable
  try {
    await send(ctx, targetOf(row), { type: "message", lines });
  } catch (error) {
    ctx.log("note_failed", { jobId: row.id, error: error instanceof Error ? error.message : String(error) });
  }
}
