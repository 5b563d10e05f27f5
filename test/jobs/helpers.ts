/**
 * Shared set-up for the jobs tests: a migrated database, quotes as the dialogue engine writes them,
 * a terminal chat that records what the user sees, real provider clients with fast read retries,
 * and a clock the test moves.
 */
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { createTerminalPort, type TerminalPort } from "../../src/chat/terminal/port.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import type { Catalog, ProviderId } from "../../src/domain/catalog.ts";
import type { Plan, VideoPlan } from "../../src/domain/plan.ts";
import { createTranslator, type Translator } from "../../src/i18n/index.ts";
import { createJobs, type Jobs, type JobsConfig, type SpendRules } from "../../src/jobs/index.ts";
import { ledgerTotals } from "../../src/jobs/ledger.ts";
import type { JobRow } from "../../src/jobs/rows.ts";
import { createCreatokProvider } from "../../src/providers/creatok.ts";
import { createHttp } from "../../src/providers/http.ts";
import { createOpenAIVideosProvider } from "../../src/providers/openai-videos.ts";
import type { Provider } from "../../src/providers/provider.ts";
import { openDatabase, type Db } from "../../src/store/database.ts";
import { tempDir as removedAtExit } from "../support/temp.ts";

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Removed when the test process exits. */
export function tempDir(prefix = "reelsmith-jobs-"): string {
  return removedAtExit(prefix);
}

export function testDb(path = ":memory:"): Db {
  return openDatabase(path);
}

export interface Clock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function clock(start = T0): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms), set: (ms) => void (t = ms) };
}

/** Seeded PRNG (mulberry32), so schedules with jitter replay exactly. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CREATOK_PLAN: VideoPlan = {
  kind: "video",
  provider: "creatok",
  modelId: "doubao-seedance-2",
  orientation: "9:16",
  definition: "480p",
  segments: [5],
  referenceImages: 0,
};

export const OPENAI_PLAN: VideoPlan = {
  kind: "video",
  provider: "openai",
  modelId: "sora-2",
  orientation: "16:9",
  definition: "720p",
  segments: [4],
  referenceImages: 0,
};

export interface QuoteInput {
  id: string;
  plan?: Plan;
  prompt?: string;
  requesterId?: string;
  chatId?: string;
  state?: string;
  expiresAt?: number;
  referenceImages?: { id: string; mime: string; name: string; bytes: number }[];
  language?: string;
  /** The estimate; default 5 credits. */
  amount?: number | null;
  currency?: string | null;
}

/** A quote row as the dialogue engine leaves it: pending, for one requester. */
export function insertQuote(db: Db, q: QuoteInput, now = T0): void {
  const plan = q.plan ?? CREATOK_PLAN;
  db.prepare(
    `INSERT INTO quotes (id, platform, chat_id, requester_id, state, kind, provider, model_id, plan, prompt, brief,
       amount, currency, language, reply_to, created_at, expires_at)
     VALUES (@id, 'terminal', @chatId, @requesterId, @state, @kind, @provider, @modelId, @plan, @prompt, @brief,
       @amount, @currency, @language, NULL, @now, @expiresAt)`,
  ).run({
    id: q.id,
    chatId: q.chatId ?? "chat-1",
    requesterId: q.requesterId ?? "alice",
    state: q.state ?? "pending",
    kind: plan.kind,
    provider: plan.provider,
    modelId: plan.modelId,
    plan: JSON.stringify(plan),
    prompt: q.prompt ?? `A red fox runs through snow (${q.id})`,
    brief: JSON.stringify({ kind: plan.kind, prompt: "fox", referenceImages: q.referenceImages ?? [] }),
    language: q.language ?? "en",
    now,
    expiresAt: q.expiresAt ?? now + 30 * 60_000,
    amount: q.amount === undefined ? 5 : q.amount,
    currency: q.currency === undefined ? "credits" : q.currency,
  });
}

/** The ledger's invariant: every hold is settled, released or still open, once, by count and by amount. */
export function assertLedgerBalanced(db: Db): ReturnType<typeof ledgerTotals> {
  const totals = ledgerTotals(db);
  const closed = (a: { count: number; amount: number }, b: { count: number; amount: number }, c: { count: number; amount: number }) => ({
    count: a.count + b.count + c.count,
    amount: Math.round((a.amount + b.amount + c.amount) * 1e6) / 1e6,
  });
  if (totals.anomalies.length > 0) throw new Error(`ledger anomalies: ${totals.anomalies.join("; ")}`);
  const sum = closed(totals.settlements, totals.releases, totals.open);
  if (sum.count !== totals.holds.count || sum.amount !== totals.holds.amount) {
    throw new Error(`holds ${JSON.stringify(totals.holds)} != settlements + releases + open ${JSON.stringify(sum)}`);
  }
  return totals;
}

export interface Chat {
  port: TerminalPort;
  translator: Translator;
  /** Everything printed so far. */
  text(): string;
  /** How often `needle` appears in the output. */
  count(needle: string): number;
  downloadDir: string;
}

let translator: Promise<Translator> | undefined;

export async function terminalChat(): Promise<Chat> {
  translator ??= createTranslator();
  const t = await translator;
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  const downloadDir = tempDir("reelsmith-downloads-");
  const port = createTerminalPort({ output, translator: t, downloadDir });
  return {
    port,
    translator: t,
    text: () => printed,
    count: (needle) => printed.split(needle).length - 1,
    downloadDir,
  };
}

/** Read retries in milliseconds rather than seconds, so fault tests stay fast. */
const fastHttp = (provider: ProviderId) => createHttp({ provider, baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 });

export function creatokProvider(baseUrl: string, apiKey: string): Provider {
  return createCreatokProvider({ apiKey, baseUrl, http: fastHttp("creatok"), timeoutMs: 5000 });
}

export function openaiProvider(baseUrl: string, apiKey: string): Provider {
  return createOpenAIVideosProvider({
    apiKey,
    baseUrl,
    models: [{ id: "sora-2", seconds: [4, 8, 12], sizes: ["1280x720", "720x1280"] }],
    http: fastHttp("openai"),
    today: () => "2026-01-15",
  });
}

export function testConfig(overrides: Partial<JobsConfig> = {}): JobsConfig {
  return {
    pollMinMs: 20,
    pollMaxMs: 200,
    hardDeadlineMs: 60 * 60_000,
    leaseMs: 5_000,
    providerConcurrency: 8,
    progressEditIntervalMs: 0,
    ownerId: "test-owner",
    ...overrides,
  };
}

export const catalog = (): Catalog => builtInCatalog;

export function makeJobs(options: {
  db: Db;
  providers: [ProviderId, Provider][];
  chat: Chat;
  clock?: Clock;
  config?: Partial<JobsConfig>;
  ffmpeg?: string | null;
  spending?: SpendRules;
}): Jobs {
  return createJobs({
    db: options.db,
    providers: new Map(options.providers),
    catalog,
    ports: { terminal: options.chat.port },
    ...(options.clock ? { now: options.clock.now } : {}),
    random: seeded(7),
    config: testConfig(options.config),
    ffmpeg: options.ffmpeg === undefined ? null : options.ffmpeg,
    ...(options.spending ? { spending: options.spending } : {}),
  });
}

export function jobRows(db: Db, where = "1 = 1", ...params: unknown[]): JobRow[] {
  return db.prepare(`SELECT * FROM jobs WHERE ${where} ORDER BY quote_id, segment_index`).all(...params) as JobRow[];
}

/** Ticks with the clock moved by `stepMs` each time until `done` holds; throws after `max` ticks. */
export async function tickUntil(jobs: Jobs, c: Clock, done: () => boolean, opts: { stepMs?: number; max?: number } = {}): Promise<number> {
  const max = opts.max ?? 200;
  for (let i = 0; i < max; i++) {
    await jobs.tick();
    if (done()) return i + 1;
    c.advance(opts.stepMs ?? 250);
  }
  throw new Error(`condition not reached after ${max} ticks`);
}

/** Waits (real time) until `done` holds; for tests that run the timers with start(). */
export async function waitFor(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}
