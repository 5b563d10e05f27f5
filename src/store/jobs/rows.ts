/**
 * Job rows as stored, and the reads every stage shares.
 *
 * The modules in store/jobs/ are the jobs layer's whole use of storage: one function per operation,
 * taking plain values and returning plain data, each one statement or one transaction that never
 * waits on anything outside the database. So a second engine (PostgreSQL) can implement the same
 * operations one by one, and the SQL the jobs layer depends on is all in this folder.
 */
import type { Platform } from "../../ports/chat.ts";
import type { ProviderId } from "../../domain/catalog.ts";
import type { Db } from "../database.ts";
import { column, statement } from "../statement.ts";

export type JobState = "submitting" | "queued" | "running" | "succeeded" | "failed" | "unknown" | "cancelled";

export const TERMINAL_STATES: readonly JobState[] = ["succeeded", "failed", "unknown", "cancelled"];

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}

export interface JobRow {
  id: string;
  quote_id: string | null;
  segment_index: number;
  segment_count: number;
  platform: Platform;
  chat_id: string;
  requester_id: string;
  language: string;
  reply_to: string | null;
  kind: "video" | "image";
  provider: ProviderId;
  model_id: string;
  request: string;
  state: JobState;
  task_id: string | null;
  progress: number | null;
  outputs: string | null;
  error: string | null;
  raw_submit: string | null;
  raw_status: string | null;
  origin: "bot" | "status";
  submit_started_at: number | null;
  submit_attempts: number;
  lease_owner: string | null;
  lease_until: number | null;
  next_poll_at: number | null;
  poll_count: number;
  deadline_at: number | null;
  status_message_id: string | null;
  status_edited_at: number | null;
  told_slow_at: number | null;
  submitted_at: number | null;
  finished_at: number | null;
  delivered_at: number | null;
  delivery_message_id: string | null;
  created_at: number;
  updated_at: number;
  told_deadline_at: number | null;
  step_attempts: number;
  /** Delivery ended without reaching the chat (unreachable, or out of send attempts); set with delivered_at. */
  delivery_failed_at: number | null;
  delivery_error: string | null;
  /** The shot this one starts from (its last frame is this one's first frame); not due before that one succeeded. */
  after_job_id: string | null;
}

/** The rows of one request: the segments of one quote, or a lone row (its key is the quote id or the job id). */
export const GROUP_WHERE = "quote_id = @key OR (quote_id IS NULL AND id = @key)";

export function getJob(db: Db, id: string): JobRow | undefined {
  return statement<[string], JobRow>(db, "SELECT * FROM jobs WHERE id = ?").get(id);
}

export function groupRows(db: Db, key: string): JobRow[] {
  return statement<{ key: string }, JobRow>(db, `SELECT * FROM jobs WHERE ${GROUP_WHERE} ORDER BY segment_index`).all({ key });
}

/** By job id, else by provider task id (the newest job with it). */
export function findJob(db: Db, ref: string): JobRow | undefined {
  return (
    getJob(db, ref) ??
    statement<[string], JobRow>(db, "SELECT * FROM jobs WHERE task_id = ? ORDER BY created_at DESC LIMIT 1").get(ref)
  );
}

/** The quote a job came from; undefined for an unknown job or one picked up with /status. */
export function quoteOf(db: Db, jobId: string): string | undefined {
  return column<[string], string | null>(db, "SELECT quote_id FROM jobs WHERE id = ?").get(jobId) ?? undefined;
}

/** Undelivered requests in a chat; jobs left at the hard deadline are the user's and do not count. */
export function pendingIn(db: Db, platform: Platform, chatId: string): number {
  return (
    column<[string, string], number>(
      db,
      `SELECT COUNT(*) FROM jobs WHERE platform = ? AND chat_id = ? AND delivered_at IS NULL
         AND state != 'cancelled' AND told_deadline_at IS NULL`,
    ).get(platform, chatId) ?? 0
  );
}

/** The group key of a user's newest open request in a chat. */
export function newestOpen(db: Db, platform: Platform, chatId: string, userId: string): string | undefined {
  const row = statement<[string, string, string], Pick<JobRow, "id" | "quote_id">>(
    db,
    `SELECT id, quote_id FROM jobs WHERE platform = ? AND chat_id = ? AND requester_id = ?
       AND state IN ('submitting', 'queued', 'running') ORDER BY created_at DESC LIMIT 1`,
  ).get(platform, chatId, userId);
  return row ? (row.quote_id ?? row.id) : undefined;
}

/** Who a task started through the bot belongs to: the requester and chat of every bot job holding the id. */
export function ownersOfTask(db: Db, taskId: string): Pick<JobRow, "provider" | "platform" | "chat_id" | "requester_id">[] {
  return statement<[string], Pick<JobRow, "provider" | "platform" | "chat_id" | "requester_id">>(
    db,
    "SELECT DISTINCT provider, platform, chat_id, requester_id FROM jobs WHERE task_id = ? AND origin = 'bot'",
  ).all(taskId);
}

/** The providers whose jobs already hold this task id. */
export function providersOfTask(db: Db, taskId: string): ProviderId[] {
  return column<[string], ProviderId>(db, "SELECT DISTINCT provider FROM jobs WHERE task_id = ?").all(taskId);
}

/** The newest undelivered job following this task in this chat. */
export function followingInChat(db: Db, provider: ProviderId, taskId: string, platform: Platform, chatId: string): JobRow | undefined {
  return statement<[string, string, string, string], JobRow>(
    db,
    `SELECT * FROM jobs WHERE provider = ? AND task_id = ? AND platform = ? AND chat_id = ? AND delivered_at IS NULL
     ORDER BY created_at DESC LIMIT 1`,
  ).get(provider, taskId, platform, chatId);
}

/** Whether some job already adopted this provider task. */
export function taskAdopted(db: Db, provider: ProviderId, taskId: string): boolean {
  return column<[string, string], number>(db, "SELECT 1 FROM jobs WHERE provider = ? AND task_id = ?").get(provider, taskId) !== undefined;
}
