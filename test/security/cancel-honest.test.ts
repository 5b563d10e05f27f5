/**
 * Cancel tells the truth. Before: Cancel pressed on an offer after Confirm replied "Nothing was
 * generated or charged", and the job then completed, was delivered and was charged. Now a job that
 * cannot be stopped is said to run on and be charged, and "not charged" is said only when the
 * ledger released the hold (a provider that can stop a task: test/jobs/cancel.test.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JobRow } from "../../src/jobs/rows.ts";
import { jobRows, waitFor } from "../jobs/helpers.ts";
import type { Db } from "../../src/store/database.ts";
import { harnessForSuite, user, confirmOffer } from "../telegram/harness.ts";

const ledgerOf = (db: Db, jobId: string) =>
  (db.prepare("SELECT kind FROM ledger WHERE job_id = ? ORDER BY id").all(jobId) as { kind: string }[]).map((r) => r.kind);

describe("Cancel after Confirm", () => {
  const h = harnessForSuite();

  it("says a job the provider cannot stop will finish and be charged, and it is", async () => {
    const eve = user("Eve", "en");
    const chat = h.telegram.privateChat(eve);
    h.telegram.sendText(chat, eve, "An 8 second vertical video of a red fox running through fresh snow at sunrise");
    const offer = await h.telegram.waitForMessage(chat.id, confirmOffer);
    const buttons = offer.reply_markup!.inline_keyboard.flat();
    const confirm = buttons.find((b) => b.text === "✅ Confirm")!;
    const cancel = buttons.find((b) => b.text === "✖️ Cancel")!;
    await h.telegram.waitForAnswer(h.telegram.press(chat, eve, offer.message_id, confirm.callback_data!));
    await waitFor(() => jobsIn(h.db, chat.id).some((r) => r.task_id !== null));

    h.telegram.press(chat, eve, offer.message_id, cancel.callback_data!);
    const answer = await h.telegram.waitForMessage(chat.id, (m) => /be charged/.test(m.text ?? ""));
    assert.match(answer.text!, /CreatOK can't stop it, so it will finish, be sent to you and be charged/);

    await h.telegram.waitForMessage(chat.id, (m) => m.media?.kind === "video", 15_000);
    const [job] = jobsIn(h.db, chat.id);
    await waitFor(() => ledgerOf(h.db, job!.id).length === 2);
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

function jobsIn(db: Db, chatId: number): JobRow[] {
  return jobRows(db, "chat_id = ?", String(chatId));
}

