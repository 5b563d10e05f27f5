import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startFakeCreatok } from "../fakes/creatok.ts";
import { startFakeOpenAIVideos } from "../fakes/openai-videos.ts";
import { OPENAI_PLAN, clock, creatokProvider, insertQuote, jobRows, makeJobs, openaiProvider, terminalChat, testDb, tickUntil } from "./helpers.ts";

describe("cancel", () => {
  it("cancels a queued task at a provider that can, and delivers nothing afterwards", async () => {
    const c = clock();
    const fake = await startFakeOpenAIVideos({ now: c.now });
    try {
      fake.completeAfterPolls(5);
      const db = testDb();
      const chat = await terminalChat();
      insertQuote(db, { id: "q1", plan: OPENAI_PLAN });
      const jobs = makeJobs({ db, providers: [["openai", openaiProvider(fake.url, fake.apiKey)]], chat, clock: c });
      jobs.confirm("q1", "alice");
      await jobs.tick();
      assert.equal(jobRows(db)[0]!.state, "queued");

      const result = await jobs.cancel({ platform: "terminal", chatId: "chat-1", userId: "alice", language: "en" });
      assert.deepEqual(result, { outcome: "cancelled", cancelled: [jobRows(db)[0]!.id], kept: [] });
      assert.equal(fake.requests.filter((r) => r.route === "delete").length, 1);
      const ledger = db.prepare("SELECT kind FROM ledger WHERE job_id = ? ORDER BY id").all(jobRows(db)[0]!.id) as { kind: string }[];
      assert.deepEqual(ledger.map((r) => r.kind), ["hold", "release"], "stopped before it was charged: the hold is released");
      for (let i = 0; i < 5; i++) {
        c.advance(1_000);
        await jobs.tick();
      }
      assert.equal(jobRows(db)[0]!.state, "cancelled");
      assert.equal(fake.requests.filter((r) => r.route === "retrieve").length, 0, "no longer followed");
      assert.match(chat.text(), /Your video with .*: cancelled/);
      assert.equal(chat.count("Your video is ready"), 0);
      assert.equal(jobs.pending("terminal", "chat-1"), 0);
    } finally {
      await fake.close();
    }
  });

  it("lets a running task without a provider cancel finish and be delivered", async () => {
    const c = clock();
    const fake = await startFakeCreatok({ pollsToComplete: 3 });
    try {
      const db = testDb();
      const chat = await terminalChat();
      insertQuote(db, { id: "q1" });
      const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c });
      jobs.confirm("q1", "alice");
      await jobs.tick();
      assert.deepEqual(await jobs.cancel("q1", "alice"), { outcome: "not_cancellable", reason: "in_progress", provider: "CreatOK" });
      await tickUntil(jobs, c, () => jobRows(db)[0]!.delivered_at !== null);
      assert.equal(chat.count("Your video is ready"), 1);
      assert.deepEqual(await jobs.cancel("q1", "alice"), { outcome: "not_cancellable", reason: "finished", provider: "CreatOK" });
    } finally {
      await fake.close();
    }
  });
});
