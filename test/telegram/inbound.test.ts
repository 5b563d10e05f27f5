import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mediaCaption, textEvent } from "../../src/chat/telegram/inbound.ts";

const me = { id: 42, username: "reelsmith_bot" };
const inPrivate = (text: string) => ({ text, chat: { type: "private" } });
const inGroup = (text: string, replyTo?: number) => ({ text, chat: { type: "supergroup" }, ...(replyTo ? { reply_to_message: { from: { id: replyTo } } } : {}) });

describe("which Telegram messages are for the bot", () => {
  it("reads any text in a private chat as a brief", () => {
    assert.deepEqual(textEvent(inPrivate("  a cat surfing  "), me), { type: "text", text: "a cat surfing" });
  });

  it("reads a command with its arguments, with or without the bot's name", () => {
    assert.deepEqual(textEvent(inPrivate("/video a cat surfing"), me), { type: "command", name: "video", args: "a cat surfing" });
    assert.deepEqual(textEvent(inGroup("/Status@Reelsmith_Bot abc123"), me), { type: "command", name: "status", args: "abc123" });
  });

  it("leaves another bot's command alone", () => {
    assert.equal(textEvent(inGroup("/video@other_bot a cat"), me), undefined);
    assert.equal(textEvent(inPrivate("/help@other_bot"), me), undefined);
  });

  it("passes an unknown command on only when it was addressed to this bot", () => {
    assert.deepEqual(textEvent(inPrivate("/dance"), me), { type: "command", name: "dance", args: "" });
    assert.equal(textEvent(inGroup("/dance"), me), undefined);
    assert.deepEqual(textEvent(inGroup("/dance@reelsmith_bot"), me), { type: "command", name: "dance", args: "" });
  });

  it("answers in a group only a mention or a reply to its own message", () => {
    assert.equal(textEvent(inGroup("a cat surfing"), me), undefined);
    assert.equal(textEvent(inGroup("mail me at a@reelsmith_bot.example"), me), undefined);
    assert.deepEqual(textEvent(inGroup("@reelsmith_bot a cat surfing"), me), { type: "text", text: "a cat surfing" });
    assert.deepEqual(textEvent(inGroup("make it 10 s", 42), me), { type: "text", text: "make it 10 s" });
    assert.equal(textEvent(inGroup("make it 10 s", 7), me), undefined);
  });

  it("takes a photo's caption without the command or mention that addressed it", () => {
    assert.deepEqual(mediaCaption({ caption: "/video@reelsmith_bot spin this mug", chat: { type: "group" } }, me), { addressed: true, caption: "spin this mug" });
    assert.deepEqual(mediaCaption({ caption: "holiday pics", chat: { type: "group" } }, me), { addressed: false, caption: "holiday pics" });
    assert.deepEqual(mediaCaption({ chat: { type: "private" } }, me), { addressed: true });
  });
});
