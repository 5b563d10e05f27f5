/**
 * Joining the clips of a multi-segment video: clips are on disk (downloaded there under a cap) and
 * the media module joins them (stream copy when the clips share a format, a re-encode when not).
 */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MediaError, stitchFiles as joinFiles } from "../media/ffmpeg.ts";

export { findExecutable, locateFfmpeg } from "../media/ffmpeg.ts";

/**
 * The most a joined video (and so any one clip of it) may weigh: the largest upload a chat takes
 * (Telegram's 50 MB). Clips are fetched to disk up to this, and a larger join is not read back.
 */
export const MAX_JOINED_BYTES = 50 * 1024 * 1024;

export class StitchError extends Error {
  override readonly name = "StitchError";
  constructor(readonly clips: number, reason: string) {
    super(`joining ${clips} clips failed: ${reason}`);
  }
}

/** Concatenates the clips in order into one MP4 (bytes in, bytes out: for callers that hold clips already). */
export async function stitchClips(ffmpeg: string, clips: readonly Uint8Array[], timeoutMs = 120_000): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "reelsmith-stitch-"));
  try {
    const paths: string[] = [];
    for (const [i, bytes] of clips.entries()) {
      const path = join(dir, clipName(i));
      await writeFile(path, bytes);
      paths.push(path);
    }
    const { path } = await stitchToFile(ffmpeg, paths, join(dir, "joined.mp4"), timeoutMs);
    return new Uint8Array(await readFile(path));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The file name of clip `i` (0-based) in a stitching folder. */
export function clipName(i: number): string {
  return `clip-${String(i + 1).padStart(3, "0")}.mp4`;
}

/** Concatenates clip files in order into `out`, refused past MAX_JOINED_BYTES; nothing is read into memory. */
export async function stitchToFile(ffmpeg: string, paths: readonly string[], out: string, timeoutMs = 120_000): Promise<{ path: string; size: number }> {
  try {
    await joinFiles(ffmpeg, paths, out, { timeoutMs });
  } catch (error) {
    throw new StitchError(paths.length, error instanceof MediaError ? error.message : String(error));
  }
  const size = (await stat(out)).size;
  if (size > MAX_JOINED_BYTES) throw new StitchError(paths.length, "the joined file is too large to send");
  return { path: out, size };
}
