/**
 * Temporary folders for tests, removed when the test file's process exits. The helpers that make
 * them (a harness's database, the clean environment a spawned bot gets) are called from many tests
 * with no test context to hang a `t.after` on, and each test file runs in a process of its own, so
 * the process's exit is the moment nothing can use them any more.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

process.once("exit", () => {
  for (const path of made) rmSync(path, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  made.push(path);
  return path;
}
