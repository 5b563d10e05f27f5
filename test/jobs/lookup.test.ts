import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ChatTarget } from "../../src/ports/chat.ts";
import type { Provider } from "../../src/providers/provider.ts";
import { createSophnetProvider } from "../../src/providers/sophnet.ts";
import type { Db } from "../../src/store/database.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeOpenAIVideos } from "../fakes/openai-videos.ts";
import {
  clock,
  creatokProvider,
  insertQuote,
  jobRows,
  makeJobs,
  openaiProvider,
  terminalChat,
  testDb,
  tickUntil,
  type Chat,
  type Clock,
} from "./helpers.ts";

const target: ChatTarget = { platform: "terminal", chatId: "chat-1", userId: "alice", language: "en" };

async function existingTask(provider: Provider): Promise<string> {
  const { taskId } = await provider.submit({ kind: "video", model: "doubao-seedance-2", prompt: "made elsewhere", seconds: 5, orientation: "9:16", definition: "480p", images: [] });
  return taskId;
}

describe("/status", () => {
  let fake: FakeCreatok;
  let provider: Provider;
  let c: Clock;
  let chat: Chat;
  let db: Db;
  beforeEach(async () => {
    c = clock();
    fake = await startFakeCreatok({ pollsToComplete: 4 });
    provider = creatokProvider(fake.baseUrl, fake.apiKey);
    chat = await terminalChat();
    db = testDb();
  });
  afterEach(() => fake.close());

  it("checks a running task once, says it is still running and offers to keep checking", async () => {
    const taskId = await existingTask(provider);
    await provider.status(taskId, "video"); // someone looked before: it has started
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    const result = await jobs.lookupStatus({ taskId, target, follow: false, admin: true });
    assert.equal(result.outcome, "checked");
    assert.equal(result.outcome === "checked" && result.state, "running");
    assert.match(chat.text(), new RegExp(`CreatOK is still working on ${taskId}: \\d+% done`));
    assert.match(chat.text(), /Shall I keep checking/);
    assert.deepEqual(chat.port.choice(1), { type: "follow", taskId, provider: "creatok" });
    assert.equal(jobRows(db).length, 0, "a single look leaves nothing to follow");
    assert.equal(fake.submissions.length, 1, "never submits");
  });

  it("follows a task to its end and delivers it like any other job", async () => {
    const taskId = await existingTask(provider);
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    const result = await jobs.lookupStatus({ taskId, provider: "creatok", target, follow: true, admin: true });
    assert.equal(result.outcome, "following");
    const [row] = jobRows(db);
    assert.equal(row?.origin, "status");
    assert.equal(row?.task_id, taskId);
    assert.equal(row?.quote_id, null);
    await tickUntil(jobs, c, () => jobRows(db)[0]!.delivered_at !== null);
    assert.match(chat.text(), /I'll keep checking/);
    assert.equal(chat.count(`Your video is ready:\n${fake.baseUrl}/files/${taskId}.mp4`), 1);
    assert.doesNotMatch(chat.text(), /Make another/, "nothing to repeat for a task we did not start");
    assert.equal(fake.submissions.length, 1);
  });

  it("delivers a finished task at once", async () => {
    fake.completeAfterPolls(1);
    const taskId = await existingTask(provider);
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    const result = await jobs.lookupStatus({ taskId, target, follow: false, admin: true });
    assert.equal(result.outcome, "checked");
    assert.equal(result.outcome === "checked" && result.state, "succeeded");
    assert.equal(chat.count("Your video is ready"), 1);
    assert.notEqual(jobRows(db)[0]?.delivered_at, null);
  });

  it("resumes a job handed over at its provider's task retention instead of starting a second one", async () => {
    fake.scriptNextTask(["running", "running", "succeeded"]);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    jobs.confirm("q1", "alice");
    await jobs.tick();
    c.advance(24 * 3_600_000 + 1_000); // past JOB_DEADLINE_MINUTES it is still followed; past 24 h it is handed over
    await jobs.tick();
    const stalled = jobRows(db)[0]!;
    assert.notEqual(stalled.told_deadline_at, null);

    const result = await jobs.lookupStatus({ taskId: stalled.task_id!, target, follow: true, admin: true });
    assert.deepEqual(result, { outcome: "following", provider: "creatok", jobId: stalled.id });
    // A day-old task is polled at the widest gap (15 min).
    await tickUntil(jobs, c, () => jobRows(db)[0]!.delivered_at !== null, { stepMs: 60_000, max: 100 });
    assert.equal(jobRows(db).length, 1);
    assert.equal(chat.count("Your video is ready"), 1);
    assert.equal(fake.submissions.length, 1);
  });

  it("tells the user when no provider knows the id", async () => {
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    const result = await jobs.lookupStatus({ taskId: "vid_nope", target, follow: false, admin: true });
    assert.equal(result.outcome, "not_found");
    assert.match(chat.text(), /I couldn't find vid_nope at CreatOK/);
  });

  it("lists the candidate providers when the id could belong to several", async () => {
    const sophnet = createSophnetProvider({ apiKey: "soph-test", baseUrl: "http://127.0.0.1:9/unused" });
    const jobs = makeJobs({ db, providers: [["creatok", provider], ["sophnet", sophnet]], chat, clock: c });
    const result = await jobs.lookupStatus({ taskId: "abc123", target, follow: false, admin: true });
    assert.deepEqual(result, { outcome: "ambiguous", candidates: ["creatok", "sophnet"] });
    assert.equal(chat.text(), "", "the caller shows the choice");
  });

  it("recognises an id shaped like one provider's without asking", async () => {
    const oa = await startFakeOpenAIVideos({ now: c.now });
    try {
      const openai = openaiProvider(oa.url, oa.apiKey);
      oa.completeAfterPolls(10);
      const { taskId } = await openai.submit({ kind: "video", model: "sora-2", prompt: "elsewhere", seconds: 4, orientation: "16:9", definition: "720p", images: [] });
      const jobs = makeJobs({ db, providers: [["creatok", provider], ["openai", openai]], chat, clock: c });
      const result = await jobs.lookupStatus({ taskId, target, follow: false, admin: true });
      assert.equal(result.outcome, "checked");
      assert.equal(result.outcome === "checked" && result.provider, "openai");
    } finally {
      await oa.close();
    }
  });
});
