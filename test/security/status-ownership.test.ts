/**
 * Results belong to their owners. Before: `/status <someone else's task id>` followed that task and
 * sent the result to the stranger; on a `/v1/videos` gateway the bot downloaded the owner's clip
 * with the operator's key and uploaded it to the stranger; 300 `/status` in one second made 600
 * provider calls.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { ChatTarget } from "../../src/ports/chat.ts";
import type { Provider } from "../../src/providers/provider.ts";
import type { Db } from "../../src/store/database.ts";
import { loadConfig } from "../../src/config.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeOpenAIVideos, type FakeOpenAIVideos } from "../fakes/openai-videos.ts";
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
  type Chat,
  type Clock,
} from "../jobs/helpers.ts";

const owner: ChatTarget = { platform: "terminal", chatId: "chat-1", userId: "alice", language: "en" };
const stranger: ChatTarget = { platform: "terminal", chatId: "mallory-dm", userId: "mallory", language: "en" };
const groupMember: ChatTarget = { platform: "terminal", chatId: "chat-1", userId: "bob", language: "en" };

describe("/status of a task the bot started", () => {
  let fake: FakeOpenAIVideos;
  let c: Clock;
  let chat: Chat;
  let db: Db;
  let provider: Provider;
  beforeEach(async () => {
    c = clock();
    fake = await startFakeOpenAIVideos({ now: c.now });
    fake.completeAfterPolls(2);
    provider = openaiProvider(fake.url, fake.apiKey);
    chat = await terminalChat();
    db = testDb();
  });
  afterEach(() => fake.close());

  async function deliveredTask() {
    insertQuote(db, { id: "q1", plan: OPENAI_PLAN });
    const jobs = makeJobs({ db, providers: [["openai", provider]], chat, clock: c });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, () => jobRows(db)[0]!.delivered_at !== null);
    return { jobs, taskId: jobRows(db)[0]!.task_id! };
  }

  it("tells a stranger only that it is not theirs: no link, no follow, no download, no provider call", async () => {
    const { jobs, taskId } = await deliveredTask();
    const requests = fake.requests.length;
    const printed = chat.text().length;
    for (const follow of [false, true]) {
      assert.deepEqual(await jobs.lookupStatus({ taskId, target: stranger, follow }), { outcome: "not_yours" });
      // An admin is not the owner either: the result stays in the chat it was made for.
      assert.deepEqual(await jobs.lookupStatus({ taskId, target: stranger, follow, admin: true }), { outcome: "not_yours" });
    }
    await jobs.tick();
    const told = chat.text().slice(printed);
    assert.match(told, new RegExp(`${taskId} isn't one of your requests`));
    assert.doesNotMatch(told, /ready|http|\.mp4|keep checking/i);
    assert.equal(fake.requests.length, requests, "no provider call, no download");
    assert.equal(jobRows(db).length, 1, "nothing follows the task for the stranger");
  });

  it("answers its requester, also from another chat, and a member of the group it was made in", async () => {
    const { jobs, taskId } = await deliveredTask();
    assert.equal((await jobs.lookupStatus({ taskId, target: owner, follow: false })).outcome, "checked");
    assert.equal((await jobs.lookupStatus({ taskId, target: groupMember, follow: false })).outcome, "checked");
    assert.equal((await jobs.lookupStatus({ taskId, target: { ...owner, chatId: "alice-dm" }, follow: false })).outcome, "checked");
    assert.equal(jobRows(db, "chat_id = 'mallory-dm'").length, 0);
  });
});

describe("/status of a task id the bot did not start", () => {
  let fake: FakeCreatok;
  let db: Db;
  let chat: Chat;
  let provider: Provider;
  beforeEach(async () => {
    fake = await startFakeCreatok({ pollsToComplete: 4 });
    provider = creatokProvider(fake.baseUrl, fake.apiKey);
    chat = await terminalChat();
    db = testDb();
  });
  afterEach(() => fake.close());

  const elsewhere = async () =>
    (await provider.submit({ kind: "video", model: "doubao-seedance-2", prompt: "made elsewhere", seconds: 5, orientation: "9:16", definition: "480p", images: [] })).taskId;
  const statusCalls = () => fake.state.requests.filter((r) => r.route === "status").length;

  it("is looked up for admins only by default", async () => {
    assert.equal(loadConfig({}).STATUS_LOOKUP, "admins");
    const taskId = await elsewhere();
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: clock() });
    assert.deepEqual(await jobs.lookupStatus({ taskId, target: stranger, follow: true }), { outcome: "not_yours" });
    assert.equal(statusCalls(), 0);
    // The same words for an id that exists nowhere: trying ids tells a stranger nothing.
    await jobs.lookupStatus({ taskId: "no_such_task", target: stranger, follow: false });
    assert.equal(chat.count("isn't one of your requests"), 2);
    assert.equal((await jobs.lookupStatus({ taskId, target: stranger, follow: false, admin: true })).outcome, "checked");
  });

  it("is looked up for anyone with STATUS_LOOKUP=anyone", async () => {
    const taskId = await elsewhere();
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: clock(), config: { statusLookup: "anyone" } });
    assert.equal((await jobs.lookupStatus({ taskId, target: stranger, follow: false })).outcome, "checked");
  });

  it("makes at most a handful of provider calls for 300 lookups in one second, and says so once", async () => {
    const taskId = await elsewhere();
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: clock(), config: { statusLookup: "anyone" } });
    const results = await Promise.all(Array.from({ length: 300 }, () => jobs.lookupStatus({ taskId, target: stranger, follow: false })));
    const lookupsPerMinute = loadConfig({}).STATUS_LOOKUPS_PER_MINUTE;
    assert.equal(results.filter((r) => r.outcome === "checked").length, lookupsPerMinute);
    assert.ok(statusCalls() <= 2 * lookupsPerMinute, `${statusCalls()} provider calls`);
    assert.equal(chat.count("You've checked on tasks a lot just now"), 1, "one reply about the limit, not 295");
    // Someone else is not slowed down by it.
    assert.equal((await jobs.lookupStatus({ taskId, target: owner, follow: false })).outcome, "checked");
  });

  it("counts provider calls against an hourly ceiling per person", async () => {
    const taskId = await elsewhere();
    const c = clock();
    const jobs = makeJobs({
      db,
      providers: [["creatok", provider]],
      chat,
      clock: c,
      config: { statusLookup: "anyone", statusLimits: { lookupsPerMinute: 1000, providerCallsPerHour: 4 } },
    });
    for (let i = 0; i < 10; i++) {
      await jobs.lookupStatus({ taskId, target: stranger, follow: false });
      c.advance(1_000);
    }
    assert.equal(statusCalls(), 4);
    c.advance(60 * 60_000);
    assert.equal((await jobs.lookupStatus({ taskId, target: stranger, follow: false })).outcome, "checked", "allowed again an hour later");
  });
});
