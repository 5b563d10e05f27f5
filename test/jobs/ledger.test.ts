import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseBudget, UNLIMITED } from "../../src/domain/budget.ts";
import { text } from "../../src/domain/reply.ts";
import type { SpendRules } from "../../src/jobs/index.ts";
import { ledgerTotals, spentByUser } from "../../src/jobs/ledger.ts";
import type { Db } from "../../src/store/database.ts";
import { startFakeCreatok } from "../fakes/creatok.ts";
import { startFakeOpenAIVideos } from "../fakes/openai-videos.ts";
import {
  OPENAI_PLAN,
  assertLedgerBalanced,
  clock,
  creatokProvider,
  insertQuote,
  jobRows,
  makeJobs,
  openaiProvider,
  terminalChat,
  testDb,
  tickUntil,
} from "./helpers.ts";

const rules = (user: string): SpendRules => ({ userBudget: parseBudget(user), chatBudget: UNLIMITED, groupPayer: "requester", timeZone: "UTC" });

function entries(db: Db, jobId: string): string[] {
  return (db.prepare("SELECT kind FROM ledger WHERE job_id = ? ORDER BY id").pluck().all(jobId) as string[]);
}

describe("the spending ledger", () => {
  it("holds the quoted amount at confirmation and settles it once when the clip succeeds", async () => {
    const c = clock();
    const fake = await startFakeCreatok({ pollsToComplete: 2 });
    try {
      const db = testDb();
      const chat = await terminalChat();
      insertQuote(db, { id: "q1", amount: 6, currency: "credits" });
      const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c });
      const claim = jobs.confirm("q1", "alice");
      assert.equal(claim.outcome, "claimed");
      const [job] = jobRows(db);
      assert.deepEqual(entries(db, job!.id), ["hold"], "held before any provider call");
      assert.equal(fake.submissions.length, 0);
      assert.deepEqual(ledgerTotals(db).open, { count: 1, amount: 6 });

      await tickUntil(jobs, c, () => jobRows(db)[0]!.delivered_at !== null);
      assert.deepEqual(entries(db, job!.id), ["hold", "settle"]);
      // Every later pass (and a restart's sweep) finds nothing more to close.
      await jobs.tick();
      jobs.start();
      await jobs.stop();
      assert.deepEqual(entries(db, job!.id), ["hold", "settle"]);
      const totals = assertLedgerBalanced(db);
      assert.deepEqual(totals.settlements, { count: 1, amount: 6 });
      assert.deepEqual(spentByUser(db, { platform: "terminal", userId: "alice", day: "2026-01-15" }), { credits: 6 });
    } finally {
      await fake.close();
    }
  });

  it("charges nothing when the provider's moderation refuses the request at submission", async () => {
    const c = clock();
    const fake = await startFakeOpenAIVideos({ now: c.now });
    try {
      fake.failNext("moderation", { route: "create" });
      const db = testDb();
      const chat = await terminalChat();
      insertQuote(db, { id: "q1", plan: OPENAI_PLAN, amount: 0.4, currency: "USD" });
      const jobs = makeJobs({ db, providers: [["openai", openaiProvider(fake.url, fake.apiKey)]], chat, clock: c, spending: rules("USD:1") });
      assert.equal(jobs.confirm("q1", "alice").outcome, "claimed");
      await tickUntil(jobs, c, () => jobRows(db)[0]!.delivered_at !== null);

      const [job] = jobRows(db);
      assert.equal(job!.state, "failed");
      assert.deepEqual(entries(db, job!.id), ["hold", "release"]);
      assert.equal(db.prepare("SELECT reason FROM ledger WHERE job_id = ? AND kind = 'release'").pluck().get(job!.id), "failed:moderation");
      assert.deepEqual(spentByUser(db, { platform: "terminal", userId: "alice", day: "2026-01-15" }), {}, "nothing counts against the budget");
      assert.match(chat.text(), /turned this request down because it may go against its content rules/);
      assertLedgerBalanced(db);
    } finally {
      await fake.close();
    }
  });

  it("charges nothing when a task ends refused by moderation after it started", async () => {
    const c = clock();
    const fake = await startFakeOpenAIVideos({ now: c.now });
    try {
      fake.completeAfterPolls(2);
      fake.endNextVideo("moderation");
      const db = testDb();
      const chat = await terminalChat();
      insertQuote(db, { id: "q1", plan: OPENAI_PLAN, amount: 0.4, currency: "USD" });
      const jobs = makeJobs({ db, providers: [["openai", openaiProvider(fake.url, fake.apiKey)]], chat, clock: c });
      jobs.confirm("q1", "alice");
      await tickUntil(jobs, c, () => jobRows(db)[0]!.delivered_at !== null);
      const [job] = jobRows(db);
      assert.equal(job!.state, "failed");
      assert.notEqual(job!.task_id, null, "it reached the provider");
      assert.deepEqual(entries(db, job!.id), ["hold", "release"]);
      assert.match(chat.text(), /content rules/);
      const totals = assertLedgerBalanced(db);
      assert.deepEqual(totals.settlements, { count: 0, amount: 0 });
    } finally {
      await fake.close();
    }
  });

  it("releases the hold of a queued job the requester cancels", async () => {
    const c = clock();
    const fake = await startFakeOpenAIVideos({ now: c.now });
    try {
      fake.completeAfterPolls(5);
      const db = testDb();
      const chat = await terminalChat();
      insertQuote(db, { id: "q1", plan: OPENAI_PLAN, amount: 0.4, currency: "USD" });
      // A second request waits for the only slot, never handed to the provider.
      insertQuote(db, { id: "q2", plan: OPENAI_PLAN, amount: 0.8, currency: "USD" });
      const jobs = makeJobs({ db, providers: [["openai", openaiProvider(fake.url, fake.apiKey)]], chat, clock: c, config: { providerConcurrency: 1 } });
      jobs.confirm("q1", "alice");
      await jobs.tick();
      jobs.confirm("q2", "alice");
      const [first, second] = jobRows(db);
      assert.equal(first!.state, "queued");
      assert.equal(second!.state, "submitting");

      assert.equal((await jobs.cancel("q2", "alice")).outcome, "cancelled");
      assert.equal((await jobs.cancel("q1", "alice")).outcome, "cancelled");
      assert.deepEqual(entries(db, first!.id), ["hold", "release"]);
      assert.deepEqual(entries(db, second!.id), ["hold", "release"]);
      assert.equal(fake.submissions.length, 1, "the waiting one never reached the provider");
      const totals = assertLedgerBalanced(db);
      assert.deepEqual(totals.releases, { count: 2, amount: 1.2 });
    } finally {
      await fake.close();
    }
  });

  it("refuses a confirmation beyond the daily budget before any provider call, and allows it again the next day", async () => {
    const c = clock(Date.UTC(2026, 0, 15, 23, 0, 0));
    const fake = await startFakeCreatok({ pollsToComplete: 1 });
    try {
      const db = testDb();
      const chat = await terminalChat();
      insertQuote(db, { id: "q1", amount: 5 }, c.now());
      insertQuote(db, { id: "q2", amount: 5 }, c.now());
      const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c, spending: rules("credits:8") });
      assert.equal(jobs.confirm("q1", "alice").outcome, "claimed");
      const refused = jobs.confirm("q2", "alice");
      assert.deepEqual(refused, {
        outcome: "refused",
        refusal: {
          reason: "over_budget",
          scope: "user",
          limit: 8,
          spent: 5,
          remaining: 3,
          amount: 5,
          currency: "credits",
          resetAt: Date.UTC(2026, 0, 16),
          timeZone: "UTC",
        },
      });
      assert.equal(jobRows(db).length, 1, "no job row for the refused quote");
      assert.equal(db.prepare("SELECT state FROM quotes WHERE id = 'q2'").pluck().get(), "pending", "the offer stays open");
      await tickUntil(jobs, c, () => jobRows(db)[0]!.delivered_at !== null, { stepMs: 50 });
      assert.equal(fake.submissions.length, 1);

      c.set(Date.UTC(2026, 0, 16, 0, 0, 1));
      insertQuote(db, { id: "q3", amount: 5 }, c.now());
      assert.equal(jobs.confirm("q3", "alice").outcome, "claimed", "a new budget day");
      assertLedgerBalanced(db);
    } finally {
      await fake.close();
    }
  });

  it("refuses a quote without an estimate where a budget applies, and takes it where none does", () => {
    const db = testDb();
    insertQuote(db, { id: "q1", plan: OPENAI_PLAN, amount: null, currency: null });
    insertQuote(db, { id: "q2", plan: OPENAI_PLAN, amount: null, currency: null, requesterId: "bob" });
    const chat = { port: undefined } as never;
    const limited = makeJobs({ db, providers: [], chat, clock: clock(), spending: rules("10") });
    assert.deepEqual(limited.confirm("q1", "alice"), { outcome: "refused", refusal: { reason: "no_estimate", scope: "user" } });
    const open = makeJobs({ db, providers: [], chat, clock: clock() });
    assert.equal(open.confirm("q2", "bob").outcome, "claimed");
    const [job] = jobRows(db);
    assert.equal(db.prepare("SELECT amount FROM ledger WHERE job_id = ?").pluck().get(job!.id), 0, "held as zero in no unit");
  });

  it("gives the admins' overview of the budget day in the configured zone, without released holds", async () => {
    // 23:30 in UTC is already the next day in Tokyo: the overview's day is the budget day.
    const db = testDb();
    const c = clock(Date.UTC(2026, 0, 15, 23, 30, 0));
    insertQuote(db, { id: "q1", amount: 5 }, c.now());
    insertQuote(db, { id: "q2", amount: 3, requesterId: "bob" }, c.now());
    insertQuote(db, { id: "q3", amount: 7, requesterId: "carol" }, c.now());
    const spending: SpendRules = { ...rules("credits:100"), timeZone: "Asia/Tokyo" };
    const jobs = makeJobs({ db, providers: [], chat: { port: undefined } as never, clock: c, spending });
    for (const [quote, user] of [["q1", "alice"], ["q2", "bob"], ["q3", "carol"]] as const) assert.equal(jobs.confirm(quote, user).outcome, "claimed");
    assert.equal((await jobs.cancel("q3", "carol")).outcome, "cancelled");

    const overview = jobs.overview();
    assert.equal(overview.day, "2026-01-16");
    assert.deepEqual(overview.users, [
      { platform: "terminal", id: "alice", currency: "credits", spent: 5, jobs: 1 },
      { platform: "terminal", id: "bob", currency: "credits", spent: 3, jobs: 1 },
    ]);
    assert.deepEqual(overview.chats, [{ platform: "terminal", id: "chat-1", currency: "credits", spent: 8, jobs: 2 }]);
    assert.equal(overview.openHolds, 2, "the cancelled request's hold is closed");
    assert.deepEqual(jobs.overview(1).users.map((u) => u.id), ["alice"]);
  });

  it("splits a multi-clip quote's hold across its clips so the parts add up to the quote", () => {
    const db = testDb();
    insertQuote(db, { id: "q1", amount: 10, plan: { kind: "video", provider: "creatok", modelId: "doubao-seedance-2", orientation: "9:16", definition: "480p", segments: [10, 5, 5], referenceImages: 0 } });
    const jobs = makeJobs({ db, providers: [], chat: { port: undefined } as never, clock: clock() });
    assert.equal(jobs.confirm("q1", "alice").outcome, "claimed");
    const held = db.prepare("SELECT amount FROM ledger WHERE kind = 'hold' ORDER BY amount DESC").pluck().all();
    assert.deepEqual(held, [5, 2.5, 2.5]);
    assert.deepEqual(ledgerTotals(db).holds, { count: 3, amount: 10 });
  });
});

describe("fair scheduling", () => {
  it("starts three users' five jobs each round-robin under a concurrency limit of one, and shows each its place in line", async () => {
    const c = clock();
    const fake = await startFakeCreatok({ pollsToComplete: 1 });
    try {
      const db = testDb();
      const chat = await terminalChat();
      const users = ["alice", "bob", "carol"];
      const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c, config: { providerConcurrency: 1 } });
      // First come: all of Alice's, then all of Bob's, then all of Carol's.
      for (const user of users) {
        for (let i = 1; i <= 5; i++) {
          insertQuote(db, { id: `${user}-${i}`, requesterId: user, prompt: `${user} clip ${i}` }, c.now());
          assert.equal(jobs.confirm(`${user}-${i}`, user).outcome, "claimed");
          c.advance(1);
        }
      }

      await jobs.tick();
      const place = (position: number) => chat.translator.render("en", text("jobs:progress.position", { position, provider: "CreatOK" }));
      // Alice's first is running; Bob's first and Carol's first are next, ahead of Alice's second.
      assert.ok(chat.text().includes(place(1)), chat.text());
      assert.ok(chat.text().includes(place(2)));
      assert.ok(chat.text().includes(place(14)));

      await tickUntil(jobs, c, () => fake.submissions.length === 15, { max: 400 });
      const order = fake.submissions.map((s) => String(s.body.prompt).split(" ")[0]);
      assert.deepEqual(order, [...Array(5)].flatMap(() => users), `start order ${order.join(" ")}`);
      // Within each user, first come first served.
      for (const user of users) {
        const mine = fake.submissions.map((s) => String(s.body.prompt)).filter((p) => p.startsWith(user));
        assert.deepEqual(mine, [1, 2, 3, 4, 5].map((i) => `${user} clip ${i}`));
      }
    } finally {
      await fake.close();
    }
  });
});

