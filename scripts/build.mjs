// `npm run build`: compiles src/ to plain JavaScript in dist/ with tsc (tsconfig.build.json), so the
// bot runs on Node alone, with no compiler loaded at start. `--if-stale` (the prestart hook) builds
// only when a source or a build setting is newer than the last build: a clean clone builds once on
// its first `npm start`, later starts pay a file walk of a few milliseconds, and an edited source is
// never run stale. Built at start rather than at install so `npm ci && npm test` (CI, which runs
// the sources with tsx) and `npm ci --omit=dev` (the image, which has no tsc) never pay for it.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "dist");
// Inside dist/ and written last, so an interrupted build is never taken for a finished one.
const STAMP = join(DIST, ".built");
const NEXT = join(ROOT, "dist.next");
const LOCK = join(ROOT, "dist.lock");
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package.json"];
const ifStale = process.argv.includes("--if-stale");

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a removed or renamed file changes its folder's mtime
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function upToDate() {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.every((input) => newestMtime(join(ROOT, input)) <= built);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * One build at a time (test files run in parallel and more than one may start the bot): the lock
 * file holds the builder's pid, and a lock whose process is gone is taken over.
 */
function lock() {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      const fd = openSync(LOCK, "wx");
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(readFileSync(LOCK, "utf8").trim() || "0", 10);
    if (holder > 0 && !alive(holder)) rmSync(LOCK, { force: true });
    else Atomics.wait(sleeper, 0, 0, 100);
  }
}

function build() {
  let tsc;
  try {
    tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
  } catch {
    process.stderr.write(
      "dist/ is missing or older than src/, and TypeScript is not installed to build it: run `npm install` " +
        "(with dev dependencies), then `npm run build`.\n",
    );
    return 1;
  }
  // From scratch into a folder of its own, so a source removed from src/ leaves no module behind
  // and a failed build leaves the previous dist/ whole.
  rmSync(NEXT, { recursive: true, force: true });
  // The stamp carries the time the build began: a source saved while tsc ran counts as newer.
  const began = new Date();
  const result = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", NEXT], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) {
    rmSync(NEXT, { recursive: true, force: true });
    return result.status ?? 1;
  }
  writeFileSync(join(NEXT, ".built"), `${began.toISOString()}\n`);
  utimesSync(join(NEXT, ".built"), began, began);
  rmSync(DIST, { recursive: true, force: true });
  renameSync(NEXT, DIST);
  return 0;
}

if (ifStale && upToDate()) process.exit(0);
lock();
let code;
try {
  // Another process may have finished the same build while this one waited for the lock.
  code = ifStale && upToDate() ? 0 : build();
} finally {
  rmSync(LOCK, { force: true });
}
process.exit(code);
