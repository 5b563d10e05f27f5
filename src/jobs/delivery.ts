/**
 * Delivery: every finished job is told to its requester once.
 *
 * Rows are finished-but-undelivered (`finished_at` set, `delivered_at` NULL, a partial index), so
 * the same pass is the sweep that runs at start. `delivered_at` and the sent message id are written
 * synchronously right after the send returns; a crash in between is the one window left (the
 * platform has the message, we do not know it), and after a restart that result is sent again.
 *
 * A multi-segment request is delivered as a group once every segment has ended (or was handed to
 * the user at the hard deadline): joined into one file when ffmpeg is here, else as numbered clips
 * with a note that they need joining. A failed segment is reported; the others are still delivered.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { text, type Button, type Outbound, type Text, type VideoFile } from "../domain/reply.ts";
import type { Provider } from "../providers/provider.ts";
import { providerLabel, send, type JobsContext } from "./context.ts";
import { failureText, reasonText, resultButtons, unknownText } from "./messages.ts";
import { recordDelivered as markDelivered, recordDeliveryFailed } from "../store/jobs/deliveries.ts";
import { ChatRateLimited, ChatUnreachable } from "../ports/chat.ts";
import { dueDeliveries } from "../store/jobs/leases.ts";
import { claimDeliveryGroup, holdingLease, leaseOf as lease, releaseLease } from "./lease.ts";
import { errorOf, groupKey, outputsOf, targetOf, type JobRow } from "./rows.ts";
import { saveClip } from "./clips.ts";
import { clipName, stitchToFile } from "./stitch.ts";

/** Downloads of a result before the user is told it could not be fetched. */
export const MAX_DOWNLOAD_ATTEMPTS = 3;
/** Sends of a result (each after the port's own retries) before its delivery is recorded as failed. */
export const MAX_SEND_ATTEMPTS = 5;

/** Claims groups ready for delivery; returns the deliveries started. */
export function launchDeliveries(ctx: JobsContext, limit = 100): Promise<void>[] {
  const now = ctx.now();
  const candidates = dueDeliveries(ctx.db, { now, limit });
  const seen = new Set<string>();
  const work: Promise<void>[] = [];
  for (const c of candidates) {
    const key = groupKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    const group = claimDeliveryGroup(ctx.db, { key, owner: ctx.config.ownerId, until: now + ctx.config.leaseMs, now });
    if (!group) continue;
    if (!ctx.limiter.tryAcquire(c.provider)) {
      for (const r of group.pending) releaseLease(ctx.db, r.id, ctx.config.ownerId, now);
      continue;
    }
    work.push(
      deliverGroup(ctx, group.rows, group.pending)
        .catch((error: unknown) => {
          ctx.log("delivery_crashed", { group: key, error: String(error) });
          for (const r of group.pending) releaseLease(ctx.db, r.id, ctx.config.ownerId, ctx.now());
        })
        .finally(() => ctx.limiter.release(c.provider)),
    );
  }
  return work;
}

async function deliverGroup(ctx: JobsContext, rows: JobRow[], pending: JobRow[]): Promise<void> {
  const first = rows[0] as JobRow;
  // The chat was found unreachable while these ran: they end here, with no send.
  const ended = pending.filter((r) => r.delivery_failed_at !== null);
  if (ended.length > 0) recordDeliveryFailed(ctx.db, ended.map((r) => r.id), ended[0]!.delivery_error ?? "unreachable", ctx.now());
  pending = pending.filter((r) => r.delivery_failed_at === null);
  if (pending.length === 0) return;
  if (first.quote_id === null || first.segment_count <= 1) {
    for (const row of pending) await deliverSingle(ctx, row);
    return;
  }
  const everySucceeded = pending.length === rows.length && rows.every((r) => r.state === "succeeded");
  if (everySucceeded && ctx.ffmpeg && (await deliverStitched(ctx, rows))) return;
  await deliverClips(ctx, rows, pending);
}

async function deliverSingle(ctx: JobsContext, row: JobRow): Promise<void> {
  const provider = ctx.providers.get(row.provider);
  const label = providerLabel(ctx, row.provider);
  const outputs = outputsOf(row);
  if (row.state === "failed") return sendAndRecord(ctx, [row], { type: "message", lines: [failureText(errorOf(row)?.kind, label)] });
  if (row.state === "unknown") return sendAndRecord(ctx, [row], { type: "message", lines: [unknownText(label)] });
  if (row.state === "cancelled") return recordDelivered(ctx, [row], null);

  if (row.kind === "image" && outputs.images.length > 0) {
    return sendAndRecord(ctx, [row], {
      type: "images",
      urls: outputs.images,
      caption: [text("jobs:done.images", { count: outputs.images.length })],
      buttons: resultButtons(row, { imageUrls: outputs.images }),
    });
  }
  const url = outputs.videos[0];
  if (row.kind !== "video" || url === undefined) {
    return sendAndRecord(ctx, [row], { type: "message", lines: [noOutputText(row, label)] });
  }
  const file = await fetchFile(ctx, row, provider);
  if (file === "retry") return;
  if (file === "failed") {
    return sendAndRecord(ctx, [row], { type: "message", lines: [text("jobs:done.download_failed", { provider: label, taskId: row.task_id ?? "" })] });
  }
  try {
    return await sendAndRecord(ctx, [row], {
      type: "video",
      url,
      ...(file ? { file } : {}),
      ...(!file && outputs.thumbnails[0] ? { thumbnailUrl: outputs.thumbnails[0] } : {}),
      caption: [file ? text("jobs:done.video_file") : text("jobs:done.video", { url })],
      buttons: resultButtons(row),
    });
  } finally {
    if (file) await rm(dirname(file.path), { recursive: true, force: true });
  }
}

/** One file from all clips; false when it could not be made (the clips are then sent one by one). */
async function deliverStitched(ctx: JobsContext, rows: JobRow[]): Promise<boolean> {
  const first = rows[0] as JobRow;
  const provider = ctx.providers.get(first.provider);
  // The clips go to disk, never into memory: a 3 GB "clip" costs a capped file, not the heap.
  const dir = await mkdtemp(join(tmpdir(), "reelsmith-clips-"));
  try {
    const clips = await holdingLease(ctx.db, rows.map((r) => r.id), lease(ctx), () =>
      Promise.all(rows.map((r, i) => saveClip(ctx, r, provider, join(dir, clipName(i))))),
    );
    const joined = await stitchToFile(ctx.ffmpeg as string, clips, join(dir, "joined.mp4"));
    const links = provider?.download ? [] : rows.map((r) => outputsOf(r).videos[0] ?? "");
    await sendAndRecord(ctx, rows, {
      type: "video",
      url: outputsOf(first).videos[0] ?? "",
      file: { ...joined, name: `${safeName(first.quote_id ?? first.id)}.mp4`, mime: "video/mp4" },
      caption: [
        text("jobs:done.stitched", { total: rows.length }),
        ...(links.length > 0 ? [text("jobs:done.clip_links", { urls: links.join("\n") })] : []),
      ],
      buttons: resultButtons(first),
    });
    return true;
  } catch (error) {
    ctx.log("stitch_failed", { quoteId: first.quote_id, error: error instanceof Error ? error.message : String(error) });
    return false;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Numbered clips in order, failures reported, and the joining note on the last clip sent. */
async function deliverClips(ctx: JobsContext, rows: JobRow[], pending: JobRow[]): Promise<void> {
  const label = providerLabel(ctx, (rows[0] as JobRow).provider);
  const total = rows.length;
  const clips = pending.filter((r) => r.state === "succeeded" && outputsOf(r).videos[0] !== undefined);
  const lastClip = clips.at(-1);
  for (const row of pending) {
    const index = row.segment_index + 1;
    if (row.state === "cancelled") {
      recordDelivered(ctx, [row], null);
      continue;
    }
    if (!clips.includes(row)) {
      const kind = row.state === "unknown" ? "outcome_unknown" : errorOf(row)?.kind;
      const lines: Text[] = [text("jobs:failed.segment", { index, total, reason: reasonText(row.state === "succeeded" ? "no_output" : kind) })];
      if (row.state === "unknown") lines.push(unknownText(label));
      await sendAndRecord(ctx, [row], { type: "message", lines });
      continue;
    }
    const provider = ctx.providers.get(row.provider);
    const file = await fetchFile(ctx, row, provider);
    if (file === "retry") continue;
    const url = outputsOf(row).videos[0] as string;
    const caption: Text[] = [
      file && file !== "failed" ? text("jobs:done.clip_file", { index, total }) : text("jobs:done.clip", { index, total, url }),
    ];
    if (file === "failed") caption.push(text("jobs:done.download_failed", { provider: label, taskId: row.task_id ?? "" }));
    let buttons: Button[][] | undefined;
    if (row === lastClip) {
      caption.push(text("jobs:done.clips_note", { total }));
      buttons = resultButtons(rows[0] as JobRow);
    }
    await sendAndRecord(ctx, [row], {
      type: "video",
      url,
      ...(file && file !== "failed" ? { file } : {}),
      caption,
      ...(buttons ? { buttons } : {}),
    });
  }
}

/**
 * The result as a file, for providers whose URL needs our key; undefined when the URL can be sent
 * as it is; "retry" after a failed download that will be tried again; "failed" when out of tries.
 */
async function fetchFile(ctx: JobsContext, row: JobRow, provider: Provider | undefined): Promise<VideoFile | undefined | "retry" | "failed"> {
  if (!provider?.download || row.task_id === null) return undefined;
  const taskId = row.task_id;
  try {
    void ctx.ports[row.platform]?.activity?.(targetOf(row), "upload_video").catch(() => undefined);
    const d = await holdingLease(ctx.db, [row.id], lease(ctx), () => provider.download!(taskId, "video", ctx.signal));
    // The provider's answer is capped; it goes to disk so the adapters upload from a file.
    const path = join(await mkdtemp(join(tmpdir(), "reelsmith-clip-")), `${safeName(taskId)}.mp4`);
    await writeFile(path, d.bytes);
    return { path, size: d.bytes.byteLength, mime: d.mime, name: `${safeName(taskId)}.mp4` };
  } catch (error) {
    const now = ctx.now();
    if (ctx.signal.aborted) {
      releaseLease(ctx.db, row.id, ctx.config.ownerId, now);
      return "retry";
    }
    const attempts = row.step_attempts + 1;
    ctx.log("download_failed", { jobId: row.id, attempts, error: error instanceof Error ? error.message : String(error) });
    if (attempts >= MAX_DOWNLOAD_ATTEMPTS || isGone(error)) return "failed";
    releaseLease(ctx.db, row.id, ctx.config.ownerId, now, { step_attempts: attempts, next_poll_at: now + backoff(ctx, attempts) });
    return "retry";
  }
}

/**
 * Sends, then records at once. Nothing but the synchronous UPDATE runs between the send's return
 * and the record. A failed send leaves the rows undelivered and tries again later.
 */
async function sendAndRecord(ctx: JobsContext, rows: JobRow[], message: Outbound): Promise<void> {
  const first = rows[0] as JobRow;
  let messageId: string | null;
  try {
    // A slow send (an upload, Bot API retries) keeps its lease, so no other pass delivers it again meanwhile.
    messageId = (await holdingLease(ctx.db, rows.map((r) => r.id), lease(ctx), () => send(ctx, targetOf(first), message))).messageId;
  } catch (error) {
    const now = ctx.now();
    ctx.log("delivery_send_failed", { jobId: first.id, error: error instanceof Error ? error.message : String(error) });
    // send() has already ended every delivery to an unreachable chat: nothing more to do or send.
    if (error instanceof ChatUnreachable) return;
    for (const r of rows) {
      if (error instanceof ChatRateLimited) {
        // Waiting is what the platform asked for; it is not a failed attempt.
        releaseLease(ctx.db, r.id, ctx.config.ownerId, now, { next_poll_at: now + error.retryAfterMs });
      } else if (r.step_attempts + 1 >= MAX_SEND_ATTEMPTS) {
        recordDeliveryFailed(ctx.db, [r.id], `send_failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500), now);
      } else {
        releaseLease(ctx.db, r.id, ctx.config.ownerId, now, { step_attempts: r.step_attempts + 1, next_poll_at: now + backoff(ctx, r.step_attempts + 1) });
      }
    }
    return;
  }
  recordDelivered(ctx, rows, messageId);
}

function recordDelivered(ctx: JobsContext, rows: JobRow[], messageId: string | null): void {
  markDelivered(ctx.db, rows.map((r) => r.id), messageId, ctx.now());
  for (const r of rows) ctx.touch(groupKey(r));
  ctx.log("delivered", { jobIds: rows.map((r) => r.id), messageId });
}

function noOutputText(row: JobRow, label: string): Text {
  return text("jobs:done.no_output", { provider: label, taskId: row.task_id ?? "" });
}

function backoff(ctx: JobsContext, attempts: number): number {
  return Math.min(ctx.config.pollMaxMs, ctx.config.pollMinMs * 2 ** attempts);
}

/** A 404-like answer will not get better by asking again. */
function isGone(error: unknown): boolean {
  const status = (error as { details?: { status?: number } }).details?.status;
  return status === 404 || status === 410;
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 80);
}
