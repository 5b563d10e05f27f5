/**
 * Push completions end to end: the OpenAI-style fake signs webhooks the Standard Webhooks way and
 * POSTs them to the bot's real HTTP server (POST /hooks/openai); the jobs layer re-reads the task
 * through the provider and delivers. Forged, stale, unsigned and replayed pushes, and pushes for
 * tasks we do not follow, change nothing; a lost push still ends in delivery by polling. SophNet
 * takes a `callback_url` instead: its URL is signed, and calling it nudges the job it names.
 */
import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mountHooks } from "../../src/http/hooks.ts";
import { checkHealth, createHttpServer, type HttpServer } from "../../src/http/server.ts";
import { createMetrics } from "../../src/metrics.ts";
import type { Jobs } from "../../src/jobs/index.ts";
import type { Db } from "../../src/store/database.ts";
import type { VideoPlan } from "../../src/domain/plan.ts";
import { createSophnetProvider } from "../../src/providers/sophnet.ts";
import { startSophnetFake } from "../fakes/sophnet.ts";
import { deliverWebhook, signWebhook, startFakeOpenAIVideos, videoEvent, type FakeOpenAIVideos } from "../fakes/openai-videos.ts";
import { OPENAI_PLAN, clock, insertQuote, jobRows, makeJobs, openaiProvider, terminalChat, testDb, tickUntil, type Chat, type Clock } from "./helpers.ts";

const SECRET = `whsec_${Buffer.from("reelsmith-test-webhook-key-0123456789").toString("base64")}`;
const only = (db: Db) => jobRows(db)[0]!;

describe("push completions (POST /hooks/openai)", () => {
  let c: Clock;
  let fake: FakeOpenAIVideos;
  let db: Db;
  let chat: Chat;
  let http: HttpServer;
  let hookUrl: string;
  let jobs: Jobs;
  const retrieves = () => fake.requests.filter((r) => r.route === "retrieve").length;

  beforeEach(async () => {
    c = clock();
    fake = await startFakeOpenAIVideos({ now: c.now });
    fake.completeAfterPolls(1_000); // only a push (or a test) ends a video
    db = testDb();
    chat = await terminalChat();
    // As configured with OPENAI_WEBHOOK_SECRET (the provider pushes), at the production poll limits.
    const provider = { ...openaiProvider(fake.url, fake.apiKey), pushesCompletions: true };
    jobs = makeJobs({ db, providers: [["openai", provider]], chat, clock: c, config: { pollMinMs: 5_000, pollMaxMs: 60_000 } });
    http = createHttpServer({ health: () => checkHealth({ db, transports: {} }), metrics: createMetrics({ db, processMetrics: false }) });
    mountHooks(http, { db, jobs, openaiSecret: SECRET, now: c.now });
    hookUrl = `http://127.0.0.1:${await http.listen(0)}/hooks/openai`;
    fake.sendWebhooksTo(hookUrl, SECRET);
    insertQuote(db, { id: "q1", plan: OPENAI_PLAN });
    jobs.confirm("q1", "alice");
    await jobs.tick(); // submitted
    c.advance(10_000);
    await jobs.tick(); // no early check: a failure is pushed too
    assert.equal(only(db).state, "queued");
    assert.equal(retrieves(), 0);
  });

  afterEach(async () => {
    await http.close();
    await fake.close();
  });

  it("delivers on a valid push with one status call in all, long before the safety-net poll", async () => {
    const before = retrieves();
    const dueAt = only(db).next_poll_at!;
    assert.ok(dueAt - c.now() >= 30_000, "the next poll is far off");
    const sent = await fake.finishVideo(only(db).task_id!);
    assert.equal(sent?.status, 200);
    await jobs.tick();
    assert.equal(only(db).state, "succeeded");
    assert.notEqual(only(db).delivered_at, null);
    assert.ok(c.now() < dueAt);
    assert.equal(retrieves(), before + 1, "the push made exactly one status call");
    assert.equal(retrieves(), 1, "and it was the job's only one");
    assert.equal(chat.count("Your video is ready"), 1);
  });

  it("refuses forged, stale and unsigned pushes, and they change nothing", async () => {
    const taskId = only(db).task_id!;
    fake.videos.get(taskId)!.status = "completed"; // even were it true, an unverified push is not acted on
    const row = only(db);
    const event = videoEvent({ id: taskId, status: "completed" }, c.now());
    const forged = signWebhook(hookUrl, `whsec_${Buffer.from("someone-else").toString("base64")}`, event, c.now());
    const stale = signWebhook(hookUrl, SECRET, event, c.now() - 6 * 60_000);
    const tampered = signWebhook(hookUrl, SECRET, event, c.now());
    tampered.body = tampered.body.replace(taskId, "video_999999");
    const unsigned = { ...signWebhook(hookUrl, SECRET, event, c.now()) };
    unsigned.headers = { ...unsigned.headers, "webhook-signature": "" };
    for (const [name, webhook] of Object.entries({ forged, stale, tampered, unsigned })) {
      assert.equal(await deliverWebhook(webhook), 401, name);
    }
    await jobs.tick();
    assert.deepEqual(only(db), row, "the row is untouched");
    assert.equal(db.prepare("SELECT COUNT(*) FROM webhook_receipts").pluck().get(), 0, "nothing remembered");
  });

  it("acts on a replayed push once only", async () => {
    const taskId = only(db).task_id!;
    const webhook = signWebhook(hookUrl, SECRET, videoEvent({ id: taskId, status: "completed" }, c.now()), c.now());
    // The task has not really ended: the push is a hint, the provider's answer decides.
    assert.equal(await deliverWebhook(webhook), 200);
    const before = retrieves();
    await jobs.tick();
    assert.equal(retrieves(), before + 1, "the push was acted on");
    assert.equal(only(db).finished_at, null, "the provider said it still runs; the push body was not trusted");
    const row = only(db);
    c.advance(1_000);
    assert.equal(await deliverWebhook(webhook), 200, "a replay is acknowledged…");
    await jobs.tick();
    assert.deepEqual(only(db), row, "…and changes nothing");
    assert.equal(retrieves(), before + 1);
  });

  it("ignores a push for a task it does not follow", async () => {
    const row = only(db);
    const before = retrieves();
    const webhook = signWebhook(hookUrl, SECRET, videoEvent({ id: "video_not_ours", status: "completed" }, c.now()), c.now());
    assert.equal(await deliverWebhook(webhook), 200);
    assert.equal(jobs.nudge("openai", "video_not_ours"), false);
    await jobs.tick();
    assert.deepEqual(only(db), row);
    assert.equal(retrieves(), before);
  });

  it("still delivers by polling (the safety net at the end of the usual window) when the push is lost", async () => {
    await http.close(); // the push cannot reach us
    const sent = await fake.finishVideo(only(db).task_id!);
    assert.equal(sent?.status, 0, "the webhook was lost");
    await tickUntil(jobs, c, () => only(db).delivered_at !== null, { stepMs: 5_000, max: 200 });
    assert.equal(only(db).state, "succeeded");
    assert.equal(chat.count("Your video is ready"), 1);
  });
});

describe("callback URLs (SophNet's callback_url, with PUBLIC_BASE_URL)", () => {
  it("gives SophNet a signed callback URL, delivers when it is called, and a forged one changes nothing", async () => {
    const c = clock();
    const fake = await startSophnetFake();
    const db = testDb();
    const chat = await terminalChat();
    const http = createHttpServer({ health: () => checkHealth({ db, transports: {} }), metrics: createMetrics({ db, processMetrics: false }) });
    try {
      const port = await http.listen(0);
      const base = `http://127.0.0.1:${port}`;
      fake.completeAfterPolls(2); // the early check says running; the next poll says done
      const provider = createSophnetProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });
      const jobs = makeJobs({ db, providers: [["sophnet", provider]], chat, clock: c, config: { pollMinMs: 5_000, pollMaxMs: 60_000, publicBaseUrl: base } });
      mountHooks(http, { db, jobs, callbackProviders: ["sophnet"], now: c.now });
      const plan: VideoPlan = { kind: "video", provider: "sophnet", modelId: "Seedance-1.5-Pro", orientation: "16:9", definition: "720p", segments: [5], referenceImages: 0 };
      insertQuote(db, { id: "q1", plan });
      jobs.confirm("q1", "alice");
      await jobs.tick();
      c.advance(10_000);
      await jobs.tick(); // the early check: running
      assert.equal(fake.polls.length, 1);

      const url = fake.submissions[0]!.body.callback_url as string;
      assert.match(url, new RegExp(`^${base}/hooks/sophnet\\?job=[^&]+&token=[A-Za-z0-9_-]{43}$`), "a callback URL at the top level of the create body");
      const forged = url.replace(/token=[^&]+/, `token=${Buffer.alloc(32, 1).toString("base64url")}`);
      const row = only(db);
      assert.equal((await fetch(forged, { method: "POST", body: "{}" })).status, 401);
      assert.equal((await fetch(`${base}/hooks/sophnet`, { method: "POST", body: "{}" })).status, 401, "no token at all");
      await jobs.tick();
      assert.deepEqual(only(db), row, "a forged callback changes nothing");

      assert.equal((await fetch(url, { method: "POST", body: JSON.stringify({ status: "succeeded" }) })).status, 200);
      await jobs.tick();
      assert.equal(only(db).state, "succeeded");
      assert.notEqual(only(db).delivered_at, null);
      assert.equal(fake.polls.length, 2, "one status call for the callback");
      assert.equal(chat.count("Your video is ready"), 1);
    } finally {
      await http.close();
      await fake.close();
    }
  });
});
