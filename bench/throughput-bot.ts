/**
 * The bot under test in the throughput benchmark, run as its own process (forked by
 * bench/throughput.ts over IPC) so the fake Bot API and the simulated users do not share its CPU.
 *
 * BENCH_BOT=full builds the bot with createApp as src/main.ts does (config, SQLite file, metrics,
 * sandbox provider, jobs running, Telegram transport with the runner); BENCH_BOT=echo is a bare grammY bot
 * with the same runner and API settings that echoes every message and press with sendMessage.
 * Each handled update is reported with `{ done: update_id }`; `report` answers with the timings
 * collected since the last report and starts afresh; `stop` stops the bot, and the process exits. Running this file is its purpose, so it starts at import.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { autoRetry } from "@grammyjs/auto-retry";
import { run, sequentialize } from "@grammyjs/runner";
import { Bot } from "grammy";
import { createApp } from "../src/app.ts";
import type { ConversationRunner } from "../src/app/conversation.ts";
import { loadConfig } from "../src/config.ts";
import type { ChatPort } from "../src/ports/chat.ts";
import { openDatabase } from "../src/store/database.ts";

export interface BotStats {
  /** Time inside the conversation runner's handle minus the time its replies spent in the chat port (full bot only). */
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
  const db = openDatabase(config.DATABASE_PATH);
  // For comparison only: the same bot without an fsync per commit.
  if (process.env.BENCH_SQLITE_SYNCHRONOUS) db.pragma(`synchronous = ${process.env.BENCH_SQLITE_SYNCHRONOUS}`);

  // Time spent in the port is charged to the update being handled, so the step can leave it out.
  const inPort = new AsyncLocalStorage<{ portMs: number }>();
  const stats: BotStats = { stepMs: [], stepEvents: [], handleMs: [] };
  const timedPort = (port: ChatPort): ChatPort => ({
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
  });
  const timedRunner = (runner: ConversationRunner): ConversationRunner => ({
    ...runner,
    handle: (incoming, event) =>
      inPort.run({ portMs: 0 }, async () => {
        const store = inPort.getStore()!;
        const started = performance.now();
        try {
          return await runner.handle(incoming, event);
        } finally {
          const total = performance.now() - started;
          stats.handleMs.push(total);
          stats.stepMs.push(total - store.portMs);
          stats.stepEvents.push(event.type);
          send({ done: Number(incoming.updateId) });
        }
      }),
  });
  const app = await createApp(config, {
    db,
    ffmpeg: null,
    serveHttp: false,
    jobs: { ownerId: "reelsmith@bench" },
    wrap: { conversations: timedRunner, port: timedPort },
  });
  await app.start();
  return {
    stats,
    async stop() {
      await app.stop();
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
