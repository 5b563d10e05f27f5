/**
 * Job rows as stored, and the few statements every stage shares: reading a row or its group,
 * turning a row into a chat target, and holding a lease while a slow call is in flight.
 */
import type { ChatTarget, Platform } from "../ports/chat.ts";
import type { ProviderId } from "../domain/catalog.ts";
import type { ImageRequest, TaskOutputs, VideoRequest } from "../providers/provider.ts";
import type { Statement } from "better-sqlite3";
import type { Db } from "../store/database.ts";
import type { JobsContext } from "./context.ts";

export type JobState = "submitting" | "queued" | "running" | "succeeded" | "failed" | "unknown" | "cancelled";

export const TERMINAL_STATES: readonly JobState[] = ["succeeded", "failed", "unknown", "cancelled"];

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** A GenerationRequest as stored: reference images are media ids, uploaded only when submitting. */
export type StoredRequest =
  | (Omit<VideoRequest, "images"> & { images: string[] })
  | (Omit<ImageRequest, "images"> & { images: string[] });

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
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement, cached per connection: preparing costs more than running the small
 * statements here, and the poller runs them for every due job. A given SQL text must always be
 * used the same way (plucked or not), since the cached statement keeps that mode.
 */
export function sql(db: Db, text: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

export interface JobError {
  kind: string;
  message: string;
}

export const EMPTY_OUTPUTS: TaskOutputs = { videos: [], images: [], thumbnails: [] };

export function outputsOf(row: JobRow): TaskOutputs {
  return row.outputs ? { ...EMPTY_OUTPUTS, ...(JSON.parse(row.outputs) as Partial<TaskOutputs>) } : EMPTY_OUTPUTS;
}

export function errorOf(row: JobRow): JobError | undefined {
  return row.error ? (JSON.parse(row.error) as JobError) : undefined;
}

export function targetOf(row: JobRow): ChatTarget {
  return {
    platform: row.platform,
    chatId: row.chat_id,
    userId: row.requester_id,
    language: row.language,
    ...(row.reply_to ? { replyTo: row.reply_to } : {}),
  };
}

/** The rows a user sees as one request: the segments of one quote, or a lone row. */
export function groupKey(row: Pick<JobRow, "id" | "quote_id">): string {
  return row.quote_id ?? row.id;
}

export function getJob(db: Db, id: string): JobRow | undefined {
  return sql(db, "SELECT * FROM jobs WHERE id = ?").get(id) as JobRow | undefined;
}

export function groupRows(db: Db, key: string): JobRow[] {
  return sql(db, "SELECT * FROM jobs WHERE quote_id = ? OR (quote_id IS NULL AND id = ?) ORDER BY segment_index").all(
    key,
    key,
  ) as JobRow[];
}

/** Frees a lease this owner holds; `set` adds column updates in the same statement. */
export function releaseLease(db: Db, id: string, owner: string, now: number, set: Record<string, unknown> = {}): void {
  const columns = Object.keys(set);
  const assignments = columns.map((c) => `${c} = @${c}`).join(", ");
  sql(
    db,
    `UPDATE jobs SET lease_owner = NULL, lease_until = NULL, updated_at = @now${assignments ? `, ${assignments}` : ""}
     WHERE id = @id AND lease_owner = @owner`,
  ).run({ ...set, id, owner, now });
}

/**
 * Renews this owner's leases on `ids` while `work` runs, so a call slower than the lease (a submit
 * may take a minute) is not taken over by another worker halfway.
 */
export async function holdingLease<T>(
  db: Db,
  ids: readonly string[],
  lease: { owner: string; ms: number; now: () => number },
  work: () => Promise<T>,
): Promise<T> {
  const renew = sql(db, "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ?");
  const timer = setInterval(() => {
    const until = lease.now() + lease.ms;
    for (const id of ids) renew.run(until, id, lease.owner);
  }, Math.max(5, Math.floor(lease.ms / 3)));
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}


/**
 * Claims candidate rows under a lease while their provider has a free slot, and starts `run` on
 * each. A run that throws releases its lease (with `onCrash`'s columns) instead of failing the job.
 */
export function launchLeased<C extends { id: string; provider: ProviderId }>(
  ctx: JobsContext,
  statements: { candidates: string; claim: string },
  limit: number,
  run: (row: JobRow) => Promise<void>,
  onCrash: { event: string; retryInMs?: number },
  options: {
    /** The order candidates get free slots in (default: the query's). */
    order?: (candidates: C[]) => C[];
    /** Told about each candidate left waiting because its provider had no free slot. */
    onBusy?: (candidate: C) => void;
  } = {},
): Promise<void>[] {
  const now = ctx.now();
  const found = sql(ctx.db, statements.candidates).all({ now, limit }) as C[];
  const candidates = options.order ? options.order(found) : found;
  const claim = sql(ctx.db, statements.claim);
  const work: Promise<void>[] = [];
  for (const c of candidates) {
    if (!ctx.limiter.tryAcquire(c.provider)) {
      options.onBusy?.(c);
      continue;
    }
    const row = claim.get({ id: c.id, owner: ctx.config.ownerId, until: now + ctx.config.leaseMs, now }) as JobRow | undefined;
    if (!row) {
      ctx.limiter.release(c.provider);
      continue;
    }
    work.push(
      run(row)
        .catch((error: unknown) => {
          ctx.log(onCrash.event, { jobId: row.id, error: String(error) });
          const later = onCrash.retryInMs === undefined ? undefined : { next_poll_at: ctx.now() + onCrash.retryInMs };
          releaseLease(ctx.db, row.id, ctx.config.ownerId, ctx.now(), later);
        })
        .finally(() => ctx.limiter.release(c.provider)),
    );
  }
  return work;
}
