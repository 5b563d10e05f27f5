/**
 * The Discord bot as main.ts builds it (createApp from a configuration),
 * pointed at a fake Discord and a fake CreatOK on loopback, plus the few steps every test repeats:
 * ask with /video, find the offer and its Confirm button, wait for the clip.
 */
import { randomBytes } from "node:crypto";
import { createApp } from "../../src/app.ts";
import type { DiscordTransport } from "../../src/chat/discord/bot.ts";
import { loadConfig } from "../../src/config.ts";
import type { Action } from "../../src/domain/reply.ts";
import type { Translator } from "../../src/i18n/index.ts";
import type { Jobs } from "../../src/jobs/index.ts";
import { createButtonStore } from "../../src/store/buttons.ts";
import type { Db } from "../../src/store/database.ts";
import { FAKE_CREATOK_KEY, startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeDiscord, type DiscordCall, type FakeDiscord, type FakeMessage, type FakeUser, type SlashCommandInput } from "../fakes/discord.ts";

export const GUILD = "900000000000000001";
export const CHANNELS = Array.from({ length: 12 }, (_, i) => `9000000000000001${String(i).padStart(2, "0")}`);

let userCounter = 0;
/** A user with a fresh id, so tests sharing one bot never share a conversation. */
export function user(locale: string, name = "creator"): FakeUser {
  userCounter += 1;
  return { id: `7000000000000${String(userCounter).padStart(5, "0")}`, username: `${name}${userCounter}`, locale };
}

let dmCounter = 0;
export function dmChannel(): string {
  dmCounter += 1;
  return `8000000000000${String(dmCounter).padStart(5, "0")}`;
}

export interface Harness {
  discord: FakeDiscord;
  creatok: FakeCreatok;
  db: Db;
  jobs: Jobs;
  translator: Translator;
  transport: DiscordTransport;
  /** Moves the bot's clock (token ages) without touching the jobs layer's. */
  advanceBotClock(ms: number): void;
  actionOf(customId: string): Action | undefined;
  close(): Promise<void>;
}

/** The settings that point the bot at the fakes, in process or as a child process. */
export function botEnv(discord: FakeDiscord, creatok: FakeCreatok): Record<string, string> {
  return {
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_ROOT: discord.apiRoot,
    CREATOK_API_KEY: FAKE_CREATOK_KEY,
    CREATOK_BASE_URL: creatok.baseUrl,
    POLL_MIN_INTERVAL_MS: "10",
    POLL_MAX_INTERVAL_MS: "40",
  };
}

export async function startHarness(): Promise<Harness> {
  const discord = await startFakeDiscord({ guilds: [{ id: GUILD, channelIds: CHANNELS }], heartbeatIntervalMs: 1000 });
  const creatok = await startFakeCreatok();
  const config = loadConfig({ DATABASE_PATH: ":memory:", LOG_LEVEL: "silent", ...botEnv(discord, creatok) });
  let offset = 0;
  const app = await createApp(config, {
    ffmpeg: null,
    serveHttp: false,
    jobs: { leaseMs: 5_000, progressEditIntervalMs: 0, ownerId: `test-${randomBytes(3).toString("hex")}` },
    discord: { now: () => Date.now() + offset },
  });
  await app.start();
  const { db, jobs, translator } = app;
  const transport = app.discord!;
  const buttons = createButtonStore(db);
  return {
    discord,
    creatok,
    db,
    jobs,
    translator,
    transport,
    advanceBotClock(ms) {
      offset += ms;
    },
    actionOf: (customId) => buttons.resolve(customId)?.action,
    async close() {
      await app.stop();
      await discord.close();
      await creatok.close();
    },
  };
}

/** custom_ids of the buttons on a message, row by row flattened. */
export function customIds(message: FakeMessage): string[] {
  return (message.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((row) => row.components.map((b) => b.custom_id));
}

/** The message of a call that created or edited one. */
export function messageOf(call: DiscordCall): FakeMessage {
  if (!call.message) throw new Error(`call ${call.method} ${call.route} carried no message`);
  return call.message;
}

export interface Offer {
  message: FakeMessage;
  confirmId: string;
}

/** Sends /video and waits for the ephemeral offer that carries a Confirm button. */
export async function askForVideo(h: Harness, input: Omit<SlashCommandInput, "name">): Promise<Offer & { token: string }> {
  const ref = h.discord.slashCommand({ ...input, name: "video" });
  const call = await h.discord.waitFor((c) => c.token === ref.token && c.message !== undefined && confirmButton(h, c.message) !== undefined);
  const message = messageOf(call);
  return { message, confirmId: confirmButton(h, message) as string, token: ref.token };
}

export function confirmButton(h: Harness, message: FakeMessage): string | undefined {
  return customIds(message).find((id) => h.actionOf(id)?.type === "confirm");
}

/** The public result posted to a channel (through a token or as a channel message). */
export function waitForClip(h: Harness, channelId: string, timeoutMs = 15_000): Promise<DiscordCall> {
  return h.discord.waitFor(
    (c) => (c.route === "webhook_create" || c.route === "channel_create") && c.status === 200 && c.channelId === channelId && isClip(h, c.message),
    timeoutMs,
  );
}

export function isClip(h: Harness, message: FakeMessage | undefined): boolean {
  return message !== undefined && customIds(message).some((id) => h.actionOf(id)?.type === "again");
}

export function clipsIn(h: Harness, channelId: string): FakeMessage[] {
  return h.discord.messages.filter((m) => m.channel_id === channelId && isClip(h, m));
}

export async function until(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
