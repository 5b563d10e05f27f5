/**
 * Image-to-video in Telegram, as a creator does it: a photo captioned "animate this…" is a video job
 * with that photo uploaded as its reference; the same words without a photo get one question.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buttonTexts, confirmOffer, harnessForSuite, PNG, user, waitForClip } from "./harness.ts";

describe("animating a picture in Telegram", () => {
  const h = harnessForSuite();

  it("makes a video with the captioned photo uploaded as its reference", async () => {
    const ivy = user("Ivy", "en");
    const chat = h.telegram.privateChat(ivy);
    h.telegram.sendPhoto(chat, ivy, PNG, { caption: "animate this photo: the mug slowly spins on the table, 8s vertical" });
    const offer = await h.telegram.waitForMessage(chat.id, confirmOffer);
    assert.match(offer.text!, /Using 1 reference image/);
    assert.doesNotMatch(offer.text!, /image model|Nano Banana|Seedream/i, "a video model, not an image one");
    h.telegram.pressButton(chat, ivy, "✅ Confirm");
    await waitForClip(h, chat.id);
    const upload = h.creatok.uploads.at(-1)!;
    assert.deepEqual(Buffer.from(upload.bytes), PNG, "the photo's bytes went to the provider");
    assert.deepEqual(h.creatok.submissions.at(-1)!.body.referenceImageKeys, [upload.objectKey]);
  });

  it("asks for the picture when 'animate this' comes without one", async () => {
    const jo = user("Jo", "en");
    const chat = h.telegram.privateChat(jo);
    const before = h.creatok.submissions.length;
    h.telegram.sendText(chat, jo, "animate this photo, the girl waves at the camera");
    const question = await h.telegram.waitForMessage(chat.id, (m) => buttonTexts(m).includes("Go on without a picture"));
    assert.equal(question.text, "Send the picture you'd like to bring to life; it becomes the first frame of the video.");
    assert.equal(h.creatok.submissions.length, before, "nothing was submitted");
  });
});
