import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MigrationError, openDatabase, readMigrations } from "../../../src/store/database.ts";
import { migrate, POSTGRES_MIGRATIONS_DIR } from "../../../src/store/postgres/migrate.ts";
import type { Pool } from "../../../src/store/postgres/pool.ts";
import { freshForEachTest, testPostgres } from "../../support/postgres.ts";

const postgres = await testPostgres();

interface Column {
  table: string;
  column: string;
  notNull: boolean;
  type: string;
}

function sqliteSchema(): { columns: Column[]; indexes: string[] } {
  const db = openDatabase(":memory:");
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const columns = tables.flatMap((table) =>
      (db.pragma(`table_info(${table})`) as Array<{ name: string; type: string; notnull: number; pk: number }>).map((c) => ({
        table,
        column: c.name,
        // A SQLite PRIMARY KEY column takes NULL unless declared NOT NULL; PostgreSQL's never does.
        notNull: c.notnull === 1 || c.pk > 0,
        type: c.type,
      })),
    );
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[];
    return { columns, indexes };
  } finally {
    db.close();
  }
}

async function postgresSchema(pool: Pool): Promise<{ columns: Column[]; indexes: string[] }> {
  const columns = await pool.query<Column>(
    `SELECT table_name AS table, column_name AS column, is_nullable = 'NO' AS "notNull", data_type AS type
     FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'`,
  );
  // Indexes made by PRIMARY KEY and UNIQUE constraints are named by each engine its own way.
  const indexes = await pool.query<{ name: string }>(
    `SELECT i.indexname AS name FROM pg_indexes i
     WHERE i.schemaname = current_schema()
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
     ORDER BY 1`,
  );
  return { columns: columns.rows, indexes: indexes.rows.map((r) => r.name) };
}

/** What each SQLite declared type may become (see migrations/postgres/README.md). */
const TRANSLATIONS: Record<string, string[]> = {
  INTEGER: ["integer", "bigint"],
  REAL: ["double precision"],
  TEXT: ["text"],
  BLOB: ["bytea"],
};

async function applied(pool: Pool): Promise<Array<{ version: number; name: string }>> {
  return (await pool.query<{ version: number; name: string }>("SELECT version, name FROM schema_migrations ORDER BY version")).rows;
}

describe("PostgreSQL migrations", { skip: postgres.skip }, () => {
  const t = freshForEachTest(postgres);

  it("translates every SQLite migration, under the same number and name", () => {
    const names = (dir?: string) => readMigrations(dir).map((m) => m.file);
    assert.deepEqual(names(POSTGRES_MIGRATIONS_DIR), names());
  });

  it("applies every migration on an empty database, ending with the SQLite schema's tables, columns and indexes", async () => {
    const count = readMigrations(POSTGRES_MIGRATIONS_DIR).length;
    assert.equal(await migrate(t.pool), count);
    assert.deepEqual(
      (await applied(t.pool)).map((m) => m.name),
      readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.file),
    );

    const sqlite = sqliteSchema();
    const pg = await postgresSchema(t.pool);
    const key = (c: Column) => `${c.table}.${c.column}`;
    const byKey = new Map(pg.columns.map((c) => [key(c), c]));
    assert.deepEqual([...byKey.keys()].sort(), sqlite.columns.map(key).sort(), "the same tables and columns");
    for (const column of sqlite.columns) {
      const translated = byKey.get(key(column))!;
      assert.equal(translated.notNull, column.notNull, `${key(column)} nullability`);
      // progress keeps fractional percentages (see 001_initial.sql).
      const allowed = key(column) === "jobs.progress" ? ["double precision"] : TRANSLATIONS[column.type];
      assert.ok(allowed?.includes(translated.type), `${key(column)}: ${column.type} became ${translated.type}`);
    }
    assert.deepEqual(pg.indexes, sqlite.indexes, "the same indexes");
  });

  it("applies nothing when run again", async () => {
    await migrate(t.pool);
    const before = await applied(t.pool);
    assert.equal(await migrate(t.pool), 0);
    assert.deepEqual(await applied(t.pool), before);
  });

  it("applies each migration once when three replicas start at the same moment", async () => {
    const pools = [t.db.pool(), t.db.pool(), t.db.pool()];
    const counts = await Promise.all(pools.map((p) => migrate(p)));
    const files = readMigrations(POSTGRES_MIGRATIONS_DIR);
    assert.equal(counts.reduce((a, b) => a + b, 0), files.length, `applied per runner: ${counts.join(", ")}`);
    assert.deepEqual((await applied(pools[0]!)).map((m) => m.version), files.map((m) => m.version));
    // The lock is released: a later start takes it again at once.
    assert.equal(await migrate(pools[1]!), 0);
  });

  it("rolls a failing migration back whole, names the file, and applies it at the next start once fixed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reelsmith-pgmig-"));
    try {
      writeFileSync(join(dir, "001_ok.sql"), "CREATE TABLE a (x INTEGER);");
      writeFileSync(join(dir, "002_bad.sql"), "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);");
      await assert.rejects(migrate(t.pool, readMigrations(dir)), (e: unknown) => e instanceof MigrationError && e.file === "002_bad.sql");
      assert.deepEqual((await applied(t.pool)).map((m) => m.version), [1]);
      const tables = (await t.pool.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()")).rows.map((r) => r.t);
      assert.ok(tables.includes("a"), "the good migration stays");
      assert.ok(!tables.includes("b"), "the half-applied migration left nothing behind");

      writeFileSync(join(dir, "002_bad.sql"), "CREATE TABLE b (x INTEGER);");
      assert.equal(await migrate(t.pool, readMigrations(dir)), 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
