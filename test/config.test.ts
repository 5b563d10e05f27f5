import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("DATABASE_URL", () => {
  it("is optional: without it the SQLite file stays the store", () => {
    assert.equal(loadConfig({}).DATABASE_URL, undefined);
    assert.equal(loadConfig({ DATABASE_URL: "  " }).DATABASE_URL, undefined);
  });

  it("takes a postgres:// or postgresql:// URL", () => {
    assert.equal(loadConfig({ DATABASE_URL: "postgres://bot:pw@db:5432/reelsmith" }).DATABASE_URL, "postgres://bot:pw@db:5432/reelsmith");
    assert.equal(loadConfig({ DATABASE_URL: " postgresql://db/reelsmith?sslmode=require " }).DATABASE_URL, "postgresql://db/reelsmith?sslmode=require");
  });

  it("refuses any other URL by name, without repeating it (it may hold a password)", () => {
    for (const value of ["mysql://bot:hunter2@db/reelsmith", "bot:hunter2@db/reelsmith"]) {
      assert.throws(
        () => loadConfig({ DATABASE_URL: value }),
        (e: unknown) => e instanceof ConfigError && e.variable === "DATABASE_URL" && !e.message.includes("hunter2"),
      );
    }
  });
});
