/**
 * The built-in sandbox: a provider that costs nothing and needs no account, so the bot works on a
 * fresh machine. A task id encodes its start time and length, so its status is computed rather
 * than remembered and a restart loses nothing.
 *
 * With `clips` it makes real media with ffmpeg: a short MP4 of a moving test pattern with the
 * shot's first words drawn on it (a PNG for images), written under the download folder. What to
 * render is written beside it at submission, so a restart mid-render renders it again. The bytes
 * reach the chat through `download`, the path the delivery already takes for providers whose URLs
 * it cannot fetch itself.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { AspectRatio, ModelSpec } from "../domain/catalog.ts";
import { extractLastFrame, renderTestClip, renderTestImage } from "../media/ffmpeg.ts";
import type { Download, GenerationRequest, Provider, TaskStatus, UploadedImage } from "./provider.ts";
import { ProviderError } from "./provider.ts";

export const SANDBOX_URL_BASE = "https://sandbox.reelsmith.invalid";

export interface SandboxClips {
  /** Where rendered clips are kept (DOWNLOAD_DIR/sandbox). */
  dir: string;
  ffmpeg: string;
}

/** What one task renders: kept as JSON beside the media. */
interface RenderSpec {
  kind: "video" | "image";
  seconds: number;
  width: number;
  height: number;
  count: number;
  caption: string;
}

/** Small sizes: a test clip only has to play, and small ones render in about a second. */
const SIZES: Record<AspectRatio, [number, number]> = {
  "9:16": [270, 480],
  "16:9": [480, 270],
  "1:1": [360, 360],
  "4:3": [400, 300],
  "3:4": [300, 400],
  "21:9": [560, 240],
};

/** The shot's first words: the primary request of a structured prompt, or the prompt's start. */
export function captionOf(prompt: string, maxWords = 7): string {
  const primary = /^Primary request:\s*(.+)$/m.exec(prompt)?.[1] ?? prompt;
  const words = primary.replace(/\s+/g, " ").trim().split(" ");
  const caption = words.slice(0, maxWords).join(" ");
  return caption.length > 48 ? `${caption.slice(0, 47)}…` : caption;
}

function specOf(request: GenerationRequest): RenderSpec {
  if (request.kind === "video") {
    const [width, height] = SIZES[request.orientation as AspectRatio] ?? SIZES["16:9"];
    return { kind: "video", seconds: request.seconds, width, height, count: 1, caption: captionOf(request.prompt) };
  }
  const [w, h] = SIZES[request.aspectRatio as AspectRatio] ?? SIZES["1:1"];
  return { kind: "image", seconds: 0, width: w * 2, height: h * 2, count: request.n, caption: captionOf(request.prompt) };
}

export function createSandboxProvider(options: { durationMs?: number; now?: () => number; clips?: SandboxClips } = {}): Provider {
  const durationMs = options.durationMs ?? 4000;
  const now = options.now ?? Date.now;
  const clips = options.clips;
  const rendering = new Map<string, Promise<void>>();
  // One render at a time: a split of eight clips should not take every core from the bot.
  let queue: Promise<unknown> = Promise.resolve();

  const files = (tag: string, spec: Pick<RenderSpec, "kind" | "count">): string[] =>
    spec.kind === "video"
      ? [join(clips!.dir, `${tag}.mp4`)]
      : Array.from({ length: spec.count }, (_, i) => join(clips!.dir, `${tag}-${i + 1}.png`));

  function render(tag: string): Promise<void> {
    const running = rendering.get(tag);
    if (running) return running;
    const specFile = join(clips!.dir, `${tag}.json`);
    if (!existsSync(specFile)) return Promise.reject(new ProviderError("sandbox", "invalid_input", `sandbox task ${tag} has nothing to render`));
    const spec = JSON.parse(readFileSync(specFile, "utf8")) as RenderSpec;
    const job = queue.then(async () => {
      for (const out of files(tag, spec)) {
        if (existsSync(out)) continue;
        if (spec.kind === "video") {
          await renderTestClip(clips!.ffmpeg, out, { seconds: spec.seconds, width: spec.width, height: spec.height, caption: spec.caption });
        } else {
          await renderTestImage(clips!.ffmpeg, out, { width: spec.width, height: spec.height, caption: spec.caption });
        }
      }
    });
    queue = job.catch(() => undefined);
    const tracked = job.finally(() => rendering.delete(tag));
    rendering.set(tag, tracked);
    return tracked;
  }

  /** Whether the task's media is on disk; starts (or restarts) the render when it is not. */
  function rendered(tag: string, kind: "video" | "image", count: number): boolean {
    if (files(tag, { kind, count }).every((f) => existsSync(f))) return true;
    render(tag).catch(() => undefined);
    return false;
  }

  const provider: Provider = {
    id: "sandbox",
    label: "Sandbox",
    async capabilities(): Promise<ModelSpec[]> {
      return [];
    },
    async upload(input): Promise<UploadedImage> {
      return { ref: `sandbox-${randomBytes(4).toString("hex")}`, mime: input.mime, fileName: input.fileName };
    },
    async submit(request) {
      if (request.prompt.trim().length === 0) {
        throw new ProviderError("sandbox", "invalid_input", "the prompt is empty");
      }
      const count = request.kind === "image" ? request.n : 1;
      const tag = randomBytes(clips ? 8 : 3).toString("hex");
      const taskId = `sbx_${request.kind[0]}${count}_${now().toString(36)}_${durationMs.toString(36)}_${tag}`;
      if (clips) {
        mkdirSync(clips.dir, { recursive: true });
        writeFileSync(join(clips.dir, `${tag}.json`), JSON.stringify(specOf(request)));
        render(tag).catch(() => undefined);
      }
      return { taskId, raw: { task_id: taskId, status: "queued" } };
    },
    async status(taskId): Promise<TaskStatus> {
      const { kind, count, elapsed, total, tag } = parseTaskId(taskId);
      const progress = Math.max(0, Math.min(100, Math.round((elapsed / total) * 100)));
      const raw = { task_id: taskId, elapsed_ms: elapsed };
      const empty = { videos: [], images: [], thumbnails: [] };
      if (elapsed < total * 0.25) return { state: "queued", outputs: empty, raw };
      if (elapsed < total) return { state: "running", progress, outputs: empty, raw };
      if (clips) {
        const done = files(tag, { kind, count }).every((f) => existsSync(f));
        if (!done && !rendering.has(tag) && !existsSync(join(clips.dir, `${tag}.json`))) {
          // Made elsewhere or cleaned away: say so rather than run forever.
          return { state: "failed", outputs: empty, error: { kind: "unknown", message: "the sandbox no longer has this clip" }, raw };
        }
        if (!rendered(tag, kind, count)) return { state: "running", progress: 99, outputs: empty, raw };
        const urls = files(tag, { kind, count }).map((f) => pathToFileURL(f).href);
        return {
          state: "succeeded",
          progress: 100,
          outputs: kind === "video" ? { videos: urls, images: [], thumbnails: [] } : { videos: [], images: urls, thumbnails: [] },
          raw,
        };
      }
      if (kind === "video") {
        return {
          state: "succeeded",
          progress: 100,
          outputs: { videos: [`${SANDBOX_URL_BASE}/clips/${tag}.mp4`], images: [], thumbnails: [`${SANDBOX_URL_BASE}/clips/${tag}.jpg`] },
          raw,
        };
      }
      const images = Array.from({ length: count }, (_, i) => `${SANDBOX_URL_BASE}/images/${tag}-${i + 1}.png`);
      return { state: "succeeded", progress: 100, outputs: { videos: [], images, thumbnails: [] }, raw };
    },
  };
  if (clips) {
    provider.download = async (taskId, variant): Promise<Download> => {
      const { kind, count, tag } = parseTaskId(taskId);
      if (kind !== "video") throw new ProviderError("sandbox", "invalid_input", `sandbox task ${taskId} is not a video`);
      await render(tag);
      const [clip] = files(tag, { kind, count });
      if (variant === "video") return { bytes: new Uint8Array(await readFile(clip!)), mime: "video/mp4" };
      const frame = join(clips.dir, `${tag}.jpg`);
      if (!existsSync(frame)) await extractLastFrame(clips.ffmpeg, clip!, frame);
      return { bytes: new Uint8Array(await readFile(frame)), mime: "image/jpeg" };
    };
  }
  return provider;

  function parseTaskId(taskId: string): { kind: "video" | "image"; count: number; elapsed: number; total: number; tag: string } {
    const match = /^sbx_([vi])(\d+)_([0-9a-z]+)_([0-9a-z]+)_([0-9a-f]+)$/.exec(taskId);
    if (!match) throw new ProviderError("sandbox", "invalid_input", `no sandbox task ${taskId}`);
    const [, kind, count, start, length, tag] = match as unknown as [string, string, string, string, string, string];
    return {
      kind: kind === "v" ? "video" : "image",
      count: Number(count),
      elapsed: now() - Number.parseInt(start, 36),
      total: Number.parseInt(length, 36),
      tag,
    };
  }
}
