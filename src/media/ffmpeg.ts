/**
 * Video files with ffmpeg: finding the binary, reading what a clip is, taking its last frame,
 * joining clips, and rendering test clips for the sandbox.
 *
 * Everything works on files on disk and streams through ffmpeg; no clip is read into memory
 * here. Only ffmpeg itself is needed: the bundled static build (`@ffmpeg-installer/ffmpeg`) has no
 * ffprobe, so clips are read from `ffmpeg -i`'s own description of its input.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";

export class MediaError extends Error {
  override readonly name = "MediaError";
  constructor(readonly operation: "probe" | "last_frame" | "stitch" | "render", reason: string) {
    super(`ffmpeg ${operation} failed: ${reason}`);
  }
}

/** The full path of an executable found on `pathEnv`, or undefined. */
export function findExecutable(name: string, pathEnv: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (pathEnv ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary `@ffmpeg-installer/ffmpeg` ships for this platform, if it is installed and runnable. */
export function bundledFfmpeg(): string | undefined {
  try {
    // The package throws a plain string on a platform it has no binary for.
    const found = (createRequire(import.meta.url)("@ffmpeg-installer/ffmpeg") as { path?: unknown }).path;
    return typeof found === "string" && isExecutable(found) ? found : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ffmpeg to use: FFMPEG_PATH when the operator set it (even if it is wrong, so the mistake
 * shows), else the bundled binary, else one on the PATH. Undefined: no ffmpeg at all.
 */
export function locateFfmpeg(options: { configured?: string | undefined; pathEnv?: string | undefined } = {}): string | undefined {
  const configured = options.configured?.trim();
  if (configured) return configured;
  return bundledFfmpeg() ?? findExecutable("ffmpeg", options.pathEnv ?? process.env.PATH);
}

interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  cwd?: string;
}

/** Runs ffmpeg; resolves with its exit code and the tail of what it wrote to stderr. */
function run(ffmpeg: string, args: string[], options: RunOptions = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ["-hide_banner", "-nostdin", ...args], {
      cwd: options.cwd,
      stdio: ["ignore", "ignore", "pipe"],
      signal: options.signal,
      timeout: options.timeoutMs ?? 120_000,
      killSignal: "SIGKILL",
    });
    // Kept bounded: a long encode logs progress for minutes.
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-64_000);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

async function runOrThrow(operation: MediaError["operation"], ffmpeg: string, args: string[], options?: RunOptions): Promise<void> {
  let result;
  try {
    result = await run(ffmpeg, args, options);
  } catch (error) {
    throw new MediaError(operation, error instanceof Error ? error.message : String(error));
  }
  if (result.code !== 0) {
    const tail = result.stderr.trim().split("\n").slice(-3).join(" | ");
    throw new MediaError(operation, tail || `exit code ${result.code}`);
  }
}

export interface MediaInfo {
  durationSeconds: number;
  /** Video codec name as ffmpeg reports it ("h264", "hevc", "vp9"). */
  codec: string;
  width: number;
  height: number;
  fps: number;
  /** Audio codec, absent when the clip is silent. */
  audioCodec?: string;
}

/** Reads a clip's length, codec, size and frame rate. */
export async function probe(ffmpeg: string, file: string, options: RunOptions = {}): Promise<MediaInfo> {
  // With no output ffmpeg exits 1 after describing the input; that description is what we read.
  let stderr: string;
  try {
    stderr = (await run(ffmpeg, ["-i", file], { timeoutMs: 30_000, ...options })).stderr;
  } catch (error) {
    throw new MediaError("probe", error instanceof Error ? error.message : String(error));
  }
  const info = parseProbe(stderr);
  if (!info) throw new MediaError("probe", stderr.trim().split("\n").at(-1) ?? "no video stream");
  return info;
}

/** `ffmpeg -i` output → what the clip is; undefined when there is no video stream. */
export function parseProbe(stderr: string): MediaInfo | undefined {
  const duration = /Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  const video = /Stream #\d+:\d+[^:]*: Video: ([a-z0-9_]+)[^\n]*?, (\d{2,5})x(\d{2,5})[^\n]*/i.exec(stderr);
  if (!video) return undefined;
  const line = video[0];
  const fps = /, ([\d.]+) fps/.exec(line)?.[1] ?? /, ([\d.]+) tbr/.exec(line)?.[1];
  const audio = /Stream #\d+:\d+[^:]*: Audio: ([a-z0-9_]+)/i.exec(stderr);
  const info: MediaInfo = {
    durationSeconds: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : 0,
    codec: video[1]!.toLowerCase(),
    width: Number(video[2]),
    height: Number(video[3]),
    fps: fps ? Number(fps) : 0,
  };
  if (audio) info.audioCodec = audio[1]!.toLowerCase();
  return info;
}

/**
 * Writes the clip's last frame as an image (JPEG or PNG by `out`'s extension): what a chained
 * shot starts from. Only the final second is decoded.
 */
export async function extractLastFrame(ffmpeg: string, clip: string, out: string, options: RunOptions = {}): Promise<void> {
  const partial = `${out}.part${extensionOf(out)}`;
  try {
    // -update keeps overwriting one image, so the file left is the last frame decoded.
    await runOrThrow("last_frame", ffmpeg, ["-sseof", "-1", "-i", clip, "-an", "-update", "1", "-q:v", "2", "-y", partial], options);
    if (!existsSync(partial)) throw new MediaError("last_frame", "no frame decoded");
    await rename(partial, out);
  } finally {
    await rm(partial, { force: true });
  }
}

function extensionOf(path: string): string {
  return /\.[a-z0-9]+$/i.exec(path)?.[0] ?? ".jpg";
}

/** Clips that share codec, size, frame rate and audio can be joined without decoding them. */
export function sameFormat(clips: readonly MediaInfo[]): boolean {
  const [first, ...rest] = clips;
  if (!first) return true;
  return rest.every(
    (c) =>
      c.codec === first.codec &&
      c.width === first.width &&
      c.height === first.height &&
      Math.abs(c.fps - first.fps) < 0.01 &&
      c.audioCodec === first.audioCodec,
  );
}

export interface StitchResult {
  /** True when the clips differed in codec, size, frame rate or audio and were re-encoded. */
  reencoded: boolean;
  info: MediaInfo;
}

/**
 * Joins clips in order into one MP4 at `out`: the concat demuxer with stream copy when they
 * share a format, else a re-encode to the first clip's size and frame rate (letterboxed where
 * the shape differs), never a blind concatenation of mismatched streams.
 */
export async function stitchFiles(ffmpeg: string, clips: readonly string[], out: string, options: RunOptions = {}): Promise<StitchResult> {
  if (clips.length === 0) throw new MediaError("stitch", "no clips");
  const infos = await Promise.all(clips.map((c) => probe(ffmpeg, c, options)));
  const reencoded = !sameFormat(infos);
  const partial = `${out}.part.mp4`;
  const dir = await mkdtemp(join(tmpdir(), "reelsmith-stitch-"));
  try {
    if (!reencoded) {
      const list = join(dir, "list.txt");
      await writeFile(list, clips.map((c) => `file '${c.replace(/'/g, "'\\''")}'`).join("\n") + "\n");
      await runOrThrow("stitch", ffmpeg, ["-f", "concat", "-safe", "0", "-i", list, "-c", "copy", "-movflags", "+faststart", "-y", partial], options);
    } else {
      await runOrThrow("stitch", ffmpeg, reencodeArgs(clips, infos, partial), options);
    }
    await rename(partial, out);
    return { reencoded, info: await probe(ffmpeg, out, options) };
  } finally {
    await rm(partial, { force: true });
    await rm(dir, { recursive: true, force: true });
  }
}

function reencodeArgs(clips: readonly string[], infos: readonly MediaInfo[], out: string): string[] {
  const first = infos[0]!;
  const even = (n: number): number => Math.max(2, Math.floor(n / 2) * 2);
  const width = even(first.width);
  const height = even(first.height);
  const fps = first.fps > 0 ? first.fps : 30;
  // Sound only when every clip has it: concat needs the same streams from each input.
  const audio = infos.every((i) => i.audioCodec !== undefined);
  const chains = infos.map((_, i) => {
    const v = `[${i}:v]scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps},format=yuv420p[v${i}]`;
    const a = audio ? `;[${i}:a]aresample=48000,aformat=channel_layouts=stereo[a${i}]` : "";
    return v + a;
  });
  const inputs = infos.map((_, i) => (audio ? `[v${i}][a${i}]` : `[v${i}]`)).join("");
  const graph = `${chains.join(";")};${inputs}concat=n=${infos.length}:v=1:a=${audio ? 1 : 0}[v]${audio ? "[a]" : ""}`;
  return [
    ...clips.flatMap((c) => ["-i", c]),
    "-filter_complex", graph,
    "-map", "[v]",
    ...(audio ? ["-map", "[a]", "-c:a", "aac", "-b:a", "128k"] : ["-an"]),
    "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
    "-movflags", "+faststart", "-y", out,
  ];
}

/** Font files that drawtext can use, most common first; none found means clips carry no text. */
const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/TTF/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  "/usr/share/fonts/noto/NotoSans-Regular.ttf",
  "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
  "/System/Library/Fonts/Supplemental/Arial.ttf",
  "C:\\Windows\\Fonts\\arial.ttf",
];

export function findFont(candidates: readonly string[] = FONT_CANDIDATES): string | undefined {
  return candidates.find((f) => existsSync(f));
}

export interface TestClip {
  seconds: number;
  width: number;
  height: number;
  /** Drawn on the clip when a font is available; skipped otherwise. */
  caption?: string;
  fps?: number;
  font?: string | undefined;
}

/** A real, playable H.264 MP4: a moving test pattern, with the caption drawn on it when a font exists. */
export async function renderTestClip(ffmpeg: string, out: string, clip: TestClip, options: RunOptions = {}): Promise<void> {
  const fps = clip.fps ?? 24;
  const source = `testsrc2=size=${clip.width}x${clip.height}:rate=${fps}:duration=${clip.seconds}`;
  await render(ffmpeg, out, source, clip, ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "30", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-t", String(clip.seconds)], options);
}

/** A real PNG of the test pattern, with the caption when a font exists. */
export async function renderTestImage(ffmpeg: string, out: string, image: Omit<TestClip, "seconds" | "fps">, options: RunOptions = {}): Promise<void> {
  await render(ffmpeg, out, `testsrc2=size=${image.width}x${image.height}:rate=1:duration=1`, image, ["-frames:v", "1"], options);
}

async function render(ffmpeg: string, out: string, source: string, clip: Omit<TestClip, "seconds">, encode: string[], options: RunOptions): Promise<void> {
  const font = clip.font === undefined ? findFont() : clip.font;
  const dir = await mkdtemp(join(tmpdir(), "reelsmith-render-"));
  const partial = join(dirname(out), `.${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${extensionOf(out)}`);
  try {
    const filters: string[] = [];
    if (font && clip.caption?.trim()) {
      // The text goes through a file, so no character of it needs filter-graph escaping.
      const textFile = join(dir, "caption.txt");
      const size = Math.max(12, Math.round(Math.min(clip.width, clip.height) / 14));
      await writeFile(textFile, wrap(clip.caption.trim(), Math.max(8, Math.floor((clip.width - 24) / (size * 0.6)))));
      filters.push(
        `drawtext=fontfile='${filterPath(font)}':textfile='${filterPath(textFile)}':fontsize=${size}:expansion=none:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8:x=(w-text_w)/2:y=h-text_h-${size}`,
      );
    }
    await runOrThrow("render", ffmpeg, ["-f", "lavfi", "-i", source, ...(filters.length ? ["-vf", filters.join(",")] : []), ...encode, "-y", partial], options);
    await rename(partial, out);
  } finally {
    await rm(partial, { force: true });
    await rm(dir, { recursive: true, force: true });
  }
}

/** Words in lines of at most `width` characters (a longer word stands alone), three lines at most. */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.slice(0, 3).join("\n");
}

/** A path inside a quoted filter argument: backslashes, quotes and colons escaped. */
function filterPath(path: string): string {
  return path.replace(/\\/g, "/").replace(/'/g, "'\\\\''").replace(/:/g, "\\:");
}
