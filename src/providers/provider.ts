/**
 * The one interface every generation provider implements. Clients turn a plan into HTTP and a
 * response into a normalized status; they hold no business logic and never retry a submission.
 */
import type { ModelSpec, ProviderId } from "../domain/catalog.ts";

export type ErrorKind =
  | "moderation"
  | "invalid_input"
  | "auth"
  | "rate_limited"
  | "quota"
  | "transient"
  | "unknown";

/**
 * A failure talking to a provider. `message` is safe to log and show (no secrets, no URLs with
 * credentials). `outcomeUnknown` is set on a submission whose result we could not see (timeout,
 * reset connection, 5xx): the task may exist, so the jobs layer must reconcile, never resubmit.
 */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  constructor(
    readonly provider: ProviderId,
    readonly kind: ErrorKind,
    message: string,
    readonly details: {
      status?: number;
      code?: string | number;
      retryAfterMs?: number;
      outcomeUnknown?: boolean;
    } = {},
  ) {
    super(message);
  }
}

export interface UploadInput {
  bytes: Uint8Array;
  mime: string;
  fileName: string;
}

/** What a provider needs to refer to an uploaded reference image in a submission. */
export interface UploadedImage {
  /** CreatOK object key, SophNet signed URL, or "inline" where the bytes travel in the request (Jimeng, /v1/videos). */
  ref: string;
  mime: string;
  /** Kept for providers that take bytes inline (Jimeng base64, OpenAI multipart). */
  bytes?: Uint8Array;
  fileName?: string;
}

export interface VideoRequest {
  kind: "video";
  model: string;
  prompt: string;
  seconds: number;
  orientation: string;
  definition: string;
  /** First image is the first frame where the model takes frames; second the last frame. */
  images: UploadedImage[];
  audio?: boolean;
  /** SophNet draft mode. */
  draft?: boolean;
  /** Where the provider may call when the task ends (only for providers that accept one). */
  callbackUrl?: string;
  negativePrompt?: string;
  seed?: number;
  /** A chained shot follows this one: ask for the clip's last frame where the API returns one (Ark `return_last_frame`). */
  returnLastFrame?: boolean;
}

export interface ImageRequest {
  kind: "image";
  model: string;
  prompt: string;
  resolution: string;
  n: number;
  aspectRatio?: string;
  images: UploadedImage[];
}

export type GenerationRequest = VideoRequest | ImageRequest;

export interface Submission {
  taskId: string;
  /** Raw provider response, stored with the job. */
  raw: unknown;
}

export type TaskState = "queued" | "running" | "succeeded" | "failed";

export interface TaskOutputs {
  videos: string[];
  images: string[];
  thumbnails: string[];
  /** The clip's last frame as the provider returned it (Ark `last_frame_url`); a chained shot starts from it. */
  lastFrame?: string;
}

export interface TaskStatus {
  state: TaskState;
  /** 0..100 when the provider says. */
  progress?: number;
  outputs: TaskOutputs;
  error?: { kind: ErrorKind; message: string };
  /** Server hint for the next poll (Retry-After, openai-poll-after-ms). */
  retryAfterMs?: number;
  raw: unknown;
}

/** An entry of a provider's task list, used to reconcile a submission whose outcome is unknown. */
export interface ListedTask {
  taskId: string;
  prompt?: string;
  model?: string;
  /** Unix milliseconds. */
  createdAt?: number;
}

/** A downloaded result, for providers whose URLs need our credentials. */
export interface Download {
  bytes: Uint8Array;
  mime: string;
}

export interface Provider {
  readonly id: ProviderId;
  /** Shown to users; the sandbox says it is a sandbox. */
  readonly label: string;
  /**
   * How long the provider keeps a task answerable after submission, where its contract says (Jimeng:
   * 12 h); the jobs layer follows a task that long, 24 h when unset, before handing it to the user.
   */
  readonly taskRetentionMs?: number;
  /**
   * Whether this provider's task ends reach the bot as pushes it can verify (a signed webhook, a
   * callback URL), so polling is only a slow safety net.
   */
  readonly pushesCompletions?: boolean;
  /** Whether a submission may carry a `callback_url` the provider calls when the task ends. */
  readonly acceptsCallbackUrl?: boolean;
  /** Live models, limits and prices; an empty list means "use the built-in entries". */
  capabilities(signal?: AbortSignal): Promise<ModelSpec[]>;
  upload(input: UploadInput, signal?: AbortSignal): Promise<UploadedImage>;
  /** One call, never retried here. Throws ProviderError (with outcomeUnknown where unsure). */
  submit(request: GenerationRequest, signal?: AbortSignal): Promise<Submission>;
  /** `kind` picks the task family where the provider needs it (CreatOK `task_type`). */
  status(taskId: string, kind: "video" | "image", signal?: AbortSignal): Promise<TaskStatus>;
  /** Providers whose output URLs need our key (OpenAI-style) fetch the bytes for us. */
  download?(taskId: string, variant: "video" | "thumbnail", signal?: AbortSignal): Promise<Download>;
  remix?(taskId: string, prompt: string, signal?: AbortSignal): Promise<Submission>;
  cancel?(taskId: string, signal?: AbortSignal): Promise<void>;
  /** Recent tasks, newest first, for reconciliation. */
  list?(sinceMs: number, signal?: AbortSignal): Promise<ListedTask[]>;
}
