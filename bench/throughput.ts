/**
 * Throughput: simulated users in private chats send briefs and press buttons through the loopback
 * fake Bot API (test/fakes/telegram.ts), to the full bot and to a bare grammY echo bot with the
 * same runner settings, each in its own process (bench/throughput-bot.ts) on a fresh fake, one
 * after the other in the same run.
 *
 * Every user waits for the bot to finish an update before sending the next, as a person would, so
 * `chats` updates are in flight at once. Both bots get the same sequence of texts and presses; the
 * echo bot's users press whatever it last sent, the full bot's users press the buttons it offered.
 *
 * The dialogue step is timed in a second phase, one update at a time: with 50 in flight, time
 * inside engine.handle is mostly waiting behind the other chats' work, which is latency under load
 * (reported too), not the cost of a step.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { startFakeTelegram, type FakeChat, type FakeTelegram, type FakeUser } from "../test/fakes/telegram.ts";
import { percentile, round, type BenchResult } from "./report.ts";
import { tempDir } from "./support.ts";
import type { BotStats } from "./throughput-bot.ts";

type Action = { text: string } | { press: RegExp; orText: string };
type BotKind = "full" | "full-normal" | "echo";

const SUBJECTS = ["a red fox running through fresh snow", "a cat asleep on a sunny windowsill", "waves breaking on a black sand beach", "a paper boat drifting down a rainy street"];

/** One brief from question to quote, a change of mind, a cancel, then a brief confirmed: 8 updates. */
function script(subject: string): Action[] {
  const brief = `A 5 second vertical video of ${subject}`;
  return [
    { text: `make a video of ${subject}` },
    { press: /^8 s$/, orText: "8 seconds" },
    { press: /^Vertical/, orText: "vertical" },
    { press: /Change$/, orText: "change it" },
    { text: "make it 10 seconds" },
    { press: /Cancel$/, orText: "cancel" },
    { text: brief },
    { press: /Confirm$/, orText: brief },
  ];
}

export interface ThroughputOptions {
  chats?: number;
  updatesPerChat?: number;
  /** Updates timed one at a time for the dialogue step. */
  stepSamples?: number;
  /** Give up on an update the bot never finishes after this long. */
  updateTimeoutMs?: number;
}

interface RunResult {
  updates: number;
  elapsedMs: number;
  /** With `chats` updates in flight. */
  loaded: BotStats;
  /** One update at a time. */
  alone: BotStats;
  /** Presses that found no such button and were sent as text instead. */
  fallbacks: number;
  lost: number;
}

const BOT_ENTRY = join(import.meta.dirname, "throughput-bot.ts");

async function runBot(kind: BotKind, options: Required<ThroughputOptions>): Promise<RunResult> {
  const telegram = await startFakeTelegram();
  const dir = tempDir("reelsmith-bench-throughput-");
  const waiting = new Map<number, () => void>();
  let stderr = "";
  const child: ChildProcess = fork(BOT_ENTRY, [], {
    execArgv: ["--import", "tsx", ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir.path,
      BENCH_BOT: kind === "echo" ? "echo" : "full",
      ...(kind === "full-normal" ? { BENCH_SQLITE_SYNCHRONOUS: "NORMAL" } : {}),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DATABASE_PATH: join(dir.path, "bot.db"),
      DOWNLOAD_DIR: join(dir.path, "downloads"),
      // Long enough that confirmed jobs stay in flight, polled, for the whole run.
      SANDBOX_DURATION_MS: String(10 * 60_000),
      LOG_LEVEL: "info",
    },
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let onStats: ((s: BotStats) => void) | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    child.on("message", (m: { ready?: boolean; done?: number; stats?: BotStats }) => {
      if (m.ready) resolve();
      if (m.done !== undefined) waiting.get(m.done)?.();
      if (m.stats) onStats?.(m.stats);
    });
    void exited.then(() => reject(new Error(`${kind} bot exited early: ${stderr}`)));
  });
  const report = () =>
    new Promise<BotStats>((resolve) => {
      onStats = resolve;
      child.send({ report: true });
    });

  // The fake numbers updates 1, 2, 3 … in the order they are pushed; only this driver pushes.
  let nextUpdateId = 1;
  let fallbacks = 0;
  let lost = 0;
  const handled = (id: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        lost++;
        waiting.delete(id);
        resolve();
      }, options.updateTimeoutMs);
      waiting.set(id, () => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve();
      });
    });

  async function converse(userId: number, updates: number): Promise<void> {
    const user: FakeUser = { id: userId, first_name: `User${userId}`, language_code: "en" };
    const chat: FakeChat = telegram.privateChat(user);
    const actions = script(SUBJECTS[userId % SUBJECTS.length]!);
    for (let i = 0; i < updates; i++) {
      const action = actions[i % actions.length]!;
      const done = handled(nextUpdateId++);
      if ("text" in action) telegram.sendText(chat, user, action.text);
      else press(telegram, chat, user, action);
      await done;
    }
  }

  function press(fake: FakeTelegram, chat: FakeChat, user: FakeUser, action: { press: RegExp; orText: string }): void {
    if (kind === "echo") {
      const last = fake.botMessages(chat.id).at(-1);
      if (last) {
        fake.press(chat, user, last.message_id, "echo");
        return;
      }
    } else {
      try {
        fake.pressButton(chat, user, action.press);
        return;
      } catch {
        // no such button: said in words instead
      }
    }
    fallbacks++;
    fake.sendText(chat, user, action.orText);
  }

  try {
    await ready;
    // One conversation first, untimed: module loading and JIT compilation are start-up, not throughput.
    await converse(400_000, 8);
    await report();
    fallbacks = 0;
    lost = 0;

    const started = performance.now();
    await Promise.all(Array.from({ length: options.chats }, (_, i) => converse(500_000 + i, options.updatesPerChat)));
    const elapsedMs = performance.now() - started;
    const loaded = await report();

    const perChat = Math.min(options.stepSamples, 8 * 4);
    for (let n = 0; n * perChat < options.stepSamples; n++) await converse(600_000 + n, Math.min(perChat, options.stepSamples - n * perChat));
    const alone = await report();

    child.send({ stop: true });
    // It exits by itself once stopped (a CPU profile, when asked for, is written then).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    return { updates: options.chats * options.updatesPerChat, elapsedMs, loaded, alone, fallbacks, lost };
  } finally {
    child.kill("SIGKILL");
    await telegram.close();
    dir.remove();
  }
}

function stepP99Of(stats: BotStats, event: string): number {
  return percentile(stats.stepMs.filter((_, i) => stats.stepEvents[i] === event), 0.99);
}

export async function runThroughput(options: ThroughputOptions = {}): Promise<BenchResult> {
  const o: Required<ThroughputOptions> = {
    chats: options.chats ?? 50,
    updatesPerChat: options.updatesPerChat ?? 20,
    stepSamples: options.stepSamples ?? 320,
    updateTimeoutMs: options.updateTimeoutMs ?? 15_000,
  };
  const full = await runBot("full", o);
  const relaxed = await runBot("full-normal", o);
  const echo = await runBot("echo", o);
  const rate = (r: RunResult) => (r.updates / r.elapsedMs) * 1000;
  const ratio = rate(full) / rate(echo);
  const stepP99 = percentile(full.alone.stepMs, 0.99);
  const notes: string[] = [];
  if (full.fallbacks + full.lost + relaxed.lost + echo.lost > 0) {
    notes.push(`Presses sent as text for want of the button: ${full.fallbacks}; updates never finished: full ${full.lost}, full at NORMAL ${relaxed.lost}, echo ${echo.lost}.`);
  }
  if (ratio < 0.8) notes.push(`The full bot handles ${round(ratio, 2)}× the echo bot's rate, ${round((0.8 - ratio) * 100, 0)} points under the 0.8 target.`);
  if (stepP99 > 5) notes.push(`Dialogue step p99 ${round(stepP99, 1)} ms, ${round(stepP99 - 5, 1)} ms over the 5 ms target.`);
  return {
    name: "throughput",
    setup:
      `${o.chats} private chats × ${o.updatesPerChat} updates (briefs, answers and button presses; ${o.chats} in flight) through the loopback fake Bot API; ` +
      `full bot (Telegram transport, engine, SQLite file, sandbox jobs running) vs a bare grammY echo bot, each in its own process; ` +
      `the dialogue step timed over ${o.stepSamples} further updates sent one at a time.`,
    rows: [
      { metric: `updates per second, ${o.chats} chats in flight`, ours: round(rate(full), 0), baseline: round(rate(echo), 0), unit: "upd/s", target: "≥ 0.8×", pass: ratio >= 0.8 },
      { metric: "dialogue step p50 (engine.handle minus replies)", ours: round(percentile(full.alone.stepMs, 0.5), 2), unit: "ms" },
      { metric: "dialogue step p99 (engine.handle minus replies)", ours: round(stepP99, 2), unit: "ms", target: "≤ 5 ms", pass: stepP99 <= 5 },
      { metric: "dialogue step p99, messages (briefs and answers)", ours: round(stepP99Of(full.alone, "text"), 2), unit: "ms" },
      { metric: "dialogue step p99, button presses", ours: round(stepP99Of(full.alone, "press"), 2), unit: "ms" },
      { metric: "update handled p99 alone, replies included", ours: round(percentile(full.alone.handleMs, 0.99), 1), baseline: round(percentile(echo.alone.handleMs, 0.99), 1), unit: "ms" },
      { metric: `update handled p99, ${o.chats} in flight`, ours: round(percentile(full.loaded.handleMs, 0.99), 0), baseline: round(percentile(echo.loaded.handleMs, 0.99), 0), unit: "ms" },
      { metric: "updates per second at synchronous=NORMAL (comparison)", ours: round(rate(relaxed), 0), baseline: round(rate(echo), 0), unit: "upd/s" },
      { metric: "dialogue step p99 at synchronous=NORMAL (comparison)", ours: round(percentile(relaxed.alone.stepMs, 0.99), 2), unit: "ms" },
    ],
    notes,
  };
}
