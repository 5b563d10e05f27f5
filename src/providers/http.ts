/**
 * The one HTTP seam for provider clients: timeouts, safe body parsing, and retries for reads only.
 * A submission goes through `send` with `retry: false`; a failure whose outcome we cannot see is
 * reported as `outcomeUnknown` so the jobs layer reconciles instead of paying twice.
 */
import type { Dispatcher, FormData } from "undici";
import type { ProviderId } from "../domain/catalog.ts";
import { undici } from "../lib/undici.ts";
import { fullJitter, parseRetryAfter } from "../lib/backoff.ts";
import { ProviderError } from "./provider.ts";

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  /** Multipart bodies must be undici's FormData: undici 7's request() cannot stream Node 20's built-in one. */
  body?: string | Uint8Array | FormData;
  timeoutMs?: number;
  /** Reads retry on network errors, 408, 429 and 5xx; submissions must pass false. */
  retry: boolean;
  signal?: AbortSignal;
  /** The most of a body read into memory (default 16 MB, an API answer); more fails at once, without a retry. */
  maxBytes?: number;
}

/** A body larger than the request's maxBytes: asking again would not make it smaller. */
class BodyTooLarge extends Error {
  override readonly name = "BodyTooLarge";
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text; `json` is its parse, or undefined when it is not JSON (an HTML 502 page). */
  text: string;
  json: unknown;
  bytes: Uint8Array;
  retryAfterMs?: number;
}

export interface HttpOptions {
  provider: ProviderId;
  /** Attempts for reads, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  dispatcher?: Dispatcher;
  sleep?: (ms: number) => Promise<void>;
}

/** No API answer (JSON, an error page) comes near this; a larger one is a fault, not data. */
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

const RETRYABLE = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

export function createHttp(options: HttpOptions) {
  const maxAttempts = options.maxAttempts ?? 4;
  const base = options.baseDelayMs ?? 1000;
  const cap = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function once(req: HttpRequest): Promise<HttpResponse> {
    const signals = [AbortSignal.timeout(req.timeoutMs ?? 60_000)];
    if (req.signal) signals.push(req.signal);
    const { request } = await undici();
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body as never,
      signal: AbortSignal.any(signals),
      dispatcher: options.dispatcher,
    });
    const bytes = await readCapped(res.body, res.headers["content-length"], req.maxBytes ?? DEFAULT_MAX_BODY_BYTES);
    const text = Buffer.from(bytes).toString("utf8");
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (typeof v === "string") headers[k] = v;
      else if (Array.isArray(v)) headers[k] = v.join(", ");
    }
    const retryAfterMs = parseRetryAfter(headers["retry-after"]) ??
      (headers["retry-after-ms"] ? Number(headers["retry-after-ms"]) : undefined);
    return { status: res.statusCode, headers, text, json, bytes, retryAfterMs };
  }

  /**
   * Sends a request. Network failures become ProviderError("transient") with outcomeUnknown set for
   * non-retried requests (a submission may have reached the server). HTTP statuses are returned
   * as they are; the client maps them, since each provider has its own error envelope.
   */
  async function send(req: HttpRequest): Promise<HttpResponse> {
    const attempts = req.retry ? maxAttempts : 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        const res = await once(req);
        if (req.retry && RETRYABLE.has(res.status) && attempt < attempts - 1) {
          // A long Retry-After is the poller's to honour between polls; inside one read we wait at most `cap`.
          await sleep(Math.min(cap, res.retryAfterMs ?? fullJitter(attempt, base, cap)));
          continue;
        }
        return res;
      } catch (error) {
        if (req.signal?.aborted) throw error;
        if (error instanceof BodyTooLarge) throw new ProviderError(options.provider, "invalid_input", `the answer is larger than ${req.maxBytes ?? DEFAULT_MAX_BODY_BYTES} bytes`, { code: "too_large" });
        lastError = error;
        if (attempt < attempts - 1) await sleep(fullJitter(attempt, base, cap));
      }
    }
    const reason = lastError instanceof Error ? lastError.name : "network error";
    throw new ProviderError(options.provider, "transient", `could not reach the provider (${reason})`, {
      outcomeUnknown: !req.retry,
    });
  }

  return { send };
}

export type Http = ReturnType<typeof createHttp>;

async function readCapped(body: Dispatcher.ResponseData["body"], length: unknown, maxBytes: number): Promise<Uint8Array> {
  if (typeof length === "string" && Number(length) > maxBytes) {
    body.destroy();
    throw new BodyTooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      body.destroy();
      throw new BodyTooLarge();
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
