/**
 * The spending ledger's statements: a hold per job when its quote is confirmed, then a settlement
 * when it succeeded (or may have been charged: its submission's outcome was never seen) or a
 * release when it failed, was cancelled or never reached the provider.
 *
 * `hold` and `closeHold` run inside the transaction that writes the job's state (see claims.ts and
 * transitions.ts), so the job and its ledger entry commit together or not at all. Entries are
 * append-only; unique indexes on (job_id) for the hold and for the closing entry make every step
 * idempotent, also when a crash makes a step run twice. Nothing is ever settled and released.
 */
import { roundAmount } from "../../domain/budget.ts";
import type { Db } from "../database.ts";
import { column, statement } from "../statement.ts";
import type { JobRow, JobState } from "./rows.ts";

export interface HoldInput {
  jobId: string;
  quoteId: string | null;
  amount: number;
  currency: string | null;
  platform: string;
  chatId: string;
  userId: string;
  payer: "user" | "chat";
  day: string;
  now: number;
}

export function hold(db: Db, input: HoldInput): void {
  statement<HoldInput, never>(
    db,
    `INSERT OR IGNORE INTO ledger (job_id, quote_id, kind, amount, currency, platform, chat_id, user_id, payer, day, at)
     VALUES (@jobId, @quoteId, 'hold', @amount, @currency, @platform, @chatId, @userId, @payer, @day, @now)`,
  ).run(input);
}

/** How a job's state closes its hold; undefined while it may still go either way. */
export function closingKind(state: JobState): "settle" | "release" | undefined {
  if (state === "succeeded" || state === "unknown") return "settle";
  if (state === "failed" || state === "cancelled") return "release";
  return undefined;
}

function errorKindOf(error: string | null): string | undefined {
  if (!error) return undefined;
  const parsed: unknown = JSON.parse(error);
  const kind = typeof parsed === "object" && parsed !== null && "kind" in parsed ? parsed.kind : undefined;
  return typeof kind === "string" ? kind : "error";
}

/**
 * Closes the job's hold to match the job's stored state (read in the same transaction). A job
 * without a hold (picked up with /status) or already closed changes nothing.
 */
export function closeHold(db: Db, jobId: string, now: number): void {
  const job = statement<[string], Pick<JobRow, "state" | "error">>(db, "SELECT state, error FROM jobs WHERE id = ?").get(jobId);
  if (!job) return;
  const kind = closingKind(job.state);
  if (!kind) return;
  const reason = job.state === "failed" ? `failed:${errorKindOf(job.error) ?? "error"}` : job.state;
  statement<{ jobId: string; kind: string; reason: string; now: number }, never>(
    db,
    `INSERT OR IGNORE INTO ledger (job_id, quote_id, kind, amount, currency, platform, chat_id, user_id, payer, day, reason, at)
     SELECT job_id, quote_id, @kind, amount, currency, platform, chat_id, user_id, payer, day, @reason, @now
       FROM ledger WHERE job_id = @jobId AND kind = 'hold'`,
  ).run({ jobId, kind, reason, now });
}

/** Runs a job's state change and closes its hold to match, in one transaction. */
export function changingState<T>(db: Db, jobId: string, now: number, change: () => T): T {
  return db.transaction(() => {
    const result = change();
    closeHold(db, jobId, now);
    return result;
  })();
}

/**
 * Closes every open hold whose job has already ended. Every state change closes its hold in its own
 * transaction; this sweep at start is the safety net for rows written before the ledger existed.
 */
export function closeEndedHolds(db: Db, now: number): number {
  const open = column<[], string>(
    db,
    `SELECT h.job_id FROM ledger h JOIN jobs j ON j.id = h.job_id
     WHERE h.kind = 'hold' AND j.state IN ('succeeded', 'unknown', 'failed', 'cancelled')
       AND NOT EXISTS (SELECT 1 FROM ledger c WHERE c.job_id = h.job_id AND c.kind IN ('settle', 'release'))`,
  ).all();
  db.transaction(() => {
    for (const id of open) closeHold(db, id, now);
  })();
  return open.length;
}

/** What was spent (held or settled, not released) on `day`, by unit. */
export type Spent = Record<string, number>;

interface UnitSpent {
  currency: string;
  spent: number;
}

function byUnit(rows: UnitSpent[]): Spent {
  const out: Spent = {};
  for (const row of rows) out[row.currency] = roundAmount(row.spent);
  return out;
}

/** Spent by the user from their own budget on `day`. */
export function spentByUser(db: Db, input: { platform: string; userId: string; day: string }): Spent {
  return byUnit(
    statement<typeof input, UnitSpent>(
      db,
      `SELECT h.currency AS currency, SUM(h.amount) AS spent FROM ledger h
       WHERE h.kind = 'hold' AND h.platform = @platform AND h.user_id = @userId AND h.payer = 'user' AND h.day = @day
         AND h.currency IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.job_id = h.job_id AND r.kind = 'release')
       GROUP BY h.currency`,
    ).all(input),
  );
}

/** Spent in the chat on `day`, whoever paid: a chat's budget caps the whole room. */
export function spentInChat(db: Db, input: { platform: string; chatId: string; day: string }): Spent {
  return byUnit(
    statement<typeof input, UnitSpent>(
      db,
      `SELECT h.currency AS currency, SUM(h.amount) AS spent FROM ledger h
       WHERE h.kind = 'hold' AND h.platform = @platform AND h.chat_id = @chatId AND h.day = @day
         AND h.currency IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.job_id = h.job_id AND r.kind = 'release')
       GROUP BY h.currency`,
    ).all(input),
  );
}

export interface SpendRow {
  platform: string;
  /** A user id or a chat id, by the query. */
  id: string;
  currency: string | null;
  spent: number;
  jobs: number;
}

/** The admins' overview of one day: who spent most, where, and holds still open. */
export interface SpendOverview {
  users: SpendRow[];
  chats: SpendRow[];
  openHolds: number;
}

/** Spent per user (all payers) and per chat on `day`, largest first: the admins' overview. */
export function spendingOn(db: Db, day: string, limit = 10): SpendOverview {
  const query = (group: "user_id" | "chat_id") =>
    statement<{ day: string; limit: number }, SpendRow>(
      db,
      `SELECT h.platform AS platform, h.${group} AS id, h.currency AS currency, SUM(h.amount) AS spent, COUNT(*) AS jobs
       FROM ledger h
       WHERE h.kind = 'hold' AND h.day = @day
         AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.job_id = h.job_id AND r.kind = 'release')
       GROUP BY h.platform, h.${group}, h.currency ORDER BY spent DESC, jobs DESC LIMIT @limit`,
    ).all({ day, limit });
  const openHolds =
    column<[], number>(
      db,
      `SELECT COUNT(*) FROM ledger h WHERE h.kind = 'hold'
       AND NOT EXISTS (SELECT 1 FROM ledger c WHERE c.job_id = h.job_id AND c.kind IN ('settle', 'release'))`,
    ).get() ?? 0;
  return { users: query("user_id").map(rounded), chats: query("chat_id").map(rounded), openHolds };
}

function rounded(row: SpendRow): SpendRow {
  return { ...row, spent: roundAmount(row.spent) };
}

export interface LedgerTotals {
  holds: { count: number; amount: number };
  settlements: { count: number; amount: number };
  releases: { count: number; amount: number };
  open: { count: number; amount: number };
  /** Jobs closed twice or closed without a hold: always empty unless the ledger is broken. */
  anomalies: string[];
}

/** The ledger's invariant inputs: holds = settlements + releases + open holds, by count and amount. */
export function ledgerTotals(db: Db): LedgerTotals {
  const total = (where: string) => {
    const row = statement<[], { count: number; amount: number }>(
      db,
      `SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount FROM ledger h WHERE ${where}`,
    ).get();
    return { count: row?.count ?? 0, amount: roundAmount(row?.amount ?? 0) };
  };
  const anomalies = column<[], string>(
    db,
    `SELECT job_id || ': ' || GROUP_CONCAT(kind) FROM ledger GROUP BY job_id
     HAVING SUM(kind = 'hold') != 1 OR SUM(kind IN ('settle', 'release')) > 1`,
  ).all();
  return {
    holds: total("kind = 'hold'"),
    settlements: total("kind = 'settle'"),
    releases: total("kind = 'release'"),
    open: total(
      "kind = 'hold' AND NOT EXISTS (SELECT 1 FROM ledger c WHERE c.job_id = h.job_id AND c.kind IN ('settle', 'release'))",
    ),
    anomalies,
  };
}
