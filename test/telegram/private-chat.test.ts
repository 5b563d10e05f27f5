import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { confirmOffer, harnessForSuite, user, waitForClip } from "./harness.ts";

describe("a creator in a private Telegram chat", () => {
  const h = harnessForSuite();

  it("registers the commands with descriptions in English and Chinese, leaving /admin out of everyone's menu", () => {
    const names = ["start", "help", "video", "image", "status", "models", "language", "cancel", "usage"];
    assert.deepEqual(h.telegram.commands.get("")?.map((c) => c.command), names);
    assert.deepEqual(h.telegram.commands.get("en")?.map((c) => c.command), names);
    const zh = h.telegram.commands.get("zh") ?? [];
    assert.deepEqual(zh.map((c) => c.command), names);
    assert.match(zh.find((c) => c.command === "video")!.description, /视频/);
    assert.match(h.telegram.commands.get("en")!.find((c) => c.command === "video")!.description, /video/i);
  });

  it("takes an English brief to a delivered clip with the provider URL verbatim in the caption", async () => {
    const alice = user("Alice", "en");
    const chat = h.telegram.privateChat(alice);
    h.telegram.sendText(chat, alice, "An 8 second vertical video of a red fox running through fresh snow at sunrise");
    const offer = await h.telegram.waitForMessage(chat.id, confirmOffer);
    assert.match(offer.text!, /Here's the plan/);
    assert.match(offer.text!, /Shall I start\?/);
    for (const b of offer.reply_markup!.inline_keyboard.flat()) assert.ok(Buffer.byteLength(b.callback_data!) <= 64);

    const query = h.telegram.pressButton(chat, alice, "✅ Confirm");
    assert.deepEqual(await h.telegram.waitForAnswer(query), {});
    const clip = await waitForClip(h, chat.id);

    assert.equal(h.creatok.submissions.length, 1);
    const taskId = h.creatok.submissions[0]!.taskId!;
    const url = `${h.creatok.baseUrl}/files/${taskId}.mp4`;
    assert.equal(clip.caption, `Your video is ready:\n${url}`);
    assert.equal(Buffer.from(clip.media!.bytes!).toString(), `fake mp4 for ${taskId}.mp4`);
    assert.ok(clip.reply_markup?.inline_keyboard.flat().some((b) => b.text === "Make another"));
    // The status message was posted, then edited in place to its final state.
    const status = h.telegram.botMessages(chat.id).find((m) => /^Your video with CreatOK/.test(m.text ?? ""));
    assert.ok(status, "a status message was shown");
    assert.match(status.text!, /ready/);
  });

  it("answers a Chinese brief in Chinese all the way to the delivered clip", async () => {
    const wei = user("伟", "zh-hans");
    const chat = h.telegram.privateChat(wei);
    const before = h.creatok.submissions.length;
    h.telegram.sendText(chat, wei, "做一个8秒的竖屏视频，一只橘猫在窗台上晒太阳");
    const offer = await h.telegram.waitForMessage(chat.id, (m) => (m.reply_markup?.inline_keyboard.flat().length ?? 0) > 0);
    assert.match(offer.text!, /[\u4e00-\u9fff]/);
    const confirm = offer.reply_markup!.inline_keyboard.flat()[0]!;
    assert.match(confirm.text, /确认/);
    h.telegram.press(chat, wei, offer.message_id, confirm.callback_data!);
    const clip = await waitForClip(h, chat.id);
    assert.equal(h.creatok.submissions.length, before + 1);
    const url = `${h.creatok.baseUrl}/files/${h.creatok.submissions.at(-1)!.taskId!}.mp4`;
    assert.ok(clip.caption!.includes(url), "the URL is verbatim in the caption");
    assert.match(clip.caption!, /[\u4e00-\u9fff]/);
    assert.ok(clip.reply_markup!.inline_keyboard.flat().every((b) => /[\u4e00-\u9fff]/.test(b.text)));
  });
});
