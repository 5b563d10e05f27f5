/**
 * Fetches stay outside (issue 13): a provider's word is not enough to make the bot reach an
 * internal address, directly or through a redirect, and no download can grow without bound.
 * The jobs layer runs for real against the CreatOK fake; joining is on (a stand-in ffmpeg), so the
 * bot itself downloads every clip, the path where a fetch would reach the internal server.
 */
import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DownloadError, fetchCapped, isPublicAddress, trustOrigin } from "../../src/lib/download.ts";
import { MAX_JOINED_BYTES } from "../../src/jobs/stitch.ts";
import { Bot } from "grammy";
import { createConversationRunner } from "../../src/app/conversation.ts";
import { createTelegramPort } from "../../src/chat/telegram/port.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders } from "../../src/domain/catalog.ts";
import { text } from "../../src/domain/reply.ts";
import { createSandboxProvider } from "../../src/providers/sandbox.ts";
import { createOpenAIVideosProvider, MAX_CONTENT_BYTES } from "../../src/providers/openai-videos.ts";
import { ProviderError } from "../../src/providers/provider.ts";
import { createButtonStore } from "../../src/store/buttons.ts";
import { startFakeTelegram } from "../fakes/telegram.ts";
import { user } from "../telegram/harness.ts";
import type { Db } from "../../src/store/database.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { CREATOK_PLAN, clock, creatokProvider, insertQuote, jobRows, makeJobs, tempDir, terminalChat, testDb, tickUntil, type Chat, type Clock } from "../jobs/helpers.ts";

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A stand-in ffmpeg that concatenates the listed inputs, so joining needs no real ffmpeg. */
function standInFfmpeg(dir: string): string {
  const path = join(dir, "ffmpeg");
  writeFileSync(
    path,
    `#!/bin/sh\nlist=""\nout=""\nwhile [ $# -gt 0 ]; do\n  case "$1" in -i) list="$2"; shift ;; esac\n  out="$1"\n  shift\ndone\n: > "$out"\nsed -n "s/^file '\\(.*\\)'$/\\1/p" "$list" | while read -r f; do cat "$f" >> "$out"; done\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

const allDelivered = (db: Db) => () => jobRows(db).length > 0 && jobRows(db).every((r) => r.delivered_at !== null);

describe("fetches stay outside", () => {
  let internal: { server: Server; url: string };
  let internalHits: number;
  let fake: FakeCreatok | undefined;
  let chat: Chat;
  let db: Db;
  let c: Clock;
  let bin: string;
  const servers: Server[] = [];

  beforeEach(async () => {
    internalHits = 0;
    internal = await listen((_req, res) => {
      internalHits++;
      res.end("internal secret");
    });
    chat = await terminalChat();
    db = testDb();
    c = clock();
    bin = tempDir("reelsmith-bin-");
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    await close(internal.server);
    for (const s of servers.splice(0)) await close(s);
    db.close();
    rmSync(bin, { recursive: true, force: true });
    rmSync(chat.downloadDir, { recursive: true, force: true });
  });

  async function runTwoClips(resultUrl: (taskId: string) => string): Promise<void> {
    fake = await startFakeCreatok({ pollsToComplete: 2, resultUrl });
    insertQuote(db, { id: "q1", plan: { ...CREATOK_PLAN, segments: [5, 5] } });
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c, ffmpeg: standInFfmpeg(bin) });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, allDelivered(db));
  }

  it("never requests a result URL on an internal address, and delivers it as text", async () => {
    await runTwoClips((id) => `${internal.url}/internal/${id}.mp4`);
    assert.equal(internalHits, 0, "the internal server was never asked");
    for (const r of jobRows(db)) assert.equal(chat.count(`${internal.url}/internal/${r.task_id}.mp4`), 1, "the provider's URL, verbatim");
    assert.equal(chat.count("joined from"), 0, "nothing joined from internal bytes");
  });

  it("never follows a redirect to an internal address", async () => {
    // Stands for the provider's own (configured, so trusted) file host answering with a redirect.
    const cdn = await listen((req, res) => {
      res.writeHead(302, { location: `${internal.url}/internal${req.url}` });
      res.end();
    });
    servers.push(cdn.server);
    trustOrigin(cdn.url);
    await runTwoClips((id) => `${cdn.url}/${id}.mp4`);
    assert.equal(internalHits, 0, "the redirect target was never asked");
    assert.equal(chat.count("joined from"), 0);
    await assert.rejects(fetchCapped(`${cdn.url}/x`, 1000, 5000), (e: unknown) => e instanceof DownloadError && e.reason === "refused");
    assert.equal(internalHits, 0);
  });

  it("Animate never fetches an internal picture, and says it could not", async () => {
    const jobs = makeJobs({ db, providers: [["sandbox", createSandboxProvider({ durationMs: 1 })]], chat });
    const engine = createConversationRunner({
      db, catalog: () => forProviders(builtInCatalog, ["sandbox"]), jobs, translator: chat.translator, ports: { terminal: chat.port },
      quoteTtlMs: 60_000, sandbox: true, stitching: false,
    });
    const who = { platform: "terminal" as const, chatId: "room", userId: "alice" };
    await engine.handle(who, { type: "press", action: { type: "animate", jobId: "j1", imageUrl: `${internal.url}/internal/picture.png` } });
    assert.equal(internalHits, 0);
    assert.equal(chat.count("I couldn't fetch that picture."), 1, chat.text());
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM media").get() as { n: number }).n, 0, "nothing kept");
  });

  it("a Telegram delivery of an internal URL is text: neither fetched by the bot nor handed to Telegram", async () => {
    const telegram = await startFakeTelegram();
    try {
      const bot = new Bot(telegram.token, { client: { apiRoot: telegram.apiRoot } });
      const port = createTelegramPort({ api: bot.api, translator: chat.translator, buttons: createButtonStore(db) });
      const alice = user("Alice", "en");
      const room = telegram.privateChat(alice);
      const url = `${internal.url}/internal/clip.mp4`;
      const to = { platform: "telegram" as const, chatId: String(room.id), userId: String(alice.id), language: "en" };
      await port.send(to, { type: "video", url, thumbnailUrl: `${internal.url}/internal/thumb.png`, caption: [text("jobs:done.video", { url })] });
      await port.send(to, { type: "images", urls: [`${internal.url}/internal/a.png`], caption: [text("jobs:done.images", { count: 1 })] });
      assert.equal(internalHits, 0, "not fetched, by the bot or by the fake Telegram");
      const sent = telegram.botMessages(room.id);
      assert.ok(sent.every((m) => m.media === undefined), "sent as text only");
      assert.ok(sent.some((m) => m.text?.includes(url)), "the provider's URL, verbatim");
    } finally {
      await telegram.close();
    }
  });

  it("refuses names and literals of every internal range, and keeps public ones", async () => {
    for (const ip of ["127.0.0.1", "10.0.0.8", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1"]) {
      assert.equal(isPublicAddress(ip), false, ip);
    }
    for (const ip of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) assert.equal(isPublicAddress(ip), true, ip);
    const port = (internal.server.address() as AddressInfo).port;
    for (const url of [`http://localhost:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://0x7f000001:${port}/`, `http://2130706433:${port}/`, "file:///etc/passwd"]) {
      await assert.rejects(fetchCapped(url, 1000, 5000), (e: unknown) => e instanceof DownloadError && e.reason === "refused", url);
    }
    assert.equal(internalHits, 0);
  });

  it("a provider's never-ending content download is cut at the cap, once, without a retry", async () => {
    let sent = 0;
    let asked = 0;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const gateway = await listen((_req, res) => {
      asked++;
      res.writeHead(200, { "content-type": "video/mp4" });
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    servers.push(gateway.server);
    const provider = createOpenAIVideosProvider({ apiKey: "sk-test-0123456789", baseUrl: `${gateway.url}/v1`, models: [] });
    await assert.rejects(provider.download!("video_1", "video"), (e: unknown) => e instanceof ProviderError && e.details.code === "too_large");
    assert.equal(asked, 1, "not asked again");
    assert.ok(sent <= MAX_CONTENT_BYTES + 16 * 1024 * 1024, `the server sent ${Math.round(sent / 2 ** 20)} MB`);
  });

  for (const advertised of [true, false]) {
    it(`a ${advertised ? "3 GB advertised" : "never-ending"} clip is cut at the cap and leaves RSS growth under 100 MB`, async () => {
      let sent = 0;
      const chunk = Buffer.alloc(1024 * 1024, 7);
      const endless = await listen((_req, res) => {
        res.writeHead(200, { "content-type": "video/mp4", ...(advertised ? { "content-length": String(3 * 1024 ** 3) } : {}) });
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) sent += chunk.length;
          if (!res.destroyed) res.once("drain", pump);
        };
        res.on("close", () => res.removeAllListeners("drain"));
        pump();
      });
      servers.push(endless.server);
      // Stands for a public CDN: the address check is not what this test is about.
      trustOrigin(endless.url);
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      let failWith: ((e: Error) => void) | undefined;
      const tooMuch = new Promise<never>((_, reject) => (failWith = reject));
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
        if (peak - before > 100 * 1024 * 1024) failWith?.(new Error(`RSS grew by ${Math.round((peak - before) / 2 ** 20)} MB`));
      }, 20);
      try {
        await Promise.race([runTwoClips((id) => `${endless.url}/${id}.mp4`), tooMuch]);
      } finally {
        clearInterval(sampler);
      }
      assert.ok(peak - before < 100 * 1024 * 1024, `RSS grew by ${Math.round((peak - before) / 2 ** 20)} MB`);
      // Each of the two downloads stops within a few socket buffers of the cap.
      assert.ok(sent <= 2 * (MAX_JOINED_BYTES + 16 * 1024 * 1024), `the server sent ${Math.round(sent / 2 ** 20)} MB`);
      assert.equal(chat.count("joined from"), 0, "nothing joined from a truncated clip");
      assert.equal(chat.count(`${endless.url}/`), 2, "both clips delivered as links instead");
    });
  }
});
