/**
 * Joining the clips of a multi-segment video with ffmpeg's concat demuxer, when ffmpeg is on PATH.
 * Stream copy only: the clips come from one model with one size, so nothing is re-encoded.
 */
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

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
    const names: string[] = [];
    for (const [i, bytes] of clips.entries()) {
      const name = `clip-${String(i + 1).padStart(3, "0")}.mp4`;
      await writeFile(join(dir, name), bytes);
      names.push(name);
    }
    const list = join(dir, "list.txt");
    await writeFile(list, names.map((n) => `file '${n}'`).join("\n") + "\n");
    const out = join(dir, "joined.mp4");
    try {
      await run(ffmpeg, ["-hide_banner", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy", "-y", out], {
        cwd: dir,
        timeout: timeoutMs,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new StitchError(clips.length, stderr || (error instanceof Error ? error.message : String(error)));
    }
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
