/**
 * Joining the clips of a multi-segment video with ffmpeg's concat demuxer, when ffmpeg is on PATH.
 * Stream copy only: the clips come from one model with one size, so nothing is re-encoded.
 */
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The most a joined video (and so any one clip of it) may weigh: the largest upload a chat takes
 * (Telegram's 50 MB). Clips are fetched to disk up to this, and a larger join is not read back.
 */
export const MAX_JOINED_BYTES = 50 * 1024 * 1024;

/** The full path of an executable found on `pathEnv`, or undefined. */
export function findExecutable(name: string, pathEnv: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (pathEnv ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

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
    const paths: string[] = [];
    for (const [i, bytes] of clips.entries()) {
      const path = join(dir, clipName(i));
      await writeFile(path, bytes);
      paths.push(path);
    }
    return await stitchFiles(ffmpeg, paths, timeoutMs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The file name of clip `i` (0-based) in a stitching folder. */
export function clipName(i: number): string {
  return `clip-${String(i + 1).padStart(3, "0")}.mp4`;
}

/** Concatenates clip files (already on disk) in order into one MP4, refused past MAX_JOINED_BYTES. */
export async function stitchFiles(ffmpeg: string, paths: readonly string[], timeoutMs = 120_000): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "reelsmith-stitch-"));
  try {
    const list = join(dir, "list.txt");
    // The concat demuxer reads quoted paths; a quote inside one is written as '\''.
    await writeFile(list, paths.map((p) => `file '${p.replace(/'/g, "'\\''")}'`).join("\n") + "\n");
    const out = join(dir, "joined.mp4");
    try {
      await run(ffmpeg, ["-hide_banner", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy", "-y", out], {
        cwd: dir,
        timeout: timeoutMs,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new StitchError(paths.length, stderr || (error instanceof Error ? error.message : String(error)));
    }
    if ((await stat(out)).size > MAX_JOINED_BYTES) throw new StitchError(paths.length, "the joined file is too large to send");
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
