import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { confirmOffer, harnessForSuite, PNG, user, waitForClip } from "./harness.ts";

describe("reference images sent in Telegram", () => {
  const h = harnessForSuite();

  it("uploads the photo's bytes to the provider and never a Telegram file URL or the token", async () => {
    const fay = user("Fay", "en");
    const chat = h.telegram.privateChat(fay);
    h.telegram.sendPhoto(chat, fay, PNG, { caption: "An 8 second vertical video of this mug slowly turning on a wooden table" });
    const offer = await h.telegram.waitForMessage(chat.id, confirmOffer);
    assert.match(offer.text!, /Using 1 reference image/);
    h.telegram.pressButton(chat, fay, "✅ Confirm");
    await waitForClip(h, chat.id);

    assert.equal(h.telegram.fileDownloads.length, 1, "the bot downloaded the photo itself");
    assert.equal(h.creatok.uploads.length, 1);
    assert.deepEqual(Buffer.from(h.creatok.uploads[0]!.bytes), PNG, "the provider received the photo's bytes");
    const submission = h.creatok.submissions.at(-1)!;
    assert.deepEqual(submission.body.referenceImageKeys, [h.creatok.uploads[0]!.objectKey]);
    const everythingTheProviderSaw = JSON.stringify({
      requests: h.creatok.state.requests,
      submissions: h.creatok.submissions,
      uploads: h.creatok.uploads.map((u) => ({ ...u, bytes: Buffer.from(u.bytes).toString("latin1") })),
    });
    assert.ok(!everythingTheProviderSaw.includes("/file/bot"), "no Telegram file URL reached the provider");
    assert.ok(!everythingTheProviderSaw.includes(h.telegram.token), "the token never reached the provider");
    assert.ok(!everythingTheProviderSaw.includes(h.telegram.token.split(":")[1]!), "nor any part of it");
  });

  it("gathers an album into one brief with all its images", async () => {
    const gus = user("Gus", "en");
    const chat = h.telegram.privateChat(gus);
    h.telegram.sendPhoto(chat, gus, PNG, { mediaGroupId: "album-1", caption: "A 5 second square clip that morphs between these two sneakers" });
    h.telegram.sendPhoto(chat, gus, PNG, { mediaGroupId: "album-1" });
    const offer = await h.telegram.waitForMessage(chat.id, confirmOffer);
    assert.match(offer.text!, /Using 2 reference images/);
    assert.equal(h.telegram.botMessages(chat.id).filter(confirmOffer).length, 1, "one offer for the whole album");
  });

  it("refuses a document that is not an image, without downloading it", async () => {
    const hal = user("Hal", "en");
    const chat = h.telegram.privateChat(hal);
    const downloads = h.telegram.fileDownloads.length;
    h.telegram.sendDocument(chat, hal, { bytes: Buffer.from("%PDF-1.7 brief"), mimeType: "application/pdf", fileName: "brief.pdf" });
    const refusal = await h.telegram.waitForMessage(chat.id, () => true);
    assert.equal(refusal.text, "That file isn't an image I can use. Send a JPEG, PNG, WebP or GIF picture as a reference.");
    assert.equal(h.telegram.fileDownloads.length, downloads);
  });

  it("refuses a file that claims to be an image but is not, after looking at its bytes", async () => {
    const ivy = user("Ivy", "en");
    const chat = h.telegram.privateChat(ivy);
    h.telegram.sendDocument(chat, ivy, { bytes: Buffer.from("MZ\x90\x00 not a picture"), mimeType: "image/png", fileName: "cute.png" });
    const refusal = await h.telegram.waitForMessage(chat.id, () => true);
    assert.match(refusal.text!, /isn't an image I can use/);
  });

  it("refuses an image over 20 MB before asking Telegram for it", async () => {
    const jo = user("Jo", "zh-hans");
    const chat = h.telegram.privateChat(jo);
    const getFiles = h.telegram.calls.filter((c) => c.method === "getFile").length;
    h.telegram.sendDocument(chat, jo, { bytes: PNG, size: 25 * 1024 * 1024, mimeType: "image/png", fileName: "poster.png" });
    const refusal = await h.telegram.waitForMessage(chat.id, () => true);
    assert.equal(refusal.text, "这张图片超过 20 MB，请发一张小一点的。");
    assert.equal(h.telegram.calls.filter((c) => c.method === "getFile").length, getFiles);
  });
});
