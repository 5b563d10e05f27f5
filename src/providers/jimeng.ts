/**
 * Jimeng video 3.0 on the Volcengine Visual API: CVSync2AsyncSubmitTask / CVSync2AsyncGetResult,
 * signed with the V4 HMAC-SHA256 scheme (region cn-north-1, service cv).
 */
import { trustOrigin } from "../lib/download.ts";
import { createHttp, type Http, type HttpResponse } from "./http.ts";
import { ProviderError, type ErrorKind, type GenerationRequest, type Provider, type Submission, type TaskStatus, type UploadedImage, type UploadInput, type VideoRequest } from "./provider.ts";
import { canonicalQuery, signVolcRequest } from "./volc-signer.ts";

export const JIMENG_BASE_URL = "https://visual.volcengineapi.com";
const VERSION = "2022-08-31";
const REGION = "cn-north-1";
const SERVICE = "cv";
const SUCCESS = 10000;

/** Our model ids; the built-in catalog uses the same. */
export const JIMENG_MODELS = ["jimeng-video-3.0", "jimeng-video-3.0-1080p", "jimeng-video-3.0-pro"] as const;
export type JimengModel = (typeof JIMENG_MODELS)[number];

/** req_key by model, indexed by the number of images (text, first frame, first + last frame). */
const REQ_KEYS: Record<JimengModel, readonly string[]> = {
  "jimeng-video-3.0": ["jimeng_t2v_v30", "jimeng_i2v_first_v30", "jimeng_i2v_first_tail_v30"],
  "jimeng-video-3.0-1080p": ["jimeng_t2v_v30_1080p", "jimeng_i2v_first_v30_1080", "jimeng_i2v_first_tail_v30_1080"],
  // Pro is one key for text and first-frame input; it takes no last frame.
  "jimeng-video-3.0-pro": ["jimeng_ti2v_v30_pro", "jimeng_ti2v_v30_pro"],
};

/** The req_key for a model and image count, or undefined when the model has no such mode. */
export function jimengReqKey(model: string, imageCount: number): string | undefined {
  const keys = (REQ_KEYS as Record<string, readonly string[] | undefined>)[model];
  return keys?.[imageCount];
}

/** Frames are 24 × seconds + 1; the API documents only 5 s and 10 s. */
export function jimengFrames(seconds: number): number | undefined {
  return seconds === 5 || seconds === 10 ? 24 * seconds + 1 : undefined;
}

const ASPECT_RATIOS = new Set(["16:9", "4:3", "1:1", "3:4", "9:16", "21:9"]);
const IMAGE_TYPES = new Set(["image/jpeg", "image/png"]);
/** Pro page: input images ≤ 4.7 MB. */
export const JIMENG_MAX_IMAGE_BYTES = Math.floor(4.7 * 1024 * 1024);

const INPUT_MODERATION = new Set([50411, 50412, 50413, 50518]);
const OUTPUT_MODERATION = new Set([50511, 50512, 50516, 50517, 50519]);
const RATE_LIMITED = new Set([50429, 50430]);
const TRANSIENT = new Set([50500, 50501]);

/** Business code → kind. Input moderation must never be retried; output moderation may pass on a new seed. */
export function jimengErrorKind(code: number): ErrorKind {
  if (INPUT_MODERATION.has(code) || OUTPUT_MODERATION.has(code)) return "moderation";
  if (RATE_LIMITED.has(code)) return "rate_limited";
  if (TRANSIENT.has(code)) return "transient";
  return "unknown";
}

/** Volcengine gateway errors (`ResponseMetadata.Error.Code`) → kind. The code list is community knowledge. */
function gatewayErrorKind(code: string, status: number): ErrorKind {
  if (/Signature|AccessKey|Auth|Credential|AccessDenied|Forbidden|SecretToken/i.test(code)) return "auth";
  if (/Throttl|LimitExceeded|TooMany|FlowLimit/i.test(code) || status === 429) return "rate_limited";
  if (/Internal|Unavailable|Timeout/i.test(code) || status >= 500) return "transient";
  if (status === 401 || status === 403) return "auth";
  if (status === 400) return "invalid_input";
  return "unknown";
}

/**
 * The task id we hand out carries the req_key: GetResult must be asked with the submission's
 * req_key, and the jobs layer stores only the task id (it may poll after a restart).
 */
export function encodeJimengTaskId(reqKey: string, taskId: string): string {
  return `${reqKey}:${taskId}`;
}

export function decodeJimengTaskId(id: string): { reqKey: string; taskId: string } | undefined {
  const at = id.indexOf(":");
  if (at <= 0 || at === id.length - 1) return undefined;
  return { reqKey: id.slice(0, at), taskId: id.slice(at + 1) };
}

export interface JimengOptions {
  accessKeyId: string;
  secretKey: string;
  baseUrl?: string;
  http?: Http;
  /** The signing clock; injected so tests sign deterministically. */
  now?: () => Date;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function createJimengProvider(options: JimengOptions): Provider {
  const base = new URL(options.baseUrl ?? JIMENG_BASE_URL);
  const path = base.pathname || "/";
  const http = options.http ?? createHttp({ provider: "jimeng" });
  // Its result URLs may live on its own host, which is configured and so may be on a private network.
  trustOrigin(base.toString());
  const now = options.now ?? (() => new Date());
  const secrets = [options.secretKey, options.accessKeyId].filter((s) => s.length > 0);

  function fail(kind: ErrorKind, message: string, details: ProviderError["details"] = {}): ProviderError {
    let text = message.length > 300 ? `${message.slice(0, 300)}…` : message;
    for (const secret of secrets) text = text.split(secret).join("***");
    return new ProviderError("jimeng", kind, text, details);
  }

  async function call(action: string, body: Record<string, unknown>, retry: boolean, signal?: AbortSignal) {
    const query = { Action: action, Version: VERSION };
    const json = JSON.stringify(body);
    const headers = { Host: base.host, "Content-Type": "application/json" };
    const signature = signVolcRequest({
      accessKeyId: options.accessKeyId,
      secretKey: options.secretKey,
      region: REGION,
      service: SERVICE,
      method: "POST",
      path,
      query,
      headers,
      body: json,
      date: now(),
    });
    return http.send({
      method: "POST",
      url: `${base.origin}${path}?${canonicalQuery(query)}`,
      headers: { ...headers, ...signature },
      body: json,
      retry,
      signal,
    });
  }

  /**
   * The `data` of a `code === 10000` answer, or a ProviderError. On a submission, anything that
   * leaves us unsure whether a task exists (5xx, 50500/50501, an unreadable body) is outcomeUnknown.
   */
  function dataOf(res: HttpResponse, what: string, submit: boolean): Record<string, unknown> {
    const body = asRecord(res.json);
    const unsure = submit ? { outcomeUnknown: true } : {};
    const gateway = asRecord(asRecord(asRecord(body?.ResponseMetadata)?.Error));
    if (gateway) {
      const code = typeof gateway.Code === "string" ? gateway.Code : "";
      const kind = gatewayErrorKind(code, res.status);
      const message = typeof gateway.Message === "string" ? gateway.Message : "";
      throw fail(kind, `${what} refused by the gateway: ${code} ${message}`.trim(), {
        status: res.status,
        code,
        retryAfterMs: res.retryAfterMs,
        ...(kind === "transient" ? unsure : {}),
      });
    }
    if (!body || typeof body.code !== "number") {
      const kind: ErrorKind = res.status === 401 || res.status === 403 ? "auth"
        : res.status === 429 ? "rate_limited"
        : "transient";
      throw fail(kind, `${what}: unreadable response (HTTP ${res.status})`, {
        status: res.status,
        retryAfterMs: res.retryAfterMs,
        ...(kind === "transient" ? unsure : {}),
      });
    }
    if (body.code !== SUCCESS) {
      const code = body.code;
      const kind = jimengErrorKind(code);
      const message = typeof body.message === "string" ? body.message : "";
      const side = INPUT_MODERATION.has(code) ? "input " : OUTPUT_MODERATION.has(code) ? "output " : "";
      throw fail(kind, `${what} rejected (${code}): ${side}${message}`.trim(), {
        status: res.status,
        code,
        retryAfterMs: res.retryAfterMs,
        ...(kind === "transient" ? unsure : {}),
      });
    }
    return asRecord(body.data) ?? {};
  }

  function submitBody(request: VideoRequest): Record<string, unknown> {
    const reqKey = jimengReqKey(request.model, request.images.length);
    if (!reqKey) throw fail("invalid_input", `${request.model} takes no ${request.images.length} image(s)`);
    const frames = jimengFrames(request.seconds);
    if (!frames) throw fail("invalid_input", `Jimeng makes 5 s or 10 s clips, not ${request.seconds} s`);
    const body: Record<string, unknown> = { req_key: reqKey, prompt: request.prompt, seed: request.seed ?? -1, frames };
    if (request.images.length === 0) {
      if (!ASPECT_RATIOS.has(request.orientation)) throw fail("invalid_input", `aspect ratio ${request.orientation} is not offered`);
      body.aspect_ratio = request.orientation;
    } else if (request.images.every((image) => image.bytes)) {
      body.binary_data_base64 = request.images.map((image) => Buffer.from(image.bytes!).toString("base64"));
    } else if (request.images.every((image) => /^https?:\/\//i.test(image.ref))) {
      body.image_urls = request.images.map((image) => image.ref);
    } else {
      // The API takes either base64 or URLs for all images, never a mix.
      throw fail("invalid_input", "reference images must all be inline bytes or all be URLs");
    }
    return body;
  }

  return {
    id: "jimeng",
    label: "Jimeng",
    // The official status table: a task is `not_found` once it expired, 12 h after submission.
    taskRetentionMs: 12 * 3_600_000,

    async capabilities() {
      return [];
    },

    // Jimeng has no upload endpoint: images travel inline as base64 in the submission.
    async upload(input: UploadInput): Promise<UploadedImage> {
      if (!IMAGE_TYPES.has(input.mime)) throw fail("invalid_input", `Jimeng takes JPEG or PNG, not ${input.mime}`);
      if (input.bytes.byteLength > JIMENG_MAX_IMAGE_BYTES) {
        throw fail("invalid_input", `image of ${input.bytes.byteLength} bytes exceeds ${JIMENG_MAX_IMAGE_BYTES}`);
      }
      return { ref: "inline", mime: input.mime, bytes: input.bytes, fileName: input.fileName };
    },

    async submit(request: GenerationRequest, signal?: AbortSignal): Promise<Submission> {
      if (request.kind !== "video") throw fail("invalid_input", "Jimeng image generation is not supported");
      const body = submitBody(request);
      const res = await call("CVSync2AsyncSubmitTask", body, false, signal);
      const data = dataOf(res, "submit", true);
      const taskId = data.task_id;
      if (typeof taskId !== "string" || taskId.length === 0) {
        throw fail("unknown", "submit response carries no task_id", { status: res.status, outcomeUnknown: true });
      }
      return { taskId: encodeJimengTaskId(String(body.req_key), taskId), raw: res.json };
    },

    async status(id: string, _kind: "video" | "image", signal?: AbortSignal): Promise<TaskStatus> {
      const parsed = decodeJimengTaskId(id);
      if (!parsed) throw fail("invalid_input", "not a Jimeng task id (req_key:task_id expected)");
      const res = await call("CVSync2AsyncGetResult", { req_key: parsed.reqKey, task_id: parsed.taskId }, true, signal);
      const outputs = { videos: [] as string[], images: [] as string[], thumbnails: [] as string[] };
      const base = { outputs, raw: res.json, retryAfterMs: res.retryAfterMs };
      let data: Record<string, unknown>;
      try {
        data = dataOf(res, "status", false);
      } catch (error) {
        // A business verdict on the task (moderation of the output, a rejected input) ends it;
        // auth, rate limits and server trouble are the poller's to retry.
        if (error instanceof ProviderError && typeof error.details.code === "number" &&
          (error.kind === "moderation" || error.kind === "unknown" || error.kind === "invalid_input")) {
          return { ...base, state: "failed", error: { kind: error.kind, message: error.message } };
        }
        throw error;
      }
      switch (data.status) {
        case "in_queue":
          return { ...base, state: "queued" };
        case "done": {
          const url = data.video_url;
          if (typeof url === "string" && url.length > 0) {
            outputs.videos.push(url);
            return { ...base, state: "succeeded" };
          }
          return { ...base, state: "failed", error: { kind: "unknown", message: "task done without a video_url" } };
        }
        case "not_found":
        case "expired":
          return { ...base, state: "failed", error: { kind: "unknown", message: `task ${data.status} (unknown or older than 12 h)` } };
        default:
          // "generating" and any status we do not know yet.
          return { ...base, state: "running" };
      }
    },
  };
}
