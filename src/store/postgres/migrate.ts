/**
 * Applies migrations/postgres/*.sql at start: each file once, in its own transaction, recorded in
 * `schema_migrations`.
 *
 * Replicas of one deployment start together. The runner holds a session-level advisory lock for
 * the whole run, so a second replica waits on it, then finds every file recorded and applies
 * nothing; without it both would run `CREATE TABLE` and one would fail. The lock is released by
 * the server if this process dies, so a crashed start never blocks the next.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MigrationError, readMigrations } from "../database.ts";
import type { Pool } from "./pool.ts";

export const POSTGRES_MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "migrations", "postgres");

/** The advisory lock key of the migration run: one per database, any fixed 64-bit number no other code uses. */
export const MIGRATION_LOCK_KEY = 7_361_820_514_001;

type Migration = ReturnType<typeof readMigrations>[number];

/** Applies what is not yet recorded; returns how many files it applied (0 when up to date). */
export async function migrate(pool: Pool, migrations: Migration[] = readMigrations(POSTGRES_MIGRATIONS_DIR)): Promise<number> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      // Created under the lock: two replicas' CREATE TABLE IF NOT EXISTS can still collide.
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const done = new Set((await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
      let applied = 0;
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        try {
          await client.query("BEGIN");
          // No parameters: the simple protocol runs the file's several statements in one call.
          await client.query(m.sql);
          await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.file]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {
            broken = true;
          });
          throw new MigrationError(m.file, error);
        }
        applied++;
      }
      return applied;
    } finally {
      if (!broken) await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => (broken = true));
    }
  } finally {
    // A broken connection goes away with its lock instead of back to the pool.
    client.release(broken);
  }
}
