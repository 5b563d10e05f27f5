/**
 * MAX_ACTIVE_JOBS_PER_USER: one person cannot keep more than N requests waiting or running, so a
 * stream of Confirm presses cannot queue unbounded paid work. Checked inside the confirmation
 * claim, before anything is written or held.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { loadConfig } from "../../src/config.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { text } from "../../src/domain/reply.ts";
import type { Db } from "../../src/store/database.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { CREATOK_PLAN, clock, creatokProvider, insertQuote, jobRows, makeJobs, terminalChat, testDb, tickUntil } from "../jobs/helpers.ts";

describe("MAX_ACTIVE_JOBS_PER_USER", () => {
  let fake: FakeCreatok;
  let db: Db;
  beforeEach(async () => {
    fake = await startFakeCreatok({ pollsToComplete: 3 });
    db = testDb();
  });
  afterEach(() => fake.close());

  it("defaults to 3", () => {
    assert.equal(loadConfig({}).MAX_ACTIVE_JOBS_PER_USER, 3);
  });

  it("refuses a fourth request while three are on their way, writes and holds nothing for it, and takes it once one has arrived", async () => {
    const c = clock();
    const chat = await terminalChat();
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c, config: { maxActivePerUser: 3 } });
    // A three-clip request counts once: it is one request.
    insertQuote(db, { id: "q1", plan: { ...CREATOK_PLAN, segments: [5, 5, 5] } });
    for (const id of ["q2", "q3", "q4", "q5"]) insertQuote(db, { id });
    insertQuote(db, { id: "b1", requesterId: "bob" });

    for (const id of ["q1", "q2", "q3"]) assert.equal(jobs.confirm(id, "alice").outcome, "claimed");
    assert.deepEqual(jobs.confirm("q4", "alice"), { outcome: "too_many_active", limit: 3 });
    assert.equal(jobRows(db, "quote_id = 'q4'").length, 0, "no job row");
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE quote_id = 'q4'").get() as { n: number }).n, 0, "nothing held");
    assert.equal((db.prepare("SELECT state FROM quotes WHERE id = 'q4'").get() as { state: string }).state, "pending", "the offer stays open");
    assert.equal(jobs.confirm("b1", "bob").outcome, "claimed", "another person is not affected");

    await tickUntil(jobs, c, () => jobRows(db, "quote_id = 'q2'")[0]!.delivered_at !== null);
    assert.equal(jobs.confirm("q4", "alice").outcome, "claimed", "a place came free");
  });

  it("tells the person what to do, in every language", async () => {
    const translator = await createTranslator();
    for (const language of translator.languages) {
      const said = translator.render(language, text("confirm.too_many_active"));
      assert.notEqual(said, "confirm.too_many_active", `${language} has the message`);
      assert.match(said, /\/cancel/, `${language} names /cancel`);
    }
  });
});
