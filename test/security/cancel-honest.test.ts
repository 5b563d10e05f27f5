/**
 * Cancel tells the truth. Before: Cancel pressed on an offer after Confirm replied "Nothing was
 * generated or charged", and the job then completed, was delivered and was charged. Now a job that
 * cannot be stopped is said to run on and be charged, and "not charged" is said only when the
 * ledger released the hold.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { JobRow } from "../../src/jobs/rows.ts";
import { startFakeOpenAIVideos } from "../fakes/openai-videos.ts";
import { OPENAI_PLAN, clock, insertQuote, jobRows, makeJobs, openaiProvider, terminalChat, testDb } from "../jobs/helpers.ts";
import type { Db } from "../../src/store/database.ts";
import { startHarness, user, type Harness } from "../telegram/harness.ts";

const confirmOffer = (m: { reply_markup?: { inline_keyboard: { text: string }[][] } }) =>
  m.reply_markup?.inline_keyboard.flat().some((b) => b.text === "✅ Confirm") ?? false;

const ledgerOf = (db: Db, jobId: string) =>
  (db.prepare("SELECT kind FROM ledger WHERE job_id = ? ORDER BY id").all(jobId) as { kind: string }[]).map((r) => r.kind);

describe("Cancel after Confirm", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it("says a job the provider cannot stop will finish and be charged, and it is", async () => {
    const eve = user("Eve", "en");
    const chat = h.telegram.privateChat(eve);
    h.telegram.sendText(chat, eve, "An 8 second vertical video of a red fox running through fresh snow at sunrise");
    const offer = await h.telegram.waitForMessage(chat.id, confirmOffer);
    const buttons = offer.reply_markup!.inline_keyboard.flat();
    const confirm = buttons.find((b) => b.text === "✅ Confirm")!;
    const cancel = buttons.find((b) => b.text === "✖️ Cancel")!;
    await h.telegram.waitForAnswer(h.telegram.press(chat, eve, offer.message_id, confirm.callback_data!));
    await waitUntil(() => jobsIn(h.db, chat.id).some((r) => r.task_id !== null), "the job to reach CreatOK");

    h.telegram.press(chat, eve, offer.message_id, cancel.callback_data!);
    const answer = await h.telegram.waitForMessage(chat.id, (m) => /be charged/.test(m.text ?? ""));
    assert.match(answer.text!, /CreatOK can't stop it, so it will finish, be sent to you and be charged/);

    await h.telegram.waitForMessage(chat.id, (m) => m.media?.kind === "video", 15_000);
    const [job] = jobsIn(h.db, chat.id);
    await waitUntil(() => ledgerOf(h.db, job!.id).length === 2, "the hold to close");
    assert.deepEqual(ledgerOf(h.db, job!.id), ["hold", "settle"], "charged, as the reply said");
    const said = h.telegram.botMessages(chat.id).map((m) => m.text ?? m.caption ?? "");
    assert.ok(!said.some((t) => /Nothing was generated or charged|nothing is charged/i.test(t)), `never claims it was not charged:\n${said.join("\n")}`);
  });

  it("cancels an offer never confirmed with nothing held: that one may say nothing is charged", async () => {
    const fay = user("Fay", "en");
    const chat = h.telegram.privateChat(fay);
    h.telegram.sendText(chat, fay, "A 5 second vertical video of a paper boat on a puddle");
    await h.telegram.waitForMessage(chat.id, confirmOffer);
    h.telegram.pressButton(chat, fay, "✖️ Cancel");
    await h.telegram.waitForMessage(chat.id, (m) => /Nothing was generated or charged/.test(m.text ?? ""));
    assert.equal(jobsIn(h.db, chat.id).length, 0);
    assert.equal((h.db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE chat_id = ?").get(String(chat.id)) as { n: number }).n, 0);
  });
});

describe("Cancel at a provider that can stop a task", () => {
  it("cancels it there and releases the hold, so 'not charged' is true", async () => {
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
      const target = { platform: "terminal" as const, chatId: "chat-1", userId: "alice", language: "en" };
      const result = await jobs.cancel(target, "q1");
      const [row] = jobRows(db) as [JobRow];
      assert.deepEqual(result, { outcome: "cancelled", cancelled: [row.id], kept: [] });
      assert.equal(fake.requests.filter((r) => r.route === "delete").length, 1, "stopped at the provider");
      assert.deepEqual(ledgerOf(db, row.id), ["hold", "release"]);
    } finally {
      await fake.close();
    }
  });
});

function jobsIn(db: Db, chatId: number): JobRow[] {
  return jobRows(db, "chat_id = ?", String(chatId));
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
