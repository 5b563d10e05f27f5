import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { createExpectations } from "../../src/jobs/expectations.ts";
import { expectationFrom, isSlow, nextPollDelay, type Expectation, type ScheduleLimits } from "../../src/jobs/schedule.ts";
import { T0, seeded, testDb } from "./helpers.ts";

const LIMITS: ScheduleLimits = { minMs: 5_000, maxMs: 60_000 };
const E: Expectation = { expectedMs: 300_000, windowStartMs: 210_000, windowEndMs: 390_000 };
const at = (elapsedMs: number, pollCount = 3, hintMs?: number) =>
  nextPollDelay({ elapsedMs, pollCount, expectation: E, ...(hintMs !== undefined ? { hintMs } : {}) }, LIMITS, seeded(1));

describe("poll schedule", () => {
  it("checks once early, so an instant rejection is seen within seconds", () => {
    assert.equal(at(0, 0), 10_000);
  });

  it("polls sparsely while the task is young, gaps growing with its age, and lands on the start of the dense window", () => {
    assert.equal(at(10_000), 60_000, "at least POLL_MAX_INTERVAL_MS apart");
    assert.equal(at(60_000), 120_000, "twice the time waited so far");
    assert.equal(at(100_000), 110_000, "never past the window's start");
    assert.equal(at(190_000), 20_000, "the last sparse gap ends where the window starts");
  });

  it("polls densely around the expected finish", () => {
    for (const t of [210_000, 300_000, 390_000]) {
      const d = at(t);
      assert.ok(d >= 5_250 && d <= 7_000, `dense gap ${d} at ${t}`);
    }
  });

  it("backs off by about ×1.5 past the window, up to the cap", () => {
    const gaps: number[] = [];
    let t = 390_001;
    for (let i = 0; i < 12; i++) {
      const d = nextPollDelay({ elapsedMs: t, pollCount: 50 + i, expectation: E }, LIMITS, () => 1);
      gaps.push(d);
      t += d;
    }
    for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i]! >= gaps[i - 1]!, "never shrinks");
    assert.ok(gaps[1]! / gaps[0]! > 1.4 && gaps[1]! / gaps[0]! <= 1.5 + 1e-9, `growth ${gaps[1]! / gaps[0]!}`);
    assert.equal(gaps.at(-1), 60_000);
  });

  it("places the dense window on the learned distribution's quantiles: a wide spread widens it, a tight one narrows it", () => {
    const lognormal = (sigma: number) => Array.from({ length: 40 }, (_, i) => 300_000 * Math.exp(sigma * normalQuantile((i + 0.5) / 40)));
    const tight = expectationFrom(lognormal(0.05), 180_000);
    const wide = expectationFrom(lognormal(0.2), 180_000);
    assert.ok(Math.abs(tight.expectedMs - 300_000) < 2_000);
    // 3rd and 99.9th percentiles of the fitted log-normal.
    assert.ok(Math.abs(tight.windowStartMs / 300_000 - Math.exp(-1.88 * 0.05)) < 0.01, `start ${tight.windowStartMs}`);
    assert.ok(Math.abs(wide.windowStartMs / 300_000 - Math.exp(-1.88 * 0.2)) < 0.03, `start ${wide.windowStartMs}`);
    assert.ok(wide.windowEndMs / 300_000 > 1.7 && tight.windowEndMs / 300_000 < 1.2, `ends ${wide.windowEndMs} ${tight.windowEndMs}`);
  });

  it("follows a job past JOB_DEADLINE_MINUTES at a gap that widens with its age, up to 15 min", () => {
    const limits = { ...LIMITS, longAfterMs: 3_600_000 };
    const gap = (t: number) => nextPollDelay({ elapsedMs: t, pollCount: 99, expectation: E }, limits, () => 1);
    assert.equal(gap(3_000_000), 60_000, "before the deadline: the usual cap");
    assert.equal(gap(2 * 3_600_000), 360_000, "two hours in: a twentieth of the age");
    assert.equal(gap(20 * 3_600_000), 900_000, "capped at 15 min");
    // The rest of a day costs about a hundred calls, where the 60 s cap would make 1,380.
    let t = 3_600_000;
    let calls = 0;
    while (t < 24 * 3_600_000) {
      t += gap(t);
      calls++;
    }
    assert.ok(calls <= 120, `${calls} calls`);
  });

  it("with pushes, polls only as a safety net: once at the window's end, then at widening gaps", () => {
    const pushed = (elapsedMs: number, pollCount: number) => nextPollDelay({ elapsedMs, pollCount, expectation: E, pushed: true }, LIMITS, () => 1);
    assert.equal(pushed(0, 0), 390_000, "no early check, no dense window: the first poll is at the window's end");
    assert.equal(pushed(390_000, 1), 60_000);
    assert.equal(pushed(1_800_000, 5), 180_000, "a tenth of the age past the window");
  });

  it("lets a server hint win, and clamps everything else to the configured bounds", () => {
    assert.equal(at(300_000, 3, 2_500), 5_000, "a hint below the minimum is raised to it");
    assert.equal(at(300_000, 3, 90_000), 90_000, "a longer hint is honoured even above the maximum");
    const tight = nextPollDelay({ elapsedMs: 0, pollCount: 0, expectation: E }, { minMs: 20, maxMs: 200 }, seeded(1));
    assert.equal(tight, 200);
  });

  it("is deterministic for a given random source", () => {
    const run = () => [50_000, 250_000, 500_000].map((t) => nextPollDelay({ elapsedMs: t, pollCount: 4, expectation: E }, LIMITS, seeded(99)));
    assert.deepEqual(run(), run());
  });

  it("learns the expectation: typical time first, then the median, then the observed spread", () => {
    assert.equal(expectationFrom([100_000, 110_000], 180_000).expectedMs, 180_000, "too few samples");
    const five = expectationFrom([100_000, 110_000, 120_000, 130_000, 400_000], 180_000);
    assert.equal(five.expectedMs, 120_000, "median, not mean: one stuck task does not move it");
    assert.equal(five.windowStartMs, 0.7 * 120_000);
    const ten = expectationFrom(Array.from({ length: 10 }, (_, i) => 100_000 + i * 2_000), 180_000);
    assert.ok(ten.windowStartMs > 0.7 * ten.expectedMs, "a tight history narrows the window");
    assert.ok(isSlow(ten.windowEndMs + 1, ten) && !isSlow(ten.windowEndMs, ten), "slow means past the window's end");
  });

  it("reads the last finished durations of the model from the database, ignoring /status jobs", () => {
    const db = testDb();
    const insert = db.prepare(
      `INSERT INTO jobs (id, platform, chat_id, requester_id, language, kind, provider, model_id, request, state, origin,
         submitted_at, finished_at, created_at, updated_at)
       VALUES (?, 'terminal', 'c', 'u', 'en', 'video', 'creatok', 'doubao-seedance-2', '{}', ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < 25; i++) insert.run(`j${i}`, "succeeded", "bot", T0, T0 + (i < 5 ? 999_000 : 100_000 + i * 1_000), T0, T0);
    insert.run("s1", "succeeded", "status", T0, T0 + 5_000, T0, T0);
    insert.run("f1", "failed", "bot", T0, T0 + 1_000, T0, T0);
    const expectations = createExpectations(db, () => builtInCatalog);
    // The 25 runs: five stuck ones (999 s) and 105–124 s. The median ignores the stuck ones, and so
    // does the window placed on the learned spread.
    const learned = expectations.get("creatok", "doubao-seedance-2", "video");
    assert.equal(learned.expectedMs, 117_000);
    assert.ok(learned.windowStartMs > 90_000 && learned.windowEndMs < 160_000, `window ${learned.windowStartMs}–${learned.windowEndMs}`);
    assert.equal(expectations.get("creatok", "veo-3.1-exp", "video").expectedMs, 120_000, "the catalog's typical time without history");
  });
});

/** Φ⁻¹ by bisection on Φ. */
function normalQuantile(p: number): number {
  const phi = (z: number) => {
    // Zelen & Severo (A&S 26.2.17), |error| < 7.5e-8.
    const t = 1 / (1 + 0.2316419 * Math.abs(z));
    const d = 0.3989423 * Math.exp((-z * z) / 2);
    const q = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
    return z >= 0 ? 1 - q : q;
  };
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (phi(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Percentile by nearest rank. */
function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

interface Outcome {
  calls: number[];
  lags: number[];
}

/**
 * Replays a stream of jobs over five models whose true typical times span 2–10 min, each job's
 * duration log-normal around its model's (σ = `spread`). The catalog's starting guesses are off by
 * up to 25 %; the schedule learns from the detected durations, as the database would record them.
 */
function simulate(spread: number, jobs: number, seed: number): { adaptive: Outcome; fixed: Outcome } {
  const random = seeded(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const models = [120, 240, 360, 480, 600].map((s, i) => ({
    trueMs: s * 1000,
    catalogMs: s * 1000 * [1.25, 0.8, 1.1, 0.9, 1.2][i]!,
    history: [] as number[],
  }));
  const adaptive: Outcome = { calls: [], lags: [] };
  const fixed: Outcome = { calls: [], lags: [] };
  for (let j = 0; j < jobs; j++) {
    const model = models[j % models.length]!;
    const duration = model.trueMs * Math.exp(spread * gauss());
    const expectation = expectationFrom(model.history.slice(-40), model.catalogMs);
    let t = 0;
    let calls = 0;
    do {
      t += nextPollDelay({ elapsedMs: t, pollCount: calls, expectation }, LIMITS, random);
      calls++;
    } while (t < duration);
    adaptive.calls.push(calls);
    adaptive.lags.push(t - duration);
    model.history.push(t);
    const fixedCalls = Math.ceil(duration / 5_000);
    fixed.calls.push(fixedCalls);
    fixed.lags.push(fixedCalls * 5_000 - duration);
  }
  return { adaptive, fixed };
}

describe("poll schedule on a simulated 2–10 minute job mix", () => {
  const rows: Record<string, string | number>[] = [];
  const run = (label: string, spread: number) => {
    const { adaptive, fixed } = simulate(spread, 250, 42);
    const row = {
      mix: label,
      jobs: adaptive.calls.length,
      "calls/job adaptive": +mean(adaptive.calls).toFixed(1),
      "calls/job fixed 5 s": +mean(fixed.calls).toFixed(1),
      ratio: +(mean(adaptive.calls) / mean(fixed.calls)).toFixed(3),
      "lag p50 adaptive s": +(pct(adaptive.lags, 0.5) / 1000).toFixed(1),
      "lag p95 adaptive s": +(pct(adaptive.lags, 0.95) / 1000).toFixed(1),
      "lag p50 fixed s": +(pct(fixed.lags, 0.5) / 1000).toFixed(1),
      "lag p95 fixed s": +(pct(fixed.lags, 0.95) / 1000).toFixed(1),
    };
    rows.push(row);
    return { adaptive, fixed, ratio: row.ratio };
  };

  it("makes at most a quarter of fixed polling's calls with a p95 lag within 2 s of it when runs of a model vary ±5 %", () => {
    const { adaptive, fixed, ratio } = run("σ 5 %", 0.05);
    assert.ok(ratio <= 0.25, `ratio ${ratio}`);
    assert.ok(pct(adaptive.lags, 0.95) <= pct(fixed.lags, 0.95) + 2_000, `p95 lag ${pct(adaptive.lags, 0.95)} ms`);
  });

  it("makes under 30 % of the calls with a p95 lag within 2 s when runs vary ±10 %", () => {
    const { adaptive, fixed, ratio } = run("σ 10 %", 0.1);
    assert.ok(ratio <= 0.3, `ratio ${ratio}`);
    assert.ok(pct(adaptive.lags, 0.95) <= pct(fixed.lags, 0.95) + 2_000, `p95 lag ${pct(adaptive.lags, 0.95)} ms`);
  });

  it("makes about a third of the calls when runs vary ±20 %, at a longer tail lag", () => {
    const { adaptive, ratio } = run("σ 20 %", 0.2);
    assert.ok(ratio <= 0.4, `ratio ${ratio}`);
    assert.ok(pct(adaptive.lags, 0.95) <= 15_000, `p95 lag ${pct(adaptive.lags, 0.95)} ms`);
    console.log("\nStatus calls per job and delivery lag: adaptive schedule vs fixed 5 s polling");
    console.table(rows);
  });
});
