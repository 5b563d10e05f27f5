/**
 * Start-up: from spawning `node dist/main.js` (what `npm start` and the image run) to its
 * "reelsmith started" log line, with Telegram pointed at the loopback fake Bot API and a fresh
 * database file, so the time covers module loading, migrations, the catalog, registering commands
 * and starting to poll. dist/ is brought up to date first (`scripts/build.mjs --if-stale`), outside
 * the timing; a fresh build has no code cache yet, so the first start writes it and counts like
 * the others. The baseline, spawned in the same rounds, is an empty `node -e ""` until it exits;
 * rounds interleave the two, so drift in the machine touches them alike. The machine's load average
 * is reported beside the numbers: on a shared machine other processes' work shows in both.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { startFakeTelegram } from "../test/fakes/telegram.ts";
import { ROOT } from "../test/support/app.ts";
import { median, round, type BenchResult } from "./report.ts";
import { tempDir } from "./support.ts";

const READY = "reelsmith started";
const TARGET_MS = 300;
const TARGET_RATIO = 10;

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
    const child = spawn(process.execPath, [join(ROOT, "dist", "main.js")], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
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

/** Compiles src/ to dist/ when a source is newer than the last build, as `npm start` does. */
function build(): void {
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--if-stale"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error(`building dist/ failed (exit ${result.status})`);
}

export async function runStartup(options: StartupOptions = {}): Promise<BenchResult> {
  const runs = options.runs ?? 7;
  const timeoutMs = options.timeoutMs ?? 30_000;
  build();
  const cached = existsSync(join(ROOT, "dist", "main.cjs.cache"));
  const load = loadavg()[0]!;
  const dir = tempDir("reelsmith-bench-empty-");
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir.path };
  const ours: number[] = [];
  const bare: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      ours.push(await timeToReady(timeoutMs));
      bare.push(await timeToExit(["-e", ""], env));
    }
  } finally {
    dir.remove();
  }
  const ready = median(ours);
  const baseline = median(bare);
  const ratio = ready / baseline;
  const loadAfter = loadavg()[0]!;
  const pass = ready <= TARGET_MS && ratio <= TARGET_RATIO;
  const notes: string[] = [];
  if (ready > TARGET_MS) notes.push(`Ready after ${round(ready, 0)} ms, ${round(ready - TARGET_MS, 0)} ms over the ${TARGET_MS} ms target.`);
  if (ratio > TARGET_RATIO) notes.push(`Ready after ${round(ratio, 1)}× an empty node start, over the ${TARGET_RATIO}× target.`);
  notes.push(
    `Starts to ready, ms: ${ours.map((v) => round(v, 0)).join(", ")}; node -e "": ${bare.map((v) => round(v, 0)).join(", ")}. ` +
      `Load average ${round(load, 1)} before, ${round(loadAfter, 1)} after, on ${availableParallelism()} cores. ` +
      (cached ? "The code cache was there from an earlier start." : "The first start had no code cache and wrote it."),
  );
  return {
    name: "startup",
    setup: `Median of ${runs} starts of dist/main.js (Telegram against the fake, fresh database, LOG_LEVEL=info) to its "${READY}" line; the node -e "" baseline spawned in the same rounds.`,
    rows: [
      {
        metric: "start to ready (vs node -e \"\")",
        ours: round(ready, 0),
        baseline: round(baseline, 1),
        unit: "ms",
        target: `≤ ${TARGET_MS} ms and ≤ ${TARGET_RATIO}×`,
        pass,
      },
      { metric: "fastest start to ready", ours: round(Math.min(...ours), 0), baseline: round(Math.min(...bare), 1), unit: "ms" },
      { metric: "slowest start to ready", ours: round(Math.max(...ours), 0), unit: "ms" },
    ],
    notes,
  };
}
