/**
 * A loopback fake of the OpenAI-style Videos API (`/v1/videos`) for contract and jobs tests.
 *
 * It speaks the wire protocol of providers.md §4: Bearer auth on every route, multipart (or JSON)
 * create, video objects that move queued → in_progress → completed over a number of polls, list
 * pagination, binary content, remix, delete and `{error:{…}}` envelopes. Tests steer it with
 * `completeAfterPolls`, `failNext`, `endNextVideo`, `finishVideo` and `seedVideo`, and read
 * `submissions`.
 *
 * With `sendWebhooksTo(url, secret)` it also pushes, as OpenAI does: when a video ends it POSTs a
 * `video.completed` / `video.failed` event signed the Standard Webhooks way (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`, the key
 * being the base64 after `whsec_`). The signing here is written from the spec, independently of the
 * bot's verifier, so a test checks one against the other.
 */
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeVideo {
  id: string;
  object: "video";
  model: string;
  status: string;
  progress: number;
  created_at: number;
  completed_at: number | null;
  expires_at: number | null;
  prompt: string | null;
  seconds: string;
  size: string;
  remixed_from_video_id: string | null;
  error: { code: string; message: string } | null;
}

export interface FakeSubmission {
  route: "create" | "remix";
  videoId: string;
  contentType: string;
  fields: Record<string, string>;
  inputReference?: { bytes: Uint8Array; type: string; name: string };
}

/** A request as it came over the wire, for contract checks against the published spec. */
export interface FakeRequest {
  method: string;
  path: string;
  route: Route | "unknown";
  authorized: boolean;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

type Route = "create" | "retrieve" | "list" | "content" | "remix" | "delete";

/**
 * Canned failures. `store_then_drop` stores the video and then destroys the socket without a
 * reply, so the client cannot know that a paid video exists; `drop` destroys it before anything
 * happens.
 */
export type FakeFailure =
  | "invalid_request"
  | "moderation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "insufficient_quota"
  | "server_error"
  | "bad_gateway_html"
  | "drop"
  | "store_then_drop";

/** How the next created video ends instead of completing. */
export type FakeOutcome = "moderation" | "failed" | "canceled" | "expired" | "unknown_status";

/** One signed webhook as sent: what a test replays or tampers with. */
export interface SignedWebhook {
  url: string;
  headers: { "content-type": string; "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };
  body: string;
}

/** A webhook the fake sent, and the status the receiver answered (0 when the connection failed). */
export interface WebhookDelivery extends SignedWebhook {
  status: number;
}

/**
 * Signs an event for `url` with a Standard Webhooks secret at `nowMs` (the timestamp is in seconds).
 */
export function signWebhook(url: string, secret: string, event: unknown, nowMs: number, id = `msg_${randomUUID().replace(/-/g, "")}`): SignedWebhook {
  const key = secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret);
  const timestamp = String(Math.floor(nowMs / 1000));
  const body = JSON.stringify(event);
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { url, body, headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` } };
}

/** POSTs a signed webhook; resolves with the receiver's status (0 when it could not be reached). */
export async function deliverWebhook(webhook: SignedWebhook): Promise<number> {
  try {
    const response = await fetch(webhook.url, { method: "POST", headers: webhook.headers, body: webhook.body });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** The event OpenAI sends when a video ends (providers.md §4.4: the envelope of its sibling events). */
export function videoEvent(video: Pick<FakeVideo, "id" | "status">, nowMs: number): unknown {
  return {
    id: `evt_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    created_at: Math.floor(nowMs / 1000),
    type: video.status === "completed" ? "video.completed" : "video.failed",
    data: { id: video.id },
  };
}

export interface FakeOpenAIVideosOptions {
  apiKey?: string;
  /** Clock in Unix milliseconds, for `created_at`. */
  now?: () => number;
}

export interface FakeOpenAIVideos {
  /** Base URL up to and including `/v1`. */
  url: string;
  apiKey: string;
  videos: Map<string, FakeVideo>;
  submissions: FakeSubmission[];
  /** Every request that reached the server, in order. */
  requests: FakeRequest[];
  /** Value of the `openai-poll-after-ms` header on retrieves; undefined sends none. */
  pollAfterMs: number | undefined;
  /** Videos report completed on their n-th retrieve (default 3). */
  completeAfterPolls(n: number): void;
  /** The next `times` requests on `route` (default: any route; creates for store_then_drop) fail. */
  failNext(kind: FakeFailure, opts?: { times?: number; route?: Route; retryAfterSeconds?: number }): void;
  /** The next created video ends this way when it would have completed. */
  endNextVideo(outcome: FakeOutcome): void;
  /** From now on, each video that ends is pushed to `url` as a signed webhook. */
  sendWebhooksTo(url: string, secret: string): void;
  /** Ends a video now (completed unless an outcome was set for it) and pushes it if webhooks are on; resolves when sent. */
  finishVideo(id: string): Promise<WebhookDelivery | undefined>;
  /** Webhooks sent so far, with the receiver's answers. */
  webhooks: WebhookDelivery[];
  /** Puts a video straight into the store (e.g. old ones, to exercise list pagination). */
  seedVideo(video: Partial<FakeVideo> & { id: string }): FakeVideo;
  /** The bytes served for a video's content variant. */
  contentOf(id: string, variant: string): Uint8Array;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  video: "video/mp4",
  thumbnail: "image/webp",
  spritesheet: "image/jpeg",
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null, param: string | null = null, headers: Record<string, string> = {}): void {
  send(res, status, { error: { message, type, param, code } }, headers);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function routeOf(method: string, path: string): { route: Route | "unknown"; id?: string } {
  const parts = path.replace(/^\/v1/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== "videos") return { route: "unknown" };
  if (parts.length === 1) return { route: method === "POST" ? "create" : method === "GET" ? "list" : "unknown" };
  const id = parts[1];
  if (parts.length === 2) return { route: method === "GET" ? "retrieve" : method === "DELETE" ? "delete" : "unknown", id };
  if (parts.length === 3 && parts[2] === "content" && method === "GET") return { route: "content", id };
  if (parts.length === 3 && parts[2] === "remix" && method === "POST") return { route: "remix", id };
  return { route: "unknown" };
}

export async function startFakeOpenAIVideos(options: FakeOpenAIVideosOptions = {}): Promise<FakeOpenAIVideos> {
  const apiKey = options.apiKey ?? "sk-fake-test-key-0123456789";
  const now = options.now ?? Date.now;
  const videos = new Map<string, FakeVideo>();
  const polls = new Map<string, number>();
  const outcomes = new Map<string, FakeOutcome>();
  const submissions: FakeSubmission[] = [];
  const requests: FakeOpenAIVideos["requests"] = [];
  const failures: { kind: FakeFailure; route?: Route; retryAfterSeconds: number }[] = [];
  let pollsToComplete = 3;
  let nextOutcome: FakeOutcome | undefined;
  let counter = 0;

  function newVideo(fields: { prompt: string; model: string; seconds: string; size: string; remixedFrom?: string }): FakeVideo {
    counter += 1;
    const video: FakeVideo = {
      id: `video_${counter.toString().padStart(6, "0")}`,
      object: "video",
      model: fields.model,
      status: "queued",
      progress: 0,
      created_at: Math.floor(now() / 1000),
      completed_at: null,
      expires_at: null,
      prompt: fields.prompt,
      seconds: fields.seconds,
      size: fields.size,
      remixed_from_video_id: fields.remixedFrom ?? null,
      error: null,
    };
    videos.set(video.id, video);
    if (nextOutcome) {
      outcomes.set(video.id, nextOutcome);
      nextOutcome = undefined;
    }
    return video;
  }

  let pushTo: { url: string; secret: string } | undefined;
  const pending = new Set<Promise<unknown>>();

  /** Pushes a video's end, when webhooks are on. */
  function push(video: FakeVideo): Promise<WebhookDelivery | undefined> {
    if (!pushTo || (video.status !== "completed" && video.status !== "failed")) return Promise.resolve(undefined);
    const signed = signWebhook(pushTo.url, pushTo.secret, videoEvent(video, now()), now());
    const sent = deliverWebhook(signed).then((status) => {
      const delivery = { ...signed, status };
      fake.webhooks.push(delivery);
      return delivery;
    });
    pending.add(sent);
    void sent.finally(() => pending.delete(sent));
    return sent;
  }

  /** Advances a video by one poll, as the real service would between two retrieves. */
  function advance(video: FakeVideo): void {
    if (video.status !== "queued" && video.status !== "in_progress") return;
    const n = (polls.get(video.id) ?? 0) + 1;
    polls.set(video.id, n);
    if (n < pollsToComplete) {
      video.status = n === 1 ? "queued" : "in_progress";
      video.progress = Math.floor((100 * (n - 1)) / pollsToComplete);
      return;
    }
    end(video);
    void push(video);
  }

  /** Moves a video to how it ends: its outcome if one was set, else completed. */
  function end(video: FakeVideo): void {
    const outcome = outcomes.get(video.id);
    const at = Math.floor(now() / 1000);
    if (outcome === "moderation") {
      video.status = "failed";
      video.error = { code: "moderation_blocked", message: "Your request was blocked by our moderation system." };
    } else if (outcome === "failed") {
      video.status = "failed";
      video.error = { code: "internal_error", message: "Video generation failed." };
    } else if (outcome === "canceled" || outcome === "expired") {
      video.status = outcome;
    } else if (outcome === "unknown_status") {
      video.status = "paused_for_review";
    } else {
      video.status = "completed";
      video.progress = 100;
      video.completed_at = at;
      video.expires_at = at + 3600;
    }
  }

  function contentOf(id: string, variant: string): Uint8Array {
    const head = variant === "video" ? [0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70] : [0x52, 0x49, 0x46, 0x46];
    return new Uint8Array([...head, ...Buffer.from(`${variant}:${id}`), 0xff, 0x00]);
  }

  /** Replies with a canned failure and returns its kind; store_then_drop is left to the create handler. */
  function injectFailure(route: Route, res: ServerResponse): FakeFailure | undefined {
    const index = failures.findIndex((f) => f.route === undefined || f.route === route);
    if (index < 0) return undefined;
    const [f] = failures.splice(index, 1);
    if (!f) return undefined;
    switch (f.kind) {
      case "invalid_request":
        sendError(res, 400, "Invalid value for 'size'.", "invalid_request_error", "invalid_value", "size");
        break;
      case "moderation":
        sendError(res, 400, "Your request was rejected by our moderation system.", "invalid_request_error", "moderation_blocked");
        break;
      case "unauthorized":
        sendError(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        break;
      case "forbidden":
        sendError(res, 403, "Your organization must be verified to use the model `sora-2`.", "invalid_request_error", null);
        break;
      case "not_found":
        sendError(res, 404, "Video not found.", "invalid_request_error", "not_found");
        break;
      case "rate_limited":
        sendError(res, 429, "Rate limit reached for videos per minute.", "requests", "rate_limit_exceeded", null, {
          "retry-after": String(f.retryAfterSeconds),
        });
        break;
      case "insufficient_quota":
        sendError(res, 429, "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota");
        break;
      case "server_error":
        sendError(res, 500, "The server had an error while processing your request.", "server_error", null);
        break;
      case "bad_gateway_html":
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>");
        break;
      case "drop":
        res.socket?.destroy();
        break;
      case "store_then_drop":
        return f.kind; // the create handler stores the video first
    }
    return f.kind;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://fake");
    const { route, id } = routeOf(method, url.pathname);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const authorized = token === apiKey;
    const body = await readBody(req);
    requests.push({ method, path: url.pathname + url.search, route, authorized, headers: req.headers, body });

    if (!authorized) {
      // Like the real service, echo what was presented; the client must never log it.
      const shown = token ? `Incorrect API key provided: ${token}.` : "You didn't provide an API key.";
      return sendError(res, 401, shown, "invalid_request_error", token ? "invalid_api_key" : null);
    }
    if (route === "unknown") return sendError(res, 404, `Unknown request URL: ${method} ${url.pathname}`, "invalid_request_error", "unknown_url");

    const failure = injectFailure(route, res);
    if (failure && failure !== "store_then_drop") return;

    if (route === "create") {
      const contentType = req.headers["content-type"] ?? "";
      const fields: Record<string, string> = {};
      let inputReference: FakeSubmission["inputReference"];
      if (contentType.startsWith("multipart/form-data")) {
        const form = await new Request("http://fake", { method: "POST", headers: { "content-type": contentType }, body }).formData();
        for (const [name, value] of form.entries()) {
          if (typeof value === "string") fields[name] = value;
          else if (name === "input_reference") {
            inputReference = { bytes: new Uint8Array(await value.arrayBuffer()), type: value.type, name: value.name };
          }
        }
      } else if (contentType.startsWith("application/json")) {
        const json = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
        for (const [k, v] of Object.entries(json)) if (typeof v === "string") fields[k] = v;
      } else {
        return sendError(res, 400, "Unsupported content type.", "invalid_request_error", "invalid_content_type");
      }
      if (!fields.prompt) return sendError(res, 400, "Missing required parameter: 'prompt'.", "invalid_request_error", "missing_required_parameter", "prompt");
      const video = newVideo({
        prompt: fields.prompt,
        model: fields.model ?? "sora-2",
        seconds: fields.seconds ?? "4",
        size: fields.size ?? "720x1280",
      });
      submissions.push({ route: "create", videoId: video.id, contentType, fields, ...(inputReference ? { inputReference } : {}) });
      if (failure === "store_then_drop") {
        res.socket?.destroy();
        return;
      }
      return send(res, 200, video);
    }

    if (route === "list") {
      const order = url.searchParams.get("order") ?? "desc";
      const limit = Math.min(100, Number(url.searchParams.get("limit") ?? "20"));
      const after = url.searchParams.get("after");
      const all = [...videos.values()].sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
      if (order === "desc") all.reverse();
      const start = after ? all.findIndex((v) => v.id === after) + 1 : 0;
      const page = all.slice(start, start + limit);
      return send(res, 200, {
        object: "list",
        data: page,
        first_id: page[0]?.id ?? null,
        last_id: page.at(-1)?.id ?? null,
        has_more: start + limit < all.length,
      });
    }

    const video = id ? videos.get(id) : undefined;
    if (!video) return sendError(res, 404, `Video with id '${id}' not found.`, "invalid_request_error", "not_found", "video_id");

    if (route === "retrieve") {
      advance(video);
      const headers: Record<string, string> = fake.pollAfterMs !== undefined ? { "openai-poll-after-ms": String(fake.pollAfterMs) } : {};
      return send(res, 200, video, headers);
    }
    if (route === "content") {
      const variant = url.searchParams.get("variant") ?? "video";
      const type = CONTENT_TYPES[variant];
      if (!type) return sendError(res, 400, `Invalid variant '${variant}'.`, "invalid_request_error", "invalid_value", "variant");
      if (video.status !== "completed") return sendError(res, 400, "Video is not ready yet.", "invalid_request_error", "video_not_ready");
      const bytes = contentOf(video.id, variant);
      res.writeHead(200, { "content-type": type, "content-length": String(bytes.length) });
      res.end(bytes);
      return;
    }
    if (route === "remix") {
      const json = JSON.parse(body.toString("utf8") || "{}") as { prompt?: unknown };
      if (typeof json.prompt !== "string" || json.prompt === "") {
        return sendError(res, 400, "Missing required parameter: 'prompt'.", "invalid_request_error", "missing_required_parameter", "prompt");
      }
      const remixed = newVideo({ prompt: json.prompt, model: video.model, seconds: video.seconds, size: video.size, remixedFrom: video.id });
      submissions.push({ route: "remix", videoId: remixed.id, contentType: req.headers["content-type"] ?? "", fields: { prompt: json.prompt } });
      return send(res, 200, remixed);
    }
    if (route === "delete") {
      videos.delete(video.id);
      return send(res, 200, { id: video.id, object: "video.deleted", deleted: true });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake failure: ${String(error)}`, "server_error", null);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeOpenAIVideos = {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    videos,
    submissions,
    requests,
    webhooks: [],
    pollAfterMs: undefined,
    sendWebhooksTo(url, secret) {
      pushTo = { url, secret };
    },
    finishVideo(id) {
      const video = videos.get(id);
      if (!video) throw new Error(`no video ${id}`);
      if (video.status === "queued" || video.status === "in_progress") end(video);
      return push(video);
    },
    completeAfterPolls(n) {
      pollsToComplete = Math.max(1, n);
    },
    failNext(kind, opts = {}) {
      const route = opts.route ?? (kind === "store_then_drop" ? "create" : undefined);
      for (let i = 0; i < (opts.times ?? 1); i++) {
        failures.push({ kind, ...(route ? { route } : {}), retryAfterSeconds: opts.retryAfterSeconds ?? 2 });
      }
    },
    endNextVideo(outcome) {
      nextOutcome = outcome;
    },
    seedVideo(partial) {
      const video: FakeVideo = {
        object: "video",
        model: "sora-2",
        status: "completed",
        progress: 100,
        created_at: Math.floor(now() / 1000),
        completed_at: null,
        expires_at: null,
        prompt: null,
        seconds: "4",
        size: "1280x720",
        remixed_from_video_id: null,
        error: null,
        ...partial,
      };
      videos.set(video.id, video);
      return video;
    },
    contentOf,
    async close() {
      await Promise.allSettled([...pending]);
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
  return fake;
}
