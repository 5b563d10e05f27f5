// Runs every test file under test/ with node:test and fails when none ran: Node 20 neither expands
// globs for --test nor matches .ts files by default, so a bare `node --test` silently runs nothing.
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const only = process.argv.slice(2);
const files = (only.length > 0 ? only : findTests("test")).sort();
if (files.length === 0) {
  console.error("no test files found under test/");
  process.exit(1);
}

const summaryFile = join(tmpdir(), `reelsmith-tests-${process.pid}.tap`);
const child = spawn(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-reporter-destination=stdout",
   "--test-reporter=tap", `--test-reporter-destination=${summaryFile}`, ...files],
  { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_ENV: "test" } },
);
child.on("exit", async (code) => {
  const { readFileSync } = await import("node:fs");
  const tap = readFileSync(summaryFile, "utf8");
  const count = (key) => Number((tap.match(new RegExp(`^# ${key} (\\d+)$`, "m")) ?? [])[1] ?? 0);
  const tests = count("tests");
  const pass = count("pass");
  const fail = count("fail");
  const skipped = count("skipped");
  console.log(`\n${pass} passed, ${fail} failed, ${skipped} skipped`);
  if (tests === 0) {
    console.error("no test ran");
    process.exit(1);
  }
  process.exit(code ?? 1);
});
