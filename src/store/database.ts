/**
 * Opens the SQLite database: WAL with a busy timeout, synchronous=FULL because quotes and jobs are
 * a money ledger, and every numbered file in migrations/ applied once, each in its own transaction,
 * tracked with `user_version`.
 */
import Database from "better-sqlite3";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type Db = Database.Database;

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "migrations");

export class MigrationError extends Error {
  override readonly name = "MigrationError";
  constructor(readonly file: string, cause: unknown) {
    super(`migration ${file} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

interface Migration {
  version: number;
  file: string;
  sql: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((file) => ({ version: Number.parseInt(file, 10), file, sql: readFileSync(join(dir, file), "utf8") }))
    .sort((a, b) => a.version - b.version);
}

export function migrate(db: Db, migrations: Migration[] = readMigrations()): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  let applied = 0;
  for (const m of migrations) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (error) {
      throw new MigrationError(m.file, error);
    }
    applied++;
  }
  return applied;
}

export function openDatabase(path: string, options: { migrations?: Migration[] } = {}): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  // Migrations commit at NORMAL, without an fsync each (tens of milliseconds on a fresh database):
  // in WAL mode a power cut can then only lose the newest commits, never corrupt the file, and a lost
  // migration is applied again at the next start, since user_version is lost with it. The first
  // commit at FULL after them syncs the WAL, and them with it.
  db.pragma("synchronous = NORMAL");
  try {
    migrate(db, options.migrations);
  } finally {
    db.pragma("synchronous = FULL");
  }
  return db;
}
