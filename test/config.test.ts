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

describe("BUDGET_TIMEZONE", () => {
  it("defaults to UTC and takes an IANA zone", () => {
    assert.equal(loadConfig({}).BUDGET_TIMEZONE, "UTC");
    assert.equal(loadConfig({ BUDGET_TIMEZONE: " UTC " }).BUDGET_TIMEZONE, "UTC");
    assert.equal(loadConfig({ BUDGET_TIMEZONE: "Europe/Berlin" }).BUDGET_TIMEZONE, "Europe/Berlin");
  });

  it("refuses a name that is no time zone", () => {
    for (const value of ["Mars/Olympus", "UTC+25"]) {
      assert.throws(
        () => loadConfig({ BUDGET_TIMEZONE: value }),
        (e: unknown) => e instanceof ConfigError && e.variable === "BUDGET_TIMEZONE" && /IANA time zone/.test(e.message),
      );
    }
  });
});

describe("PUBLIC_BASE_URL and OPENAI_WEBHOOK_SECRET", () => {
  it("are optional; the public address is an http(s) URL kept without its trailing slash", () => {
    assert.equal(loadConfig({}).PUBLIC_BASE_URL, undefined);
    assert.equal(loadConfig({}).OPENAI_WEBHOOK_SECRET, undefined);
    assert.equal(loadConfig({ PUBLIC_BASE_URL: " https://bot.example.com/ " }).PUBLIC_BASE_URL, "https://bot.example.com");
    assert.equal(loadConfig({ OPENAI_WEBHOOK_SECRET: " whsec_abc= " }).OPENAI_WEBHOOK_SECRET, "whsec_abc=");
  });

  it("refuses a public address that is not an http(s) URL, by name", () => {
    for (const value of ["bot.example.com", "ftp://bot.example.com"]) {
      assert.throws(() => loadConfig({ PUBLIC_BASE_URL: value }), (e: unknown) => e instanceof ConfigError && e.variable === "PUBLIC_BASE_URL");
    }
  });
});
