/**
 * The spending ledger: a hold per job when its quote is confirmed, then a settlement when it
 * succeeded (or may have been charged: its submission's outcome was never seen) or a release when
 * it failed, was cancelled or never reached the provider.
 *
 * Every call here is synchronous and meant to run inside the transaction that changes the job's
 * state, so the job and its ledger entry commit together or not at all. Entries are append-only;
 * unique indexes on (job_id) for the hold and for the closing entry make every step idempotent, also
 * when a crash makes a step run twice. Nothing is ever settled and released.
 */
import type { Db } from "../store/database.ts";
import { roundAmount } from "../domain/budget.ts";
import { sql, type JobState } from "./rows.ts";

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
  sql(
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

/**
 * Closes the job's hold to match the job's stored state (read in the same transaction). A job
 * without a hold (picked up with /status) or already closed changes nothing.
 */
export function closeHold(db: Db, jobId: string, now: number): void {
  const job = sql(db, "SELECT state, error FROM jobs WHERE id = ?").get(jobId) as { state: JobState; error: string | null } | undefined;
  if (!job) return;
  const kind = closingKind(job.state);
  if (!kind) return;
  const errorKind = job.error ? ((JSON.parse(job.error) as { kind?: string }).kind ?? "error") : undefined;
  const reason = job.state === "failed" ? `failed:${errorKind ?? "error"}` : job.state;
  sql(
    db,
    `INSERT OR IGNORE INTO ledger (job_id, quote_id, kind, amount, currency, platform, chat_id, user_id, payer, day, reason, at)
     SELECT job_id, quote_id, @kind, amount, currency, platform, chat_id, user_id, payer, day, @reason, @now
       FROM ledger WHERE job_id = @jobId AND kind = 'hold'`,
  ).run({ jobId, kind, reason, now });
}

/**
 * Closes every open hold whose job has already ended. Every state change closes its hold in its own
 * transaction; this sweep at start is the safety net for rows written before the ledger existed.
 */
export function closeEndedHolds(db: Db, now: number): number {
  const open = sql(
    db,
    `SELECT h.job_id FROM ledger h JOIN jobs j ON j.id = h.job_id
     WHERE h.kind = 'hold' AND j.state IN ('succeeded', 'unknown', 'failed', 'cancelled')
       AND NOT EXISTS (SELECT 1 FROM ledger c WHERE c.job_id = h.job_id AND c.kind IN ('settle', 'release'))`,
  )
    .pluck()
    .all() as string[];
  db.transaction(() => {
    for (const id of open) closeHold(db, id, now);
  })();
  return open.length;
}

/** What was spent (held or settled, not released) on `day`, by unit. */
export type Spent = Record<string, number>;

/** Spent by the user from their own budget on `day`. */
export function spentByUser(db: Db, input: { platform: string; userId: string; day: string }): Spent {
  return byUnit(
    sql(
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
    sql(
      db,
      `SELECT h.currency AS currency, SUM(h.amount) AS spent FROM ledger h
       WHERE h.kind = 'hold' AND h.platform = @platform AND h.chat_id = @chatId AND h.day = @day
         AND h.currency IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.job_id = h.job_id AND r.kind = 'release')
       GROUP BY h.currency`,
    ).all(input),
  );
}

function byUnit(rows: unknown[]): Spent {
  const out: Spent = {};
  for (const row of rows as { currency: string; spent: number }[]) out[row.currency] = roundAmount(row.spent);
  return out;
}

export interface SpendRow {
  platform: string;
  /** A user id or a chat id, by the query. */
  id: string;
  currency: string | null;
  spent: number;
  jobs: number;
}

/** Spent per user (all payers) and per chat on `day`, largest first: the admins' overview. */
export function spendingOn(db: Db, day: string, limit = 10): { users: SpendRow[]; chats: SpendRow[]; openHolds: number } {
  const query = (column: "user_id" | "chat_id") =>
    sql(
      db,
      `SELECT h.platform AS platform, h.${column} AS id, h.currency AS currency, SUM(h.amount) AS spent, COUNT(*) AS jobs
       FROM ledger h
       WHERE h.kind = 'hold' AND h.day = @day
         AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.job_id = h.job_id AND r.kind = 'release')
       GROUP BY h.platform, h.${column}, h.currency ORDER BY spent DESC, jobs DESC LIMIT @limit`,
    ).all({ day, limit }) as SpendRow[];
  const openHolds = sql(
    db,
    `SELECT COUNT(*) FROM ledger h WHERE h.kind = 'hold'
       AND NOT EXISTS (SELECT 1 FROM ledger c WHERE c.job_id = h.job_id AND c.kind IN ('settle', 'release'))`,
  ).pluck().get() as number;
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
    const row = db.prepare(`SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS amount FROM ledger h WHERE ${where}`).get() as {
      count: number;
      amount: number;
    };
    return { count: row.count, amount: roundAmount(row.amount) };
  };
  const anomalies = db
    .prepare(
      `SELECT job_id || ': ' || GROUP_CONCAT(kind) FROM ledger GROUP BY job_id
       HAVING SUM(kind = 'hold') != 1 OR SUM(kind IN ('settle', 'release')) > 1`,
    )
    .pluck()
    .all() as string[];
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

/** Runs a job's state change and closes its hold to match, in one transaction. */
export function changingState<T>(db: Db, jobId: string, now: number, change: () => T): T {
  return db.transaction(() => {
    const result = change();
    closeHold(db, jobId, now);
    return result;
  })();
}
