/**
 * The log scan: the real process with every credential set to a recognizable value, Telegram,
 * Discord and all four providers pointed at their loopback fakes, logging at trace. A Telegram
 * user sends a photo (so the bot fetches a token-bearing file URL) and orders a clip, a Discord
 * user orders one too, a provider fails once along the way; then the bot is stopped. Nothing it
 * wrote may contain a secret, a Telegram file URL or anything shaped like a bot token.
 */
import type { ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SECRET_VARIABLES } from "../../src/log.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeDiscord, type FakeDiscord, type FakeMessage } from "../fakes/discord.ts";
import { startJimengFake, type JimengFake } from "../fakes/jimeng.ts";
import { startFakeOpenAIVideos, type FakeOpenAIVideos } from "../fakes/openai-videos.ts";
import { startSophnetFake, type SophnetFake } from "../fakes/sophnet.ts";
import { startFakeTelegram, type ChatMessage, type FakeTelegram } from "../fakes/telegram.ts";
import { cleanEnv, startApp, until } from "../support/app.ts";

const SECRETS: Record<(typeof SECRET_VARIABLES)[number], string> = {
  TELEGRAM_BOT_TOKEN: "8123456:SECRETtelegramTOKENlogScan_9d2f",
  TELEGRAM_WEBHOOK_SECRET: "SECRET-telegram-webhook-7d1f0c",
  DISCORD_TOKEN: "SECRET.discord-token.logscan-4b9e2a",
  CREATOK_API_KEY: "ok_SECRET_creatok_3c8e51",
  SOPH_API_KEY: "SECRET-sophnet-key-a02f77",
  VOLC_ACCESSKEY: "AKLTSECRETjimengAccess91b2",
  VOLC_SECRETKEY: "SECRETjimengSecretKey5e6d",
  OPENAI_API_KEY: "SECRET-openai-key-c4d5e6",
  OPENAI_WEBHOOK_SECRET: "whsec_U0VDUkVULXdlYmhvb2stMTIzNDU2",
  ASSISTANT_API_KEY: "SECRET-assistant-key-f7a8b9",
};

const GUILD = "920000000000000001";
const CHANNEL = "920000000000000101";
const SUCCESS = 3;
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

function buttons(message: FakeMessage): Array<{ custom_id: string; style: number }> {
  return ((message.components ?? []) as Array<{ components: Array<{ custom_id: string; style: number }> }>).flatMap((r) => r.components);
}

const hasConfirm = (m: ChatMessage) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === "✅ Confirm") ?? false;

describe("logs of a full run with every secret set", () => {
  let telegram: FakeTelegram;
  let discord: FakeDiscord;
  let creatok: FakeCreatok;
  let sophnet: SophnetFake;
  let jimeng: JimengFake;
  let openai: FakeOpenAIVideos;
  let child: ChildProcess | undefined;

  before(async () => {
    [telegram, discord, creatok, sophnet, jimeng, openai] = await Promise.all([
      startFakeTelegram({ token: SECRETS.TELEGRAM_BOT_TOKEN }),
      startFakeDiscord({ token: SECRETS.DISCORD_TOKEN, guilds: [{ id: GUILD, channelIds: [CHANNEL] }], heartbeatIntervalMs: 1000 }),
      startFakeCreatok({ apiKey: SECRETS.CREATOK_API_KEY, pollsToComplete: 2 }),
      startSophnetFake({ apiKey: SECRETS.SOPH_API_KEY }),
      startJimengFake({ accessKeyId: SECRETS.VOLC_ACCESSKEY, secretKey: SECRETS.VOLC_SECRETKEY }),
      startFakeOpenAIVideos({ apiKey: SECRETS.OPENAI_API_KEY }),
    ]);
    openai.completeAfterPolls(2);
  });
  after(async () => {
    child?.kill("SIGKILL");
    await Promise.all([telegram, discord, creatok, sophnet, jimeng, openai].map((f) => f?.close()));
  });

  it("contain none of the secrets and no Telegram file URL", { timeout: 120_000 }, async () => {
    const env = cleanEnv({
      ...SECRETS,
      LOG_LEVEL: "trace",
      HTTP_PORT: "0",
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_ROOT: discord.apiRoot,
      CREATOK_BASE_URL: creatok.baseUrl,
      SOPHNET_BASE_URL: sophnet.baseUrl,
      JIMENG_VIDEO_API_URL: jimeng.baseUrl,
      OPENAI_BASE_URL: openai.url,
      OPENAI_VIDEO_MODELS: "sora-2:4/8/12",
      // The assistant key is only valid with its endpoint and model; nothing listens on port 9.
      ASSISTANT_BASE_URL: "http://127.0.0.1:9/v1",
      ASSISTANT_MODEL: "scan-model",
      // Set empty so a developer's .env (which the bot loads) cannot change the mode.
      TELEGRAM_WEBHOOK_URL: "",
      DISCORD_GUILD_ID: "",
    });
    assert.deepEqual(Object.keys(SECRETS).sort(), [...SECRET_VARIABLES].sort(), "every credential is set");

    // One provider fails once on the way: error paths are where URLs and headers tend to leak.
    creatok.failNext({ kind: "http_error", status: 401, body: { code: 401, msg: "invalid api key" } }, { on: "capabilities" });

    const app = startApp(env);
    child = app;
    let out = "";
    app.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
    app.stderr!.setEncoding("utf8").on("data", (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => app.on("exit", (code) => resolve(code)));

    await until(() => /"msg":"reelsmith started"/.test(out) || app.exitCode !== null, 30_000, () => `start:\n${out}`);
    assert.equal(app.exitCode, null, out);
    const port = Number(/"port":(\d+),"msg":"http listening"/.exec(out)?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200, await health.clone().text());
    assert.equal(((await health.json()) as { transports: Record<string, string> }).transports.discord, "connected");

    // Telegram: a photo as the reference, so the bot downloads from /file/bot<token>/…
    const fay = { id: 51_001, first_name: "Fay", language_code: "en" };
    const chat = telegram.privateChat(fay);
    telegram.sendPhoto(chat, fay, PNG, { caption: "An 8 second vertical video of this mug slowly turning on a wooden table" });
    await telegram.waitForMessage(chat.id, hasConfirm, 30_000);
    telegram.pressButton(chat, fay, "✅ Confirm");
    await telegram.waitForMessage(chat.id, (m) => m.media?.kind === "video", 60_000);
    assert.ok(telegram.fileDownloads.length >= 1, "a Telegram file URL was used");

    // Discord: a slash command through to the clip.
    const maker = { id: "720000000000000001", username: "maker", locale: "en-US" };
    const ask = discord.slashCommand({ user: maker, channelId: CHANNEL, guildId: GUILD, name: "video", options: { prompt: "a paper crane unfolding itself on a desk", duration: 8, orientation: "16:9" } });
    const offer = (await discord.waitFor((c) => c.token === ask.token && c.message !== undefined && buttons(c.message).some((b) => b.style === SUCCESS), 30_000)).message!;
    const sentBefore = discord.messages.length;
    discord.click({ user: maker, channelId: CHANNEL, guildId: GUILD, customId: buttons(offer).find((b) => b.style === SUCCESS)!.custom_id, message: offer });
    await until(() => discord.messages.slice(sentBefore).some((m) => (m.attachments?.length ?? 0) > 0 || /https?:\/\/\S+\.mp4/.test(String(m.content ?? ""))), 60_000, () => `discord delivery:\n${out}`);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /reelsmith_updates_handled_total\{platform="telegram"/);
    assert.match(metrics, /reelsmith_updates_handled_total\{platform="discord"/);

    app.kill("SIGTERM");
    assert.equal(await exited, 0, out);

    const messages = out.split("\n").filter((l) => l.startsWith("{")).map((l) => (JSON.parse(l) as { msg: string }).msg);
    assert.equal(messages.filter((m) => m === "delivered").length, 2, `the run was logged:\n${out}`);
    assert.ok(messages.includes("capabilities unavailable; using built-in models"), "the provider's failure was logged");
    for (const [name, value] of Object.entries(SECRETS)) {
      assert.ok(!out.includes(value), `${name} appears in the logs`);
    }
    assert.ok(!out.includes("/file/bot"), "a Telegram file URL appears in the logs");
    assert.doesNotMatch(out, /\d{6,}:[A-Za-z0-9_-]{30,}/, "something shaped like a Telegram bot token appears");
    assert.doesNotMatch(out, /\bsk-[A-Za-z0-9_-]{16,}/, "something shaped like an API key appears");
  });
});
