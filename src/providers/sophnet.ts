/**
 * SophNet video generation (`…/easyllms/videogenerator`) and its file upload.
 *
 * The response envelope is ambiguous in the sources: the skill reads `{code:0, data}`, the relay
 * reads `{status:0, message, result, timestamp}`. Both are accepted everywhere.
 */
// Node's global FormData is undici 6's; undici 7's request() cannot stream it, so use undici 7's own.
import { undici } from "../lib/undici.ts";
import { trustOrigin } from "../lib/download.ts";
import { createHttp, type Http, type HttpResponse } from "./http.ts";
import { ProviderError, type ErrorKind, type GenerationRequest, type Provider, type Submission, type TaskStatus, type UploadedImage, type UploadInput, type VideoRequest } from "./provider.ts";

export const SOPHNET_BASE_URL = "https://www.sophnet.com/api/open-apis/projects/easyllms/videogenerator";
const UPLOAD_PATH = "/api/open-apis/projects/upload";

export interface SophnetOptions {
  apiKey: string;
  baseUrl?: string;
  /** Default: the upload path on baseUrl's origin, so a loopback fake serves both. */
  uploadUrl?: string;
  http?: Http;
}

/** Documented `W*H` sizes by definition and aspect ratio (skill SKILL.md). */
const SIZES: Record<string, Record<string, string>> = {
  "480p": {
    "16:9": "832*480",
    "1:1": "640*640",
    // 480*832 is not documented (the list has "480*332", likely a typo we will not guess at); the
    // nearest documented 480p size is the square one.
    "9:16": "640*640",
  },
  "720p": { "16:9": "1280*720", "9:16": "720*1280", "1:1": "960*960", "4:3": "1088*832", "3:4": "832*1088" },
  "1080p": { "16:9": "1920*1080", "9:16": "1080*1920", "1:1": "1440*1440", "4:3": "1632*1248", "3:4": "1248*1632" },
};

/** The `parameters.size` for a definition ("720p", any case) and aspect ratio; undefined if none. */
export function sophnetSize(definition: string, orientation: string): string | undefined {
  return SIZES[definition.toLowerCase()]?.[orientation];
}

const MODERATION_WORDS = /sensitive|risk|moderation|违规|敏感/i;

/** Provider text goes into our errors; it must never carry our key back out. */
function safeText(text: string, secret: string): string {
  const short = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return secret ? short.split(secret).join("***") : short;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

interface Envelope {
  ok: boolean;
  code?: number;
  message: string;
  payload: Record<string, unknown> | undefined;
}

/** Reads either envelope; undefined when the body is neither. */
export function readSophnetEnvelope(json: unknown): Envelope | undefined {
  const body = asRecord(json);
  if (!body) return undefined;
  const message = typeof body.message === "string" ? body.message : typeof body.msg === "string" ? body.msg : "";
  if (typeof body.code === "number") {
    return { ok: body.code === 0, code: body.code, message, payload: asRecord(body.data) };
  }
  if (typeof body.status === "number") {
    return { ok: body.status === 0, code: body.status, message, payload: asRecord(body.result) };
  }
  return undefined;
}

function kindForStatus(status: number, message: string): ErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "transient";
  if (MODERATION_WORDS.test(message)) return "moderation";
  if (status === 402) return "quota";
  if (status === 400 || status === 422) return "invalid_input";
  return "unknown";
}

export function createSophnetProvider(options: SophnetOptions): Provider {
  const baseUrl = (options.baseUrl ?? SOPHNET_BASE_URL).replace(/\/+$/, "");
  const uploadUrl = options.uploadUrl ?? `${new URL(baseUrl).origin}${UPLOAD_PATH}`;
  const http = options.http ?? createHttp({ provider: "sophnet" });
  // Its result URLs may live on its own host, which is configured and so may be on a private network.
  trustOrigin(baseUrl);
  const auth = { Authorization: `Bearer ${options.apiKey}` };

  function fail(kind: ErrorKind, message: string, details: ProviderError["details"] = {}): ProviderError {
    return new ProviderError("sophnet", kind, safeText(message, options.apiKey), details);
  }

  /**
   * Maps a response to its payload or a ProviderError. On a submission (`submit`), anything that
   * leaves us unsure whether a task was created (5xx, a body we cannot read) is outcomeUnknown.
   */
  function payloadOf(res: HttpResponse, what: string, submit: boolean): Record<string, unknown> {
    const envelope = readSophnetEnvelope(res.json);
    const retryAfterMs = res.retryAfterMs;
    if (res.status < 200 || res.status >= 300) {
      const message = envelope?.message || `HTTP ${res.status}`;
      const kind = kindForStatus(res.status, message);
      throw fail(kind, `${what} failed: ${message}`, {
        status: res.status,
        code: envelope?.code,
        retryAfterMs,
        outcomeUnknown: submit && res.status >= 500 ? true : undefined,
      });
    }
    if (!envelope) {
      throw fail("transient", `${what}: unreadable response (HTTP ${res.status})`, {
        status: res.status,
        outcomeUnknown: submit || undefined,
      });
    }
    if (!envelope.ok) {
      const code = envelope.code ?? 0;
      // An envelope code in the HTTP range is read as one; other codes say nothing we can map.
      const kind = code >= 400 && code < 600
        ? kindForStatus(code, envelope.message)
        : MODERATION_WORDS.test(envelope.message) ? "moderation" : submit ? "unknown" : "transient";
      throw fail(kind, `${what} rejected (${code}): ${envelope.message}`, { status: res.status, code, retryAfterMs });
    }
    return envelope.payload ?? {};
  }

  function imageUrl(image: UploadedImage): string {
    if (/^(https?:|data:)/i.test(image.ref)) return image.ref;
    if (image.bytes) return `data:${image.mime};base64,${Buffer.from(image.bytes).toString("base64")}`;
    throw fail("invalid_input", "reference image has neither a URL nor bytes");
  }

  function createBody(request: VideoRequest): Record<string, unknown> {
    const size = sophnetSize(request.definition, request.orientation);
    if (!size) throw fail("invalid_input", `no SophNet size for ${request.definition} ${request.orientation}`);
    if (request.images.length > 2) throw fail("invalid_input", "SophNet takes at most a first and a last frame");
    if (!request.prompt && request.images.length === 0) throw fail("invalid_input", "a prompt or a first frame is required");

    const content: Record<string, unknown>[] = [];
    if (request.prompt) {
      content.push({
        type: "text",
        text: request.prompt,
        ...(request.negativePrompt ? { negative_prompt: request.negativePrompt } : {}),
      });
    }
    const roles = ["first_frame", "last_frame"] as const;
    request.images.forEach((image, i) => {
      content.push({ type: "image_url", image_url: { url: imageUrl(image) }, role: roles[i] });
    });
    const parameters: Record<string, unknown> = { size, duration: request.seconds };
    // The skill sends these only when set; models other than Seedance may reject them.
    if (request.audio) parameters.generate_audio = true;
    if (request.draft) parameters.draft = true;
    // Ark's own last frame, for a chained shot that starts where this one ends, and `callback_url`
    // (providers.md §2): both at the relay DTO's top level.
    return {
      model: request.model,
      content,
      parameters,
      ...(request.returnLastFrame ? { return_last_frame: true } : {}),
      ...(request.callbackUrl ? { callback_url: request.callbackUrl } : {}),
    };
  }

  return {
    id: "sophnet",
    label: "SophNet",
    acceptsCallbackUrl: true,

    async capabilities() {
      return [];
    },

    async upload(input: UploadInput, signal?: AbortSignal): Promise<UploadedImage> {
      const form = new (await undici()).FormData();
      form.append("file", new Blob([input.bytes], { type: input.mime }), input.fileName);
      const res = await http.send({ method: "POST", url: uploadUrl, headers: auth, body: form, retry: true, signal });
      const payload = payloadOf(res, "upload", false);
      const signedUrl = payload.signedUrl;
      if (typeof signedUrl !== "string" || signedUrl.length === 0) {
        throw fail("unknown", "upload response carries no signedUrl", { status: res.status });
      }
      return { ref: signedUrl, mime: input.mime, fileName: input.fileName };
    },

    async submit(request: GenerationRequest, signal?: AbortSignal): Promise<Submission> {
      if (request.kind !== "video") throw fail("invalid_input", "SophNet image generation is not supported");
      const body = JSON.stringify(createBody(request));
      const res = await http.send({
        method: "POST",
        url: `${baseUrl}/generate`,
        headers: { ...auth, "Content-Type": "application/json" },
        body,
        retry: false,
        signal,
      });
      const payload = payloadOf(res, "create", true);
      const taskId = payload.task_id ?? payload.id;
      if (typeof taskId !== "string" && typeof taskId !== "number") {
        // Accepted, but we cannot see the task: it may exist, so it must not be resubmitted.
        throw fail("unknown", "create response carries no task id", { status: res.status, outcomeUnknown: true });
      }
      return { taskId: String(taskId), raw: res.json };
    },

    async status(taskId: string, _kind: "video" | "image", signal?: AbortSignal): Promise<TaskStatus> {
      const res = await http.send({
        method: "GET",
        url: `${baseUrl}/generate/${encodeURIComponent(taskId)}`,
        headers: auth,
        retry: true,
        signal,
      });
      const task = payloadOf(res, "status", false);
      const outputs = { videos: [] as string[], images: [] as string[], thumbnails: [] as string[] };
      const base = { outputs, raw: res.json, retryAfterMs: res.retryAfterMs };
      const state = typeof task.status === "string" ? task.status.toLowerCase() : "";
      if (state === "queued") return { ...base, state: "queued" };
      if (state === "succeeded") {
        const url = asRecord(task.content)?.video_url;
        if (typeof url !== "string" || url.length === 0) {
          return { ...base, state: "failed", error: { kind: "unknown", message: "succeeded without a video_url" } };
        }
        outputs.videos.push(url);
        const lastFrame = asRecord(task.content)?.last_frame_url;
        return { ...base, outputs: { ...outputs, ...(typeof lastFrame === "string" && lastFrame ? { lastFrame } : {}) }, state: "succeeded" };
      }
      if (state === "failed" || state === "cancelled") {
        const error = asRecord(task.error);
        const text = typeof error?.message === "string" ? error.message : state;
        const kind: ErrorKind = MODERATION_WORDS.test(text) ? "moderation" : "unknown";
        return { ...base, state: "failed", error: { kind, message: safeText(text, options.apiKey) } };
      }
      // "running", empty and any status we do not know yet: keep polling.
      return { ...base, state: "running" };
    },
  };
}
