/**
 * Push completions over HTTP: `POST /hooks/<provider>`. A push is only a hint. The bot checks that
 * it is signed, fresh and not a replay, then asks the jobs layer to poll that task now; what the
 * provider answers to that poll decides, never the push body. Anything unsigned, stale, forged or
 * replayed, and a push for a task we do not follow, changes nothing.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProviderId } from "../domain/catalog.ts";
import { verifyWebhook, webhookKey, WEBHOOK_TOLERANCE_MS } from "../providers/webhook-signature.ts";
import type { Db } from "../store/database.ts";
import { rememberWebhook } from "../store/jobs/pushes.ts";
import type { Handler, HttpServer } from "./server.ts";

/** Webhook bodies are small JSON envelopes; anything larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;

/** The OpenAI-style event types that mean a video ended. */
const VIDEO_ENDED = new Set(["video.completed", "video.failed"]);

export interface HooksLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface HooksDeps {
  db: Db;
  jobs: { nudge(provider: ProviderId, taskId: string): boolean; callback(provider: ProviderId, query: URLSearchParams): "nudged" | "ignored" | "refused" };
  /** OPENAI_WEBHOOK_SECRET; without it /hooks/openai is not mounted. */
  openaiSecret?: string | undefined;
  /** Providers given callback URLs (with PUBLIC_BASE_URL set): each gets `/hooks/<id>`. */
  callbackProviders?: readonly ProviderId[];
  now?: () => number;
  log?: HooksLog;
}

/** Mounts every push endpoint this configuration can verify. */
export function mountHooks(http: Pick<HttpServer, "route">, deps: HooksDeps): void {
  if (deps.openaiSecret) http.route("POST", "/hooks/openai", openaiWebhook({ ...deps, openaiSecret: deps.openaiSecret }));
  for (const provider of deps.callbackProviders ?? []) {
    if (provider !== "openai") http.route("POST", `/hooks/${provider}`, providerCallback(deps, provider));
  }
}

/**
 * A callback URL being called. Its body is not read past a size check: the URL's token says which
 * job it was made for, and the provider's own answer to the poll that follows says the rest.
 */
export function providerCallback(deps: HooksDeps, provider: ProviderId): Handler {
  return async (req, res) => {
    if ((await readCapped(req, MAX_BODY_BYTES)) === undefined) return reply(res, 413);
    const query = new URL(req.url ?? "/", "http://localhost").searchParams;
    const outcome = deps.jobs.callback(provider, query);
    if (outcome === "refused") {
      deps.log?.warn({ provider }, "callback refused");
      return reply(res, 401);
    }
    deps.log?.info({ provider, outcome }, "callback received");
    return reply(res, 200);
  };
}

/** Standard Webhooks from an OpenAI-style Videos API: `{type: "video.completed", data: {id}}`. */
export function openaiWebhook(deps: HooksDeps & { openaiSecret: string }): Handler {
  const key = webhookKey(deps.openaiSecret);
  const now = deps.now ?? Date.now;
  return async (req, res) => {
    const body = await readCapped(req, MAX_BODY_BYTES);
    if (body === undefined) return reply(res, 413);
    const at = now();
    const verdict = verifyWebhook(
      key,
      { id: header(req, "webhook-id"), timestamp: header(req, "webhook-timestamp"), signature: header(req, "webhook-signature") },
      body,
      at,
    );
    if (!verdict.ok) {
      deps.log?.warn({ provider: "openai", reason: verdict.reason }, "webhook refused");
      return reply(res, verdict.reason === "malformed" ? 400 : 401);
    }
    const taskId = videoIdOf(body);
    if (taskId === undefined) return reply(res, 400);
    if (!rememberWebhook(deps.db, { provider: "openai", id: verdict.id, now: at, forgetBefore: at - 2 * WEBHOOK_TOLERANCE_MS })) {
      // Acknowledged so an honest sender stops retrying; acted on once only.
      deps.log?.info({ provider: "openai", webhookId: verdict.id }, "webhook replayed");
      return reply(res, 200);
    }
    if (taskId !== null) {
      const followed = deps.jobs.nudge("openai", taskId);
      deps.log?.info({ provider: "openai", taskId, followed }, "webhook received");
    }
    return reply(res, 200);
  };
}

/** The video id of an ending event; null for another event type; undefined when it is not an event at all. */
function videoIdOf(body: Buffer): string | null | undefined {
  let event: unknown;
  try {
    event = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof event !== "object" || event === null) return undefined;
  const { type, data } = event as { type?: unknown; data?: { id?: unknown } };
  if (typeof type !== "string") return undefined;
  if (!VIDEO_ENDED.has(type)) return null;
  const id = data?.id;
  return typeof id === "string" && id.length > 0 && id.length <= 256 ? id : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readCapped(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number): void {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(status < 300 ? '{"ok":true}' : '{"ok":false}');
}
