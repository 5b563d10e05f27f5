import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChatMessage } from "../fakes/telegram.ts";
import { harnessForSuite, user } from "../telegram/harness.ts";

const confirmOf = (m: ChatMessage) => m.reply_markup?.inline_keyboard.flat().find((b) => b.text === "✅ Confirm")?.callback_data;

describe("who is speaking in a group: channels and anonymous admins", () => {
  const h = harnessForSuite();

  it("keys each channel by its own chat, so two channels cannot confirm each other's offers", async () => {
    const group = h.telegram.group(-1001000000301, "Makers");
    const channelA = { id: -1002000000001, type: "channel" as const, title: "Channel A" };
    const channelB = { id: -1002000000002, type: "channel" as const, title: "Channel B" };
    const alice = user("Alice", "en"); // runs channel A
    const bob = user("Bob", "en"); // runs channel B
    h.telegram.setAdmins(channelA.id, [alice.id]);
    h.telegram.setAdmins(channelB.id, [bob.id]);

    const requestA = h.telegram.sendText(group, alice, "/video an 8 second vertical clip of a lighthouse in a storm", { senderChat: channelA });
    const offerA = await h.telegram.waitForMessage(group.id, (m) => m.reply_to_message_id === requestA.message_id && confirmOf(m) !== undefined);
    const requestB = h.telegram.sendText(group, bob, "/video an 8 second vertical clip of a paper boat on a river", { senderChat: channelB });
    const offerB = await h.telegram.waitForMessage(group.id, (m) => m.reply_to_message_id === requestB.message_id && confirmOf(m) !== undefined);
    assert.equal(requestA.from.id, requestB.from.id, "both posts come from Telegram's one Channel_Bot account");

    const before = h.creatok.submissions.length;
    const bobOnA = h.telegram.press(group, bob, offerA.message_id, confirmOf(offerA)!);
    assert.deepEqual(await h.telegram.waitForAnswer(bobOnA), { text: "Only the person who asked for this can use these buttons.", show_alert: true });
    const aliceOnB = h.telegram.press(group, alice, offerB.message_id, confirmOf(offerB)!);
    assert.equal((await h.telegram.waitForAnswer(aliceOnB)).show_alert, true);
    assert.equal(h.creatok.submissions.length, before, "neither channel's presser confirmed the other's offer");

    // Each channel's own admin confirms its own offer: B's brief did not replace A's.
    const aliceOnA = h.telegram.press(group, alice, offerA.message_id, confirmOf(offerA)!);
    assert.deepEqual(await h.telegram.waitForAnswer(aliceOnA), {});
    const bobOnB = h.telegram.press(group, bob, offerB.message_id, confirmOf(offerB)!);
    assert.deepEqual(await h.telegram.waitForAnswer(bobOnB), {});
    await h.telegram.waitForMessage(group.id, (m) => m.media?.kind === "video" && m.reply_to_message_id === requestA.message_id, 15_000);
    await h.telegram.waitForMessage(group.id, (m) => m.media?.kind === "video" && m.reply_to_message_id === requestB.message_id, 15_000);
    assert.equal(h.creatok.submissions.length, before + 2);
    const requesters = h.db.prepare("SELECT DISTINCT requester_id FROM quotes WHERE chat_id = ? ORDER BY requester_id").all(String(group.id)) as { requester_id: string }[];
    assert.deepEqual(requesters.map((r) => r.requester_id).sort(), [String(channelA.id), String(channelB.id)].sort());
  });

  it("lets the group's admins press an anonymous admin's offer, and nobody else", async () => {
    const group = h.telegram.group(-1001000000302, "Anon");
    const admin = user("Ada", "en");
    const member = user("Max", "en");
    h.telegram.setAdmins(group.id, [admin.id]);
    const request = h.telegram.sendText(group, admin, "/video an 8 second vertical clip of a fox in the snow", { senderChat: { id: group.id, type: "supergroup", title: "Anon" } });
    const offer = await h.telegram.waitForMessage(group.id, (m) => m.reply_to_message_id === request.message_id && confirmOf(m) !== undefined);
    const before = h.creatok.submissions.length;
    const memberPress = h.telegram.press(group, member, offer.message_id, confirmOf(offer)!);
    assert.equal((await h.telegram.waitForAnswer(memberPress)).show_alert, true);
    assert.equal(h.creatok.submissions.length, before);
    const adminPress = h.telegram.press(group, admin, offer.message_id, confirmOf(offer)!);
    assert.deepEqual(await h.telegram.waitForAnswer(adminPress), {});
    await h.telegram.waitForMessage(group.id, (m) => m.media?.kind === "video" && m.reply_to_message_id === request.message_id, 15_000);
  });
});
