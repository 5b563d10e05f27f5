/**
 * A chat the bot can no longer write to (the user blocked it, it was removed from the group) ends
 * delivery at once: one refused send per job at most, the job marked delivery-failed, its hold
 * settled because the provider did the work. Before, every send got 403 and was retried on every
 * poll, forever.
 */
import { text } from "../../src/domain/reply.ts";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { REST } from "discord.js";
import { createInteractionLog } from "../../src/chat/discord/interactions.ts";
import { createDiscordPort } from "../../src/chat/discord/port.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { ChatUnreachable } from "../../src/ports/chat.ts";
import { createButtonStore } from "../../src/store/buttons.ts";
import { openDatabase } from "../../src/store/database.ts";
import { ledgerTotals } from "../../src/jobs/ledger.ts";
import type { JobRow } from "../../src/jobs/rows.ts";
import { waitFor } from "../jobs/helpers.ts";
import { harnessForSuite, user, confirmOffer } from "../telegram/harness.ts";

const SENDS = new Set(["sendMessage", "sendVideo", "sendPhoto", "sendDocument", "sendMediaGroup", "editMessageText"]);

describe("a chat that blocked the bot", () => {
  const h = harnessForSuite();

  const jobOf = (chatId: number) =>
    h.db.prepare("SELECT * FROM jobs WHERE platform = 'telegram' AND chat_id = ?").get(String(chatId)) as JobRow | undefined;

  it("gets at most one send for its job, which ends delivery-failed with its hold settled", async () => {
    const bea = user("Bea", "en");
    const chat = h.telegram.privateChat(bea);
    h.telegram.sendText(chat, bea, "An 8 second vertical video of a red fox running through fresh snow at sunrise");
    await h.telegram.waitForMessage(chat.id, confirmOffer);
    // Blocked right after confirming: the Confirm press is answered (callback answers have no chat),
    // everything the bot then sends to the chat is refused with 403.
    const callsBefore = h.telegram.calls.length;
    h.telegram.block(chat.id);
    const query = h.telegram.pressButton(chat, bea, "✅ Confirm");
    await h.telegram.waitForAnswer(query);

    await waitFor(() => jobOf(chat.id)?.delivered_at != null);
    const job = jobOf(chat.id)!;
    assert.equal(job.state, "succeeded", "the provider still did the work");
    assert.ok(job.delivery_failed_at !== null, "marked delivery-failed");
    assert.match(job.delivery_error ?? "", /403/);
    assert.equal(job.delivery_message_id, null);
    const settled = h.db.prepare("SELECT kind FROM ledger WHERE job_id = ? ORDER BY id").all(job.id) as { kind: string }[];
    assert.deepEqual(settled.map((r) => r.kind), ["hold", "settle"], "charged: the hold is settled, not released or left open");

    // Another user's whole request runs after it: the jobs layer made many passes meanwhile.
    const cy = user("Cy", "en");
    const other = h.telegram.privateChat(cy);
    h.telegram.sendText(other, cy, "A 5 second vertical video of a lighthouse in a storm");
    await h.telegram.waitForMessage(other.id, confirmOffer);
    h.telegram.pressButton(other, cy, "✅ Confirm");
    await h.telegram.waitForMessage(other.id, (m) => m.media?.kind === "video", 15_000);
    await waitFor(() => jobOf(other.id)?.delivered_at != null);

    const sent = h.telegram.calls.slice(callsBefore).filter((c) => SENDS.has(c.method) && String(c.params.chat_id) === String(chat.id));
    assert.ok(sent.length <= 1, `at most one send to the blocked chat, got ${sent.map((c) => `${c.method} ${c.status}`).join(", ")}`);
    assert.ok(sent.every((c) => c.status === 403));
    assert.equal(ledgerTotals(h.db).anomalies.length, 0);
    assert.equal(h.jobs.pending("telegram", String(chat.id)), 0, "nothing is left waiting for the blocked chat");
  });

  it("waits out a 429 longer than the port waits, then delivers the result once", async () => {
    const dee = user("Dee", "en");
    const chat = h.telegram.privateChat(dee);
    h.telegram.sendText(chat, dee, "A 5 second vertical video of a paper boat on a puddle");
    await h.telegram.waitForMessage(chat.id, confirmOffer);
    // The harness's port waits out at most 5 s itself; a longer retry_after comes back to the jobs layer.
    h.telegram.failNext("sendVideo", { kind: "429", retryAfter: 6 });
    h.telegram.pressButton(chat, dee, "✅ Confirm");
    const clip = await h.telegram.waitForMessage(chat.id, (m) => m.media?.kind === "video", 20_000);
    const videos = h.telegram.calls.filter((c) => c.method === "sendVideo" && String(c.params.chat_id) === String(chat.id));
    assert.deepEqual(videos.map((c) => c.status), [429, 200]);
    assert.ok(videos[1]!.at - videos[0]!.at >= 6_000 - 50, "sent again only after retry_after");
    assert.equal(h.telegram.floodViolations, 0);
    assert.equal(h.telegram.botMessages(chat.id).filter((m) => m.media?.kind === "video").length, 1);
    assert.ok(clip);
  });
});

describe("a Discord channel the bot can no longer post in", () => {
  it("is reported by the port as ChatUnreachable for 50007, 10003 and 50001, and other errors pass as they are", async () => {
    // Discord's REST answers for a channel: the error code per channel id, as Discord words them.
    const answers: Record<string, { status: number; code: number; message: string }> = {
      "111": { status: 403, code: 50007, message: "Cannot send messages to this user" },
      "222": { status: 404, code: 10003, message: "Unknown Channel" },
      "333": { status: 403, code: 50001, message: "Missing Access" },
      "444": { status: 400, code: 50035, message: "Invalid Form Body" },
    };
    const server = createServer((req, res) => {
      req.resume();
      const channel = /\/channels\/(\d+)\/messages/.exec(req.url ?? "")?.[1] ?? "";
      const answer = answers[channel] ?? { status: 404, code: 0, message: "404: Not Found" };
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: answer.code, message: answer.message }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const db = openDatabase(":memory:");
    try {
      const { port: httpPort } = server.address() as AddressInfo;
      const rest = new REST({ api: `http://127.0.0.1:${httpPort}/api`, retries: 0 }).setToken("test-token");
      const port = createDiscordPort({
        rest,
        applicationId: "1",
        translator: await createTranslator(),
        buttons: createButtonStore(db),
        interactions: createInteractionLog({ now: Date.now }),
        now: Date.now,
      });
      const to = (chatId: string) => ({ platform: "discord" as const, chatId, userId: "9", language: "en" });
      const message = { type: "message" as const, lines: [text("jobs:state.running")] };
      for (const chatId of ["111", "222", "333"]) {
        await assert.rejects(port.send(to(chatId), message), (error: unknown) => error instanceof ChatUnreachable && error.chatId === chatId);
        await assert.rejects(port.edit(to(chatId), "5", message), ChatUnreachable);
      }
      await assert.rejects(port.send(to("444"), message), (error: unknown) => !(error instanceof ChatUnreachable));
    } finally {
      db.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
