/**
 * Standard Webhooks signatures, as OpenAI signs its webhooks (providers.md §4.4): HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${raw body}`, keyed by the secret (a `whsec_` secret is the
 * base64 of the key), sent as space-separated `v1,<base64>` entries in `webhook-signature`. Only a
 * signature over the exact bytes received counts, so the body is checked before it is parsed.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Older (or further in the future) than this and a webhook is refused: ±5 minutes. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type WebhookVerdict =
  | { ok: true; id: string; timestampMs: number }
  | { ok: false; reason: "unsigned" | "malformed" | "stale" | "forged" };

/** The HMAC key: the base64-decoded rest of a `whsec_` secret, otherwise the secret's bytes. */
export function webhookKey(secret: string): Buffer {
  return secret.startsWith("whsec_") ? Buffer.from(secret.slice("whsec_".length), "base64") : Buffer.from(secret, "utf8");
}

/** The base64 HMAC-SHA256 the sender computes. */
export function webhookSignature(key: Buffer, id: string, timestamp: string, body: Buffer | string): string {
  return createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
}

/** Checks headers and body against the key at `nowMs`; constant-time on the signature bytes. */
export function verifyWebhook(key: Buffer, headers: WebhookHeaders, body: Buffer, nowMs: number): WebhookVerdict {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: "unsigned" };
  if (!/^\d{1,12}$/.test(timestamp) || id.length > 256) return { ok: false, reason: "malformed" };
  const timestampMs = Number(timestamp) * 1000;
  if (Math.abs(nowMs - timestampMs) > WEBHOOK_TOLERANCE_MS) return { ok: false, reason: "stale" };
  const expected = Buffer.from(webhookSignature(key, id, timestamp, body), "base64");
  for (const entry of signature.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, id, timestampMs };
  }
  return { ok: false, reason: "forged" };
}
