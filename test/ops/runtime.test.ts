/**
 * What `npm start` and the image run: dist/, compiled from src/ by scripts/build.mjs (the prestart
 * hook), on Node alone with no TypeScript loader. The compiled bot and CLI read files from the
 * repository root at run time (locales/, migrations/), which must resolve from dist/ as from src/.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { readMigrations } from "../../src/store/database.ts";
import { BUILT, cleanEnv, converse, ROOT } from "../support/app.ts";

const DIST = join(ROOT, "dist");

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : name.endsWith(".js") ? [path] : [];
  });
}

describe("the compiled bot", () => {
  before(() => {
    const build = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--if-stale"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(build.status, 0, `${build.stdout}\n${build.stderr}`);
  });

  it("imports only JavaScript: every relative .ts specifier was rewritten", () => {
    const files = jsFiles(DIST);
    assert.ok(files.some((f) => f.endsWith(join("dist", "main.js"))));
    const left = files.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/(?:from\s+|import\()\s*"(\.{1,2}\/[^"]+)"/g)]
        .map((m) => m[1]!)
        .filter((spec) => !spec.endsWith(".js"))
        .map((spec) => `${file.slice(DIST.length + 1)}: ${spec}`),
    );
    assert.deepEqual(left, []);
  });

  it("holds a conversation in its locale's words and migrates a fresh database", async () => {
    const env = cleanEnv({});
    const run = await converse(env, ["I need a 20 second vertical video of a cat surfing"], 30_000, BUILT);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Estimated cost: free \(sandbox\)/, "replies come from locales/en");
    const db = new Database(env.DATABASE_PATH!, { readonly: true });
    try {
      assert.equal(db.pragma("user_version", { simple: true }), readMigrations().at(-1)!.version, "every file in migrations/ applied");
    } finally {
      db.close();
    }
  });

  it("starts past a broken code cache, and writes the run's own at exit", async () => {
    const cache = join(DIST, "main.cjs.cache");
    const broken = Buffer.from("not V8's cached data");
    writeFileSync(cache, broken);
    const run = await converse(cleanEnv({}), ["a 10 second video of a cat"], 30_000, BUILT);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Estimated cost: free \(sandbox\)|Which shape\?/);
    const written = readFileSync(cache);
    assert.ok(written.length > 100_000 && !written.equals(broken), "the exit wrote the run's compiled code");
  });

  it("runs the export-job command from dist/", () => {
    const env = cleanEnv({});
    const bot = spawnSync(process.execPath, [join(DIST, "cli", "export-job.js"), "no-such-job"], { cwd: ROOT, env, encoding: "utf8" });
    assert.equal(bot.status, 2, bot.stderr);
    assert.match(bot.stderr, /no database at /);
  });
});
