/**
 * Typed prepared statements, cached per database. Preparing costs more than running the small
 * statements the jobs layer runs for every due job, so each SQL text is prepared once per
 * connection; the types say what a statement takes and what its rows look like, so callers need no
 * casts. The one unchecked step (that the SQL really returns `Row`) is here, next to the SQL text in
 * each repository.
 */
import type { Db } from "./database.ts";

/** Positional parameters as a tuple, or one object of named parameters. */
type Args<P> = P extends readonly unknown[] ? P : [P];

export interface Typed<P, Row> {
  get(...params: Args<P>): Row | undefined;
  all(...params: Args<P>): Row[];
  run(...params: Args<P>): { changes: number };
}

const caches = new WeakMap<Db, Map<string, unknown>>();

function cached<P, Row>(db: Db, key: string, text: string, pluck: boolean): Typed<P, Row> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let prepared = cache.get(key);
  if (!prepared) {
    prepared = pluck ? db.prepare(text).pluck() : db.prepare(text);
    cache.set(key, prepared);
  }
  return prepared as Typed<P, Row>;
}

/** A statement whose rows are objects of `Row`. */
export function statement<P, Row = never>(db: Db, text: string): Typed<P, Row> {
  return cached<P, Row>(db, text, text, false);
}

/** A statement whose rows are the value of its first column (better-sqlite3's pluck mode). */
export function column<P, Value>(db: Db, text: string): Typed<P, Value> {
  return cached<P, Value>(db, `pluck\u0000${text}`, text, true);
}
