/**
 * The bot under test in the throughput benchmark, run as its own process (forked by
 * bench/throughput.ts over IPC) so the fake Bot API and the simulated users do not share its CPU.
 *
 * BENCH_BOT=full wires the bot the way src/main.ts does (config, SQLite file, metrics, sandbox
 * provider, jobs running, Telegram transport with the runner); BENCH_BOT=echo is a bare grammY bot
 * with the same runner and API settings that echoes every message and press with sendMessage.
 * Each handled update is reported with `{ done: update_id }`; `report` answers with the timings
 * collected since the last report and starts afresh; `stop` stops the bot, and the process exits. Running this file is its purpose, so it starts at import.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { autoRetry } from "@grammyjs/auto-retry";
import { run, sequentialize } from "@grammyjs/runner";
import { Bot } from "grammy";
import { loadConfig } from "../src/config.ts";
import { createEngine, type Engine } from "../src/chat/engine.ts";
import type { ChatPort, Platform } from "../src/ports/chat.ts";
import { createTelegramTransport } from "../src/chat/telegram/bot.ts";
import { createTranslator } from "../src/i18n/index.ts";
import { createJobs } from "../src/jobs/index.ts";
import { createLogger, secretValues } from "../src/log.ts";
import { createMetrics } from "../src/metrics.ts";
import { createCatalogService, createProviders, providerHosts } from "../src/providers/registry.ts";
import { openDatabase } from "../src/store/database.ts";

export interface BotStats {
  /** Time inside engine.handle minus the time its replies spent in the chat port (full bot only). */
  stepMs: number[];
  /** The dialogue event of each `stepMs` entry ("text", "press", …). */
  stepEvents: string[];
  /** Time from the update reaching the handler to its replies being sent. */
  handleMs: number[];
}

const ALLOWED_UPDATES = ["message", "callback_query"] as const;
const send = (message: unknown) => process.send?.(message);

interface RunningBot {
  stats: BotStats;
  stop(): Promise<void>;
}

async function startFull(): Promise<RunningBot> {
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  const db = openDatabase(config.DATABASE_PATH);
  // For comparison only: the same bot without an fsync per commit.
  if (process.env.BENCH_SQLITE_SYNCHRONOUS) db.pragma(`synchronous = ${process.env.BENCH_SQLITE_SYNCHRONOUS}`);
  const metrics = createMetrics({ db });
  const translator = await createTranslator();
  const providers = createProviders(config, metrics.instrumentProvider);
  const catalog = createCatalogService(providers, providerHosts(config));
  await catalog.refresh();
  const ports: Partial<Record<Platform, ChatPort>> = {};
  const jobs = createJobs({
    db,
    providers,
    catalog: catalog.current,
    ports,
    ffmpeg: null,
    log,
    config: {
      pollMinMs: config.POLL_MIN_INTERVAL_MS,
      pollMaxMs: config.POLL_MAX_INTERVAL_MS,
      hardDeadlineMs: config.JOB_DEADLINE_MINUTES * 60_000,
      leaseMs: 30_000,
      providerConcurrency: config.PROVIDER_CONCURRENCY,
      progressEditIntervalMs: 15_000,
      ownerId: "reelsmith@bench",
    },
  });
  const engine = metrics.instrumentEngine(
    createEngine({
      db,
      catalog: catalog.current,
      jobs,
      translator,
      ports,
      quoteTtlMs: config.QUOTE_TTL_MINUTES * 60_000,
      sandbox: true,
      stitching: false,
    }),
  );
  const telegram = createTelegramTransport({ token: config.TELEGRAM_BOT_TOKEN!, apiRoot: config.TELEGRAM_API_ROOT, db, translator, log });

  // Time spent in the port is charged to the update being handled, so the step can leave it out.
  const inPort = new AsyncLocalStorage<{ portMs: number }>();
  const port = metrics.instrumentPort(telegram.port);
  ports.telegram = {
    platform: port.platform,
    async send(to, message) {
      const started = performance.now();
      try {
        return await port.send(to, message);
      } finally {
        const store = inPort.getStore();
        if (store) store.portMs += performance.now() - started;
      }
    },
    edit: (to, id, message) => port.edit(to, id, message),
    ...(port.activity ? { activity: port.activity.bind(port) } : {}),
  };

  const stats: BotStats = { stepMs: [], stepEvents: [], handleMs: [] };
  const timed: Engine = {
    ...engine,
    handle: (incoming, event) =>
      inPort.run({ portMs: 0 }, async () => {
        const store = inPort.getStore()!;
        const started = performance.now();
        try {
          return await engine.handle(incoming, event);
        } finally {
          const total = performance.now() - started;
          stats.handleMs.push(total);
          stats.stepMs.push(total - store.portMs);
          stats.stepEvents.push(event.type);
          send({ done: Number(incoming.updateId) });
        }
      }),
  };
  jobs.start();
  await telegram.start(timed);
  return {
    stats,
    async stop() {
      await telegram.stop();
      await jobs.stop();
      db.close();
    },
  };
}

async function startEcho(): Promise<RunningBot> {
  const token = process.env.TELEGRAM_BOT_TOKEN!;
  const bot = new Bot(token, { client: { apiRoot: process.env.TELEGRAM_API_ROOT!, timeoutSeconds: 120 } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  const stats: BotStats = { stepMs: [], stepEvents: [], handleMs: [] };
  bot.use(sequentialize((ctx) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  bot.use(async (ctx, next) => {
    const started = performance.now();
    await next();
    stats.handleMs.push(performance.now() - started);
    send({ done: ctx.update.update_id });
  });
  bot.on("message:text", async (ctx) => {
    await ctx.reply(ctx.msg.text);
  });
  bot.on("callback_query:data", async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.callbackQuery.data);
  });
  bot.catch((error) => process.stderr.write(`echo bot: ${error.message}\n`));
  await bot.init();
  await bot.api.deleteWebhook();
  const runner = run(bot, { runner: { fetch: { timeout: 30, allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
  return {
    stats,
    async stop() {
      if (runner.isRunning()) await runner.stop();
    },
  };
}

async function main(): Promise<void> {
  // Without the benchmark on the other end (it finished, or died) there is no reason to live on.
  process.once("disconnect", () => process.exit(0));
  const bot = process.env.BENCH_BOT === "echo" ? await startEcho() : await startFull();
  process.on("message", (message: { report?: boolean; stop?: boolean }) => {
    if (message.report) {
      send({ stats: bot.stats });
      // Emptied in place: the handlers hold these arrays.
      for (const list of Object.values(bot.stats)) list.length = 0;
    }
    if (message.stop) void bot.stop().then(() => process.disconnect?.());
  });
  send({ ready: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`throughput bot failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
