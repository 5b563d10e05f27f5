import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { claimQuote, requestsFor } from "../../src/jobs/claim.ts";
import type { StoredRequest } from "../../src/jobs/rows.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import {
  CREATOK_PLAN,
  T0,
  creatokProvider,
  insertQuote,
  jobRows,
  makeJobs,
  seeded,
  tempDir,
  terminalChat,
  testDb,
  waitFor,
} from "./helpers.ts";

describe("confirmation claim", () => {
  it("claims a pending quote once and writes one job row per segment in the same transaction", () => {
    const db = testDb();
    insertQuote(db, { id: "q1", plan: { ...CREATOK_PLAN, segments: [10, 10, 5] }, referenceImages: [{ id: "m1", mime: "image/png", name: "a.png", bytes: 3 }] });
    const first = claimQuote(db, { quoteId: "q1", userId: "alice", now: T0 + 1000 });
    assert.equal(first.outcome, "claimed");
    assert.equal(first.outcome === "claimed" && first.jobIds.length, 3);

    const rows = jobRows(db);
    assert.deepEqual(rows.map((r) => [r.segment_index, r.segment_count, r.state]), [[0, 3, "submitting"], [1, 3, "submitting"], [2, 3, "submitting"]]);
    const requests = rows.map((r) => JSON.parse(r.request) as StoredRequest);
    assert.deepEqual(requests.map((r) => r.kind === "video" && r.seconds), [10, 10, 5]);
    assert.match(requests[1]!.prompt, /Part 2 of 3/);
    assert.deepEqual(requests[0]!.images, [], "the plan uses no reference images, so none travel");
    const quote = db.prepare("SELECT state, confirmed_by, confirmed_at FROM quotes WHERE id = 'q1'").get();
    assert.deepEqual(quote, { state: "confirmed", confirmed_by: "alice", confirmed_at: T0 + 1000 });
  });

  it("turns a double press into one claim and one set of job rows", () => {
    const db = testDb();
    insertQuote(db, { id: "q1" });
    assert.equal(claimQuote(db, { quoteId: "q1", userId: "alice", now: T0 }).outcome, "claimed");
    assert.equal(claimQuote(db, { quoteId: "q1", userId: "alice", now: T0 }).outcome, "already_confirmed");
    assert.equal(jobRows(db).length, 1);
  });

  it("refuses another member's press and inserts nothing", () => {
    const db = testDb();
    insertQuote(db, { id: "q1", requesterId: "alice" });
    assert.equal(claimQuote(db, { quoteId: "q1", userId: "mallory", now: T0 }).outcome, "not_requester");
    assert.equal(jobRows(db).length, 0);
    assert.equal(db.prepare("SELECT state FROM quotes").pluck().get(), "pending");
  });

  it("refuses an expired, a cancelled and an unknown quote", () => {
    const db = testDb();
    insertQuote(db, { id: "old", expiresAt: T0 - 1 });
    insertQuote(db, { id: "gone", state: "cancelled" });
    assert.equal(claimQuote(db, { quoteId: "old", userId: "alice", now: T0 }).outcome, "expired");
    assert.equal(claimQuote(db, { quoteId: "gone", userId: "alice", now: T0 }).outcome, "cancelled");
    assert.equal(claimQuote(db, { quoteId: "nope", userId: "alice", now: T0 }).outcome, "not_found");
    assert.equal(jobRows(db).length, 0);
  });

  it("uses only as many reference images as the plan takes, by media id", () => {
    const images = [1, 2, 3].map((i) => ({ id: `m${i}`, mime: "image/png", name: `${i}.png`, bytes: 1 }));
    const [request] = requestsFor({ ...CREATOK_PLAN, referenceImages: 2 }, "p", { referenceImages: images });
    assert.deepEqual(request?.images, ["m1", "m2"]);
  });
});

describe("confirmations under load", () => {
  let fake: FakeCreatok;
  before(async () => {
    fake = await startFakeCreatok({ pollsToComplete: 2 });
  });
  after(() => fake.close());

  it("submits each of 120 quotes exactly once across 200 shuffled presses, repeats and two workers", async () => {
    // Two workers share one database file, like two processes behind a webhook balancer.
    const path = join(tempDir(), "load.db");
    const dbA = testDb(path);
    const dbB = testDb(path);
    // Durability is not under test here; without an fsync per commit the run takes a second, not ten.
    for (const db of [dbA, dbB]) db.pragma("synchronous = OFF");
    const chat = await terminalChat();
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    const quotes = Array.from({ length: 120 }, (_, i) => `q${i}`);
    for (const id of quotes) insertQuote(dbA, { id }, Date.now());

    // 120 first presses, 50 double presses or redeliveries, 30 presses by someone else.
    const random = seeded(2024);
    const presses = [
      ...quotes.map((q) => ({ q, user: "alice" })),
      ...Array.from({ length: 50 }, (_, i) => ({ q: quotes[(i * 7) % 120]!, user: "alice" })),
      ...Array.from({ length: 30 }, (_, i) => ({ q: quotes[(i * 11) % 120]!, user: "bob" })),
    ];
    for (let i = presses.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [presses[i], presses[j]] = [presses[j]!, presses[i]!];
    }
    assert.equal(presses.length, 200);

    const workers = [dbA, dbB].map((db, i) =>
      makeJobs({ db, providers: [["creatok", provider]], chat, config: { ownerId: `worker-${i}`, providerConcurrency: 6 } }),
    );
    for (const w of workers) w.start();
    try {
      const outcomes = await Promise.all(
        presses.map(async (p, i) => {
          if (i % 10 === 0) await new Promise((r) => setImmediate(r)); // let the submitters run in between
          return workers[i % 2]!.confirm(p.q, p.user).outcome;
        }),
      );
      assert.equal(outcomes.filter((o) => o === "claimed").length, 120);
      assert.equal(outcomes.filter((o) => o === "not_requester").length, 30);
      assert.equal(outcomes.filter((o) => o === "already_confirmed").length, 50);

      await waitFor(() => (dbA.prepare("SELECT COUNT(*) FROM jobs WHERE delivered_at IS NOT NULL").pluck().get() as number) === 120, 15_000);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const accepted = fake.submissions.filter((s) => s.status === 200);
    assert.equal(fake.submissions.length, 120, "one provider submission per unique quote");
    assert.equal(new Set(accepted.map((s) => s.body.prompt)).size, 120);
    assert.equal(jobRows(dbA).length, 120);
    assert.equal(chat.count("Your video is ready"), 120, "each result delivered once");
    dbA.close();
    dbB.close();
  });
});
