// `npm run build`: bundles src/ into plain JavaScript in dist/ with esbuild, so the bot runs on Node
// alone, with no compiler loaded at start. One file per entry instead of hundreds of modules: a
// start reads and compiles one bundle (from V8's code cache, see scripts/launcher.mjs) rather than
// resolving, reading and linking each module of the app and of its libraries. esbuild strips the
// types without checking them; `npm run typecheck` (and `npm test`) check them.
//
// `--if-stale` (the prestart hook) builds only when a source or a build setting is newer than the
// last build: a clean clone builds once on its first `npm start` (about a second), later starts pay
// a file walk of a few milliseconds, and an edited source is never run stale. Built at start rather
// than at install so `npm ci && npm test` (CI, which runs the sources with tsx) and
// `npm ci --omit=dev` (the image, which has no esbuild) never pay for it.
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "dist");
// Inside dist/ and written last, so an interrupted build is never taken for a finished one.
const STAMP = join(DIST, ".built");
const NEXT = join(ROOT, "dist.next");
const LOCK = join(ROOT, "dist.lock");
const LAUNCHER = join(ROOT, "scripts", "launcher.mjs");
const INPUTS = ["src", "tsconfig.json", "package.json", "scripts/build.mjs", "scripts/launcher.mjs"];
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

/** The entries: each becomes dist/<name>.cjs, the bundle, and dist/<name>.js, which runs it. */
const ENTRIES = ["main", "cli/export-job", "cli/discord-register"];
// Left to Node's own loading: native modules and binaries (better-sqlite3, @ffmpeg-installer), and
// libraries loaded only on demand whose files are many and whose load is not on the way to ready
// (pg for replicas, discord.js for its transport, undici for the first provider call).
const EXTERNAL = ["better-sqlite3", "pg", "discord.js", "@ffmpeg-installer/ffmpeg"];

/**
 * Modules find locales/ and migrations/ from their own URL, one or more folders above them. In the
 * bundle, `import.meta.url` becomes the URL the module had under tsc's layout (dist/store/database.js
 * for src/store/database.ts), so those paths resolve as they do from src/.
 */
function moduleUrls(outDir) {
  return {
    name: "module-urls",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const contents = readFileSync(args.path, "utf8");
        if (!contents.includes("import.meta.url")) return undefined;
        const place = relative(outDir, join(NEXT, relative(join(ROOT, "src"), args.path))).replace(/\.ts$/, ".js");
        return { contents: contents.replaceAll("import.meta.url", `__moduleUrl(${JSON.stringify(place)})`), loader: "ts" };
      });
    },
  };
}

/**
 * node-fetch (grammY's HTTP client on Node) takes `URL` from node:url and imports whatwg-url only
 * for runtimes without one; that import alone loads tr46's Unicode tables. The bundle gets Node's
 * URL under that name.
 */
const nodeUrl = {
  name: "whatwg-url-is-node-url",
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: "whatwg-url", namespace: "node-url" }));
    build.onLoad({ filter: /.*/, namespace: "node-url" }, () => ({ contents: 'module.exports = { URL: require("node:url").URL };', loader: "js" }));
  },
};

/**
 * franc-min turns its trigram tables into lookup objects when it is imported, some tens of
 * milliseconds of every start, though the language detector asks it only for a long message it
 * cannot settle by words. In the bundle the tables are built on the first call instead. The edit
 * is made only where franc-min's source reads as expected (6.x); otherwise it is left as it is.
 */
const lazyFranc = {
  name: "franc-tables-on-first-use",
  setup(build) {
    build.onLoad({ filter: /[\\/]franc-min[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const edits = [
        ["const numericData = {}\n\nfor (script in data) {", "const numericData = {}\nlet built = false\n\nfunction buildNumericData() {\nbuilt = true\nfor (script in data) {"],
        ["\n\n/**\n * Get the most probable language for the given value.", "\n}\n\n/**\n * Get the most probable language for the given value."],
        ["export function francAll(value, options = {}) {", "export function francAll(value, options = {}) {\n  if (!built) buildNumericData()"],
      ];
      if (!edits.every(([from]) => source.split(from).length === 2)) {
        return { contents: source, loader: "js", warnings: [{ text: "franc-min changed: its tables are built at import" }] };
      }
      return { contents: edits.reduce((text, [from, to]) => text.replace(from, to), source), loader: "js" };
    });
  },
};

async function bundle() {
  const { build: esbuild } = await import("esbuild");
  for (const entry of ENTRIES) {
    const outfile = join(NEXT, `${entry}.cjs`);
    const outDir = dirname(outfile);
    await esbuild({
      entryPoints: [join(ROOT, "src", `${entry}.ts`)],
      outfile,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external: EXTERNAL,
      plugins: [moduleUrls(outDir), nodeUrl, lazyFranc],
      banner: { js: '"use strict";\nconst __moduleUrl = (place) => require("node:url").pathToFileURL(require("node:path").join(__dirname, place)).href;' },
      // Smaller source to read and compile; names kept, so stack traces and `constructor.name`
      // (node-fetch checks an AbortSignal's) read as in the sources.
      minify: true,
      keepNames: true,
      // Not loaded unless asked for: NODE_OPTIONS=--enable-source-maps maps traces to src/.
      sourcemap: "linked",
      sourcesContent: false,
      logLevel: "warning",
    });
    copyFileSync(LAUNCHER, join(NEXT, `${entry}.js`));
  }
}

async function build() {
  try {
    createRequire(import.meta.url).resolve("esbuild");
  } catch {
    process.stderr.write(
      "dist/ is missing or older than src/, and esbuild is not installed to build it: run `npm install` " +
        "(with dev dependencies), then `npm run build`.\n",
    );
    return 1;
  }
  // From scratch into a folder of its own, so a failed build leaves the previous dist/ whole.
  rmSync(NEXT, { recursive: true, force: true });
  // The stamp carries the time the build began: a source saved while the build ran counts as newer.
  const began = new Date();
  try {
    await bundle();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    rmSync(NEXT, { recursive: true, force: true });
    return 1;
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
  code = ifStale && upToDate() ? 0 : await build();
} finally {
  rmSync(LOCK, { force: true });
}
process.exit(code);
