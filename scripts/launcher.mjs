// Copied by scripts/build.mjs to each entry of dist/ (dist/main.js, dist/cli/*.js): runs the bundle
// beside it (main.js runs main.cjs) from V8's code cache. Compiling the bundle's megabytes of
// JavaScript is the largest single cost of a start, and Node 20 has no compile cache of its own
// (module.enableCompileCache came in Node 22.1), so the bundle is compiled with vm.Script, which
// takes and makes V8's cached data, and run with the arguments Node gives a CommonJS module.
//
// The cache is written when a process exits, after the bundle has run, so it holds the functions
// that the run compiled (a start's path, not only the top level), and rewritten only when a run
// compiled noticeably more than the cache held. It is kept beside the bundle, so a rebuild (which
// replaces dist/ whole) drops it; V8 refuses one made by another Node or for another source, and
// then it is made anew. Where dist/ is read-only the bot starts as fast as without one.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const filename = fileURLToPath(import.meta.url).replace(/\.js$/, ".cjs");
const cacheFile = `${filename}.cache`;
const GROWTH = 1.02;

const require = createRequire(filename);

// Node maps stack traces only for modules its own loader read, not for vm.Script: with
// --enable-source-maps the bundle is loaded as a plain CommonJS module (and not from the cache).
if (process.sourceMapsEnabled) require(filename);
else runCached();

function runCached() {
  let cached;
  try {
    cached = readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  // The wrapper on a line of its own, so the bundle's line numbers (and its source map) hold.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${readFileSync(filename, "utf8")}\n})`, {
    filename,
    lineOffset: -1,
    ...(cached ? { cachedData: cached } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const accepted = cached !== undefined && !script.cachedDataRejected;

  process.once("exit", () => {
    const temporary = `${cacheFile}.${process.pid}`;
    try {
      const data = script.createCachedData();
      if (accepted && data.length <= cached.length * GROWTH) return;
      // Renamed into place, so a process starting meanwhile never reads half a cache.
      writeFileSync(temporary, data);
      renameSync(temporary, cacheFile);
    } catch {
      rmSync(temporary, { force: true });
    }
  });

  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, filename, dirname(filename));
}
