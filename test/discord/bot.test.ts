/**
 * The Discord bot end to end: discord.js logs in to a fake gateway, users' slash commands and
 * clicks arrive as INTERACTION_CREATE, and everything the bot says is read back from the fake's
 * REST log. Providers are a fake CreatOK; the rest (engine, dialogue, jobs, store) is real.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { escapeForDiscord } from "../../src/chat/discord/port.ts";
import { text, type MessageKey } from "../../src/domain/reply.ts";
import type { DiscordCall, FakeMessage } from "../fakes/discord.ts";
import {
  askForVideo,
  CHANNELS,
  clipsIn,
  customIds,
  dmChannel,
  GUILD,
  messageOf,
  startHarness,
  until,
  user,
  waitForClip,
  type Harness,
} from "./harness.ts";

const EPHEMERAL = 64;
const SUPPRESS_EMBEDS = 4;
const FIFTEEN_MINUTES = 15 * 60_000;

describe("Discord bot against a fake gateway and REST server", () => {
  let h: Harness;
  const en = (key: MessageKey, params?: Record<string, string | number>) => h.translator.render("en", text(key, params), escapeForDiscord);
  const zh = (key: MessageKey, params?: Record<string, string | number>) => h.translator.render("zh-CN", text(key, params), escapeForDiscord);

  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  /** The CreatOK task created for a prompt containing `marker`, and its public clip URL. */
  function taskFor(marker: string): { id: string; script: string[]; url: string } {
    const task = [...h.creatok.state.tasks.values()].find((t) => JSON.stringify(t.body).includes(marker));
    assert.ok(task, `no CreatOK task for ${marker}`);
    return { id: task.id, script: task.script, url: `${h.creatok.baseUrl}/files/${task.id}.mp4` };
  }

  function submissionsFor(marker: string): number {
    return h.creatok.submissions.filter((s) => JSON.stringify(s.body).includes(marker)).length;
  }

  function isClipBody(call: DiscordCall): boolean {
    const rows = (call.body?.components ?? []) as Array<{ components: Array<{ custom_id: string }> }>;
    return rows.some((r) => r.components.some((b) => h.actionOf(b.custom_id)?.type === "again"));
  }

  function firstCallWith(token: string): DiscordCall | undefined {
    return h.discord.calls.find((c) => c.token === token);
  }

  it("logs in with the Guilds intent only and keeps the gateway alive with heartbeats", async () => {
    assert.equal(h.discord.identifies.length, 1);
    assert.equal(h.discord.identifies[0]?.intents, 1);
    assert.equal(JSON.stringify(h.discord.identifies).includes(h.discord.token), false);
    await until(() => h.discord.heartbeats > 0, 10_000, "a heartbeat");
  });

  it("offers an English-locale user's /video in English, ephemerally, and posts the clip publicly with the file attached", async () => {
    const u = user("en-US");
    const channelId = CHANNELS[0] as string;
    const offer = await askForVideo(h, {
      user: u,
      channelId,
      guildId: GUILD,
      options: { prompt: "a tabby cat dancing on a rooftop at sunset", duration: 8, orientation: "9:16" },
    });
    assert.equal(firstCallWith(offer.token)?.route, "callback", "the command is acknowledged before anything else");
    assert.deepEqual(firstCallWith(offer.token)?.body, { type: 5, data: { flags: EPHEMERAL } });
    assert.equal(offer.message.flags & EPHEMERAL, EPHEMERAL);
    assert.ok(offer.message.content.includes(en("offer.ask_confirm")), offer.message.content);

    const click = h.discord.click({ user: u, channelId, guildId: GUILD, customId: offer.confirmId, message: offer.message });
    const clip = messageOf(await waitForClip(h, channelId));
    assert.deepEqual(firstCallWith(click.token)?.body, { type: 6 });

    const task = taskFor("tabby cat dancing");
    assert.equal(clip.flags & EPHEMERAL, 0, "the clip is shared in the channel");
    assert.equal(clip.content, en("jobs:done.video", { url: task.url }), "the provider URL appears verbatim");
    assert.equal(clip.attachments.length, 1);
    assert.equal(Buffer.from(clip.files.get(clip.attachments[0]?.filename ?? "") ?? []).toString(), `fake mp4 for ${task.id}.mp4`);
    assert.equal(clip.flags & SUPPRESS_EMBEDS, SUPPRESS_EMBEDS, "no second player from the link's embed");
    const actions = customIds(clip).map((id) => h.actionOf(id)?.type);
    assert.ok(actions.includes("again"));
    // The offer's buttons were taken away once it was confirmed.
    assert.deepEqual(h.discord.messages.find((m) => m.id === offer.message.id)?.components, []);
  });

  it("answers a Chinese-locale user writing in Chinese in Chinese, in a DM", async () => {
    const u = user("zh-CN");
    const channelId = dmChannel();
    const offer = await askForVideo(h, { user: u, channelId, options: { prompt: "一只橘猫在屋顶上跳舞，夕阳西下", duration: 8, orientation: "9:16" } });
    assert.ok(offer.message.content.includes(zh("offer.ask_confirm")), offer.message.content);

    h.discord.click({ user: u, channelId, customId: offer.confirmId, message: offer.message });
    const clip = messageOf(await waitForClip(h, channelId));
    assert.equal(clip.content, zh("jobs:done.video", { url: taskFor("一只橘猫").url }));
  });

  it("answers a Japanese-locale user writing in Japanese in Japanese, or in English while there are no Japanese texts", async () => {
    const expected = h.translator.languages.includes("ja") ? "ja" : "en";
    const t = (key: MessageKey, params?: Record<string, string | number>) => h.translator.render(expected, text(key, params), escapeForDiscord);
    const u = user("ja");
    const channelId = CHANNELS[1] as string;
    const offer = await askForVideo(h, { user: u, channelId, guildId: GUILD, options: { prompt: "屋根の上で踊る黒猫、夕焼け", duration: 8, orientation: "9:16" } });
    assert.ok(offer.message.content.includes(t("offer.ask_confirm")), offer.message.content);

    h.discord.click({ user: u, channelId, guildId: GUILD, customId: offer.confirmId, message: offer.message });
    const clip = messageOf(await waitForClip(h, channelId));
    assert.equal(clip.content, t("jobs:done.video", { url: taskFor("屋根の上で踊る黒猫").url }));
  });

  it("falls back to English for a locale it has no texts for", async () => {
    assert.equal(h.translator.languages.includes("el"), false, "this test needs a language without texts");
    const u = user("el");
    const channelId = CHANNELS[9] as string;
    // A prompt with no words to detect a language from, so the locale decides.
    const ref = h.discord.slashCommand({ user: u, channelId, guildId: GUILD, name: "video", options: { prompt: "🐈 💃 🌇" } });
    const question = messageOf(await h.discord.waitFor((c) => c.token === ref.token && c.route === "webhook_edit"));
    assert.equal(question.content, en("ask.seconds"));
  });

  it("refuses another user's click on the requester's Confirm and submits nothing", async () => {
    const requester = user("en-US");
    const stranger = user("zh-CN");
    const channelId = CHANNELS[2] as string;
    const offer = await askForVideo(h, { user: requester, channelId, guildId: GUILD, options: { prompt: "a paper boat drifting down a rainy street", duration: 8, orientation: "9:16" } });

    const click = h.discord.click({ user: stranger, channelId, guildId: GUILD, customId: offer.confirmId, message: offer.message });
    const refusal = messageOf(await h.discord.waitFor((c) => c.token === click.token && c.route === "webhook_create"));
    assert.equal(refusal.flags & EPHEMERAL, EPHEMERAL, "only the stranger sees the refusal");
    assert.equal(refusal.content, zh("press.not_yours"));
    assert.equal(submissionsFor("paper boat"), 0);
    const quoteId = (h.actionOf(offer.confirmId) as { quoteId: string }).quoteId;
    assert.equal(h.db.prepare("SELECT state FROM quotes WHERE id = ?").pluck().get(quoteId), "pending");

    // The offer is intact: the requester can still confirm it.
    h.discord.click({ user: requester, channelId, guildId: GUILD, customId: offer.confirmId, message: offer.message });
    await waitForClip(h, channelId);
    assert.equal(submissionsFor("paper boat"), 1);
  });

  it("submits once when Confirm is clicked twice", async () => {
    const u = user("en-GB");
    const channelId = CHANNELS[3] as string;
    const offer = await askForVideo(h, { user: u, channelId, guildId: GUILD, options: { prompt: "a lighthouse beam sweeping over stormy waves", duration: 8, orientation: "16:9" } });

    h.discord.click({ user: u, channelId, guildId: GUILD, customId: offer.confirmId, message: offer.message });
    const second = h.discord.click({ user: u, channelId, guildId: GUILD, customId: offer.confirmId, message: offer.message });
    const note = messageOf(await h.discord.waitFor((c) => c.token === second.token && c.route === "webhook_create"));
    assert.equal(note.content, en("confirm.already_confirmed"));
    await waitForClip(h, channelId);
    assert.equal(submissionsFor("lighthouse beam"), 1);
    assert.equal(clipsIn(h, channelId).length, 1);
  });

  it("asks for a missing length and shape with ephemeral buttons that lead to the offer", async () => {
    const u = user("en-US");
    const channelId = CHANNELS[4] as string;
    const ref = h.discord.slashCommand({ user: u, channelId, guildId: GUILD, name: "video", options: { prompt: "a hummingbird drinking from a red flower" } });
    let question = messageOf(await h.discord.waitFor((c) => c.token === ref.token && c.route === "webhook_edit"));
    for (let asked = 0; asked < 2; asked++) {
      if (customIds(question).some((id) => h.actionOf(id)?.type === "confirm")) break;
      assert.equal(question.flags & EPHEMERAL, EPHEMERAL);
      const answer = customIds(question).find((id) => h.actionOf(id)?.type === "answer");
      assert.ok(answer, `a question with answer buttons: ${question.content}`);
      const click = h.discord.click({ user: u, channelId, guildId: GUILD, customId: answer, message: question });
      question = messageOf(await h.discord.waitFor((c) => c.token === click.token && c.route === "webhook_create"));
    }
    assert.ok(customIds(question).some((id) => h.actionOf(id)?.type === "confirm"), question.content);
    assert.ok(question.content.includes(en("offer.ask_confirm")));
  });

  it("posts a clip that outlives the interaction token as a channel message", async () => {
    const u = user("en-US");
    const channelId = CHANNELS[5] as string;
    h.creatok.scriptNextTask(["queued", "running"]);
    const offer = await askForVideo(h, { user: u, channelId, guildId: GUILD, options: { prompt: "a snail crossing a mossy log in slow motion", duration: 8, orientation: "9:16" } });
    const click = h.discord.click({ user: u, channelId, guildId: GUILD, customId: offer.confirmId, message: offer.message });
    await until(() => submissionsFor("snail crossing") === 1, 10_000, "the submission");

    // Fifteen minutes later: Discord no longer accepts either token, and the bot knows they are old.
    h.advanceBotClock(FIFTEEN_MINUTES);
    try {
      h.discord.expireToken(offer.token);
      h.discord.expireToken(click.token);
      const expiredFrom = h.discord.calls.length;
      taskFor("snail crossing").script.push("succeeded");

      const call = await waitForClip(h, channelId);
      assert.equal(call.route, "channel_create");
      assert.equal(call.authorized, true);
      assert.equal(messageOf(call).flags & EPHEMERAL, 0);
      // A status edit already on its way when the clock moved may still meet the expired token; the clip must not.
      const clipTriedToken = h.discord.calls.slice(expiredFrom).some((c) => c.status === 401 && c.route === "webhook_create" && isClipBody(c));
      assert.equal(clipTriedToken, false, "the clip was not sent through the expired token");
    } finally {
      h.advanceBotClock(-FIFTEEN_MINUTES);
    }
  });

  it("posts the clip to the channel when Discord rejects a token the bot still thought valid", async () => {
    const u = user("en-US");
    const channelId = CHANNELS[8] as string;
    h.creatok.scriptNextTask(["queued", "running"]);
    const offer = await askForVideo(h, { user: u, channelId, guildId: GUILD, options: { prompt: "a kettle steaming on an old stove", duration: 8, orientation: "9:16" } });
    const click = h.discord.click({ user: u, channelId, guildId: GUILD, customId: offer.confirmId, message: offer.message });
    await until(() => submissionsFor("kettle steaming") === 1, 10_000, "the submission");
    h.discord.expireToken(click.token);
    taskFor("kettle steaming").script.push("succeeded");

    const call = await waitForClip(h, channelId);
    assert.equal(call.route, "channel_create");
    assert.ok(h.discord.calls.some((c) => c.token === click.token && c.status === 401), "the token was tried first");
    assert.equal(clipsIn(h, channelId).filter((m) => m.content.includes(taskFor("kettle steaming").id)).length, 1);
  });

  it("links the clip instead of attaching it when it exceeds the interaction's upload limit", async () => {
    const u = user("en-US");
    const channelId = CHANNELS[6] as string;
    const limit = 16;
    const offer = await askForVideo(h, { user: u, channelId, guildId: GUILD, attachmentSizeLimit: limit, options: { prompt: "a red kite soaring above green hills", duration: 8, orientation: "9:16" } });
    h.discord.click({ user: u, channelId, guildId: GUILD, attachmentSizeLimit: limit, customId: offer.confirmId, message: offer.message });
    const clip = messageOf(await waitForClip(h, channelId));
    assert.equal(clip.attachments.length, 0);
    assert.equal(clip.flags & SUPPRESS_EMBEDS, 0, "the link's embed plays the clip");
    assert.equal(clip.content, en("jobs:done.video", { url: taskFor("red kite soaring").url }));
  });

  it("downloads an attached reference image and uploads those bytes to the provider", async () => {
    const u = user("en-US");
    const channelId = CHANNELS[7] as string;
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
    const image = h.discord.attachment(new Uint8Array(png), "product shot.png", "image/png");
    const uploadsBefore = h.creatok.uploads.length;
    const offer = await askForVideo(h, { user: u, channelId, guildId: GUILD, options: { prompt: "the product spinning slowly on a marble table", duration: 8, orientation: "9:16", image } });
    assert.ok(offer.message.content.includes(en("summary.images", { count: 1 })), offer.message.content);
    assert.ok(h.discord.calls.some((c) => c.route === "cdn" && c.path.includes(image.id)), "the bot fetched the attachment itself");
    // One command, one step: its options, words and picture make the one offer, with no hidden first reply.
    const answers = h.discord.calls.filter((c) => c.token === offer.token && c.message !== undefined);
    assert.deepEqual([...new Set(answers.map((c) => c.message!.id))], [offer.message.id]);
    assert.match(offer.message.content, /Length: 8 s/);

    h.discord.click({ user: u, channelId, guildId: GUILD, customId: offer.confirmId, message: offer.message });
    await waitForClip(h, channelId);
    const uploads = h.creatok.uploads.slice(uploadsBefore);
    assert.equal(uploads.length, 1);
    assert.deepEqual(Buffer.from(uploads[0]?.bytes ?? []), png);
  });

  it("autocompletes the model option from the live catalog", async () => {
    const u = user("en-US");
    const ref = h.discord.autocomplete({ user: u, channelId: CHANNELS[0] as string, guildId: GUILD, name: "video", focused: "model", value: "seed", options: { prompt: "x" } });
    const call = await h.discord.waitFor((c) => c.token === ref.token && c.route === "callback");
    assert.equal(call.body?.type, 8);
    const choices = (call.body?.data as { choices: Array<{ name: string; value: string }> }).choices;
    assert.deepEqual(choices.map((c) => c.value).sort(), ["doubao-seedance-2", "doubao-seedance-2-fast"]);
  });

  it("resumes its session after the gateway connection drops and handles what arrived meanwhile", async () => {
    const u = user("en-US");
    h.discord.dropConnections();
    const ref = h.discord.slashCommand({ user: u, channelId: CHANNELS[0] as string, guildId: GUILD, name: "models" });
    const reply = await h.discord.waitFor((c) => c.token === ref.token && c.route === "webhook_edit", 20_000);
    assert.ok(messageOf(reply).content.startsWith(en("models.header")), messageOf(reply).content);
    assert.equal(h.discord.resumes + h.discord.identifies.length, 2, "one RESUME (or a fresh IDENTIFY)");
  });

  it("answers a click on a button it does not know as stale", async () => {
    const u = user("en-US");
    const channelId = CHANNELS[0] as string;
    const message: FakeMessage = { id: "1", channel_id: channelId, content: "old", flags: 0, components: [], attachments: [], files: new Map() };
    const click = h.discord.click({ user: u, channelId, guildId: GUILD, customId: "no-such-button", message });
    const reply = messageOf(await h.discord.waitFor((c) => c.token === click.token && c.route === "webhook_create"));
    assert.equal(reply.content, en("press.stale"));
    assert.equal(reply.flags & EPHEMERAL, EPHEMERAL);
  });
});
