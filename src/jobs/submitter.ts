/**
 * Submission: the only code that spends money.
 *
 * A worker claims a 'submitting' row under a lease, uploads its reference images (free, retried),
 * records `submit_started_at` in its own commit, calls `provider.submit` exactly once, and stores
 * the task id in the transaction right after the call returns. A row found with
 * `submit_started_at` set and no task id is a submission whose outcome we did not see (an error
 * that left it open, or a crash between call and store): it is reconciled through the provider's
 * task list where there is one, else marked 'unknown' and the user told. It is never sent again.
 * Only a definite refusal that created nothing (429 before acceptance) is re-queued, a bounded
 * number of times.
 */
import { fullJitter } from "../lib/backoff.ts";
import {
  ProviderError,
  type GenerationRequest,
  type ListedTask,
  type Provider,
  type Submission,
  type UploadedImage,
} from "../providers/provider.ts";
import { hasSuccessor, stopBrokenChains } from "../store/jobs/chains.ts";
import { chainReferences, ChainFrameError, previousLastFrame } from "./clips.ts";
import { callbackUrl } from "./callbacks.ts";
import { nextPollIn, taskRetentionMs, type JobsContext } from "./context.ts";
import { fairOrder, lastStartsFrom, type Waiting } from "./fairness.ts";
import { claimSubmission, dueSubmissions } from "../store/jobs/leases.ts";
import { taskAdopted } from "../store/jobs/rows.ts";
import { endSubmission, markSubmitStarted, storeTask } from "../store/jobs/transitions.ts";
import { loadMedia } from "../store/media.ts";
import { holdingLease, launchLeased, leaseOf, releaseLease, type ReleaseSet } from "./lease.ts";
import type { LocalErrorKind } from "./messages.ts";
import { groupKey, requestOf, type JobRow, type StoredRequest } from "./rows.ts";

/** Submit calls per job when the provider refuses with "too many requests" before accepting. */
export const MAX_SUBMIT_ATTEMPTS = 3;
/** Upload tries, and task-list reads while reconciling, before giving up on the step. */
export const MAX_STEP_ATTEMPTS = 3;
/** How far around `submit_started_at` a listed task may have been created to count as ours. */
const MATCH_BEFORE_MS = 60_000;
const MATCH_AFTER_MS = 15 * 60_000;

/**
 * Claims due 'submitting' rows while the provider has free slots, round-robin across users (see
 * fairness.ts); returns the work started. A request left waiting is marked changed, so its status
 * message shows where it stands in the line.
 */
export function launchSubmissions(ctx: JobsContext, limit = 100): Promise<void>[] {
  stopChains(ctx);
  const lastStart = lastStartsFrom(ctx.db);
  return launchLeased<Waiting>(ctx, { due: dueSubmissions, claim: claimSubmission }, limit, (row) => submitOne(ctx, row), { event: "submit_crashed" }, {
    order: (found) => fairOrder(found, lastStart),
    onBusy: (waiting) => ctx.touch(groupKey(waiting)),
  });
}

/**
 * A shot that waits on one that ended without a clip will never be submitted: it is failed (its
 * hold released) so the request can be delivered with what was made, and say which shot failed.
 */
function stopChains(ctx: JobsContext): void {
  const stopped = stopBrokenChains(ctx.db, {
    now: ctx.now(),
    error: (index) => JSON.stringify({ kind: "chain_stopped", message: `shot ${index + 1} of the chain did not succeed` }),
  });
  for (const shot of stopped) {
    ctx.log("chain_stopped", { jobId: shot.id, after: shot.stopped_by + 1 });
    ctx.touch(groupKey(shot));
  }
}

async function submitOne(ctx: JobsContext, row: JobRow): Promise<void> {
  const provider = ctx.providers.get(row.provider);
  if (row.submit_started_at !== null && row.task_id === null) {
    return reconcile(ctx, row, provider);
  }
  if (!provider) return fail(ctx, row, "provider_missing", `provider ${row.provider} is not configured`);

  const stored = requestOf(row);
  let request: GenerationRequest;
  try {
    const base = ctx.config.publicBaseUrl;
    // A provider that takes a callback URL is told where to say the task ended (a hint; polls go on).
    const callback = base && provider.acceptsCallbackUrl && stored.kind === "video" ? { callbackUrl: callbackUrl(ctx.db, base, row.provider, row.id) } : {};
    request = { ...(await providerRequest(ctx, provider, row, stored)), ...callback };
  } catch (error) {
    if (error instanceof MissingMediaError) return fail(ctx, row, "missing_media", error.message);
    if (error instanceof ChainFrameError) {
      if (error.retryable && row.step_attempts + 1 < MAX_STEP_ATTEMPTS) {
        return later(ctx, row, fullJitter(row.step_attempts + 1, 1000, 30_000, ctx.random), { step_attempts: row.step_attempts + 1 });
      }
      return fail(ctx, row, "chain_frame", error.message);
    }
    if (error instanceof ProviderError && retryable(error) && row.step_attempts + 1 < MAX_STEP_ATTEMPTS) {
      return later(ctx, row, error.details.retryAfterMs ?? fullJitter(row.step_attempts + 1, 1000, 30_000, ctx.random), {
        step_attempts: row.step_attempts + 1,
      });
    }
    if (error instanceof ProviderError) return fail(ctx, row, error.kind, error.message);
    throw error;
  }

  // The intent: from this commit on, the row counts as possibly submitted.
  const started = ctx.now();
  if (!markSubmitStarted(ctx.db, { id: row.id, owner: ctx.config.ownerId, now: started })) {
    // Cancelled meanwhile, or the lease was lost: someone else decides.
    releaseLease(ctx.db, row.id, ctx.config.ownerId, ctx.now());
    return;
  }

  let submission: Submission;
  try {
    submission = await holdingLease(ctx.db, [row.id], leaseOf(ctx), () => provider.submit(request));
  } catch (error) {
    if (error instanceof ProviderError && !error.details.outcomeUnknown) {
      const attempts = row.submit_attempts + 1;
      if (error.kind === "rate_limited" && attempts < MAX_SUBMIT_ATTEMPTS) {
        // Refused before acceptance: nothing exists, so clearing the intent is honest.
        const wait = error.details.retryAfterMs ?? fullJitter(attempts, 2000, 60_000, ctx.random);
        return later(ctx, row, wait, { submit_started_at: null });
      }
      return fail(ctx, row, error.kind, error.message);
    }
    ctx.log("submit_outcome_unknown", { jobId: row.id, provider: row.provider, error: errorText(error) });
    return reconcile(ctx, { ...row, submit_started_at: started }, provider);
  }
  store(ctx, row, submission.taskId, submission.raw);
}

/**
 * Records the task id and the first poll time. Synchronous: nothing may come between the call's
 * return and this. It also wins over an 'unknown' verdict another worker reached meanwhile (a lease
 * lost during a very slow call): the task id is the truth, and the result is still delivered.
 */
function store(ctx: JobsContext, row: JobRow, taskId: string, raw: unknown): void {
  const now = ctx.now();
  const delay = nextPollIn(ctx, { ...row, submitted_at: now }, now, 0);
  storeTask(ctx.db, {
      id: row.id,
      taskId,
      raw: JSON.stringify(raw ?? null),
      now,
      next: now + delay,
      // Followed until the provider forgets the task, not handed back at JOB_DEADLINE_MINUTES.
      deadline: now + taskRetentionMs(ctx, row.provider),
    });
  ctx.log("submitted", { jobId: row.id, provider: row.provider, taskId });
  ctx.touch(groupKey(row));
}

/**
 * The request as the provider gets it: reference images uploaded (free, so redone on a retry), and
 * for a chained shot the previous shot's last frame uploaded first. A shot another waits on asks
 * for its own last frame where the provider returns one.
 */
async function providerRequest(ctx: JobsContext, provider: Provider, row: JobRow, stored: StoredRequest): Promise<GenerationRequest> {
  if (stored.kind === "image" || row.after_job_id === null) {
    const images = await uploadImages(ctx, provider, row, stored.images);
    return stored.kind === "video" && hasSuccessor(ctx.db, row.id) ? { ...stored, images, returnLastFrame: true } : { ...stored, images };
  }
  const frame = await holdingLease(ctx.db, [row.id], leaseOf(ctx), () => previousLastFrame(ctx, row, provider));
  const uploaded = [
    await holdingLease(ctx.db, [row.id], leaseOf(ctx), () => provider.upload(frame, ctx.signal)),
    ...(await uploadImages(ctx, provider, row, chainReferences(ctx, row, stored.images))),
  ];
  ctx.log("chain_frame_uploaded", { jobId: row.id, after: row.after_job_id });
  return { ...stored, images: uploaded, ...(hasSuccessor(ctx.db, row.id) ? { returnLastFrame: true } : {}) };
}

async function uploadImages(ctx: JobsContext, provider: Provider, row: JobRow, mediaIds: string[]): Promise<UploadedImage[]> {
  const uploaded: UploadedImage[] = [];
  for (const id of mediaIds) {
    const media = loadMedia(ctx.db, id);
    if (!media) throw new MissingMediaError(id);
    uploaded.push(
      await holdingLease(ctx.db, [row.id], leaseOf(ctx), () =>
        provider.upload({ bytes: media.bytes, mime: media.mime, fileName: media.name }, ctx.signal),
      ),
    );
  }
  return uploaded;
}

/**
 * Finds the task a lost submission may have created: same prompt (and model, where listed), created
 * close to when we called, not already adopted by another job. Without a list, or without a match
 * after a few looks, the job becomes 'unknown': the user is told, nothing is resubmitted.
 */
async function reconcile(ctx: JobsContext, row: JobRow, provider: Provider | undefined): Promise<void> {
  if (!provider?.list) return markUnknown(ctx, row);
  const started = row.submit_started_at ?? row.updated_at;
  const request = requestOf(row);
  let listed: ListedTask[];
  try {
    listed = await holdingLease(ctx.db, [row.id], leaseOf(ctx), () => provider.list!(started - MATCH_BEFORE_MS, ctx.signal));
  } catch (error) {
    ctx.log("reconcile_list_failed", { jobId: row.id, error: errorText(error) });
    return retryReconcile(ctx, row);
  }
  const matches = listed
    .filter((t) => t.prompt !== undefined && samePrompt(t.prompt, request.prompt))
    .filter((t) => t.model === undefined || t.model === request.model)
    .filter((t) => t.createdAt === undefined || (t.createdAt >= started - MATCH_BEFORE_MS && t.createdAt <= started + MATCH_AFTER_MS))
    .filter((t) => !taskAdopted(ctx.db, row.provider, t.taskId))
    .sort((a, b) => Math.abs((a.createdAt ?? started) - started) - Math.abs((b.createdAt ?? started) - started));
  const found = matches[0];
  if (found) {
    ctx.log("reconciled", { jobId: row.id, taskId: found.taskId });
    return store(ctx, row, found.taskId, { reconciled: true, listed: found });
  }
  // A task list can lag the create by a moment; look again before deciding.
  return retryReconcile(ctx, row);
}

/** Multipart bodies carry line breaks as CRLF, so a listed prompt is compared by its text, not its bytes. */
export function samePrompt(a: string, b: string): boolean {
  const text = (s: string) => s.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trim()).join("\n").trim();
  return text(a) === text(b);
}

function retryReconcile(ctx: JobsContext, row: JobRow): void {
  const attempts = row.step_attempts + 1;
  if (attempts >= MAX_STEP_ATTEMPTS) return markUnknown(ctx, row);
  const wait = Math.min(ctx.config.pollMaxMs, ctx.config.pollMinMs * 2 ** attempts);
  later(ctx, row, wait, { step_attempts: attempts });
}

/** It may have been charged, so its hold is settled: the budget counts it as spent. */
function markUnknown(ctx: JobsContext, row: JobRow): void {
  endSubmission(ctx.db, {
    id: row.id,
    owner: ctx.config.ownerId,
    now: ctx.now(),
    state: "unknown",
    error: JSON.stringify({ kind: "outcome_unknown", message: "the submission's outcome could not be seen" }),
  });
  ctx.log("submit_unknown", { jobId: row.id, provider: row.provider });
  ctx.touch(groupKey(row));
}

/** Refused or never sent: nothing was made, so its hold is released in the same transaction. */
function fail(ctx: JobsContext, row: JobRow, kind: ProviderError["kind"] | LocalErrorKind, message: string): void {
  endSubmission(ctx.db, { id: row.id, owner: ctx.config.ownerId, now: ctx.now(), state: "failed", error: JSON.stringify({ kind, message }) });
  ctx.log("submit_failed", { jobId: row.id, provider: row.provider, kind });
  ctx.touch(groupKey(row));
}

function later(ctx: JobsContext, row: JobRow, waitMs: number, set: ReleaseSet): void {
  const now = ctx.now();
  releaseLease(ctx.db, row.id, ctx.config.ownerId, now, { ...set, next_poll_at: now + Math.max(0, waitMs) });
}

function retryable(error: ProviderError): boolean {
  return error.kind === "rate_limited" || error.kind === "transient";
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

class MissingMediaError extends Error {
  override readonly name = "MissingMediaError";
  constructor(readonly mediaId: string) {
    super(`reference image ${mediaId} is no longer stored`);
  }
}
