/**
 * The whole bot in one process, wired the way src/main.ts wires it: the real Telegram transport
 * polling a fake Bot API over loopback HTTP, the real engine and jobs layer, and the real CreatOK
 * client talking to the CreatOK fake. Only the two external services are fakes.
 */
import { join } from "node:path";
import { createAccess, OPEN_ACCESS, type AccessConfig } from "../../src/chat/access.ts";
import { createEngine } from "../../src/chat/engine.ts";
import type { ChatPort, Platform } from "../../src/ports/chat.ts";
import { createTelegramTransport, type TelegramTransport } from "../../src/chat/telegram/bot.ts";
import type { ProviderId } from "../../src/domain/catalog.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { createJobs, type Jobs, type SpendRules } from "../../src/jobs/index.ts";
import { createCreatokProvider } from "../../src/providers/creatok.ts";
import { createHttp } from "../../src/providers/http.ts";
import type { Provider } from "../../src/providers/provider.ts";
import { createCatalogService } from "../../src/providers/registry.ts";
import { openDatabase, type Db } from "../../src/store/database.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeTelegram, type FakeTelegram, type FakeUser } from "../fakes/telegram.ts";
import { tempDir as removedAtExit } from "../support/temp.ts";

export interface Harness {
  telegram: FakeTelegram;
  creatok: FakeCreatok;
  db: Db;
  jobs: Jobs;
  transport: TelegramTransport;
  close(): Promise<void>;
}

/** Removed when the test process exits. */
export function tempDir(): string {
  return removedAtExit("reelsmith-telegram-");
}

export async function startHarness(
  options: { webhook?: boolean; quoteTtlMs?: number; leaseMs?: number; spending?: SpendRules; access?: AccessConfig } = {},
): Promise<Harness> {
  const telegram = await startFakeTelegram();
  const creatok = await startFakeCreatok({ pollsToComplete: 2 });
  const db = openDatabase(join(tempDir(), "reelsmith.db"));
  const translator = await createTranslator();
  const providers = new Map<ProviderId, Provider>([
    [
      "creatok",
      createCreatokProvider({
        apiKey: creatok.apiKey,
        baseUrl: creatok.baseUrl,
        http: createHttp({ provider: "creatok", baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 }),
        timeoutMs: 5000,
      }),
    ],
  ]);
  const catalog = createCatalogService(providers);
  await catalog.refresh();
  const ports: Partial<Record<Platform, ChatPort>> = {};
  const webhookSecret = "test_webhook_secret_0123456789abcdefXYZ";
  let webhookServer: import("node:http").Server | undefined;
  let webhookUrl: string | undefined;
  if (options.webhook) {
    const { createServer } = await import("node:http");
    let handler: TelegramTransport["webhook"] | undefined;
    webhookServer = createServer((req, res) => handler?.(req, res));
    await new Promise<void>((resolve) => webhookServer!.listen(0, "127.0.0.1", resolve));
    webhookUrl = `http://127.0.0.1:${(webhookServer.address() as import("node:net").AddressInfo).port}/telegram`;
    const transport = build();
    handler = (req, res) => transport.webhook(req, res);
    return finish(transport);
  }
  return finish(build());

  function build(): TelegramTransport {
    return createTelegramTransport({
      token: telegram.token,
      apiRoot: telegram.apiRoot,
      db,
      translator,
      pollTimeoutSeconds: 1,
      albumDebounceMs: 150,
      retry: { maxRetryAttempts: 3, maxDelaySeconds: 5 },
      ...(webhookUrl ? { webhook: { url: webhookUrl, secret: webhookSecret } } : {}),
    });
  }

  async function finish(transport: TelegramTransport): Promise<Harness> {
    ports.telegram = transport.port;
    const jobs = createJobs({
      db,
      providers,
      catalog: catalog.current,
      ports,
      ffmpeg: null,
      ...(options.spending ? { spending: options.spending } : {}),
      config: {
        pollMinMs: 20,
        pollMaxMs: 100,
        hardDeadlineMs: 10 * 60_000,
        leaseMs: options.leaseMs ?? 10_000,
        providerConcurrency: 4,
        progressEditIntervalMs: 0,
        ownerId: "telegram-test",
      },
    });
    const engine = createEngine({
      db,
      catalog: catalog.current,
      jobs,
      translator,
      ports,
      quoteTtlMs: options.quoteTtlMs ?? 30 * 60_000,
      sandbox: false,
      stitching: false,
      access: createAccess({ db, config: options.access ?? OPEN_ACCESS }),
    });
    jobs.start();
    await transport.start(engine);
    return {
      telegram,
      creatok,
      db,
      jobs,
      transport,
      async close() {
        await transport.stop();
        await jobs.stop();
        db.close();
        if (webhookServer) {
          webhookServer.closeAllConnections();
          await new Promise<void>((resolve) => webhookServer!.close(() => resolve()));
        }
        await telegram.close();
        await creatok.close();
      },
    };
  }
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
