/**
 * Start-up: from spawning `node --import tsx src/main.ts` to its "reelsmith started" log line, with
 * Telegram pointed at the loopback fake Bot API and a fresh database file, so the time covers
 * module loading, migrations, the catalog, registering commands and starting to poll. Baselines,
 * spawned in the same rounds: an empty `node -e ""` and `node --import tsx` of an empty file, each
 * until it exits. Rounds interleave the three, so drift in the machine touches them alike.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFakeTelegram } from "../test/fakes/telegram.ts";
import { ROOT } from "../test/support/app.ts";
import { median, round, type BenchResult } from "./report.ts";
import { tempDir } from "./support.ts";

const READY = "reelsmith started";

export interface StartupOptions {
  runs?: number;
  /** Give up on one start after this long. */
  timeoutMs?: number;
}

/** Milliseconds from spawn to exit. */
function timeToExit(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}

/** Milliseconds from spawn to the ready line; the bot is then stopped with SIGTERM. */
async function timeToReady(timeoutMs: number): Promise<number> {
  const telegram = await startFakeTelegram();
  const dir = tempDir("reelsmith-bench-startup-");
  try {
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir.path,
      DATABASE_PATH: join(dir.path, "bot.db"),
      DOWNLOAD_DIR: join(dir.path, "downloads"),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
    };
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src", "main.ts")], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let stderr = "";
    try {
      return await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${READY}" within ${timeoutMs} ms: ${stderr.slice(-2000)}`)), timeoutMs);
        child.stderr!.setEncoding("utf8").on("data", (d: string) => {
          stderr += d;
          if (stderr.includes(READY)) {
            clearTimeout(timer);
            resolve(performance.now() - started);
          }
        });
        void exited.then(() => reject(new Error(`the bot exited before it was ready: ${stderr.slice(-2000)}`)));
      });
    } finally {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    }
  } finally {
    await telegram.close();
    dir.remove();
  }
}

export async function runStartup(options: StartupOptions = {}): Promise<BenchResult> {
  const runs = options.runs ?? 7;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dir = tempDir("reelsmith-bench-empty-");
  const empty = join(dir.path, "empty.ts");
  writeFileSync(empty, "export {};\n");
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir.path };
  const ours: number[] = [];
  const bare: number[] = [];
  const tsx: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      ours.push(await timeToReady(timeoutMs));
      bare.push(await timeToExit(["-e", ""], env));
      tsx.push(await timeToExit(["--import", "tsx", empty], env));
    }
  } finally {
    dir.remove();
  }
  const ready = median(ours);
  const notes: string[] = [];
  if (ready > 1500) notes.push(`Ready after ${round(ready, 0)} ms, ${round(ready - 1500, 0)} ms over the 1.5 s target.`);
  return {
    name: "startup",
    setup: `Median of ${runs} starts of src/main.ts (Telegram against the fake, fresh database, LOG_LEVEL=info) to its "${READY}" line; baselines spawned in the same rounds.`,
    rows: [
      { metric: "start to ready (vs node --import tsx, empty file)", ours: round(ready, 0), baseline: round(median(tsx), 0), unit: "ms", target: "≤ 1,500 ms", pass: ready <= 1500 },
      { metric: "start to ready (vs node -e \"\")", ours: round(ready, 0), baseline: round(median(bare), 0), unit: "ms" },
      { metric: "slowest start to ready", ours: round(Math.max(...ours), 0), unit: "ms" },
    ],
    notes,
  };
}
