/**
 * Joining the clips of a multi-segment video: the delivery's bytes go to files on disk and the
 * media module joins them (stream copy when the clips share a format, a re-encode when not).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MediaError, stitchFiles } from "../media/ffmpeg.ts";

export { findExecutable, locateFfmpeg } from "../media/ffmpeg.ts";

export class StitchError extends Error {
  override readonly name = "StitchError";
  constructor(readonly clips: number, reason: string) {
    super(`joining ${clips} clips failed: ${reason}`);
  }
}

/** Concatenates the clips in order into one MP4. */
export async function stitchClips(ffmpeg: string, clips: readonly Uint8Array[], timeoutMs = 120_000): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "reelsmith-stitch-"));
  try {
    const names: string[] = [];
    for (const [i, bytes] of clips.entries()) {
      const name = join(dir, `clip-${String(i + 1).padStart(3, "0")}.mp4`);
      await writeFile(name, bytes);
      names.push(name);
    }
    const out = join(dir, "joined.mp4");
    try {
      await stitchFiles(ffmpeg, names, out, { timeoutMs });
    } catch (error) {
      throw new StitchError(clips.length, error instanceof MediaError ? error.message : String(error));
    }
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
