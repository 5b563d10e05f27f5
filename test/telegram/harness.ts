/**
 * The whole bot in one process, built by createApp as src/main.ts builds it: the real Telegram
 * transport polling a fake Bot API over loopback HTTP (or taking its webhook on the app's HTTP
 * server), the real conversations and jobs layer, and the real CreatOK client talking to the
 * CreatOK fake. Only the two external services are fakes.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before } from "node:test";
import { createApp, type App } from "../../src/app.ts";
import type { AccessConfig } from "../../src/app/access.ts";
import type { TelegramTransport } from "../../src/chat/telegram/bot.ts";
import { loadConfig } from "../../src/config.ts";
import type { Jobs, SpendRules } from "../../src/jobs/index.ts";
import { createCreatokProvider } from "../../src/providers/creatok.ts";
import { createHttp } from "../../src/providers/http.ts";
import type { Db } from "../../src/store/database.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeTelegram, type ChatMessage, type FakeTelegram, type FakeUser } from "../fakes/telegram.ts";
import { tempDir as removedAtExit } from "../support/temp.ts";

export interface Harness {
  telegram: FakeTelegram;
  creatok: FakeCreatok;
  app: App;
  db: Db;
  jobs: Jobs;
  transport: TelegramTransport;
  close(): Promise<void>;
}

/** Removed when the test process exits. */
export function tempDir(): string {
  return removedAtExit("reelsmith-telegram-");
}

/** A port nobody listens on right now, for the webhook URL that must be known before the app starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startHarness(
  options: {
    webhook?: boolean;
    quoteTtlMs?: number;
    leaseMs?: number;
    spending?: SpendRules;
    access?: AccessConfig;
    /** grammY auto-retry's bounds instead of the harness's (3 attempts, waits up to 5 s). */
    retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number };
  } = {},
): Promise<Harness> {
  const telegram = await startFakeTelegram();
  const creatok = await startFakeCreatok({ pollsToComplete: 2 });
  const access = options.access;
  const port = options.webhook ? await freePort() : 0;
  const config = loadConfig({
    DATABASE_PATH: join(tempDir(), "reelsmith.db"),
    LOG_LEVEL: "silent",
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    HTTP_PORT: String(port),
    ...(options.webhook
      ? { TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`, TELEGRAM_WEBHOOK_SECRET: "test_webhook_secret_0123456789abcdefXYZ" }
      : {}),
    ...(access
      ? {
          ACCESS: access.mode,
          ADMIN_USER_IDS: access.admins.join(","),
          ALLOWED_USER_IDS: access.users.join(","),
          ALLOWED_CHAT_IDS: access.chats.join(","),
          ALLOWED_GUILD_IDS: access.guilds.join(","),
        }
      : {}),
  });
  const creatokProvider = createCreatokProvider({
    apiKey: creatok.apiKey,
    baseUrl: creatok.baseUrl,
    http: createHttp({ provider: "creatok", baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 }),
    timeoutMs: 5000,
  });
  const app = await createApp(config, {
    providers: new Map([["creatok", creatokProvider]]),
    ffmpeg: null,
    ...(options.spending ? { spending: options.spending } : {}),
    ...(options.quoteTtlMs !== undefined ? { quoteTtlMs: options.quoteTtlMs } : {}),
    jobs: { pollMinMs: 20, pollMaxMs: 100, hardDeadlineMs: 10 * 60_000, leaseMs: options.leaseMs ?? 10_000, providerConcurrency: 4, progressEditIntervalMs: 0, ownerId: "telegram-test" },
    telegram: { pollTimeoutSeconds: 1, albumDebounceMs: 150, retry: { maxRetryAttempts: 3, maxDelaySeconds: 5, ...options.retry } },
    // The webhook needs the HTTP server; polling does not.
    serveHttp: options.webhook === true,
  });
  await app.start();
  return {
    telegram,
    creatok,
    app,
    db: app.db,
    jobs: app.jobs,
    transport: app.telegram!,
    async close() {
      await app.stop();
      await telegram.close();
      await creatok.close();
    },
  };
}

/**
 * One harness for a whole describe(): started before its first test, closed after its last. The
 * value returned stands for that harness inside the tests (it is not started yet while the suite
 * is being declared), so every suite reads as `const h = harnessForSuite()`.
 */
export function harnessForSuite(options: Parameters<typeof startHarness>[0] = {}): Harness {
  let started: Harness | undefined;
  before(async () => {
    started = await startHarness(options);
  });
  after(async () => {
    await started?.close();
  });
  return new Proxy({} as Harness, {
    get(_, key) {
      if (!started) throw new Error("the harness starts in before(): use it inside a test");
      return Reflect.get(started, key);
    },
  });
}

type Keyboarded = { reply_markup?: { inline_keyboard: { text: string }[][] } };

/** The labels of a message's inline buttons, in order. */
export const buttonTexts = (m: Keyboarded): string[] => m.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];

export const hasButton = (label: string) => (m: Keyboarded): boolean => buttonTexts(m).includes(label);

/** The message that offers a job: it carries the Confirm button. */
export const confirmOffer = hasButton("✅ Confirm");

/** Waits for the clip the bot posts in a chat; a job takes a few provider polls, hence the long wait. */
export function waitForClip(h: Harness, chatId: number): Promise<ChatMessage> {
  return h.telegram.waitForMessage(chatId, (m) => m.media?.kind === "video", 15_000);
}

let nextUser = 100_000;

export function user(first_name: string, language_code?: string): FakeUser {
  return { id: ++nextUser, first_name, ...(language_code ? { language_code } : {}) };
}

/** Bytes that sniff as a PNG (a real 1×1 image). */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
