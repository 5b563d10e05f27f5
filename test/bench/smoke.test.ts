/**
 * The benchmarks run end to end at tiny sizes and report numbers. Nothing here judges speed: the
 * numbers only have to exist, so a benchmark that breaks is noticed before `npm run bench`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runPolling } from "../../bench/polling.ts";
import { markdownTable, textTable, type BenchResult } from "../../bench/report.ts";
import { runScale } from "../../bench/scale.ts";
import { runStartup } from "../../bench/startup.ts";
import { runThroughput } from "../../bench/throughput.ts";

function assertNumbers(result: BenchResult): void {
  assert.ok(result.rows.length > 0, `${result.name} reported no rows`);
  for (const row of result.rows) {
    assert.ok(Number.isFinite(row.ours), `${result.name} "${row.metric}" ours = ${row.ours}`);
    if (row.baseline !== undefined) assert.ok(Number.isFinite(row.baseline), `${result.name} "${row.metric}" baseline = ${row.baseline}`);
    if (row.target !== undefined) assert.equal(typeof row.pass, "boolean", `${result.name} "${row.metric}" has a target but no verdict`);
  }
  assert.match(textTable([result]), new RegExp(result.name));
  assert.match(markdownTable([result]), /^\| benchmark \| metric \|/);
}

describe("benchmarks at tiny sizes", () => {
  it("polling compares the job schedule with fixed polling and reports calls and lag", async () => {
    const result = await runPolling({ jobs: 20, spreads: [0.1] });
    assertNumbers(result);
    const calls = result.rows.find((r) => r.metric.startsWith("status calls per job"))!;
    assert.ok(calls.ours > 0 && calls.baseline! > 0, "both policies made status calls");
  });

  it("scale loads jobs and conversations and times poller passes by due count", async () => {
    const result = await runScale({ jobs: 100, conversations: 200, due: [2, 10], smallJobs: 50, repeats: 1 });
    assertNumbers(result);
    assert.ok(result.rows.some((r) => /resident memory/.test(r.metric) && r.target !== undefined));
  });

  it("startup times the real bot to its ready line against a node baseline", async () => {
    const result = await runStartup({ runs: 1 });
    assertNumbers(result);
    assert.ok(result.rows[0]!.ours > result.rows[0]!.baseline!, "the bot takes longer than an empty node process");
  });

  it("throughput drives the full bot and the echo bot through the fake Bot API", async () => {
    const result = await runThroughput({ chats: 2, updatesPerChat: 8, stepSamples: 8 });
    assertNumbers(result);
    assert.deepEqual(result.notes.filter((n) => /never finished/.test(n)), [], "every update was handled");
  });
});
