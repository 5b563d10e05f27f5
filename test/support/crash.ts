/**
 * Tools for crash tests of the real bot process: a handle on a running bot that can be typed to
 * and SIGKILLed, a proxy in front of a provider fake that forwards a chosen request but withholds
 * its answer (so the provider has done the work and the bot never hears of it), and read-only
 * looks at the bot's database to time a kill.
 */
import Database from "better-sqlite3";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import type { JobRow } from "../../src/jobs/rows.ts";
import { runApp, until } from "./app.ts";

export interface Bot {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  exited: Promise<number | null>;
  type(line: string): void;
  /** Closes stdin: the terminal chat then waits for pending clips and exits. */
  end(): void;
  /** The exit code; a bot still running after `timeoutMs` is killed and the wait fails. */
  waitExit(timeoutMs: number): Promise<number | null>;
  kill(): Promise<void>;
}

export function launchBot(env: Record<string, string>): Bot {
  const { child, stdout, stderr, exited } = runApp(env);
  // A killed bot leaves a broken pipe behind; writing to it must not crash the test.
  child.stdin!.on("error", () => undefined);
  return {
    child,
    get stdout() {
      return stdout();
    },
    get stderr() {
      return stderr();
    },
    exited,
    type: (line) => void child.stdin!.write(`${line}\n`),
    end: () => void child.stdin!.end(),
    async waitExit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
      const result = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (result !== "timeout") return result;
      child.kill("SIGKILL");
      throw new Error(`the bot did not exit within ${timeoutMs} ms:\n${stdout()}\n${stderr()}`);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * Asks for a clip and confirms its quote; returns the quote card. Any question the dialogue asks
 * first is answered with its first option: which shape or length does not matter to a crash.
 */
export async function confirmRequest(bot: Bot, request: string): Promise<string> {
  let from = bot.stdout.length;
  bot.type(request);
  for (let turn = 0; turn < 6; turn++) {
    await until(() => /^\[1\] /m.test(bot.stdout.slice(from)), 30_000, () => `for a question or a quote in:\n${bot.stdout}\n${bot.stderr}`);
    const fresh = bot.stdout.slice(from);
    from = bot.stdout.length;
    if (/✅ Confirm/.test(fresh)) {
      bot.type("yes");
      return fresh;
    }
    bot.type("1");
  }
  throw new Error(`no quote was offered:\n${bot.stdout}`);
}

/** How often `needle` occurs in `haystack` (plain text, not a pattern). */
export function occurrences(haystack: string, needle: string): number {
  if (needle.length === 0) return 0;
  return haystack.split(needle).length - 1;
}

/**
 * The bot's job rows. Read-only while a bot runs (WAL lets us read beside its writer); after a
 * clean exit SQLite may have removed the -wal/-shm files a read-only open needs, and then nothing
 * else is using the file, so a normal open is as harmless.
 */
export function readJobs(dbPath: string): JobRow[] {
  return readRows<JobRow>(dbPath, "SELECT * FROM jobs ORDER BY created_at, segment_index");
}

/** Rows of a query on the bot's database; none while the file or its schema is not there yet. */
function readRows<T>(dbPath: string, query: string): T[] {
  if (!existsSync(dbPath)) return [];
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch {
    db = new Database(dbPath, { fileMustExist: true });
  }
  try {
    return db.prepare(query).all() as T[];
  } catch {
    return []; // the schema is not there yet
  } finally {
    db.close();
  }
}

export interface LedgerEntry {
  job_id: string;
  kind: "hold" | "settle" | "release";
  amount: number;
  currency: string | null;
  reason: string | null;
}

/** The bot's ledger entries, read the same careful way as `readJobs`. */
export function readLedger(dbPath: string): LedgerEntry[] {
  return readRows<LedgerEntry>(dbPath, "SELECT job_id, kind, amount, currency, reason FROM ledger ORDER BY id");
}

/**
 * What is wrong with the ledger against the jobs, if anything: every paid job holds once and
 * closes at most once, as its state says (succeeded or unknown: settled; failed or cancelled:
 * released; still going: open), and holds = settlements + releases + open holds, in count and amount.
 */
export function ledgerProblems(jobs: JobRow[], ledger: LedgerEntry[]): string[] {
  const problems: string[] = [];
  const sum = (entries: LedgerEntry[]) => Math.round(entries.reduce((a, e) => a + e.amount, 0) * 1e6) / 1e6;
  const holds = ledger.filter((e) => e.kind === "hold");
  const closes = ledger.filter((e) => e.kind !== "hold");
  const open = holds.filter((h) => !closes.some((c) => c.job_id === h.job_id));
  const settlements = closes.filter((e) => e.kind === "settle");
  const releases = closes.filter((e) => e.kind === "release");
  if (holds.length !== settlements.length + releases.length + open.length) problems.push(`hold count ${holds.length} != ${settlements.length} + ${releases.length} + ${open.length}`);
  if (sum(holds) !== Math.round((sum(settlements) + sum(releases) + sum(open)) * 1e6) / 1e6) problems.push("hold amounts do not add up");
  for (const job of jobs.filter((j) => j.origin === "bot")) {
    const mine = ledger.filter((e) => e.job_id === job.id);
    const held = mine.filter((e) => e.kind === "hold").length;
    const closed = mine.filter((e) => e.kind !== "hold").map((e) => e.kind);
    if (held !== 1) problems.push(`job ${job.id} has ${held} holds`);
    if (closed.length > 1) problems.push(`job ${job.id} closed ${closed.length} times`);
    const expected = job.state === "succeeded" || job.state === "unknown" ? "settle" : job.state === "failed" || job.state === "cancelled" ? "release" : undefined;
    if ((closed[0] ?? undefined) !== expected) problems.push(`job ${job.id} is ${job.state} but its hold is ${closed[0] ?? "open"}`);
  }
  return problems;
}

export async function waitForJobs(dbPath: string, check: (rows: JobRow[]) => boolean, timeoutMs = 20_000): Promise<JobRow[]> {
  let rows: JobRow[] = [];
  await until(
    () => check((rows = readJobs(dbPath))),
    timeoutMs,
    () => `for job rows; last seen:\n${JSON.stringify(rows, null, 1)}`,
  );
  return rows;
}

export interface Hold {
  /** Resolves once the provider has answered the held request (the answer is then withheld). */
  reached: Promise<void>;
}

export interface HoldingProxy {
  url: string;
  /** The next request matching `method` and `path` reaches the provider; its answer never reaches the bot. */
  hold(method: string, path: RegExp): Hold;
  /** Every request that passed through, as "METHOD /path". */
  seen: string[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `target` is a base URL without a path (the bot's base URL path is kept on every request). */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const holds: { method: string; path: RegExp; resolve: () => void }[] = [];
  const seen: string[] = [];

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? "/";
    seen.push(`${req.method} ${path}`);
    const index = holds.findIndex((h) => h.method === req.method && h.path.test(path));
    const hold = index >= 0 ? holds.splice(index, 1)[0] : undefined;
    const body = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k, v]) => typeof v === "string" && k !== "host" && k !== "connection"),
    ) as Record<string, string>;
    const upstream = await request(`${target}${path}`, {
      method: (req.method ?? "GET") as "GET",
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    const bytes = Buffer.from(await upstream.body.arrayBuffer());
    if (hold) {
      // The provider did the work; the bot waits for an answer that never comes.
      hold.resolve();
      return;
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(upstream.headers)) {
      if (typeof v === "string" && k !== "transfer-encoding" && k !== "connection") out[k] = v;
    }
    if (res.destroyed) return;
    res.writeHead(upstream.statusCode, out);
    res.end(bytes);
  }

  const server = createServer((req, res) => {
    forward(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    hold(method, path) {
      let resolve!: () => void;
      const reached = new Promise<void>((r) => (resolve = r));
      holds.push({ method, path, resolve });
      return { reached };
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
