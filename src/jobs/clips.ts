/**
 * A finished job's clip on disk, and a chained shot's starting frame taken from the shot before.
 *
 * Clips stream to a file under a byte cap (never into memory); the frame is the provider's own
 * last-frame output where its API returns one, else the clip's last frame extracted with ffmpeg.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findModel } from "../domain/catalog.ts";
import { DownloadError, downloadToFile, fetchCapped } from "../lib/download.ts";
import { extractLastFrame, MediaError } from "../media/ffmpeg.ts";
import type { Provider, UploadInput } from "../providers/provider.ts";
import type { JobsContext } from "./context.ts";
import { getJob, outputsOf, type JobRow } from "./rows.ts";
import { MAX_JOINED_BYTES } from "./stitch.ts";

/** The most a provider's last-frame image may weigh (a 4K PNG fits). */
export const MAX_FRAME_BYTES = 20 * 1024 * 1024;

/** Clip `row` saved at `path`, at most MAX_JOINED_BYTES; returns the path. */
export async function saveClip(ctx: JobsContext, row: JobRow, provider: Provider | undefined, path: string): Promise<string> {
  if (provider?.download && row.task_id !== null) {
    // The provider's download API hands back bytes (its URLs need our key); written out at once.
    await writeFile(path, (await provider.download(row.task_id, "video", ctx.signal)).bytes);
    return path;
  }
  const url = outputsOf(row).videos[0];
  if (!url) throw new Error(`job ${row.id} has no video URL`);
  await downloadToFile(url, path, MAX_JOINED_BYTES, { timeoutMs: 120_000, signal: ctx.signal });
  return path;
}

/** Why a chained shot could not get its starting frame; `retryable` when asking again may help. */
export class ChainFrameError extends Error {
  override readonly name = "ChainFrameError";
  constructor(readonly retryable: boolean, reason: string) {
    super(`the previous shot's last frame could not be taken: ${reason}`);
  }
}

/** The last frame of the shot `row` follows, as an image to upload as its first frame or reference. */
export async function previousLastFrame(ctx: JobsContext, row: JobRow, provider: Provider | undefined): Promise<UploadInput> {
  const previous = row.after_job_id === null ? undefined : getJob(ctx.db, row.after_job_id);
  if (!previous || previous.state !== "succeeded") throw new ChainFrameError(false, "the previous shot has no clip");
  const fileName = `shot-${previous.segment_index + 1}-last-frame`;
  try {
    const given = outputsOf(previous).lastFrame;
    if (given) {
      const bytes = await fetchCapped(given, MAX_FRAME_BYTES, 60_000, { signal: ctx.signal });
      const mime = imageMime(bytes);
      return { bytes, mime, fileName: `${fileName}.${mime === "image/png" ? "png" : mime === "image/webp" ? "webp" : "jpg"}` };
    }
    if (!ctx.ffmpeg) throw new ChainFrameError(false, "no ffmpeg to read the clip with");
    const dir = await mkdtemp(join(tmpdir(), "reelsmith-frame-"));
    try {
      const clip = await saveClip(ctx, previous, provider, join(dir, "clip.mp4"));
      const frame = join(dir, "last.jpg");
      await extractLastFrame(ctx.ffmpeg, clip, frame, { signal: ctx.signal, timeoutMs: 60_000 });
      return { bytes: new Uint8Array(await readFile(frame)), mime: "image/jpeg", fileName: `${fileName}.jpg` };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } catch (error) {
    if (error instanceof ChainFrameError) throw error;
    if (error instanceof MediaError) throw new ChainFrameError(false, error.message);
    if (error instanceof DownloadError) {
      const gone = error.status === 404 || error.status === 410;
      throw new ChainFrameError(error.reason === "network" || (error.reason === "http" && !gone), error.message);
    }
    // A provider's download API failing (ProviderError) or a local I/O fault: worth another look.
    throw new ChainFrameError(true, error instanceof Error ? error.message : String(error));
  }
}

/**
 * The creator's references a chained shot still sends after the previous shot's last frame: where
 * the model takes references, up to its limit with the frame counted; a model driven by frames
 * gets the frame alone (a second image would become its last frame).
 */
export function chainReferences(ctx: JobsContext, row: JobRow, references: string[]): string[] {
  const model = findModel(ctx.catalog(), `${row.provider}:${row.model_id}`);
  if (!model || !model.modes.includes("reference_images")) return [];
  return references.slice(0, Math.max(0, model.maxReferenceImages - 1));
}

function imageMime(bytes: Uint8Array): string {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[8] === 0x57) return "image/webp";
  return "image/jpeg";
}
