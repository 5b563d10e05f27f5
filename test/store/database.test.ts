import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { MigrationError, migrate, openDatabase, readMigrations } from "../../src/store/database.ts";
import { tempDir } from "../support/temp.ts";

function tempPath(): string {
  return join(tempDir("reelsmith-db-"), "nested", "test.db");
}

describe("database", () => {
  it("creates the file, turns on WAL and applies every migration once", () => {
    const path = tempPath();
    const db = openDatabase(path);
    assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    assert.equal(db.pragma("synchronous", { simple: true }), 2);
    const last = readMigrations().at(-1)!.version;
    assert.equal(db.pragma("user_version", { simple: true }), last);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all() as string[];
    for (const t of ["conversations", "user_prefs", "quotes", "jobs", "media"]) assert.ok(tables.includes(t), t);
    db.close();
    const again = openDatabase(path);
    assert.equal(migrate(again), 0, "a second open applies nothing");
    again.close();
  });

  it("rolls a failing migration back whole and names the file", () => {
    const dir = tempDir("reelsmith-mig-");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "001_ok.sql"), "CREATE TABLE a (x INTEGER);");
    writeFileSync(join(dir, "002_bad.sql"), "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);");
    const db = openDatabase(":memory:", { migrations: [] });
    assert.throws(() => migrate(db, readMigrations(dir)), (e: unknown) => e instanceof MigrationError && e.file === "002_bad.sql");
    assert.equal(db.pragma("user_version", { simple: true }), 1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all() as string[];
    assert.ok(tables.includes("a"), "expected tables.includes(\"a\")");
    assert.ok(!tables.includes("b"), "the half-applied migration left nothing behind");
  });
});
