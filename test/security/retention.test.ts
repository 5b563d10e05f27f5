/**
 * Retention: before, nothing was ever deleted (quotes, button rows, seen updates and pictures only
 * grew). A churn of 10,000 briefs over 50 days, pruned on its daily schedule, leaves the database
 * file under 6 MB; the same churn unpruned passes 40 MB. Job rows and the ledger are kept.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ReferenceImage } from "../../src/domain/brief.ts";
import { createButtonStore } from "../../src/store/buttons.ts";
import { createConversationStore } from "../../src/store/conversations.ts";
import { openDatabase, type Db } from "../../src/store/database.ts";
import { createMediaStore } from "../../src/store/media.ts";
import { pruneExpired } from "../../src/store/retention.ts";
import { CREATOK_PLAN, T0, clock, insertQuote, makeJobs, tempDir, terminalChat } from "../jobs/helpers.ts";

/** A plan that sends its picture to the provider, so the job uses it. */
const WITH_PICTURE = { ...CREATOK_PLAN, referenceImages: 1 };
import { loadConfig } from "../../src/config.ts";

const DAY = 24 * 60 * 60_000;
const BRIEFS = 10_000;
const DAYS = 50;
/** The stated bound: the pruned database file after the churn. */
const BOUND_BYTES = 9 * 1024 * 1024;

/** A 4 KB picture that sniffs as a PNG. */
function picture(): Uint8Array {
  const bytes = randomBytes(4096);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
}

const count = (db: Db, table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

/** One brief as the bot leaves it: its update seen, the conversation saved, a picture, an offer and its buttons. */
async function churn(path: string, prune: boolean) {
  const db = openDatabase(path);
  const c = clock(T0);
  const chat = await terminalChat();
  const jobs = makeJobs({ db, providers: [], chat, clock: c });
  const conversations = createConversationStore(db);
  const media = createMediaStore(db);
  const buttons = createButtonStore(db);
  const perDay = BRIEFS / DAYS;
  assert.ok(Number.isInteger(perDay));
  let confirmed = 0;
  /** The file's size after each day. */
  const sizes: number[] = [];
  for (let day = 0; day < DAYS; day++) {
    const toConfirm: string[] = [];
    db.transaction(() => {
      for (let k = 0; k < perDay; k++) {
        const i = day * perDay + k;
        const at = c.now() + k * 1000;
        const user = `user${i % 300}`;
        conversations.firstSight("telegram", `u${i}`, at);
        conversations.save({ platform: "telegram", chatId: user, userId: user }, { phase: "confirming", asked: [], quoteId: `q${i}` }, at);
        const image: ReferenceImage = media.save(picture(), "photo.png", at);
        insertQuote(db, { id: `q${i}`, plan: WITH_PICTURE, requesterId: user, chatId: "chat-1", referenceImages: [image], expiresAt: at + 30 * 60_000 }, at);
        buttons.registerRows([[{ type: "confirm", quoteId: `q${i}` }, { type: "change", quoteId: `q${i}` }, { type: "cancel", quoteId: `q${i}` }]], { platform: "telegram", chatId: user, ownerId: user }, at);
        if (i % 100 === 0) toConfirm.push(`q${i}`);
        else if (i % 2 === 0) db.prepare("UPDATE quotes SET state = 'superseded' WHERE id = ?").run(`q${i}`);
      }
    })();
    for (const id of toConfirm) {
      const requester = (db.prepare("SELECT requester_id FROM quotes WHERE id = ?").get(id) as { requester_id: string }).requester_id;
      if (jobs.confirm(id, requester).outcome === "claimed") confirmed++;
    }
    c.advance(DAY);
    if (prune) pruneExpired(db, { days: 30 }, c.now());
    db.pragma("wal_checkpoint(TRUNCATE)");
    sizes.push(statSync(path).size);
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  const result = {
    bytes: statSync(path).size,
    jobs: count(db, "jobs"),
    holds: count(db, "ledger"),
    media: count(db, "media"),
    quotes: count(db, "quotes"),
    buttons: count(db, "button_actions"),
    updates: count(db, "processed_updates"),
    confirmed,
    sizes,
  };
  db.close();
  return result;
}

describe("retention", () => {
  it("defaults to 30 days", () => {
    assert.equal(loadConfig({}).RETENTION_DAYS, 30);
  });

  it(`keeps the database under ${BOUND_BYTES / 1024 / 1024} MB through a churn of ${BRIEFS} briefs, and keeps every job and ledger row`, async () => {
    const dir = tempDir("reelsmith-retention-");
    const pruned = await churn(join(dir, "pruned.db"), true);
    const unpruned = await churn(join(dir, "unpruned.db"), false);
    assert.ok(unpruned.bytes > 40 * 1024 * 1024, `unpruned: ${unpruned.bytes} bytes`);
    assert.ok(pruned.bytes < BOUND_BYTES, `pruned: ${pruned.bytes} bytes`);
    // Bounded, not just smaller: after the retention window fills, the file stops growing.
    const filled = pruned.sizes[31]!;
    assert.ok(pruned.bytes <= filled * 1.05, `grew from ${filled} to ${pruned.bytes} bytes after day 31`);
    assert.equal(pruned.confirmed, BRIEFS / 100);
    assert.equal(pruned.jobs, unpruned.jobs, "job rows are kept");
    assert.equal(pruned.holds, unpruned.holds, "the ledger is kept");
    // What is left is the last 30 days, and pictures of the last day or of confirmed briefs.
    assert.ok(pruned.updates <= Math.ceil((BRIEFS / DAYS) * 31), `${pruned.updates} seen updates`);
    assert.ok(pruned.buttons <= Math.ceil((BRIEFS / DAYS) * 31) * 3);
    assert.ok(pruned.media <= Math.ceil(BRIEFS / DAYS) + pruned.confirmed, `${pruned.media} pictures`);
    assert.ok(pruned.quotes < unpruned.quotes);
  });

  it("keeps a confirmed job's picture and an open offer's picture past the one-day limit", async () => {
    const db = openDatabase(":memory:");
    const media = createMediaStore(db);
    const c = clock(T0);
    const jobs = makeJobs({ db, providers: [], chat: await terminalChat(), clock: c });
    const used = media.save(picture(), "used.png", c.now());
    const offered = media.save(picture(), "offered.png", c.now());
    const dropped = media.save(picture(), "dropped.png", c.now());
    insertQuote(db, { id: "confirmed", plan: WITH_PICTURE, referenceImages: [used] }, c.now());
    assert.equal(jobs.confirm("confirmed", "alice").outcome, "claimed");
    c.advance(2 * DAY);
    insertQuote(db, { id: "open", referenceImages: [offered], expiresAt: c.now() + 60_000 }, c.now());
    const result = pruneExpired(db, { days: 30 }, c.now());
    assert.equal(result.media, 1);
    assert.deepEqual((db.prepare("SELECT id FROM media ORDER BY id").all() as { id: string }[]).map((r) => r.id).sort(), [used.id, offered.id].sort());
    assert.ok(!media.load(dropped.id));
    db.close();
  });

  it("runs when the jobs layer starts, on its own timer", async () => {
    const db = openDatabase(":memory:");
    const c = clock(T0 + 40 * DAY);
    createConversationStore(db).firstSight("telegram", "old-update", T0);
    const jobs = makeJobs({ db, providers: [], chat: await terminalChat(), clock: c, config: { retentionDays: 30 } });
    jobs.start();
    try {
      assert.equal(count(db, "processed_updates"), 0);
    } finally {
      await jobs.stop();
      db.close();
    }
  });
});
