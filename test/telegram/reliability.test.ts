import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { until } from "../support/app.ts";
import { startHarness, user, type Harness } from "./harness.ts";

const confirmOffer = (m: { reply_markup?: { inline_keyboard: { text: string }[][] } }) =>
  m.reply_markup?.inline_keyboard.flat().some((b) => b.text === "✅ Confirm") ?? false;

describe("the Telegram transport under Bot API trouble", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it("waits out a 429 and still delivers the message, without retrying early", async () => {
    const kim = user("Kim", "en");
    const chat = h.telegram.privateChat(kim);
    h.telegram.failNext("sendMessage", { kind: "429", retryAfter: 1 });
    h.telegram.sendText(chat, kim, "/help");
    const help = await h.telegram.waitForMessage(chat.id, (m) => /I turn your ideas into AI video clips/.test(m.text ?? ""));
    const sends = h.telegram.calls.filter((c) => c.method === "sendMessage" && c.params.chat_id === chat.id);
    assert.deepEqual(sends.map((c) => c.status), [429, 200]);
    assert.equal(h.telegram.floodViolations, 0, "no call came back inside the retry_after window");
    assert.equal(h.telegram.botMessages(chat.id).filter((m) => m.message_id === help.message_id).length, 1);
  });

  it("retries a 5xx from the Bot API without losing the message", async () => {
    const lou = user("Lou", "en");
    const chat = h.telegram.privateChat(lou);
    h.telegram.failNext("sendMessage", { kind: "5xx", status: 502 });
    h.telegram.sendText(chat, lou, "/models");
    await h.telegram.waitForMessage(chat.id, (m) => /Models available right now/.test(m.text ?? ""));
    const sends = h.telegram.calls.filter((c) => c.method === "sendMessage" && c.params.chat_id === chat.id);
    assert.deepEqual(sends.map((c) => c.status), [502, 200]);
  });

  it("shows locale text with angle brackets literally", async () => {
    const max = user("Max", "en");
    const chat = h.telegram.privateChat(max);
    h.telegram.sendText(chat, max, "/help");
    const help = await h.telegram.waitForMessage(chat.id, (m) => /Commands:/.test(m.text ?? ""));
    assert.match(help.text!, /\/status <id>/);
  });

  it("shows a user's <b> and & literally instead of as markup", async () => {
    const ned = user("Ned", "en");
    const chat = h.telegram.privateChat(ned);
    h.telegram.sendText(chat, ned, "/status <b>x&y</b>");
    const answer = await h.telegram.waitForMessage(chat.id, (m) => /isn't one of your requests/.test(m.text ?? ""));
    assert.match(answer.text!, /^<b>x&y<\/b> isn't one of your requests/);
  });

  it("carries a prompt with <b> and & to the provider and the chat without breaking a message", async () => {
    const ola = user("Ola", "en");
    const chat = h.telegram.privateChat(ola);
    h.telegram.sendText(chat, ola, "An 8 second vertical video: <b>Fish & Chips</b> neon sign flickering in the rain");
    await h.telegram.waitForMessage(chat.id, confirmOffer);
    h.telegram.pressButton(chat, ola, "✅ Confirm");
    await h.telegram.waitForMessage(chat.id, (m) => m.media?.kind === "video", 15_000);
    assert.match(String(h.creatok.submissions.at(-1)!.body.prompt), /<b>Fish & Chips<\/b>/);
    const refused = h.telegram.calls.filter((c) => c.params.chat_id === chat.id && c.status === 400);
    assert.deepEqual(refused, [], "Telegram parsed every message");
  });

  it("says a button is from an earlier step when its id is unknown", async () => {
    const pia = user("Pia", "en");
    const chat = h.telegram.privateChat(pia);
    h.telegram.sendText(chat, pia, "/help");
    const help = await h.telegram.waitForMessage(chat.id, () => true);
    const query = h.telegram.press(chat, pia, help.message_id, "no-such-button-id");
    assert.deepEqual(await h.telegram.waitForAnswer(query), {
      text: "That button belongs to an earlier step. Tell me what you'd like to make.",
      show_alert: true,
    });
  });
});

describe("a delivery slower than a job lease", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ leaseMs: 300 });
  });
  after(() => h.close());

  it("keeps its lease while the send waits out a 429, so the clip is posted once", async () => {
    const alice = user("Alice", "en");
    const chat = h.telegram.privateChat(alice);
    h.telegram.sendText(chat, alice, "An 8 second vertical video of a red fox running through fresh snow at sunrise");
    await h.telegram.waitForMessage(chat.id, (m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === "✅ Confirm") ?? false);
    h.telegram.failNext("sendVideo", { kind: "429", retryAfter: 1 });
    h.telegram.pressButton(chat, alice, "✅ Confirm");
    await h.telegram.waitForMessage(chat.id, (m) => m.media?.kind === "video", 15_000);
    // A pass taking the delivery over would do it inside the 1 s wait (the lease is 300 ms) and send
    // at once, so its sendVideo would come before the retry. Once the delivery is recorded no pass
    // delivers again: from then on the calls are all there are.
    await until(() => h.db.prepare("SELECT COUNT(*) FROM jobs WHERE delivered_at IS NOT NULL").pluck().get() === 1, 10_000, () => "the delivery to be recorded");
    const sends = h.telegram.calls.filter((c) => c.method === "sendVideo" && String(c.params.chat_id) === String(chat.id));
    assert.deepEqual(sends.map((c) => c.status), [429, 200], "the refused send and its retry, and nothing between them");
    const clips = h.telegram.botMessages(chat.id).filter((m) => m.media?.kind === "video");
    assert.equal(clips.length, 1, "a second pass did not take the delivery over while the first was waiting");
  });
});

describe("an offer that has expired", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ quoteTtlMs: 1 });
  });
  after(async () => {
    await h.close();
  });

  it("says so when Confirm is pressed, and starts nothing", async () => {
    const quinn = user("Quinn", "en");
    const chat = h.telegram.privateChat(quinn);
    h.telegram.sendText(chat, quinn, "A 5 second square clip of a spinning top");
    await h.telegram.waitForMessage(chat.id, confirmOffer);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const query = h.telegram.pressButton(chat, quinn, "✅ Confirm");
    assert.deepEqual(await h.telegram.waitForAnswer(query), {});
    await h.telegram.waitForMessage(chat.id, (m) => /That offer has expired/.test(m.text ?? ""));
    assert.equal(h.creatok.submissions.length, 0);
  });
});

describe("the Telegram transport in webhook mode", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ webhook: true });
  });
  after(async () => {
    await h.close();
  });

  it("sets the webhook with its secret and takes a brief to a delivered clip through it", async () => {
    assert.ok(h.telegram.webhook?.secret, "the webhook carries a secret");
    const rio = user("Rio", "en");
    const chat = h.telegram.privateChat(rio);
    h.telegram.sendText(chat, rio, "An 8 second vertical video of a lantern floating over a lake");
    await h.telegram.waitForMessage(chat.id, confirmOffer);
    h.telegram.pressButton(chat, rio, "✅ Confirm");
    await h.telegram.waitForMessage(chat.id, (m) => m.media?.kind === "video", 15_000);
    assert.equal(h.telegram.calls.filter((c) => c.method === "getUpdates").length, 0, "no polling in webhook mode");
  });

  it("refuses an update whose secret header is wrong", async () => {
    const sam = user("Sam", "en");
    const chat = h.telegram.privateChat(sam);
    const forged = { update_id: 999_999, message: { message_id: 1, date: 0, chat, from: { id: sam.id, is_bot: false, first_name: "Sam" }, text: "/help" } };
    const wrong = await fetch(h.telegram.webhook!.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "not-the-secret" },
      body: JSON.stringify(forged),
    });
    const missing = await fetch(h.telegram.webhook!.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(forged) });
    assert.equal(wrong.status, 401);
    assert.equal(missing.status, 401);
    await wrong.arrayBuffer();
    await missing.arrayBuffer();
    // A real update after the forged ones is answered, and nothing was said in answer to them.
    h.telegram.sendText(chat, sam, "/help");
    await h.telegram.waitForMessage(chat.id, () => true);
    assert.equal(h.telegram.botMessages(chat.id).length, 1);
  });
});
