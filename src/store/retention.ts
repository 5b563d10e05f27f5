/**
 * Retention (RETENTION_DAYS): what the bot keeps only for a while. Seen update ids, offers that can
 * no longer be confirmed (expired, cancelled, replaced, or pending past their expiry), button
 * payloads and idle conversations go after `days`; pictures of briefs never confirmed after one
 * day, every picture after `days`. Job rows and the ledger are kept: they are the money's record.
 *
 * Each table is pruned in small batches, each its own short transaction, so a pass never holds
 * the write lock for long while updates keep arriving. Freed pages are reused by new rows, so the
 * file stops growing once the churn and the pruning balance.
 */
import type { Db } from "./database.ts";
import { column, statement } from "./statement.ts";

export interface RetentionRules {
  /** RETENTION_DAYS; 0 keeps everything. */
  days: number;
  /** Pictures no confirmed job (or open offer) uses go after this; default one day. */
  unconfirmedMediaMs?: number;
}

export interface Pruned {
  updates: number;
  quotes: number;
  buttons: number;
  conversations: number;
  media: number;
}

const DAY = 24 * 60 * 60_000;
const BATCH = 500;

/** Deletes in batches of BATCH rows until none is left (`select` returns rowids). */
function inBatches(db: Db, table: string, select: string, params: Record<string, number>): number {
  const del = statement<Record<string, number>, never>(db, `DELETE FROM ${table} WHERE rowid IN (${select} LIMIT ${BATCH})`);
  let total = 0;
  for (;;) {
    const { changes } = db.transaction(() => del.run(params))();
    total += changes;
    if (changes < BATCH) return total;
  }
}

export function pruneExpired(db: Db, rules: RetentionRules, now: number): Pruned {
  const none = { updates: 0, quotes: 0, buttons: 0, conversations: 0, media: 0 };
  if (rules.days <= 0) return none;
  const cutoff = now - rules.days * DAY;
  const mediaCutoff = Math.max(cutoff, now - (rules.unconfirmedMediaMs ?? DAY));
  const at = { cutoff, now };
  return {
    updates: inBatches(db, "processed_updates", "SELECT rowid FROM processed_updates WHERE seen_at < @cutoff", at),
    quotes: inBatches(
      db,
      "quotes",
      `SELECT q.rowid FROM quotes q WHERE q.created_at < @cutoff
         AND (q.state IN ('expired', 'cancelled', 'superseded') OR (q.state = 'pending' AND q.expires_at <= @now))
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.quote_id = q.id)`,
      at,
    ),
    buttons: inBatches(db, "button_actions", "SELECT rowid FROM button_actions WHERE created_at < @cutoff", at),
    conversations: inBatches(db, "conversations", "SELECT rowid FROM conversations WHERE updated_at < @cutoff", at),
    media: pruneMedia(db, cutoff, mediaCutoff, now),
  };
}

/** Pictures past `cutoff` go; those past `unusedCutoff` go unless a job or an open offer uses them. */
function pruneMedia(db: Db, cutoff: number, unusedCutoff: number, now: number): number {
  const old = inBatches(db, "media", "SELECT rowid FROM media WHERE created_at < @cutoff", { cutoff });
  const candidates = statement<[number], { id: string; created_at: number }>(
    db,
    "SELECT id, created_at FROM media WHERE created_at < ? ORDER BY created_at",
  ).all(unusedCutoff);
  if (candidates.length === 0) return old;
  // A job uses a picture uploaded before it; the oldest candidate bounds which jobs to read.
  const used = new Set([
    ...column<[number], string>(
      db,
      `SELECT DISTINCT i.value FROM jobs j, json_each(j.request, '$.images') i
       WHERE j.created_at >= ? AND j.request LIKE '%"images":["%'`,
    ).all(candidates[0]!.created_at),
    ...column<[number], string>(
      db,
      `SELECT DISTINCT json_extract(i.value, '$.id') FROM quotes q, json_each(q.brief, '$.referenceImages') i
       WHERE q.state = 'pending' AND q.expires_at > ?`,
    ).all(now),
  ]);
  const unused = candidates.filter((m) => !used.has(m.id)).map((m) => m.id);
  const del = statement<[string], never>(db, "DELETE FROM media WHERE id = ?");
  for (let i = 0; i < unused.length; i += BATCH) {
    db.transaction(() => {
      for (const id of unused.slice(i, i + BATCH)) del.run(id);
    })();
  }
  return old + unused.length;
}
