/**
 * What every benchmark returns and how the runner prints it: one row per metric, ours beside the
 * baseline measured in the same run, the ratio, the target and whether it was met.
 */
import { cpus, totalmem } from "node:os";

export interface Row {
  metric: string;
  ours: number;
  /** The same quantity for the baseline, measured in the same run; absent when there is none. */
  baseline?: number;
  unit: string;
  /** Shown as written, e.g. "≥ 0.8 ratio" or "≤ 5 ms". */
  target?: string;
  /** Undefined for rows that only inform. */
  pass?: boolean;
}

export interface BenchResult {
  name: string;
  /** What ran, in a sentence (sizes, the baseline). */
  setup: string;
  rows: Row[];
  /** Why a number is what it is; where a target is missed, by how much and why. */
  notes: string[];
}

/** Percentile by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

export const median = (values: readonly number[]): number => percentile(values, 0.5);

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function show(value: number | undefined): string {
  if (value === undefined) return "—";
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** ours / baseline, when both exist and the baseline is not zero. */
export function ratioOf(row: Row): number | undefined {
  if (row.baseline === undefined || row.baseline === 0) return undefined;
  return row.ours / row.baseline;
}

function verdict(row: Row): string {
  return row.pass === undefined ? "" : row.pass ? "pass" : "MISS";
}

export const HEADER = ["benchmark", "metric", "ours", "baseline", "ratio", "target", "pass/miss"] as const;

export function tableCells(results: readonly BenchResult[]): string[][] {
  return results.flatMap((r) =>
    r.rows.map((row) => [
      r.name,
      row.metric,
      `${show(row.ours)} ${row.unit}`,
      row.baseline === undefined ? "—" : `${show(row.baseline)} ${row.unit}`,
      ratioOf(row) === undefined ? "—" : `${show(ratioOf(row))}×`,
      row.target ?? "",
      verdict(row),
    ]),
  );
}

/** The table for a terminal: columns padded to width. */
export function textTable(results: readonly BenchResult[]): string {
  const rows = [[...HEADER], ...tableCells(results)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export function markdownTable(results: readonly BenchResult[]): string {
  const escape = (c: string) => c.replace(/\|/g, "\\|");
  return [
    `| ${HEADER.join(" | ")} |`,
    `|${HEADER.map(() => "---").join("|")}|`,
    ...tableCells(results).map((cells) => `| ${cells.map(escape).join(" | ")} |`),
  ].join("\n");
}

export function machine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? "unknown CPU";
  return `${cores.length} × ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version} on ${process.platform}/${process.arch}`;
}
