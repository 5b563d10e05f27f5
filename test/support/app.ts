/**
 * Runs the real bot (src/main.ts) as a child process with a clean environment, so tests see what
 * an operator sees: stdout, stderr and the exit code.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { tempDir } from "./temp.ts";

export const ROOT = join(import.meta.dirname, "..", "..");

/** Only what the bot needs: nothing from the developer's shell (keys, tokens) leaks into a test. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const dir = tempDir("reelsmith-app-");
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    DATABASE_PATH: join(dir, "bot.db"),
    DOWNLOAD_DIR: join(dir, "downloads"),
    POLL_MIN_INTERVAL_MS: "50",
    POLL_MAX_INTERVAL_MS: "300",
    SANDBOX_DURATION_MS: "800",
    ...extra,
  };
}

/** The bot from its sources through tsx, as tests run it by default. */
export const FROM_SOURCE = ["--import", "tsx", join(ROOT, "src", "main.ts")];
/** The compiled bot that `npm start` and the image run (build it first: scripts/build.mjs). */
export const BUILT = [join(ROOT, "dist", "main.js")];

export function startApp(env: Record<string, string>, entry: string[] = FROM_SOURCE): ChildProcess {
  return spawn(process.execPath, entry, {
    cwd: ROOT,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** A running bot with what it printed so far. */
export interface RunningApp {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

export function runApp(env: Record<string, string>, entry: string[] = FROM_SOURCE): RunningApp {
  const child = startApp(env, entry);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export interface AppRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Types each line once the previous reply has appeared (`waitFor` before line i, when given),
 * then closes stdin and waits for the exit.
 */
export async function converse(
  env: Record<string, string>,
  lines: Array<string | { send: string; after: RegExp }>,
  timeoutMs = 30_000,
  entry: string[] = FROM_SOURCE,
): Promise<AppRun> {
  const { child, stdout, stderr, exited } = runApp(env, entry);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    for (const line of lines) {
      const { send, after } = typeof line === "string" ? { send: line, after: undefined } : line;
      if (after) await until(() => after.test(stdout()), timeoutMs, () => `waiting for ${after} in:\n${stdout()}\n${stderr()}`);
      child.stdin!.write(`${send}\n`);
    }
    child.stdin!.end();
    const code = await exited;
    return { code, stdout: stdout(), stderr: stderr() };
  } finally {
    clearTimeout(timer);
    child.kill("SIGKILL");
  }
}

export async function until(check: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
