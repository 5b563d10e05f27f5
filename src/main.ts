/**
 * The composition root: reads the configuration, opens the database, builds providers, the
 * catalog, the jobs layer and the chat transports, and owns start-up and shutdown. Nothing else
 * starts anything.
 */
import { hostname } from "node:os";
import { config as loadDotenv } from "dotenv";
import { ConfigError, enabledTransports, loadConfig, type Config } from "./config.ts";
import { createAccess } from "./chat/access.ts";
import { createEngine } from "./chat/engine.ts";
import type { ChatPort, Platform } from "./ports/chat.ts";
import { runTerminalChat, TERMINAL_CHAT } from "./chat/terminal/app.ts";
import { createTerminalPort } from "./chat/terminal/port.ts";
import { createTranslator } from "./i18n/index.ts";
import { createJobs } from "./jobs/index.ts";
import { findExecutable } from "./jobs/stitch.ts";
import { checkHealth, createHttpServer } from "./http/server.ts";
import { mountHooks } from "./http/hooks.ts";
import { createLogger, secretValues } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import { createCatalogService, createProviders, providerHosts } from "./providers/registry.ts";
import { openDatabase } from "./store/database.ts";

function readConfig(): Config {
  loadDotenv({ quiet: true });
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const transports = enabledTransports(config);
  const terminal = transports.length === 0;
  // In the terminal chat stdout is the conversation, so logs go to stderr and only warnings by default.
  const logLevel = process.env.LOG_LEVEL ? config.LOG_LEVEL : terminal ? "warn" : config.LOG_LEVEL;
  const log = createLogger({ level: logLevel, secrets: secretValues(config) });

  const db = openDatabase(config.DATABASE_PATH);
  const metrics = createMetrics({ db });
  const translator = await createTranslator();
  const providers = createProviders(config, metrics.instrumentProvider);
  const sandbox = providers.has("sandbox");
  const catalog = createCatalogService(providers, providerHosts(config));
  for (const failure of await catalog.refresh(AbortSignal.timeout(30_000))) {
    log.warn({ provider: failure.provider, err: failure.error.message }, "capabilities unavailable; using built-in models");
  }
  const refresh = setInterval(() => {
    void catalog.refresh(AbortSignal.timeout(30_000)).then((failures) => {
      for (const f of failures) log.warn({ provider: f.provider, err: f.error.message }, "capabilities refresh failed");
    });
  }, config.CAPABILITIES_REFRESH_MINUTES * 60_000);
  refresh.unref();

  const ports: Partial<Record<Platform, ChatPort>> = {};
  const terminalPort = createTerminalPort({ output: process.stdout, translator, downloadDir: config.DOWNLOAD_DIR });
  ports.terminal = terminalPort;

  const ffmpeg = findExecutable("ffmpeg") ?? null;
  const stitching = ffmpeg !== null;
  const jobs = createJobs({
    db,
    providers,
    catalog: catalog.current,
    ports,
    ffmpeg,
    log,
    spending: {
      userBudget: config.USER_DAILY_BUDGET,
      chatBudget: config.CHAT_DAILY_BUDGET,
      groupPayer: config.GROUP_PAYER,
      timeZone: config.BUDGET_TIMEZONE,
    },
    config: {
      pollMinMs: config.POLL_MIN_INTERVAL_MS,
      pollMaxMs: config.POLL_MAX_INTERVAL_MS,
      hardDeadlineMs: config.JOB_DEADLINE_MINUTES * 60_000,
      leaseMs: 30_000,
      providerConcurrency: config.PROVIDER_CONCURRENCY,
      progressEditIntervalMs: 15_000,
      // Stable across restarts, so a restarted process takes its own leases back at once.
      ownerId: `reelsmith@${hostname()}`,
      ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
    },
  });
  const engine = metrics.instrumentEngine(createEngine({
    db,
    catalog: catalog.current,
    jobs,
    translator,
    ports,
    quoteTtlMs: config.QUOTE_TTL_MINUTES * 60_000,
    sandbox,
    stitching,
    access: createAccess({
      db,
      config: {
        mode: config.ACCESS,
        admins: config.ADMIN_USER_IDS,
        users: config.ALLOWED_USER_IDS,
        chats: config.ALLOWED_CHAT_IDS,
        guilds: config.ALLOWED_GUILD_IDS,
      },
    }),
  }));
  // Chat libraries load only when their transport is on: discord.js alone takes seconds to import.
  const discord =
    config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID
      ? (await import("./chat/discord/bot.ts")).createDiscordTransport({
          token: config.DISCORD_TOKEN,
          applicationId: config.DISCORD_APPLICATION_ID,
          apiRoot: config.DISCORD_API_ROOT,
          engine,
          db,
          translator,
          catalog: catalog.current,
          log,
        })
      : undefined;
  if (discord) ports.discord = metrics.instrumentPort(discord.port);
  const webhook = config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
    ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET }
    : undefined;
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? (await import("./chat/telegram/bot.ts")).createTelegramTransport({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        db,
        translator,
        log,
        ...(webhook ? { webhook } : {}),
      })
    : undefined;
  if (telegram) ports.telegram = metrics.instrumentPort(telegram.port);

  const http = createHttpServer({
    health: () =>
      checkHealth({
        db,
        transports: {
          ...(discord ? { discord: () => discord.client.isReady() } : {}),
          ...(telegram ? { telegram: () => telegram.connected() } : {}),
        },
      }),
    metrics,
    log,
  });
  const callbackProviders = config.PUBLIC_BASE_URL ? [...providers.values()].filter((p) => p.acceptsCallbackUrl).map((p) => p.id) : [];
  mountHooks(http, { db, jobs, openaiSecret: config.OPENAI_WEBHOOK_SECRET, callbackProviders, log });
  if (telegram && webhook) http.route("POST", new URL(webhook.url).pathname, (req, res) => telegram.webhook(req, res));

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(refresh);
    try {
      // No new updates (a webhook arrives over HTTP), then the ones in hand finish, then the jobs
      // layer finishes its calls and frees its leases, so the next start picks up at once.
      await http.close();
      await telegram?.stop();
      await discord?.stop();
      await jobs.stop();
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, "shutdown incomplete");
      code = 1;
    }
    db.close();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      log.info({ signal }, "stopping");
      void shutdown(0);
    });
  }

  // The terminal chat is a local try-out: it serves HTTP only when asked to with HTTP_PORT.
  if (!terminal || process.env.HTTP_PORT?.trim()) await http.listen(config.HTTP_PORT, config.HTTP_HOST);

  // Logged in before the jobs start, so a result finished while we were down can be posted at once.
  if (discord) await discord.start();
  if (telegram) await telegram.start(engine);
  jobs.start();
  log.info({ providers: [...providers.keys()], transports: terminal ? ["terminal"] : transports }, "reelsmith started");

  if (terminal) {
    await runTerminalChat({
      engine,
      port: terminalPort,
      input: process.stdin,
      output: process.stdout,
      pending: () => jobs.pending(TERMINAL_CHAT.platform, TERMINAL_CHAT.chatId),
      sandbox,
    });
    await shutdown(0);
    return;
  }
  const unavailable = transports.filter((t) => t !== "discord" && t !== "telegram");
  if (unavailable.length > 0) {
    log.error({ transports: unavailable }, "chat transports are not available in this build yet; unset their tokens to use the terminal chat");
    await shutdown(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Reelsmith stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
