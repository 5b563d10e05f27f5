import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FAKE_BOT_USERNAME } from "../fakes/telegram.ts";
import { harnessForSuite, hasButton, user, waitForClip } from "./harness.ts";

describe("creators sharing a Telegram group", () => {
  const h = harnessForSuite();

  it("ignores chatter, answers a command, and refuses a second member's Confirm with an alert", async () => {
    const group = h.telegram.group(-1001000000001, "Creators");
    const alice = user("Alice", "en");
    const bob = user("Bob", "en");
    const chatter = h.telegram.sendText(group, bob, "anyone seen the new lighthouse photos?");
    const request = h.telegram.sendText(group, alice, `/video@${FAKE_BOT_USERNAME} an 8 second vertical clip of a lighthouse in a storm`);
    const offer = await h.telegram.waitForMessage(group.id, hasButton("✅ Confirm"));
    assert.equal(offer.reply_to_message_id, request.message_id, "the offer answers Alice's request");
    assert.ok(h.telegram.botMessages(group.id).every((m) => m.reply_to_message_id !== chatter.message_id), "chatter gets no answer");

    const before = h.creatok.submissions.length;
    const bobsPress = h.telegram.press(group, bob, offer.message_id, offer.reply_markup!.inline_keyboard[0]![0]!.callback_data!);
    const alert = await h.telegram.waitForAnswer(bobsPress);
    assert.deepEqual(alert, { text: "Only the person who asked for this can use these buttons.", show_alert: true });
    assert.equal(h.creatok.submissions.length, before, "nothing was submitted");

    // Alice's own press still works: the offer was not used up by Bob's.
    const alicesPress = h.telegram.press(group, alice, offer.message_id, offer.reply_markup!.inline_keyboard[0]![0]!.callback_data!);
    assert.deepEqual(await h.telegram.waitForAnswer(alicesPress), {});
    const clip = await waitForClip(h, group.id);
    assert.equal(h.creatok.submissions.length, before + 1);
    assert.equal(clip.reply_to_message_id, request.message_id, "the clip answers the request it belongs to");
  });

  it("follows a clarification through a reply to the bot and a button, and answers a mention", async () => {
    const group = h.telegram.group(-1001000000002, "Studio");
    const carol = user("Carol", "en");
    const dave = user("Dave", "en");
    const request = h.telegram.sendText(group, carol, "/video a paper boat drifting down a rainy street");
    const question = await h.telegram.waitForMessage(group.id, (m) => /How long should the clip be/.test(m.text ?? ""));
    assert.equal(question.reply_to_message_id, request.message_id);

    // A plain reply to the bot's question is for the bot, even without a mention.
    h.telegram.sendText(group, carol, "10", { replyTo: question.message_id });
    const shape = await h.telegram.waitForMessage(group.id, (m) => /Which shape\?/.test(m.text ?? ""));
    // Dave cannot answer Carol's question for her.
    const davesPress = h.telegram.pressButton(group, dave, "Vertical 9:16");
    assert.equal((await h.telegram.waitForAnswer(davesPress)).show_alert, true);
    h.telegram.press(group, carol, shape.message_id, shape.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Vertical 9:16")!.callback_data!);
    const offer = await h.telegram.waitForMessage(group.id, hasButton("✅ Confirm"));
    assert.match(offer.text!, /Length: 10 s/);
    // A press carries no message of its own: the answer replies to the message of Carol's the keyboard answered.
    assert.equal(h.telegram.message(group.id, offer.reply_to_message_id!)?.from.id, carol.id);
    assert.equal(shape.reply_to_message_id, offer.reply_to_message_id);

    const mention = h.telegram.sendText(group, dave, `@${FAKE_BOT_USERNAME} a 5 second square clip of a cat yawning`);
    const davesOffer = await h.telegram.waitForMessage(group.id, (m) => m.reply_to_message_id === mention.message_id);
    assert.match(davesOffer.text!, /Here's the plan/);
  });

  it("starts exactly one job when Confirm is pressed twice", async () => {
    const erin = user("Erin", "en");
    const chat = h.telegram.privateChat(erin);
    h.telegram.sendText(chat, erin, "A 6 second landscape clip of hot air balloons over a valley at dawn");
    const offer = await h.telegram.waitForMessage(chat.id, hasButton("✅ Confirm"));
    const data = offer.reply_markup!.inline_keyboard[0]![0]!.callback_data!;
    const before = h.creatok.submissions.length;
    const first = h.telegram.press(chat, erin, offer.message_id, data);
    const second = h.telegram.press(chat, erin, offer.message_id, data);
    await h.telegram.waitForAnswer(first);
    // The second press hears it in its own alert (issue 13), not as a chat message.
    assert.match((await h.telegram.waitForAnswer(second)).text ?? "", /already on its way/);
    await waitForClip(h, chat.id);
    assert.equal(h.creatok.submissions.length, before + 1, "one submission at the provider");
    assert.equal(h.telegram.botMessages(chat.id).filter((m) => m.media?.kind === "video").length, 1, "one clip in the chat");
  });
});
