/**
 * Callback URLs for providers whose contract takes one (SophNet's `callback_url`): where the
 * provider may call when a task ends. The callback's body is in no source, so it is not read: the
 * URL itself names the job and carries an HMAC of it under a key only this bot's database holds,
 * so a callback can only nudge the job it was made for, and a guessed or altered one nothing.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { ProviderId } from "../domain/catalog.ts";
import type { Db } from "../store/database.ts";
import { pushKey } from "../store/jobs/pushes.ts";

const KEY_NAME = "callbacks";

function tokenFor(key: Buffer, provider: ProviderId, jobId: string): Buffer {
  return createHmac("sha256", key).update(`${provider}:${jobId}`).digest();
}

/** `${base}/hooks/<provider>?job=<id>&token=<base64url HMAC>`. */
export function callbackUrl(db: Db, base: string, provider: ProviderId, jobId: string): string {
  const token = tokenFor(pushKey(db, KEY_NAME, () => randomBytes(32)), provider, jobId).toString("base64url");
  return `${base}/hooks/${provider}?job=${encodeURIComponent(jobId)}&token=${token}`;
}

/** The job a callback's query names, when its token is ours; undefined otherwise. */
export function callbackJob(db: Db, provider: ProviderId, query: URLSearchParams): string | undefined {
  const jobId = query.get("job");
  const token = query.get("token");
  if (!jobId || !token || jobId.length > 128) return undefined;
  const expected = tokenFor(pushKey(db, KEY_NAME, () => randomBytes(32)), provider, jobId);
  const given = Buffer.from(token, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected) ? jobId : undefined;
}
