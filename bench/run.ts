/**
 * `npm run bench [-- name …] [-- --quick]`: runs the benchmarks (all, or the ones named), each in a
 * fresh process so one benchmark's heap and caches never colour another's numbers (the scale
 * benchmark measures this process's resident memory), then prints one table: metric, ours,
 * baseline, ratio, target, pass/miss. A full run (all four, normal sizes) also writes
 * bench/RESULTS.md with the date and the machine; the "## Analysis" section written by hand at the
 * end of that file is kept.
 *
 * `--child name` is the per-benchmark process: it prints its result as one JSON line on stdout.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { machine, markdownTable, textTable, type BenchResult } from "./report.ts";

const BENCHMARKS = {
  throughput: async (quick: boolean) =>
    (await import("./throughput.ts")).runThroughput(quick ? { chats: 5, updatesPerChat: 8, stepSamples: 16 } : {}),
  polling: async (quick: boolean) => (await import("./polling.ts")).runPolling(quick ? { jobs: 50, spreads: [0.1] } : {}),
  scale: async (quick: boolean) =>
    (await import("./scale.ts")).runScale(quick ? { jobs: 1000, conversations: 5000, due: [10, 100], smallJobs: 200, repeats: 1 } : {}),
  startup: async (quick: boolean) => (await import("./startup.ts")).runStartup(quick ? { runs: 2 } : {}),
} satisfies Record<string, (quick: boolean) => Promise<BenchResult>>;

type Name = keyof typeof BENCHMARKS;
const NAMES = Object.keys(BENCHMARKS) as Name[];
const RESULT_PREFIX = "BENCH_RESULT ";
const RESULTS_FILE = join(import.meta.dirname, "RESULTS.md");

function isName(value: string): value is Name {
  return (NAMES as string[]).includes(value);
}

async function child(name: Name, quick: boolean): Promise<void> {
  const result = await BENCHMARKS[name](quick);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

function runInChild(name: Name, quick: boolean): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    // --expose-gc: the scale benchmark reads the resident set after a full collection, so garbage the
    // loading itself left behind is not counted as the bot's memory.
    const args = ["--expose-gc", "--import", "tsx", join(import.meta.dirname, "run.ts"), "--child", name, ...(quick ? ["--quick"] : [])];
    const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    proc.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    proc.on("error", reject);
    proc.on("exit", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) return reject(new Error(`benchmark ${name} failed (exit ${code})`));
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult);
    });
  });
}

function resultsMarkdown(results: BenchResult[], seconds: number): string {
  const kept = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, "utf8") : "";
  const analysis = kept.indexOf("\n## Analysis");
  const lines = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC in ${Math.round(seconds)} s.`,
    `Machine: ${machine()}.`,
    "",
    "Every ratio is ours ÷ the baseline measured beside it in the same run. Re-run with `npm run bench`;",
    "one benchmark alone with `npm run bench -- throughput` (or `npm run bench:throughput`).",
    "",
    markdownTable(results),
    "",
    "## What ran",
    "",
    ...results.map((r) => `- **${r.name}**: ${r.setup}`),
    "",
    "## Notes from this run",
    "",
    ...results.flatMap((r) => r.notes.map((n) => `- **${r.name}**: ${n}`)),
  ];
  return `${lines.join("\n")}\n${analysis === -1 ? "" : kept.slice(analysis)}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const childAt = args.indexOf("--child");
  if (childAt !== -1) {
    const name = args[childAt + 1] ?? "";
    if (!isName(name)) throw new Error(`unknown benchmark "${name}"`);
    return child(name, quick);
  }
  const asked = args.filter((a) => !a.startsWith("--"));
  const unknown = asked.filter((a) => !isName(a));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(", ")}; choose from ${NAMES.join(", ")}`);
  const selected = asked.length > 0 ? (asked as Name[]) : NAMES;

  const started = performance.now();
  const results: BenchResult[] = [];
  for (const name of selected) {
    const t = performance.now();
    process.stderr.write(`running ${name}${quick ? " (quick)" : ""} …\n`);
    results.push(await runInChild(name, quick));
    process.stderr.write(`${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\n${textTable(results)}\n\n`);
  for (const r of results) for (const n of r.notes) process.stdout.write(`${r.name}: ${n}\n`);
  if (!quick && selected.length === NAMES.length) {
    writeFileSync(RESULTS_FILE, resultsMarkdown(results, seconds));
    process.stdout.write(`\nwritten to ${RESULTS_FILE}\n`);
  } else {
    process.stdout.write("\nbench/RESULTS.md is written by a full run only.\n");
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
