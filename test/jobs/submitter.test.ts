import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { claimQuote } from "../../src/jobs/claim.ts";
import type { StoredRequest } from "../../src/jobs/rows.ts";
import type { Db } from "../../src/store/database.ts";
import { MODERATION_MESSAGE, startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeOpenAIVideos, type FakeOpenAIVideos } from "../fakes/openai-videos.ts";
import {
  CREATOK_PLAN,
  OPENAI_PLAN,
  T0,
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

const UNKNOWN = "can't tell whether it started";

/** Leaves a row exactly as a process that died between the submit call and storing its answer. */
function crashAfterSubmitCall(db: Db, jobId: string, at: number): void {
  db.prepare(
    `UPDATE jobs SET submit_started_at = ?, submit_attempts = 1, lease_owner = 'dead-process', lease_until = ? WHERE id = ?`,
  ).run(at, at + 5_000, jobId);
}

function onlyJob(db: Db) {
  const rows = jobRows(db);
  assert.equal(rows.length, 1);
  return rows[0]!;
}

describe("submission with an OpenAI-style provider (has a task list)", () => {
  let fake: FakeOpenAIVideos;
  let c: Clock;
  let chat: Chat;
  let db: Db;
  beforeEach(async () => {
    c = clock();
    fake = await startFakeOpenAIVideos({ now: c.now });
    fake.completeAfterPolls(2);
    chat = await terminalChat();
    db = testDb();
  });
  afterEach(() => fake.close());

  it("adopts the task a crashed submission created, found in the task list, and never submits again", async () => {
    const provider = openaiProvider(fake.url, fake.apiKey);
    insertQuote(db, { id: "q1", plan: OPENAI_PLAN });
    const claim = claimQuote(db, { quoteId: "q1", userId: "alice", now: c.now() });
    assert.equal(claim.outcome, "claimed");
    const row = onlyJob(db);
    // The lost call: it reached the provider, and the process died before storing the answer.
    const stored = JSON.parse(row.request) as StoredRequest;
    const lost = await provider.submit({ ...stored, images: [] });
    crashAfterSubmitCall(db, row.id, c.now());

    const jobs = makeJobs({ db, providers: [["openai", provider]], chat, clock: c });
    c.advance(1_000);
    await jobs.tick();
    assert.equal(onlyJob(db).task_id, null, "a live lease is respected");

    c.advance(5_000); // the dead process's lease lapses
    await jobs.tick();
    const adopted = onlyJob(db);
    assert.equal(adopted.task_id, lost.taskId);
    assert.equal(adopted.state, "queued");
    assert.equal((JSON.parse(adopted.raw_submit!) as { reconciled: boolean }).reconciled, true);

    await tickUntil(jobs, c, () => onlyJob(db).delivered_at !== null);
    assert.equal(fake.submissions.length, 1, "only the one lost submission ever reached the provider");
    assert.equal(chat.count("Your video is ready."), 1);
    assert.equal(chat.count(UNKNOWN), 0);
  });

  it("matches a lost multi-line prompt that the provider lists with CRLF line breaks", async () => {
    const provider = openaiProvider(fake.url, fake.apiKey);
    insertQuote(db, { id: "q1", plan: OPENAI_PLAN, prompt: "Primary request: a red fox in snow\nTiming/beats: 8 seconds" });
    const jobs = makeJobs({ db, providers: [["openai", provider]], chat, clock: c });
    fake.failNext("store_then_drop");
    assert.equal(jobs.confirm("q1", "alice").outcome, "claimed");
    await jobs.tick();
    assert.equal(fake.submissions.length, 1);
    assert.equal(onlyJob(db).task_id, fake.submissions[0]!.videoId, "the lost task is adopted");
    await tickUntil(jobs, c, () => onlyJob(db).delivered_at !== null);
    assert.equal(fake.submissions.length, 1, "nothing was resubmitted");
  });

  it("reconciles a create whose connection dropped after the provider stored it", async () => {
    const provider = openaiProvider(fake.url, fake.apiKey);
    insertQuote(db, { id: "q1", plan: OPENAI_PLAN });
    const jobs = makeJobs({ db, providers: [["openai", provider]], chat, clock: c });
    fake.failNext("store_then_drop");
    assert.equal(jobs.confirm("q1", "alice").outcome, "claimed");
    await jobs.tick();
    const row = onlyJob(db);
    assert.equal(fake.submissions.length, 1);
    assert.equal(row.task_id, fake.submissions[0]!.videoId);
    assert.equal(row.submit_attempts, 1);
    await tickUntil(jobs, c, () => onlyJob(db).delivered_at !== null);
    assert.equal(fake.submissions.length, 1);
  });

  it("marks a lost submission unknown when the list shows no matching task, and tells the user once", async () => {
    const provider = openaiProvider(fake.url, fake.apiKey);
    insertQuote(db, { id: "q1", plan: OPENAI_PLAN });
    claimQuote(db, { quoteId: "q1", userId: "alice", now: c.now() });
    crashAfterSubmitCall(db, onlyJob(db).id, c.now() - 10_000); // the call never reached the provider
    fake.seedVideo({ id: "video_someone_else", prompt: "a different prompt", created_at: Math.floor(c.now() / 1000) });
    const jobs = makeJobs({ db, providers: [["openai", provider]], chat, clock: c });
    await tickUntil(jobs, c, () => onlyJob(db).state === "unknown", { stepMs: 1_000 });
    await jobs.tick();
    await jobs.tick();
    assert.equal(onlyJob(db).task_id, null, "someone else's task is not adopted");
    assert.equal(fake.submissions.length, 0, "nothing was resubmitted");
    assert.equal(chat.count(UNKNOWN), 1);
  });
});

describe("submission with CreatOK (no task list)", () => {
  let fake: FakeCreatok;
  let c: Clock;
  let chat: Chat;
  let db: Db;
  beforeEach(async () => {
    c = clock();
    fake = await startFakeCreatok({ pollsToComplete: 2 });
    chat = await terminalChat();
    db = testDb();
  });
  afterEach(() => fake.close());

  it("marks a crashed submission unknown, tells the user plainly and submits nothing more", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    insertQuote(db, { id: "q1" });
    claimQuote(db, { quoteId: "q1", userId: "alice", now: c.now() });
    const row = onlyJob(db);
    await provider.submit({ ...(JSON.parse(row.request) as StoredRequest), images: [] });
    crashAfterSubmitCall(db, row.id, c.now());

    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    c.advance(6_000);
    for (let i = 0; i < 5; i++) {
      await jobs.tick();
      c.advance(1_000);
    }
    assert.equal(onlyJob(db).state, "unknown");
    assert.notEqual(onlyJob(db).delivered_at, null);
    assert.equal(fake.submissions.length, 1, "zero resubmissions");
    assert.equal(chat.count(UNKNOWN), 1);
    assert.match(chat.text(), /won't send it again by myself/);
  });

  it("treats a gateway error page on submit as an unknown outcome, never as a reason to retry", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    fake.failNext("html502", { on: "submit" });
    jobs.confirm("q1", "alice");
    await jobs.tick();
    await jobs.tick();
    assert.equal(onlyJob(db).state, "unknown");
    assert.equal(fake.submissions.length, 1);
    assert.equal(chat.count(UNKNOWN), 1);
  });

  it("re-queues a 429 refusal after its Retry-After and submits once it is accepted", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    fake.failNext({ kind: "rate_limited", retryAfterSeconds: 3 }, { on: "submit" });
    jobs.confirm("q1", "alice");
    await jobs.tick();
    let row = onlyJob(db);
    assert.equal(row.state, "submitting");
    assert.equal(row.submit_started_at, null, "a refusal created nothing, so the intent is cleared");
    assert.equal(row.next_poll_at, c.now() + 3_000);

    c.advance(2_999);
    await jobs.tick();
    assert.equal(fake.submissions.length, 1, "not before the wait is over");
    c.advance(1);
    await jobs.tick();
    row = onlyJob(db);
    assert.equal(row.state, "queued");
    assert.equal(row.submit_attempts, 2);
    assert.deepEqual(fake.submissions.map((s) => s.status), [429, 200]);
  });

  it("gives up after three refusals and says the service is busy", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    fake.failNext({ kind: "rate_limited", retryAfterSeconds: 1 }, { on: "submit", times: 5 });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, () => onlyJob(db).delivered_at !== null, { stepMs: 1_000 });
    assert.equal(onlyJob(db).state, "failed");
    assert.equal(fake.submissions.length, 3);
    assert.match(chat.text(), /too busy to take the request/);
  });

  it("fails a moderation refusal and explains the next step without the provider's wording", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    fake.failNext({ kind: "http_error", status: 400, body: { code: 400, msg: MODERATION_MESSAGE } }, { on: "submit" });
    jobs.confirm("q1", "alice");
    await jobs.tick();
    assert.equal(onlyJob(db).state, "failed");
    assert.equal(JSON.parse(onlyJob(db).error!).kind, "moderation");
    assert.match(chat.text(), /content rules/);
    assert.match(chat.text(), /Try describing it another way/);
    assert.doesNotMatch(chat.text(), /sensitive content/);
  });

  it("uploads the reference images from the media table before submitting", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    db.prepare("INSERT INTO media (id, mime, name, size, bytes, created_at) VALUES ('m1', 'image/png', 'cat.png', ?, ?, ?)").run(bytes.length, bytes, T0);
    insertQuote(db, { id: "q1", plan: { ...CREATOK_PLAN, referenceImages: 1 }, referenceImages: [{ id: "m1", mime: "image/png", name: "cat.png", bytes: bytes.length }] });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    jobs.confirm("q1", "alice");
    await jobs.tick();
    assert.equal(fake.uploads.length, 1);
    assert.deepEqual(Buffer.from(fake.uploads[0]!.bytes), bytes);
    assert.deepEqual(fake.submissions[0]!.body.referenceImageKeys, [fake.uploads[0]!.objectKey]);
  });

  it("never submits a job cancelled before its turn", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    const claim = jobs.confirm("q1", "alice");
    assert.equal(claim.outcome, "claimed");
    assert.deepEqual(await jobs.cancel("q1", "bob"), { outcome: "not_requester" });
    const result = await jobs.cancel("q1", "alice");
    assert.equal(result.outcome, "cancelled");
    await jobs.tick();
    await jobs.tick();
    assert.equal(fake.submissions.length, 0);
    assert.equal(onlyJob(db).state, "cancelled");
  });
});
