import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { verifyWebhook, webhookKey } from "../../src/providers/webhook-signature.ts";
import { signWebhook } from "../fakes/openai-videos.ts";

const SECRET = `whsec_${Buffer.from("a key of thirty-two bytes, exact").toString("base64")}`;
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

function check(signed: ReturnType<typeof signWebhook>, now = NOW, secret = SECRET) {
  const h = signed.headers;
  return verifyWebhook(webhookKey(secret), { id: h["webhook-id"], timestamp: h["webhook-timestamp"], signature: h["webhook-signature"] }, Buffer.from(signed.body), now);
}

describe("Standard Webhooks signatures", () => {
  it("accepts a signature over id.timestamp.body keyed by the base64 after whsec_, among several entries", () => {
    const signed = signWebhook("http://x/hooks/openai", SECRET, { type: "video.completed", data: { id: "video_1" } }, NOW, "msg_1");
    assert.deepEqual(check(signed), { ok: true, id: "msg_1", timestampMs: Math.floor(NOW / 1000) * 1000 });
    // A sender rotating secrets sends several; any one that matches is enough.
    signed.headers["webhook-signature"] = `v1,${Buffer.alloc(32).toString("base64")} v2,zzz ${signed.headers["webhook-signature"]}`;
    assert.equal(check(signed).ok, true);
  });

  it("refuses a timestamp more than 5 minutes off either way, another key, a changed body and a missing header", () => {
    const signed = signWebhook("http://x", SECRET, { type: "video.completed" }, NOW);
    assert.deepEqual(check(signed, NOW + 5 * 60_000 + 1_000), { ok: false, reason: "stale" });
    assert.deepEqual(check(signed, NOW - 5 * 60_000 - 1_000), { ok: false, reason: "stale" }, "from the future");
    assert.equal(check(signed, NOW + 4 * 60_000).ok, true);
    assert.deepEqual(check(signed, NOW, "whsec_" + Buffer.from("another key").toString("base64")), { ok: false, reason: "forged" });
    assert.deepEqual(check(signed, NOW, SECRET.slice(6)), { ok: false, reason: "forged" }, "the whsec_ rest is base64, not the key itself");
    assert.deepEqual(check({ ...signed, body: signed.body.replace("completed", "failed") }), { ok: false, reason: "forged" });
    assert.deepEqual(check({ ...signed, headers: { ...signed.headers, "webhook-id": "" } }), { ok: false, reason: "unsigned" });
    assert.deepEqual(check({ ...signed, headers: { ...signed.headers, "webhook-timestamp": "soon" } }), { ok: false, reason: "malformed" });
  });
});
