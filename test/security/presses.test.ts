import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { harnessForSuite, user, hasButton } from "../telegram/harness.ts";

describe("repeated presses of one Confirm", () => {
  const h = harnessForSuite();

  it("start one job; the other presses hear it in their own alert, not as chat messages", async () => {
    const erin = user("Erin", "en");
    const chat = h.telegram.privateChat(erin);
    h.telegram.sendText(chat, erin, "an 8 second vertical clip of a lighthouse in a storm");
    const offer = await h.telegram.waitForMessage(chat.id, hasButton("✅ Confirm"));
    const data = offer.reply_markup!.inline_keyboard.flat().find((b) => b.text === "✅ Confirm")!.callback_data!;
    const messagesBefore = h.telegram.botMessages(chat.id).length;
    const submissionsBefore = h.creatok.submissions.length;

    const presses = Array.from({ length: 50 }, () => h.telegram.press(chat, erin, offer.message_id, data));
    const answers = await Promise.all(presses.map((id) => h.telegram.waitForAnswer(id, 20_000)));
    await h.telegram.waitForMessage(chat.id, (m) => m.media?.kind === "video", 15_000);

    assert.equal(h.creatok.submissions.length, submissionsBefore + 1, "one job");
    const alerts = answers.filter((a) => a.show_alert === true);
    assert.equal(alerts.length, 49, "every press but the first is told in its alert");
    assert.ok(alerts.every((a) => a.text === "That one is already on its way."), JSON.stringify(alerts[0]));
    const said = h.telegram.botMessages(chat.id).slice(messagesBefore);
    assert.equal(said.filter((m) => /already on its way/.test(m.text ?? "")).length, 0, "no chat message per press");
    assert.ok(said.filter((m) => m.media === undefined && m.edits === 0 && !/lighthouse/i.test(m.text ?? "")).length <= 2, said.map((m) => m.text).join(" | "));
  });
});
