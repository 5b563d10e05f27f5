/**
 * CreatOK Open Skills client (contract: shared/reference/providers.md §1).
 *
 * Models, limits and prices come from the capabilities endpoint, validated strictly, so a contract
 * change fails loudly at startup instead of producing wrong submissions. Submissions are sent once
 * (`retry: false`); anything that leaves their outcome unseen is reported with `outcomeUnknown`.
 */
import { trustOrigin } from "../lib/download.ts";
import { z } from "zod";
import {
  ASPECT_RATIOS,
  type AspectRatio,
  type DurationLimit,
  type ImageModel,
  type Mode,
  type ModelSpec,
  type VideoModel,
} from "../domain/catalog.ts";
import { parseRetryAfter } from "../lib/backoff.ts";
import { createHttp, type Http, type HttpResponse } from "./http.ts";
import { ProviderError, type ErrorKind, type GenerationRequest, type Provider, type Submission, type TaskStatus, type UploadInput, type UploadedImage } from "./provider.ts";

export interface CreatokOptions {
  /** `CREATOK_API_KEY`; sent only as a Bearer token to `baseUrl`, never to the upload URL. */
  apiKey: string;
  /** `https://www.creatok.ai` in production; the fake's address in tests. */
  baseUrl: string;
  http?: Http;
  /** Clock for HTTP-date `Retry-After` values. */
  now?: () => number;
  /** Per-request timeout; the CreatOK skill uses 60 s for every call we make. */
  timeoutMs?: number;
}

/** The capabilities payload broke the contract; `path` names the offending field. */
export class CapabilitiesError extends Error {
  override readonly name = "CapabilitiesError";
  constructor(readonly path: string, reason: string) {
    super(`Invalid CreatOK capabilities contract at ${path}: ${reason}`);
  }
}

// ---- capabilities contract (§1.3) ----

const text = z.string().min(1);
const count = z.number().int().nonnegative();

const durationsSchema = z
  .object({
    min: z.number().nullish(),
    max: z.number().nullish(),
    enum: z.array(z.number()).min(1).nullish(),
  })
  .refine((d) => d.min != null || d.max != null || d.enum != null, {
    error: "at least one of enum, min, max must be non-null",
  });

const videoModelSchema = z.object({
  id: text,
  label: text,
  defaults: z.object({ orientation: text, seconds: z.number(), definition: text }),
  limits: z.object({
    definitions: z.array(text).min(1),
    orientations: z.array(text).min(1),
    durations: durationsSchema,
    max_reference_images: count,
  }),
  pricing: z
    .object({
      currency: text,
      unit: z.string().optional(),
      estimates: z.array(
        z.object({ definition: text, seconds: z.number(), orientation: text, credits: z.number() }),
      ),
    })
    .nullish(),
});

const imageModelSchema = z.object({
  id: text,
  label: z.string(),
  defaults: z.object({ resolution: text, n: z.number().int().positive() }),
  limits: z.object({
    resolutions: z.array(text).min(1),
    n: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }),
    aspect_ratios: z.array(text).nullish(),
    max_reference_images: count,
  }),
  pricing: z
    .object({ currency: text, unit: z.string().optional(), by_resolution: z.record(z.string(), z.number()) })
    .nullish(),
});

/** `default_model` must name one of the section's models. */
function section<T extends z.ZodType<{ id: string }>>(model: T) {
  return z
    .object({ default_model: text, models: z.array(model).min(1) })
    .superRefine((s, ctx) => {
      if (!s.models.some((m) => m.id === s.default_model)) {
        ctx.addIssue({ code: "custom", path: ["default_model"], message: `"${s.default_model}" is not a model id` });
      }
    });
}

const capabilitiesSchema = z.object({
  code: z.literal(0),
  data: z.object({
    capabilities: z.object({ video: section(videoModelSchema), image: section(imageModelSchema) }),
  }),
});

type VideoEntry = z.infer<typeof videoModelSchema>;
type ImageEntry = z.infer<typeof imageModelSchema>;

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  ) || "(root)";
}

const isAspect = (value: string): value is AspectRatio => (ASPECT_RATIOS as readonly string[]).includes(value);

function modesFor(maxReferenceImages: number): Mode[] {
  return maxReferenceImages > 0 ? ["text", "reference_images"] : ["text"];
}

function toVideoModel(m: VideoEntry): VideoModel | undefined {
  const orientations = m.limits.orientations.filter(isAspect);
  // A model offering none of the aspect ratios we can express cannot be driven from a brief.
  const [firstOrientation] = orientations;
  if (firstOrientation === undefined) return undefined;
  const d = m.limits.durations;
  const durations: DurationLimit = {};
  if (d.enum != null) durations.allowed = d.enum;
  if (d.min != null) durations.min = d.min;
  if (d.max != null) durations.max = d.max;
  const defaultOrientation = m.defaults.orientation;
  return {
    kind: "video",
    id: m.id,
    provider: "creatok",
    label: m.label,
    aliases: [],
    modes: modesFor(m.limits.max_reference_images),
    tier: "balanced",
    typicalSeconds: 120,
    durations,
    definitions: m.limits.definitions,
    orientations,
    maxReferenceImages: m.limits.max_reference_images,
    defaults: {
      seconds: m.defaults.seconds,
      definition: m.defaults.definition,
      orientation: isAspect(defaultOrientation) && orientations.includes(defaultOrientation)
        ? defaultOrientation
        : firstOrientation,
    },
    ...(m.pricing
      ? {
          pricing: {
            currency: m.pricing.currency,
            videoEstimates: m.pricing.estimates.map((e) => ({
              definition: e.definition,
              seconds: e.seconds,
              orientation: e.orientation,
              amount: e.credits,
            })),
          },
        }
      : {}),
  };
}

const DEFAULT_IMAGE_ASPECTS: AspectRatio[] = ["1:1", "16:9", "9:16"];

function toImageModel(m: ImageEntry): ImageModel {
  const listed = m.limits.aspect_ratios?.filter(isAspect) ?? [];
  const aspectRatios = listed.length > 0 ? listed : DEFAULT_IMAGE_ASPECTS;
  return {
    kind: "image",
    id: m.id,
    provider: "creatok",
    label: m.label || m.id,
    aliases: [],
    modes: modesFor(m.limits.max_reference_images),
    tier: "balanced",
    typicalSeconds: 30,
    resolutions: m.limits.resolutions,
    aspectRatios,
    n: { min: m.limits.n.min, max: m.limits.n.max },
    maxReferenceImages: m.limits.max_reference_images,
    defaults: {
      resolution: m.defaults.resolution,
      n: m.defaults.n,
      aspectRatio: aspectRatios.includes("1:1") ? "1:1" : (aspectRatios[0] ?? "1:1"),
    },
    ...(m.pricing ? { pricing: { currency: m.pricing.currency, perImage: m.pricing.by_resolution } } : {}),
  };
}

/** Default model first: the catalog has no "default" flag, so order carries CreatOK's choice. */
function defaultFirst<T extends { id: string }>(models: T[], defaultId: string): T[] {
  return [...models.filter((m) => m.id === defaultId), ...models.filter((m) => m.id !== defaultId)];
}

/**
 * Validates a capabilities response body and maps it to catalog entries (video, then image; each
 * kind's `default_model` first). Only what CreatOK reports is filled in; aliases, tier and typical
 * time are neutral and `mergeCatalog` overlays ours. Throws CapabilitiesError naming the bad field.
 */
export function parseCapabilities(body: unknown): ModelSpec[] {
  const parsed = capabilitiesSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CapabilitiesError(formatPath(issue?.path ?? []), issue?.message ?? "invalid");
  }
  const { video, image } = parsed.data.data.capabilities;
  const videos = defaultFirst(video.models, video.default_model)
    .map(toVideoModel)
    .filter((m): m is VideoModel => m !== undefined);
  const images = defaultFirst(image.models, image.default_model).map(toImageModel);
  return [...videos, ...images];
}

// ---- errors ----

const MODERATION = /sensitive|moderat|risk|violat|policy/i;
const QUOTA = /credit|balance|quota/i;

function envelopeText(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const body = json as Record<string, unknown>;
  for (const key of ["msg", "message"] as const) {
    const value = body[key];
    if (typeof value === "string" && value.trim()) return value.trim();
  }
  return undefined;
}

function envelopeCode(json: unknown): string | number | undefined {
  const code = (json as { code?: unknown } | undefined)?.code;
  return typeof code === "number" || typeof code === "string" ? code : undefined;
}

type Operation = "capabilities" | "upload" | "submission" | "status check";

const UPLOAD_TYPES = new Map([
  ["image/jpeg", "image/jpeg"],
  ["image/jpg", "image/jpeg"],
  ["image/png", "image/png"],
  ["image/webp", "image/webp"],
  ["image/gif", "image/gif"],
]);

export function createCreatokProvider(options: CreatokOptions): Provider {
  const http = options.http ?? createHttp({ provider: "creatok" });
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  // Its result URLs may live on its own host, which is configured and so may be on a private network.
  trustOrigin(baseUrl);
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 60_000;

  /** Server text is echoed into logs, so strip anything that could be a credential. */
  function redact(value: string): string {
    let out = value;
    if (options.apiKey.length >= 4) out = out.split(options.apiKey).join("[redacted]");
    return out
      .replace(/Bearer\s+\S+/gi, "Bearer [redacted]")
      .replace(/\bok_[A-Za-z0-9_-]{6,}/g, "[redacted]")
      .slice(0, 300);
  }

  function fail(operation: Operation, kind: ErrorKind, reason: string, details: ProviderError["details"] = {}): never {
    throw new ProviderError("creatok", kind, `CreatOK ${operation} failed: ${redact(reason)}`, details);
  }

  function classifyText(message: string, fallback: ErrorKind): ErrorKind {
    if (QUOTA.test(message)) return "quota";
    if (MODERATION.test(message)) return "moderation";
    return fallback;
  }

  function retryAfter(res: HttpResponse): number | undefined {
    return parseRetryAfter(res.headers["retry-after"], now()) ?? res.retryAfterMs;
  }

  /** Maps an HTTP failure or a non-zero envelope code; returns the `data` payload on success. */
  function unwrap(res: HttpResponse, operation: Operation): Record<string, unknown> {
    const status = res.status;
    const message = envelopeText(res.json);
    const code = envelopeCode(res.json);
    const said = message ? `: ${message}` : "";
    const base = { status, ...(code !== undefined ? { code } : {}) };
    const submitting = operation === "submission";

    if (status === 401 || status === 403) fail(operation, "auth", `HTTP ${status}, the API key was refused${said}`, base);
    if (status === 429) {
      const wait = retryAfter(res);
      fail(operation, "rate_limited", `HTTP 429, rate limited${said}`, { ...base, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
    }
    if (status === 402) fail(operation, "quota", `HTTP 402, out of credits${said}`, base);
    if (status >= 500 || res.json === undefined) {
      // A gateway page (HTML 502) says nothing about whether the task was created.
      const what = res.json === undefined ? "a non-JSON body" : "a server error";
      fail(operation, "transient", `HTTP ${status} with ${what}${said}`, submitting ? { ...base, outcomeUnknown: true } : base);
    }
    if (status === 400 || status === 422) {
      fail(operation, classifyText(message ?? "", "invalid_input"), `HTTP ${status}${said}`, base);
    }
    if (status < 200 || status >= 300) {
      fail(operation, classifyText(message ?? "", "unknown"), `HTTP ${status}${said}`, base);
    }
    if (code !== 0) {
      fail(operation, classifyText(message ?? "", "invalid_input"), `code ${String(code)}${said}`, base);
    }
    const data = (res.json as { data?: unknown }).data;
    return typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  }

  function headers(withBody: boolean): Record<string, string> {
    return {
      Authorization: `Bearer ${options.apiKey}`,
      Accept: "application/json",
      ...(withBody ? { "Content-Type": "application/json" } : {}),
    };
  }

  async function capabilities(signal?: AbortSignal): Promise<ModelSpec[]> {
    const res = await http.send({
      method: "GET",
      url: `${baseUrl}/api/open/skills/capabilities`,
      headers: headers(false),
      retry: true,
      timeoutMs,
      ...(signal ? { signal } : {}),
    });
    if (res.status === 200 && res.json === undefined) throw new CapabilitiesError("(root)", "response is not JSON");
    if (res.status !== 200 || envelopeCode(res.json) !== 0) unwrap(res, "capabilities");
    return parseCapabilities(res.json);
  }

  async function upload(input: UploadInput, signal?: AbortSignal): Promise<UploadedImage> {
    const mime = UPLOAD_TYPES.get(input.mime.toLowerCase());
    if (!mime) fail("upload", "invalid_input", `unsupported image type ${input.mime} (jpeg, png, webp or gif)`);
    const init = unwrap(
      await http.send({
        method: "POST",
        url: `${baseUrl}/api/open/skills/upload/image/presigned`,
        headers: headers(true),
        body: JSON.stringify({
          fileName: input.fileName.split(/[\\/]/).pop() || "image",
          fileType: mime,
          fileSize: input.bytes.byteLength,
          prefix: "open-skills/reference-images",
        }),
        retry: true,
        timeoutMs,
        ...(signal ? { signal } : {}),
      }),
      "upload",
    );
    const putUrl = init.presignedUploadUrl;
    const objectKey = init.objectKey;
    if (typeof putUrl !== "string" || !putUrl || typeof objectKey !== "string" || !objectKey) {
      fail("upload", "unknown", "the upload init response lacks presignedUploadUrl or objectKey");
    }
    // The presigned URL carries its own signature; our key must not travel to the storage host.
    const put = await http.send({
      method: "PUT",
      url: new URL(putUrl, `${baseUrl}/`).toString(),
      headers: { "Content-Type": mime },
      body: input.bytes,
      retry: true,
      timeoutMs,
      ...(signal ? { signal } : {}),
    });
    if (put.status < 200 || put.status >= 300) {
      const kind: ErrorKind = put.status >= 500 || put.status === 429 ? "transient" : "unknown";
      fail("upload", kind, `storage answered HTTP ${put.status} to the image PUT`, { status: put.status });
    }
    return { ref: objectKey, mime, fileName: input.fileName };
  }

  async function submit(request: GenerationRequest, signal?: AbortSignal): Promise<Submission> {
    const keys = request.images.map((image) => image.ref);
    let path: string;
    let body: Record<string, unknown>;
    if (request.kind === "video") {
      if (!Number.isInteger(request.seconds)) fail("submission", "invalid_input", `seconds must be an integer, got ${request.seconds}`);
      path = "/api/open/skills/tasks";
      body = {
        prompt: request.prompt,
        orientation: request.orientation,
        seconds: request.seconds,
        definition: request.definition,
        model: request.model,
        ...(keys.length > 0 ? { referenceImageKeys: keys } : {}),
      };
    } else {
      path = "/api/open/skills/image-generation";
      body = {
        prompt: request.prompt,
        model: request.model,
        resolution: request.resolution,
        n: request.n,
        ...(request.aspectRatio ? { aspect_ratio: request.aspectRatio } : {}),
        ...(keys.length > 0 ? { imageObjectKeys: keys } : {}),
      };
    }
    const res = await http.send({
      method: "POST",
      url: `${baseUrl}${path}`,
      headers: headers(true),
      body: JSON.stringify(body),
      retry: false,
      timeoutMs,
      ...(signal ? { signal } : {}),
    });
    const data = unwrap(res, "submission");
    const taskId = data.task_id;
    if ((typeof taskId !== "string" || !taskId) && typeof taskId !== "number") {
      // Accepted (code 0) but unnamed: the task may exist and we cannot poll it.
      fail("submission", "unknown", "the response has no task_id", { status: res.status, outcomeUnknown: true });
    }
    return { taskId: String(taskId), raw: res.json };
  }

  async function status(taskId: string, kind: "video" | "image", signal?: AbortSignal): Promise<TaskStatus> {
    const query = new URLSearchParams({ task_id: taskId, task_type: `${kind}_generation` });
    const res = await http.send({
      method: "GET",
      url: `${baseUrl}/api/open/skills/tasks/status?${query}`,
      headers: headers(false),
      retry: true,
      timeoutMs,
      ...(signal ? { signal } : {}),
    });
    const data = unwrap(res, "status check");
    return normalizeStatus(data, res);
  }

  function normalizeStatus(data: Record<string, unknown>, res: HttpResponse): TaskStatus {
    const state = typeof data.status === "string" ? data.status.trim().toLowerCase() : "";
    const result = (typeof data.result === "object" && data.result !== null ? data.result : {}) as Record<string, unknown>;
    const outputs = { videos: [] as string[], images: [] as string[], thumbnails: [] as string[] };
    const wait = retryAfter(res);
    const progress = typeof data.progress === "number" && Number.isFinite(data.progress)
      ? Math.min(100, Math.max(0, data.progress))
      : undefined;
    const common = {
      ...(progress !== undefined ? { progress } : {}),
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      raw: res.json,
    };

    if (state === "succeeded") {
      if (typeof result.video_url === "string" && result.video_url) outputs.videos.push(result.video_url);
      if (typeof result.thumbnail_url === "string" && result.thumbnail_url) outputs.thumbnails.push(result.thumbnail_url);
      for (const image of Array.isArray(result.images) ? result.images : []) {
        const entry = (typeof image === "object" && image !== null ? image : {}) as Record<string, unknown>;
        if (typeof entry.url === "string" && entry.url) outputs.images.push(entry.url);
        if (typeof entry.thumbnail_url === "string" && entry.thumbnail_url) outputs.thumbnails.push(entry.thumbnail_url);
      }
      return { state: "succeeded", outputs, ...common };
    }
    if (state === "failed") {
      const error = data.error;
      const message =
        (typeof error === "string" ? error : undefined) ??
        envelopeText(error) ??
        envelopeText(data) ??
        "task failed without a message";
      const kind: ErrorKind = MODERATION.test(message) ? "moderation" : "unknown";
      return { state: "failed", outputs, error: { kind, message: redact(message) }, ...common };
    }
    // Non-terminal strings are undocumented; anything unrecognised is still in flight.
    const queued = state === "queued" || state === "pending" || state === "submitted";
    return { state: queued ? "queued" : "running", outputs, ...common };
  }

  return { id: "creatok", label: "CreatOK", capabilities, upload, submit, status };
}
