import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { harnessForSuite, user } from "../telegram/harness.ts";

describe("a 429 on a reply", () => {
  // auto-retry waits out nothing here, so every retry_after takes the path a 60 s one takes in
  // production (above auto-retry's 30 s bound): the reply's own wait.
  const h = harnessForSuite({ retry: { maxDelaySeconds: 0 } });

  it("waits retry_after and then sends the reply, never 'Something went wrong' instead", async () => {
    const someone = user("Ria", "en");
    const chat = h.telegram.privateChat(someone);
    h.telegram.failNext("sendMessage", { kind: "429", retryAfter: 2 });
    h.telegram.sendText(chat, someone, "an 8 second vertical clip of a lighthouse in a storm");
    const offer = await h.telegram.waitForMessage(chat.id, (m) => /Confirm/.test(JSON.stringify(m.reply_markup ?? {})), 20_000);
    assert.ok(offer);
    const sends = h.telegram.calls.filter((c) => c.method === "sendMessage" && c.params.chat_id !== undefined && Number(c.params.chat_id) === chat.id);
    const refused = sends.find((c) => c.status === 429)!;
    const delivered = sends.find((c) => c.status === 200)!;
    assert.ok(delivered.at - refused.at >= 2000, `sent ${delivered.at - refused.at} ms after the 429`);
    assert.equal(h.telegram.floodViolations, 0, "nothing was sent inside the window");
    assert.equal(h.telegram.botMessages(chat.id).filter((m) => /Something went wrong/.test(m.text ?? "")).length, 0);
    assert.equal(h.telegram.botMessages(chat.id).length, 1, "the reply, once");
  });
});
