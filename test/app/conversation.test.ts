import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createConversationRunner } from "../../src/app/conversation.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders } from "../../src/domain/catalog.ts";
import { createSandboxProvider } from "../../src/providers/sandbox.ts";
import { makeJobs, terminalChat, testDb } from "../jobs/helpers.ts";

async function setup() {
  const db = testDb();
  const chat = await terminalChat();
  const sandbox = createSandboxProvider({ durationMs: 1 });
  // /status of a task made outside the bot (the sandbox call below) is open to anyone here.
  const jobs = makeJobs({ db, providers: [["sandbox", sandbox]], chat, config: { statusLookup: "anyone" } });
  const engine = createConversationRunner({
    db,
    catalog: () => forProviders(builtInCatalog, ["sandbox"]),
    jobs,
    translator: chat.translator,
    ports: { terminal: chat.port },
    quoteTtlMs: 60_000,
    sandbox: true,
    stitching: false,
  });
  return { db, chat, engine, jobs, sandbox };
}

const alice = { platform: "terminal" as const, chatId: "room", userId: "alice" };

describe("conversation runner", () => {
  it("reads a task id copied out of a right-to-left message without its invisible isolates", async () => {
    const { engine, chat, sandbox } = await setup();
    const { taskId } = await sandbox.submit({ kind: "video", model: "sandbox-video", prompt: "waves", seconds: 5, orientation: "16:9", definition: "480p", images: [] });
    await new Promise((r) => setTimeout(r, 5));
    await engine.handle(alice, { type: "command", name: "status", args: `\u2068${taskId}\u2069` });
    assert.match(chat.text(), /sandbox\.reelsmith\.invalid\/clips\//, chat.text());
  });

  it("handles a redelivered update once", async () => {
    const { engine, chat } = await setup();
    const first = await engine.handle({ ...alice, updateId: "u1" }, { type: "text", text: "an 8 second landscape video of waves at sunset" });
    const again = await engine.handle({ ...alice, updateId: "u1" }, { type: "text", text: "an 8 second landscape video of waves at sunset" });
    assert.equal(first.duplicate, undefined);
    assert.equal(again.duplicate, true);
    assert.equal(chat.count("Here's the plan"), 1);
  });

  it("refuses another member's press on a quote and changes nothing", async () => {
    const { engine, db } = await setup();
    await engine.handle(alice, { type: "text", text: "an 8 second landscape video of waves at sunset" });
    const quote = db.prepare("SELECT id FROM quotes WHERE state = 'pending'").get() as { id: string };
    const handled = await engine.handle({ ...alice, userId: "bob" }, { type: "press", action: { type: "confirm", quoteId: quote.id } });
    assert.equal(handled.alert?.key, "press.not_yours");
    assert.equal((db.prepare("SELECT state FROM quotes WHERE id = ?").get(quote.id) as { state: string }).state, "pending");
    assert.equal((db.prepare("SELECT count(*) AS n FROM jobs").get() as { n: number }).n, 0);
  });

  it("refuses a press on buttons made for someone else, acknowledging it before any work", async () => {
    const { engine, chat } = await setup();
    await engine.handle(alice, { type: "text", text: "a cat surfing a big wave" });
    const before = chat.text();
    const answer = { type: "press" as const, action: { type: "answer" as const, field: "seconds" as const, value: 10 } };
    const bobs: unknown[] = [];
    const refused = await engine.handle({ ...alice, userId: "bob", buttonOwnerId: "alice", acknowledge: async (r) => void bobs.push(r) }, answer);
    assert.deepEqual(bobs, [{ alert: { key: "press.not_yours" }, language: "en" }]);
    assert.equal(refused.alert, undefined, "the refusal went out as the acknowledgement");
    assert.equal(chat.text(), before, "nothing was said in the chat");

    const alices: unknown[] = [];
    await engine.handle({ ...alice, buttonOwnerId: "alice", acknowledge: async (r) => void alices.push(r) }, answer);
    assert.deepEqual(alices, [undefined]);
    assert.match(chat.text().slice(before.length), /Which shape\?/);
  });

  it("answers the clip to the message that started the brief, not to the last answer", async () => {
    const { engine, db } = await setup();
    await engine.handle({ ...alice, messageId: "m1" }, { type: "text", text: "a cat surfing a big wave" });
    await engine.handle({ ...alice, messageId: "m2" }, { type: "text", text: "10" });
    await engine.handle({ ...alice, messageId: "m3" }, { type: "press", action: { type: "answer", field: "orientation", value: "9:16" } });
    const quote = db.prepare("SELECT reply_to FROM quotes").get() as { reply_to: string };
    assert.equal(quote.reply_to, "m1");
  });
});

describe("after a result", () => {
  async function creatokSetup() {
    const { startFakeCreatok } = await import("../fakes/creatok.ts");
    const { clock, creatokProvider, tickUntil } = await import("../jobs/helpers.ts");
    const fake = await startFakeCreatok({ pollsToComplete: 1 });
    const c = clock();
    const db = testDb();
    const chat = await terminalChat();
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    const live = forProviders({ models: [...builtInCatalog.models] }, ["creatok"]);
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    const engine = createConversationRunner({
      db, catalog: () => live, jobs, translator: chat.translator, ports: { terminal: chat.port },
      quoteTtlMs: 60 * 60_000, sandbox: false, stitching: false, now: c.now,
    });
    const confirmLast = async () => {
      const quote = db.prepare("SELECT id FROM quotes WHERE state = 'pending' ORDER BY created_at DESC LIMIT 1").get() as { id: string };
      await engine.handle(alice, { type: "press", action: { type: "confirm", quoteId: quote.id } });
      await tickUntil(jobs, c, () => (db.prepare("SELECT count(*) AS n FROM jobs WHERE delivered_at IS NULL").get() as { n: number }).n === 0);
    };
    const button = (type: string) => {
      for (let n = 1; n <= 10; n++) {
        const action = chat.port.choice(n);
        if (action?.type === type) return action;
      }
      throw new Error(`no ${type} button in:\n${chat.text()}`);
    };
    return { fake, db, chat, engine, confirmLast, button };
  }

  it("Remix keeps the shot and changes only what the user names", async () => {
    const { fake, chat, engine, confirmLast, button } = await creatokSetup();
    try {
      await engine.handle(alice, { type: "text", text: "an 8 second landscape video of a lighthouse at dusk" });
      await confirmLast();
      await engine.handle(alice, { type: "press", action: button("remix") });
      assert.match(chat.text(), /What should change\?/);
      await engine.handle(alice, { type: "text", text: "make it a stormy night" });
      assert.equal(chat.count("Here's the plan"), 2, "the remix is offered with its cost before anything starts");
      await confirmLast();
      assert.equal(fake.submissions.length, 2);
      const prompt = String(fake.submissions[1]!.body.prompt);
      assert.match(prompt, /lighthouse at dusk/, "the original request is kept");
      assert.match(prompt, /change only this: make it a stormy night/);
    } finally {
      await fake.close();
    }
  });

  it("Animate turns a delivered image into the first frame of a new video brief", async () => {
    const { fake, chat, engine, db, confirmLast, button } = await creatokSetup();
    try {
      await engine.handle(alice, { type: "command", name: "image", args: "a product shot of a silver watch" });
      await confirmLast();
      await engine.handle(alice, { type: "press", action: button("animate") });
      assert.match(chat.text(), /How should this picture come to life\?/);
      const stored = db.prepare("SELECT mime, size FROM media").all() as { mime: string; size: number }[];
      assert.equal(stored.length, 1, "the picture was fetched and kept as our own bytes");
      assert.equal(stored[0]!.mime, "image/png");
      await engine.handle(alice, { type: "text", text: "slow orbit around the watch, 8 seconds" });
      await engine.handle(alice, { type: "press", action: { type: "answer", field: "orientation", value: "16:9" } });
      assert.match(chat.text(), /Using 1 reference image/);
    } finally {
      await fake.close();
    }
  });
});
