import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ChatPort, ChatTarget } from "../../src/ports/chat.ts";
import type { Message } from "../../src/domain/reply.ts";
import type { Db } from "../../src/store/database.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeOpenAIVideos } from "../fakes/openai-videos.ts";
import {
  OPENAI_PLAN,
  clock,
  creatokProvider,
  insertQuote,
  jobRows,
  makeJobs,
  openaiProvider,
  terminalChat,
  testDb,
  tickUntil,
  waitFor,
  type Chat,
  type Clock,
} from "./helpers.ts";
import { startCountingProxy } from "./proxy.ts";

const only = (db: Db) => jobRows(db)[0]!;
const statusCalls = (fake: FakeCreatok) => fake.state.requests.filter((r) => r.route === "status").length;

describe("poller", () => {
  let fake: FakeCreatok;
  let c: Clock;
  let chat: Chat;
  let db: Db;
  beforeEach(async () => {
    c = clock();
    fake = await startFakeCreatok({ pollsToComplete: 4 });
    chat = await terminalChat();
    db = testDb();
  });
  afterEach(() => fake.close());

  it("follows a job to success, shows its progress in one status message and delivers it once, restart included", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, () => only(db).delivered_at !== null);

    const row = only(db);
    assert.equal(row.state, "succeeded");
    assert.notEqual(row.status_message_id, null);
    assert.notEqual(row.delivery_message_id, null);
    const url = JSON.parse(row.outputs!).videos[0] as string;
    assert.equal(chat.count(`Your video is ready:\n${url}`), 1, "the provider URL, verbatim");
    assert.match(chat.text(), /Your video with CreatOK: waiting to start/);
    assert.match(chat.text(), /Your video with CreatOK: in progress, \d+% done/);
    assert.match(chat.text(), /Your video with CreatOK: ready/);
    assert.match(chat.text(), /\[1\] Make another/);

    // A restart: a new process on the same database delivers nothing twice.
    const again = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c, config: { ownerId: "after-restart" } });
    for (let i = 0; i < 3; i++) {
      await again.tick();
      c.advance(1_000);
    }
    assert.equal(chat.count("Your video is ready"), 1);
    assert.equal(fake.submissions.length, 1);
  });

  it("tells the user once when a job runs past its usual time, and keeps following it", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    fake.scriptNextTask(["queued", "running"]);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c });
    jobs.confirm("q1", "alice");
    await jobs.tick();
    const submittedAt = only(db).submitted_at!;

    c.set(submittedAt + 100_000); // Seedance 2 usually takes 180 s: not slow yet
    await jobs.tick();
    assert.equal(chat.count("taking longer than usual"), 0);
    c.set(submittedAt + 240_000); // past 1.3 × 180 s
    await jobs.tick();
    for (let i = 0; i < 5; i++) {
      c.advance(30_000);
      await jobs.tick();
    }
    assert.equal(chat.count("taking longer than usual"), 1);
    assert.equal(only(db).state, "running");
    assert.ok(only(db).next_poll_at! > c.now(), "still followed");
  });

  it("keeps following a job past JOB_DEADLINE_MINUTES at a widening gap, tells the user once, and delivers it", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    // "running" for hours: a provider queue of more than an hour.
    fake.scriptNextTask(["running"]);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c, config: { hardDeadlineMs: 60 * 60_000 } });
    jobs.confirm("q1", "alice");
    await jobs.tick();
    const { submitted_at: submittedAt } = only(db);
    c.set(submittedAt! + 61 * 60_000);
    await jobs.tick();
    assert.equal(only(db).told_deadline_at, null, "not handed back at 60 min");
    const gapAtOneHour = only(db).next_poll_at! - c.now();
    c.set(submittedAt! + 3 * 60 * 60_000);
    await jobs.tick();
    const gapAtThreeHours = only(db).next_poll_at! - c.now();
    assert.ok(gapAtThreeHours > gapAtOneHour && gapAtThreeHours > 60_000, `gaps ${gapAtOneHour} then ${gapAtThreeHours}`);
    assert.equal(only(db).state, "running");

    // The provider finishes it, hours late: the script's last status repeats, so swap it.
    fake.state.tasks.get(only(db).task_id!)!.script = ["succeeded"];
    await tickUntil(jobs, c, () => only(db).delivered_at !== null, { stepMs: 60_000, max: 40 });
    assert.equal(only(db).state, "succeeded");
    assert.equal(chat.count("Your video is ready"), 1);
    assert.equal(chat.count("taking longer than usual"), 1, "told once that it is slow");
    assert.equal(chat.count("Send /status"), 0, "never handed over");
  });

  it("hands a job over only at its provider's task retention (24 h by default), with a note on how to continue", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    fake.scriptNextTask(["running"]);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c, config: { hardDeadlineMs: 10 * 60_000 } });
    jobs.confirm("q1", "alice");
    await jobs.tick();
    c.advance(10_000);
    await jobs.tick(); // the early check: running
    const { task_id: taskId, submitted_at: submittedAt } = only(db);
    c.set(submittedAt! + 23 * 60 * 60_000);
    await jobs.tick();
    assert.equal(only(db).told_deadline_at, null, "still followed after 23 h");
    c.set(submittedAt! + 24 * 60 * 60_000 + 1);
    await jobs.tick();
    const calls = statusCalls(fake);
    for (let i = 0; i < 5; i++) {
      c.advance(15 * 60_000);
      await jobs.tick();
    }

    const row = only(db);
    assert.equal(row.state, "running");
    assert.equal(row.next_poll_at, null);
    assert.notEqual(row.told_deadline_at, null);
    assert.equal(statusCalls(fake), calls, "no longer polled");
    assert.equal(chat.count(`Send /status ${taskId} any time`), 1);
    assert.match(chat.text(), /over 1440 minutes/);
    assert.match(chat.text(), /It hasn't failed/);
    assert.doesNotMatch(chat.text(), /didn't work|couldn't make/);
    assert.equal(jobs.pending("terminal", "chat-1"), 0, "nothing holds the chat open");
  });

  it("picks up a crashed process's job only after its lease lapses, and polls only what is due", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c, config: { leaseMs: 5_000 } });
    jobs.confirm("q1", "alice");
    await jobs.tick();
    const row = only(db);
    db.prepare("UPDATE jobs SET lease_owner = 'crashed', lease_until = ?, next_poll_at = ? WHERE id = ?").run(c.now() + 5_000, c.now(), row.id);
    const before = statusCalls(fake);
    await jobs.tick();
    assert.equal(statusCalls(fake), before, "leased elsewhere");
    c.advance(5_000);
    await jobs.tick();
    assert.equal(statusCalls(fake), before + 1);
    const next = only(db).next_poll_at!;
    assert.ok(next > c.now(), "the next poll is in the future");
    await jobs.tick();
    assert.equal(statusCalls(fake), before + 1, "not due yet");
  });

  it("edits a chat's status messages at most once per interval, merging changes", async () => {
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    const edits: number[] = [];
    const recording: ChatPort = {
      platform: "terminal",
      send: (to, m) => chat.port.send(to, m),
      edit: (to: ChatTarget, id: string, m: Message) => {
        edits.push(c.now());
        return chat.port.edit(to, id, m);
      },
    };
    fake.completeAfterPolls(8);
    insertQuote(db, { id: "q1" });
    insertQuote(db, { id: "q2" });
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat: { ...chat, port: Object.assign(recording, { choice: chat.port.choice }) }, clock: c, config: { progressEditIntervalMs: 15_000 } });
    jobs.confirm("q1", "alice");
    jobs.confirm("q2", "alice");
    await tickUntil(jobs, c, () => jobRows(db).every((r) => r.delivered_at !== null), { stepMs: 1_000 });
    for (let i = 0; i < 40; i++) {
      c.advance(1_000);
      await jobs.tick();
    }
    assert.ok(edits.length >= 2, "progress was shown");
    for (let i = 1; i < edits.length; i++) assert.ok(edits[i]! - edits[i - 1]! >= 15_000, `edits ${i - 1} and ${i} too close`);
    assert.equal(chat.count("Your video with CreatOK: ready"), 2, "both status messages end up showing the final state");
  });
});

describe("poller with an OpenAI-style provider", () => {
  it("honours the provider's poll-after hint over its own schedule", async () => {
    const c = clock();
    const fake = await startFakeOpenAIVideos({ now: c.now });
    try {
      fake.completeAfterPolls(5);
      fake.pollAfterMs = 5_000;
      const db = testDb();
      const chat = await terminalChat();
      insertQuote(db, { id: "q1", plan: OPENAI_PLAN });
      const jobs = makeJobs({ db, providers: [["openai", openaiProvider(fake.url, fake.apiKey)]], chat, clock: c });
      jobs.confirm("q1", "alice");
      await tickUntil(jobs, c, () => only(db).poll_count === 1, { stepMs: 200 });
      assert.equal(only(db).next_poll_at, c.now() + 5_000, "the hint wins even above POLL_MAX_INTERVAL_MS");
      const retrieves = () => fake.requests.filter((r) => r.route === "retrieve").length;
      const before = retrieves();
      c.advance(4_999);
      await jobs.tick();
      assert.equal(retrieves(), before);
      c.advance(1);
      await jobs.tick();
      assert.equal(retrieves(), before + 1);
    } finally {
      await fake.close();
    }
  });
});

describe("per-provider concurrency", () => {
  it("never has more calls in flight to a provider than its limit", async () => {
    const fake = await startFakeCreatok({ pollsToComplete: 2 });
    const proxy = await startCountingProxy(fake.baseUrl, 15);
    const db = testDb();
    const chat = await terminalChat();
    for (let i = 0; i < 6; i++) insertQuote(db, { id: `q${i}` }, Date.now());
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(proxy.url, fake.apiKey)]], chat, config: { providerConcurrency: { creatok: 2 } } });
    jobs.start();
    try {
      for (let i = 0; i < 6; i++) jobs.confirm(`q${i}`, "alice");
      await waitFor(() => jobRows(db).every((r) => r.delivered_at !== null));
    } finally {
      await jobs.stop();
      await proxy.close();
      await fake.close();
    }
    assert.equal(proxy.maxInFlight, 2, "the limit was reached and never passed");
    assert.ok(proxy.total >= 18, "6 submissions and 12 status calls went through");
  });
});
