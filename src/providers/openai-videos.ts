/**
 * Client for the OpenAI-style Videos API (`/v1/videos`): create, poll, download, remix, list, delete.
 *
 * Why raw HTTP through `http.ts` and not the `openai` package: one HTTP seam for every provider,
 * no hidden retries of the paid POST (openai-node retries a create twice without an idempotency
 * key), and the SDK's model/size/seconds enums lag the docs. OpenAI itself shut Sora 2 and this API
 * down on 2026-09-24; gateways still speak the protocol, so the provider is a protocol configured by
 * base URL, key and a model list, not a vendor.
 *
 * The multipart body is undici's own FormData: undici 7 cannot stream Node 20's global FormData.
 */
import { undici } from "../lib/undici.ts";
import { trustOrigin } from "../lib/download.ts";
import { acceptsSeconds, isRetired, type AspectRatio, type VideoModel } from "../domain/catalog.ts";
import { createHttp, type Http, type HttpResponse } from "./http.ts";
import {
  ProviderError,
  type Download,
  type ErrorKind,
  type GenerationRequest,
  type ListedTask,
  type Provider,
  type Submission,
  type TaskStatus,
  type UploadedImage,
  type UploadInput,
} from "./provider.ts";

export interface OpenAIVideoModelConfig {
  id: string;
  /** Clip lengths the gateway accepts, in seconds (sent as a string). */
  seconds: number[];
  /** `WxH` sizes the gateway accepts for this model. */
  sizes: string[];
}

export interface OpenAIVideosOptions {
  apiKey: string;
  /** Up to and including `/v1`. */
  baseUrl?: string;
  models: OpenAIVideoModelConfig[];
  http?: Http;
  /** Today as YYYY-MM-DD; injected so retirement can be tested. */
  today?: () => string;
}

export const OPENAI_BASE_URL = "https://api.openai.com/v1";
export const OPENAI_HOST = "api.openai.com";
export const SORA_SHUTDOWN_DATE = "2026-09-24";

/** What to suggest instead of a Sora model once OpenAI stopped serving it. */
export const SORA_REPLACEMENTS: Readonly<Record<"sora-2" | "sora-2-pro", string>> = {
  "sora-2": "doubao-seedance-2",
  "sora-2-pro": "veo-3.1-exp",
};

/** The seconds and sizes OpenAI's published Videos API spec allows (VideoSeconds, VideoSize). */
const DEFAULT_SECONDS = [4, 8, 12];
const DEFAULT_SIZES = ["1280x720", "720x1280"];
const SORA_SIZES: Record<"sora-2" | "sora-2-pro", string[]> = {
  "sora-2": ["1280x720", "720x1280"],
  "sora-2-pro": ["1280x720", "720x1280", "1024x1792", "1792x1024"],
};
/** A finished clip is read into memory to be uploaded; nothing a chat takes is larger. */
export const MAX_CONTENT_BYTES = 50 * 1024 * 1024;
const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);
const LIST_PAGE_LIMIT = 50;
/** Reconciliation only looks back a short window; this bounds a runaway pagination. */
const LIST_MAX_PAGES = 20;

/** The Sora family an id belongs to, dated snapshots (`sora-2-2025-10-06`) included. */
export function soraFamily(id: string): "sora-2" | "sora-2-pro" | undefined {
  const m = /^(sora-2(?:-pro)?)(?:-\d{4}-\d{2}-\d{2})?$/.exec(id);
  return m ? (m[1] as "sora-2" | "sora-2-pro") : undefined;
}

/**
 * Parses OPENAI_VIDEO_MODELS: comma-separated model ids, each optionally followed by `:` and its
 * allowed seconds joined with `/`, and optionally by another `:` and its sizes joined with `/`,
 * e.g. `sora-2,sora-2-pro:4/8/12` or, for a gateway that allows more than OpenAI's spec,
 * `sora-2-pro:4/8/12/16/20:1280x720/720x1280/1920x1080/1080x1920`. Seconds default to the spec's
 * 4/8/12; sizes to the spec's table for sora-2 / sora-2-pro (and dated variants), else 1280x720
 * and 720x1280. An empty value means no models.
 */
export function parseVideoModelList(value: string): OpenAIVideoModelConfig[] {
  if (value.trim() === "") return [];
  const seen = new Set<string>();
  return value.split(",").map((raw) => {
    const entry = raw.trim();
    const [id = "", secondsPart, sizesPart, ...rest] = entry.split(":");
    if (rest.length > 0 || !/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/.test(id)) {
      throw new Error(`OPENAI_VIDEO_MODELS: malformed entry "${entry}" (expected id, id:4/8/12 or id:4/8/12:1280x720/720x1280)`);
    }
    if (seen.has(id)) throw new Error(`OPENAI_VIDEO_MODELS: model "${id}" is listed twice`);
    seen.add(id);
    let seconds = DEFAULT_SECONDS;
    if (secondsPart !== undefined) {
      const parts = secondsPart.split("/");
      if (!parts.every((p) => /^[1-9]\d{0,3}$/.test(p))) {
        throw new Error(`OPENAI_VIDEO_MODELS: seconds of "${id}" must be positive integers joined by "/", got "${secondsPart}"`);
      }
      seconds = [...new Set(parts.map(Number))].sort((a, b) => a - b);
    }
    const family = soraFamily(id);
    let sizes = family ? SORA_SIZES[family] : DEFAULT_SIZES;
    if (sizesPart !== undefined) {
      const parts = sizesPart.split("/");
      if (!parts.every((p) => /^[1-9]\d{2,4}x[1-9]\d{2,4}$/.test(p))) {
        throw new Error(`OPENAI_VIDEO_MODELS: sizes of "${id}" must be WIDTHxHEIGHT joined by "/", got "${sizesPart}"`);
      }
      sizes = [...new Set(parts)];
    }
    return { id, seconds: [...seconds], sizes: [...sizes] };
  });
}

function parseSize(size: string): { w: number; h: number } | undefined {
  const m = /^(\d+)x(\d+)$/.exec(size);
  return m ? { w: Number(m[1]), h: Number(m[2]) } : undefined;
}

function orientationOf(size: string): AspectRatio | undefined {
  const s = parseSize(size);
  if (!s) return undefined;
  return s.w > s.h ? "16:9" : s.w < s.h ? "9:16" : "1:1";
}

/** The size a definition + orientation means on this API. */
export function sizeFor(definition: string, orientation: string): string | undefined {
  const table: Record<string, Record<string, string>> = {
    "720p": { "16:9": "1280x720", "9:16": "720x1280" },
    "1080p": { "16:9": "1920x1080", "9:16": "1080x1920" },
  };
  return table[definition]?.[orientation];
}

function toVideoModel(config: OpenAIVideoModelConfig): VideoModel {
  const family = soraFamily(config.id);
  const orientations = [...new Set(config.sizes.map(orientationOf).filter((o) => o !== undefined))];
  return {
    kind: "video",
    id: config.id,
    provider: "openai",
    label: config.id,
    aliases: [],
    modes: ["text", "first_frame", "remix", "audio"],
    tier: config.id.includes("pro") ? "quality" : "balanced",
    typicalSeconds: 180,
    durations: { allowed: [...config.seconds] },
    definitions: config.sizes.includes("1920x1080") ? ["720p", "1080p"] : ["720p"],
    orientations,
    maxReferenceImages: 1,
    defaults: { seconds: Math.min(...config.seconds), definition: "720p", orientation: "16:9" },
    ...(family
      ? { retired: { date: SORA_SHUTDOWN_DATE, replacement: SORA_REPLACEMENTS[family], host: OPENAI_HOST } }
      : {}),
  };
}

interface ApiErrorBody {
  message?: string;
  type?: string;
  param?: string;
  code?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function apiError(json: unknown): ApiErrorBody {
  const e = isRecord(json) && isRecord(json.error) ? json.error : {};
  return { message: str(e.message), type: str(e.type), param: str(e.param), code: str(e.code) };
}

const MODERATION = /moderation/i;

export function createOpenAIVideosProvider(options: OpenAIVideosOptions): Provider {
  const base = (options.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, "");
  const host = new URL(base).hostname;
  const http = options.http ?? createHttp({ provider: "openai" });
  // Its result URLs may live on its own host, which is configured and so may be on a private network.
  trustOrigin(base);
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  const models = options.models.map(toVideoModel);
  const key = options.apiKey;

  /** Servers echo keys back ("Incorrect API key provided: sk-…"); nothing of it may reach a log. */
  function redact(text: string): string {
    let out = key.length > 0 ? text.split(key).join("[redacted]") : text;
    out = out.replace(/\b(sk|sess)-[A-Za-z0-9_*\-]{4,}/g, "[redacted]");
    return out.length > 300 ? `${out.slice(0, 300)}…` : out;
  }

  function fail(kind: ErrorKind, message: string, details: ProviderError["details"] = {}): ProviderError {
    return new ProviderError("openai", kind, redact(message), details);
  }

  /** Maps a non-2xx response; `submission` marks a create whose 5xx may still have made a video. */
  function errorFrom(res: HttpResponse, what: string, submission: boolean): ProviderError {
    const e = apiError(res.json);
    const status = res.status;
    const detail = e.message ?? (res.json === undefined ? "non-JSON body" : "no error message");
    const message = `${what}: HTTP ${status}${e.code ? ` ${e.code}` : ""}: ${detail}`;
    const context = { status, ...(e.code ? { code: e.code } : {}) };
    const moderated = MODERATION.test(e.code ?? "") || MODERATION.test(e.type ?? "") || MODERATION.test(e.message ?? "");
    if (status === 429) {
      if (e.code === "insufficient_quota") return fail("quota", message, context);
      return fail("rate_limited", message, { ...context, ...(res.retryAfterMs !== undefined ? { retryAfterMs: res.retryAfterMs } : {}) });
    }
    if (status === 401 || status === 403) return fail("auth", message, context);
    if (status === 408 || status === 409 || status === 425 || status >= 500) {
      return fail("transient", message, { ...context, outcomeUnknown: submission && status >= 500 });
    }
    if (status >= 400) return fail(moderated ? "moderation" : "invalid_input", message, context);
    return fail("transient", message, { ...context, outcomeUnknown: submission });
  }

  const auth = (): Record<string, string> => ({ Authorization: `Bearer ${key}` });
  const videoUrl = (id: string) => `${base}/videos/${encodeURIComponent(id)}`;
  const ok = (res: HttpResponse) => res.status >= 200 && res.status < 300;

  /** A create or remix reply: anything but a video id after a 2xx leaves the outcome unknown. */
  function submission(res: HttpResponse, what: string): Submission {
    if (!ok(res)) throw errorFrom(res, what, true);
    const id = isRecord(res.json) ? str(res.json.id) : undefined;
    if (!id) {
      throw fail("transient", `${what}: HTTP ${res.status} without a video id`, { status: res.status, outcomeUnknown: true });
    }
    return { taskId: id, raw: res.json };
  }

  function refuseRetired(model: VideoModel): void {
    const now = today();
    if (!isRetired(model, now, host) || !model.retired) return;
    throw fail(
      "invalid_input",
      `model ${model.id} was shut down on ${model.retired.host ?? "all hosts"} on ${model.retired.date}; use ${model.retired.replacement}`,
      { code: "model_retired" },
    );
  }

  return {
    id: "openai",
    label: `/v1/videos (${host})`,

    async capabilities() {
      return models.map((m) => structuredClone(m));
    },

    async upload(input: UploadInput): Promise<UploadedImage> {
      if (!IMAGE_TYPES.has(input.mime)) {
        throw fail("invalid_input", `reference image type ${input.mime} is not jpeg, png or webp`, { code: "unsupported_image_type" });
      }
      // No upload endpoint: the bytes travel in the create request's multipart body.
      return { ref: "inline", mime: input.mime, bytes: input.bytes, fileName: input.fileName };
    },

    async submit(request: GenerationRequest, signal?: AbortSignal): Promise<Submission> {
      if (request.kind !== "video") throw fail("invalid_input", "this provider makes videos only", { code: "unsupported_kind" });
      const model = models.find((m) => m.id === request.model);
      if (!model) throw fail("invalid_input", `model ${request.model} is not configured`, { code: "unknown_model" });
      refuseRetired(model);
      const config = options.models.find((m) => m.id === model.id);
      const size = sizeFor(request.definition, request.orientation);
      if (!size || !config?.sizes.includes(size)) {
        throw fail("invalid_input", `${model.id} does not offer ${request.definition} ${request.orientation}`, { code: "unsupported_size" });
      }
      if (!acceptsSeconds(model.durations, request.seconds)) {
        throw fail("invalid_input", `${model.id} does not offer ${request.seconds} s`, { code: "unsupported_seconds" });
      }
      if (request.images.length > model.maxReferenceImages) {
        throw fail("invalid_input", `${model.id} takes at most ${model.maxReferenceImages} reference image`, { code: "too_many_images" });
      }

      const form = new (await undici()).FormData();
      form.append("prompt", request.prompt);
      form.append("model", model.id);
      form.append("seconds", String(request.seconds));
      form.append("size", size);
      const image = request.images[0];
      if (image) {
        if (!image.bytes) throw fail("invalid_input", "reference image has no bytes", { code: "missing_image_bytes" });
        const ext = image.mime.split("/")[1] ?? "img";
        form.append("input_reference", new Blob([new Uint8Array(image.bytes)], { type: image.mime }), image.fileName ?? `reference.${ext}`);
      }
      const res = await http.send({
        method: "POST",
        url: `${base}/videos`,
        headers: { ...auth(), Accept: "application/json" },
        body: form,
        retry: false,
        ...(signal ? { signal } : {}),
      });
      return submission(res, "create video");
    },

    async status(taskId: string, _kind: "video" | "image", signal?: AbortSignal): Promise<TaskStatus> {
      const res = await http.send({
        method: "GET",
        url: videoUrl(taskId),
        headers: { ...auth(), Accept: "application/json" },
        retry: true,
        ...(signal ? { signal } : {}),
      });
      if (!ok(res)) throw errorFrom(res, "retrieve video", false);
      if (!isRecord(res.json)) throw fail("transient", `retrieve video: HTTP ${res.status} with a non-JSON body`, { status: res.status });
      const video = res.json;
      const pollAfter = Number(res.headers["openai-poll-after-ms"]);
      const result: TaskStatus = {
        state: "running",
        outputs: { videos: [], images: [], thumbnails: [] },
        raw: video,
        ...(Number.isFinite(pollAfter) && pollAfter > 0 ? { retryAfterMs: pollAfter } : {}),
      };
      const progress = typeof video.progress === "number" ? Math.max(0, Math.min(100, video.progress)) : undefined;
      if (progress !== undefined) result.progress = progress;
      const status = str(video.status);
      if (status === "queued") result.state = "queued";
      else if (status === "completed") {
        result.state = "succeeded";
        result.progress = 100;
        result.outputs.videos = [`${videoUrl(taskId)}/content?variant=video`];
        result.outputs.thumbnails = [`${videoUrl(taskId)}/content?variant=thumbnail`];
      } else if (status === "failed") {
        const e = isRecord(video.error) ? video.error : {};
        const code = str(e.code) ?? "";
        result.state = "failed";
        result.error = {
          kind: MODERATION.test(code) ? "moderation" : "unknown",
          message: redact(str(e.message) ?? (code || "failed")),
        };
      } else if (status === "canceled" || status === "expired") {
        result.state = "failed";
        result.error = { kind: "unknown", message: status };
      }
      // in_progress and any status we do not know stay "running": the poller keeps following.
      return result;
    },

    async download(taskId: string, variant: "video" | "thumbnail", signal?: AbortSignal): Promise<Download> {
      const res = await http.send({
        method: "GET",
        url: `${videoUrl(taskId)}/content?variant=${variant}`,
        // The spec answers video/mp4 or image/webp; application/binary is not among them.
        headers: { ...auth(), Accept: variant === "video" ? "video/mp4" : "image/*" },
        retry: true,
        timeoutMs: 300_000,
        maxBytes: MAX_CONTENT_BYTES,
        ...(signal ? { signal } : {}),
      });
      if (!ok(res)) throw errorFrom(res, `download ${variant}`, false);
      const mime = (res.headers["content-type"] ?? "").split(";")[0]?.trim() ||
        (variant === "video" ? "video/mp4" : "image/webp");
      return { bytes: res.bytes, mime };
    },

    async remix(taskId: string, prompt: string, signal?: AbortSignal): Promise<Submission> {
      const res = await http.send({
        method: "POST",
        url: `${videoUrl(taskId)}/remix`,
        headers: { ...auth(), Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify({ prompt }),
        retry: false,
        ...(signal ? { signal } : {}),
      });
      return submission(res, "remix video");
    },

    async cancel(taskId: string, signal?: AbortSignal): Promise<void> {
      const res = await http.send({
        method: "DELETE",
        url: videoUrl(taskId),
        headers: { ...auth(), Accept: "application/json" },
        retry: true,
        ...(signal ? { signal } : {}),
      });
      if (!ok(res)) throw errorFrom(res, "delete video", false);
    },

    async list(sinceMs: number, signal?: AbortSignal): Promise<ListedTask[]> {
      const found: ListedTask[] = [];
      let after: string | undefined;
      for (let page = 0; page < LIST_MAX_PAGES; page++) {
        const query = `order=desc&limit=${LIST_PAGE_LIMIT}${after ? `&after=${encodeURIComponent(after)}` : ""}`;
        const res = await http.send({
          method: "GET",
          url: `${base}/videos?${query}`,
          headers: { ...auth(), Accept: "application/json" },
          retry: true,
          ...(signal ? { signal } : {}),
        });
        if (!ok(res)) throw errorFrom(res, "list videos", false);
        // An unreadable page must not look like "no such video": the caller would resubmit.
        const body = res.json;
        if (!isRecord(body) || !Array.isArray(body.data)) {
          throw fail("transient", `list videos: HTTP ${res.status} without a list`, { status: res.status });
        }
        const data = body.data.filter(isRecord);
        let reachedOlder = false;
        for (const v of data) {
          const id = str(v.id);
          if (!id) continue;
          const createdAt = typeof v.created_at === "number" ? v.created_at * 1000 : undefined;
          if (createdAt !== undefined && createdAt < sinceMs) {
            reachedOlder = true;
            break;
          }
          const prompt = str(v.prompt);
          const model = str(v.model);
          found.push({
            taskId: id,
            ...(prompt !== undefined ? { prompt } : {}),
            ...(model !== undefined ? { model } : {}),
            ...(createdAt !== undefined ? { createdAt } : {}),
          });
        }
        after = str(body.last_id) ?? str(data.at(-1)?.id);
        if (reachedOlder || body.has_more !== true || !after) break;
      }
      return found;
    },
  };
}
