/**
 * The Telegram ChatPort against the fake Bot API, with a file server standing in for a provider's
 * result storage: which route a finished clip takes, and how text and edits reach the chat.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Bot } from "grammy";
import type { ChatPort, ChatTarget } from "../../src/ports/chat.ts";
import { createTelegramPort } from "../../src/chat/telegram/port.ts";
import { trustOrigin } from "../../src/lib/download.ts";
import { text } from "../../src/domain/reply.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { createButtonStore } from "../../src/store/buttons.ts";
import { openDatabase, type Db } from "../../src/store/database.ts";
import { FAKE_BOT_USERNAME, startFakeTelegram, type FakeTelegram } from "../fakes/telegram.ts";
import { PNG, user } from "./harness.ts";

const MB = 1024 * 1024;

describe("the Telegram chat port", () => {
  let telegram: FakeTelegram;
  let files: Server;
  let filesUrl: string;
  let db: Db;
  let port: ChatPort;
  const gets: string[] = [];
  const medium = Buffer.alloc(21 * MB, 7);

  before(async () => {
    telegram = await startFakeTelegram();
    files = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (req.method === "GET") gets.push(path);
      const body = path === "/small.mp4" ? Buffer.from("small clip") : path === "/medium.mp4" ? medium : path === "/thumb.jpg" ? PNG : undefined;
      if (path === "/huge.mp4") {
        // Only the size is ever asked for; a download would be a mistake.
        res.writeHead(200, { "content-type": "video/mp4", "content-length": String(60 * MB) });
        res.end();
        return;
      }
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(body.length) });
      res.end(req.method === "HEAD" ? undefined : body);
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    // It stands for a provider's configured result host; any other loopback address is refused.
    trustOrigin(filesUrl);
    db = openDatabase(":memory:");
    // The port only calls the API, which needs no getMe first.
    const bot = new Bot(telegram.token, { client: { apiRoot: telegram.apiRoot } });
    port = createTelegramPort({ api: bot.api, translator: await createTranslator(), buttons: createButtonStore(db) });
  });
  after(async () => {
    db.close();
    files.closeAllConnections();
    await new Promise<void>((resolve) => files.close(() => resolve()));
    await telegram.close();
  });

  function privateTarget(language = "en"): ChatTarget {
    const u = user("Uma", language);
    telegram.privateChat(u);
    return { platform: "telegram", chatId: String(u.id), userId: String(u.id), language };
  }

  const last = (target: ChatTarget) => telegram.botMessages(Number(target.chatId)).at(-1)!;

  it("sends a clip of up to 20 MB by its URL, with the URL verbatim in the caption", async () => {
    const to = privateTarget();
    const url = `${filesUrl}/small.mp4?sig=a1&expires=99`;
    await port.send(to, { type: "video", url, caption: [text("jobs:done.video", { url })], buttons: [[{ label: text("jobs:button.again"), action: { type: "again", jobId: "j1" } }]] });
    const clip = last(to);
    assert.deepEqual({ kind: clip.media?.kind, source: clip.media?.source, url: clip.media?.url }, { kind: "video", source: "url", url });
    assert.equal(clip.caption, `Your video is ready:\n${url}`);
    assert.equal(clip.reply_markup?.inline_keyboard[0]?.[0]?.text, "Make another");
  });

  it("downloads and uploads a clip between 20 and 50 MB", async () => {
    const to = privateTarget();
    const url = `${filesUrl}/medium.mp4`;
    await port.send(to, { type: "video", url, caption: [text("jobs:done.video", { url })] });
    const clip = last(to);
    assert.equal(clip.media?.source, "upload");
    assert.equal(clip.media?.bytes?.byteLength, medium.length);
  });

  it("posts a clip over 50 MB as a link under its thumbnail, without downloading it", async () => {
    const to = privateTarget();
    const url = `${filesUrl}/huge.mp4`;
    await port.send(to, { type: "video", url, thumbnailUrl: `${filesUrl}/thumb.jpg`, caption: [text("jobs:done.video", { url })] });
    const post = last(to);
    assert.equal(post.media?.kind, "photo");
    assert.equal(post.caption, `Your video is ready:\n${url}`);
    assert.ok(!gets.includes("/huge.mp4"), "the clip itself was never fetched");
  });

  it("falls back to a plain link when not even the thumbnail can be loaded", async () => {
    const to = privateTarget();
    const url = "https://results.invalid/clip.mp4";
    await port.send(to, { type: "video", url, thumbnailUrl: "https://results.invalid/thumb.jpg", caption: [text("jobs:done.video", { url })] });
    const post = last(to);
    assert.equal(post.media, undefined);
    assert.equal(post.text, `Your video is ready:\n${url}`);
  });

  it("uploads a clip the jobs layer downloaded with the provider's credentials, streaming it from disk", async (t) => {
    const to = privateTarget();
    const bytes = Buffer.from("clip bytes fetched with our key");
    const dir = mkdtempSync(join(tmpdir(), "reelsmith-port-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "v1.mp4");
    writeFileSync(path, bytes);
    await port.send(to, { type: "video", url: "https://api.example/v1/videos/v1/content", file: { path, size: bytes.byteLength, name: "v1.mp4", mime: "video/mp4" }, caption: [text("jobs:done.video_file")] });
    const clip = last(to);
    assert.equal(clip.media?.source, "upload");
    assert.deepEqual(Buffer.from(clip.media!.bytes!), bytes);
    assert.equal(clip.caption, "Your video is ready.");
  });

  it("replies to the request in a group", async () => {
    const group = telegram.group(-1002000000001, "Team");
    const asker = user("Vic", "en");
    const request = telegram.sendText(group, asker, `@${FAKE_BOT_USERNAME} hi`);
    const to: ChatTarget = { platform: "telegram", chatId: String(group.id), userId: String(asker.id), language: "en", replyTo: String(request.message_id) };
    await port.send(to, { type: "message", lines: [text("cancel.nothing")] });
    assert.equal(last(to).reply_to_message_id, request.message_id);
  });

  it("sends images as an album followed by their caption and buttons", async () => {
    const to = privateTarget();
    const urls = [`${filesUrl}/thumb.jpg`, `${filesUrl}/thumb.jpg?2`];
    await port.send(to, {
      type: "images",
      urls,
      caption: [text("jobs:done.images", { count: 2 })],
      buttons: [[{ label: text("jobs:button.animate_n", { index: 1 }), action: { type: "animate", jobId: "j2", imageUrl: urls[0]! } }]],
    });
    const messages = telegram.botMessages(Number(to.chatId));
    assert.equal(messages.filter((m) => m.media?.kind === "photo" && m.media_group_id).length, 2);
    assert.equal(messages.at(-1)!.text, "Your 2 images are ready.");
    assert.equal(messages.at(-1)!.reply_markup?.inline_keyboard[0]?.[0]?.text, "Animate image 1");
  });

  it("gives the links when Telegram cannot load the images", async () => {
    const to = privateTarget();
    const urls = ["https://results.invalid/a.png", "https://results.invalid/b.png"];
    await port.send(to, { type: "images", urls, caption: [text("jobs:done.images", { count: 2 })] });
    const messages = telegram.botMessages(Number(to.chatId));
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.text, `Your 2 images are ready.\n\nTelegram couldn't load the images, so here are the links:\n${urls.join("\n")}`);
  });

  it("splits text longer than Telegram allows into several messages", async () => {
    const to = privateTarget();
    const long = "x".repeat(3000);
    await port.send(to, { type: "message", lines: [text("jobs:done.clip_links", { urls: long }), text("jobs:done.clip_links", { urls: long })] });
    const messages = telegram.botMessages(Number(to.chatId));
    assert.equal(messages.length, 2);
    assert.ok(messages.every((m) => m.text!.includes(long)));
  });

  it("edits a message in place and takes 'message is not modified' as done", async () => {
    const to = privateTarget();
    const sent = await port.send(to, { type: "message", lines: [text("jobs:progress.video", { provider: "CreatOK", status: text("jobs:state.queued") })] });
    const running = { lines: [text("jobs:progress.video", { provider: "CreatOK", status: text("jobs:state.running") })] };
    assert.ok(sent.messageId, "Telegram shows every message it is sent");
    await port.edit(to, sent.messageId, running);
    await port.edit(to, sent.messageId, running);
    const edited = telegram.message(Number(to.chatId), Number(sent.messageId))!;
    assert.equal(edited.text, "Your video with CreatOK: in progress");
    assert.equal(edited.edits, 1);
    const edits = telegram.calls.filter((c) => c.method === "editMessageText" && c.params.chat_id === Number(to.chatId));
    assert.deepEqual(edits.map((c) => c.status), [200, 400], "Telegram refused the second edit, and the port took it as done");
  });
});
