import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { harnessForSuite, user } from "../telegram/harness.ts";

const CAN_TAKE = /Send me your idea as text, or a photo/;

describe("messages the bot cannot use, and edits", () => {
  const h = harnessForSuite();

  it("answers each unsupported kind with what it can take", async () => {
    const kinds: Record<string, Record<string, unknown>> = {
      sticker: { sticker: { file_id: "S1", file_unique_id: "US1", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } },
      voice: { voice: { file_id: "V1", file_unique_id: "UV1", duration: 3 } },
      location: { location: { latitude: 52.5, longitude: 13.4 } },
      contact: { contact: { phone_number: "+10000000000", first_name: "Zed" } },
      video: { video: { file_id: "VD1", file_unique_id: "UVD1", width: 640, height: 360, duration: 4 } },
      video_note: { video_note: { file_id: "VN1", file_unique_id: "UVN1", length: 240, duration: 2 } },
      audio: { audio: { file_id: "A1", file_unique_id: "UA1", duration: 60 } },
      poll: { poll: { id: "P1", question: "Cats?", options: [{ text: "yes", voter_count: 0 }, { text: "no", voter_count: 0 }], total_voter_count: 0, is_closed: false, is_anonymous: true, type: "regular", allows_multiple_answers: false } },
    };
    for (const [kind, fields] of Object.entries(kinds)) {
      const someone = user(`K-${kind}`, "en");
      const chat = h.telegram.privateChat(someone);
      const sent = h.telegram.sendOther(chat, someone, fields);
      const reply = await h.telegram.waitForMessage(chat.id, (m) => m.message_id > sent.message_id, 10_000).catch(() => undefined);
      assert.match(reply?.text ?? "(no reply)", CAN_TAKE, `a ${kind} gets told what the bot can take`);
    }
    const someone = user("Doc", "en");
    const chat = h.telegram.privateChat(someone);
    const doc = h.telegram.sendDocument(chat, someone, { bytes: new Uint8Array([37, 80, 68, 70]), mimeType: "application/pdf", fileName: "brief.pdf" });
    const reply = await h.telegram.waitForMessage(chat.id, (m) => m.message_id > doc.message_id);
    assert.ok(reply.text && reply.text.length > 0, "a document that is not an image gets a reply");
  });

  it("stays quiet in a group about a sticker not addressed to it", async () => {
    const group = h.telegram.group(-1001000000401, "Chatter");
    const someone = user("Gus", "en");
    h.telegram.sendOther(group, someone, { sticker: { file_id: "S2", file_unique_id: "US2", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } });
    // A later addressed message is answered first in order, proving the sticker was handled and skipped.
    h.telegram.sendText(group, someone, "/help");
    await h.telegram.waitForMessage(group.id, () => true);
    assert.equal(h.telegram.botMessages(group.id).filter((m) => CAN_TAKE.test(m.text ?? "")).length, 0);
  });

  it("takes edited messages and says it used the original of an edited brief", async () => {
    const someone = user("Edie", "en");
    const chat = h.telegram.privateChat(someone);
    const brief = h.telegram.sendText(chat, someone, "an 8 second vertical clip of a lighthouse in a storm");
    await h.telegram.waitForMessage(chat.id, (m) => /Confirm/.test(JSON.stringify(m.reply_markup ?? {})));
    const poll = h.telegram.calls.find((c) => c.method === "getUpdates" && Array.isArray(c.params.allowed_updates));
    assert.ok((poll?.params.allowed_updates as string[]).includes("edited_message"), "the bot asks Telegram for edits");
    const before = h.telegram.botMessages(chat.id).length;
    h.telegram.editText(chat, brief.message_id, "a 5 second square clip of a lighthouse at dawn");
    const note = await h.telegram.waitForMessage(chat.id, (m) => /went with that/.test(m.text ?? ""));
    assert.match(note.text!, /original message/);
    assert.equal(h.telegram.botMessages(chat.id).length, before + 1, "one note, no new offer");
  });
});
