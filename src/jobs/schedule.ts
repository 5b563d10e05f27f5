/**
 * The poll schedule: when to ask a provider about a running task next. Pure; time and randomness
 * come in as arguments, so a simulation can replay it exactly.
 *
 * Generations take minutes and finish around a time that is predictable per model, so polling every
 * few seconds from the start is mostly waste (platforms.md §5). The schedule checks once early (an
 * instant rejection should not wait minutes), polls sparsely while the task is young, densely
 * over the window where the model's learned run times say it will most likely finish, then backs
 * off by ×1.5 up to the cap, and past JOB_DEADLINE_MINUTES at a gap that grows with the job's age
 * (until the provider's task retention, the poller's business). A server hint wins.
 */

/** What we expect of one provider+model: the usual duration and the window most tasks finish in. */
export interface Expectation {
  expectedMs: number;
  /** Dense polling runs from `windowStartMs` to `windowEndMs` after submission. */
  windowStartMs: number;
  windowEndMs: number;
}

export interface ScheduleLimits {
  /** POLL_MIN_INTERVAL_MS: no two polls of one task closer than this (a server hint excepted). */
  minMs: number;
  /** POLL_MAX_INTERVAL_MS: no gap longer than this. */
  maxMs: number;
  /** The early check after submission; default 10 s. */
  earlyMs?: number;
  /**
   * The longest gap around the expected finish; default 6.5 s (about 5.7 s on average after
   * jitter), so the p95 lag stays within fixed 5 s polling's (≈ 4.75 s) + 2 s with a 1 s pass.
   */
  denseMs?: number;
  /**
   * JOB_DEADLINE_MINUTES: past this a job is still followed, but at a gap that widens with its age
   * (a twentieth of it, up to `LONG_GAP_MAX_MS`) instead of at `maxMs`.
   */
  longAfterMs?: number;
}

export interface PollMoment {
  /** Time since the task was submitted. */
  elapsedMs: number;
  /** Polls made so far. */
  pollCount: number;
  expectation: Expectation;
  /** Retry-After / openai-poll-after-ms from the last answer. */
  hintMs?: number;
  /** The provider pushes task ends (verified webhooks, callbacks): polls are only a safety net. */
  pushed?: boolean;
}

export const DEFAULT_EARLY_MS = 10_000;
export const DEFAULT_DENSE_MS = 6_500;
/** Before the dense window a gap may stretch to this many times POLL_MAX_INTERVAL_MS (5 min at 60 s). */
export const SPARSE_STRETCH = 5;
/** The widest gap for a job past JOB_DEADLINE_MINUTES: a result found within 15 min of a day-long wait. */
export const LONG_GAP_MAX_MS = 15 * 60_000;
/** Share of an interval that is random: each wait is uniform in [¾·interval, interval]. */
const JITTER = 0.25;

/** Fewer samples than this and the catalog's typical time still decides. */
export const MIN_SAMPLES = 5;
/** With this many samples, the dense window is placed on the learned distribution's quantiles. */
export const SPREAD_SAMPLES = 10;

/**
 * Where the dense window sits on the learned run-time distribution: from its 3rd to its 99.9th
 * percentile (z-scores of the standard normal). Why these: the lag that matters is a percentile
 * (p95) over all jobs, and a poll at time t costs a call only for the jobs still running then. So
 * minimising expected calls for a given p95 lag is a linear programme whose optimum polls at the
 * dense gap wherever the completion hazard is high and hardly at all elsewhere: the lag budget (5 %
 * of jobs) is spent on the early tail, where every job would still pay for every poll, and the late
 * tail is kept dense because few jobs are left to pay for it. 3 % leaves room for the dense gap's
 * own jitter inside the 5 %.
 */
const Z_LOW = -1.88; // Φ⁻¹(0.03)
const Z_HIGH = 3.09; // Φ⁻¹(0.999)
/** The spread (σ of log run time) never assumed narrower than this: samples are detection times. */
const MIN_SIGMA = 0.015;

/**
 * The expectation from recent finished durations (any order) and the catalog's typical time.
 * Run times of one model are close to log-normal (a product of queue and render factors), so with
 * enough history the window is placed on a log-normal fitted robustly (the median for the centre,
 * a deviation that ignores outliers for the spread), so a few stuck tasks move neither. With less
 * history, the median (or the catalog's time) and a ±30 % window.
 */
export function expectationFrom(samplesMs: readonly number[], typicalMs: number): Expectation {
  const sorted = samplesMs.filter((s) => Number.isFinite(s) && s > 0).sort((a, b) => a - b);
  const expectedMs = sorted.length >= MIN_SAMPLES ? median(sorted) : typicalMs;
  if (sorted.length < SPREAD_SAMPLES) return { expectedMs, windowStartMs: 0.7 * expectedMs, windowEndMs: 1.3 * expectedMs };
  const logs = sorted.map((s) => Math.log(s));
  const centre = median(logs);
  // The spread: the standard deviation of log run times, after dropping outliers past four robust
  // σ (1.4826 × the median absolute deviation), so stuck tasks do not widen it; the plain deviation
  // is used for the rest because it is a steadier estimate than the MAD from a few dozen samples.
  const robust = 1.4826 * median(logs.map((l) => Math.abs(l - centre)).sort((a, b) => a - b));
  const kept = logs.filter((l) => Math.abs(l - centre) <= 4 * robust + 1e-9);
  const variance = kept.reduce((sum, l) => sum + (l - centre) ** 2, 0) / Math.max(1, kept.length - 1);
  const sigma = Math.max(MIN_SIGMA, Math.sqrt(variance));
  return {
    expectedMs,
    windowStartMs: Math.exp(centre + Z_LOW * sigma),
    windowEndMs: Math.exp(centre + Z_HIGH * sigma),
  };
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Milliseconds until the next poll.
 *
 * Jitter takes a quarter of each interval rather than all of it (full jitter): submissions are
 * already spread in time, so a little jitter keeps polls from bunching, while full jitter halves
 * the average gap and so roughly doubles the calls for the same delivery lag (measured in
 * test/jobs/schedule.test.ts).
 */
export function nextPollDelay(moment: PollMoment, limits: ScheduleLimits, random: () => number): number {
  const { minMs, maxMs } = limits;
  const clamp = (ms: number, max = maxMs) => Math.round(Math.min(max, Math.max(minMs, ms)));
  if (moment.hintMs !== undefined && moment.hintMs > 0) return Math.round(Math.max(minMs, moment.hintMs));

  const dense = clamp(limits.denseMs ?? DEFAULT_DENSE_MS);
  const jitter = (interval: number) => interval * (1 - JITTER) + random() * interval * JITTER;
  const { elapsedMs } = moment;
  const { windowStartMs, windowEndMs } = moment.expectation;

  if (moment.pushed) {
    // A push says when it ends, a failure included: no early check and no dense window. One poll
    // at the window's end (where all but 0.1 % have ended) catches a lost push, then a widening
    // gap (a tenth of the age, at least the cap) while the job runs on.
    if (elapsedMs < windowEndMs) return clamp(windowEndMs - elapsedMs, Math.max(maxMs, windowEndMs - elapsedMs));
    return Math.round(Math.max(maxMs, Math.min(LONG_GAP_MAX_MS, jitter(elapsedMs / 10))));
  }
  if (moment.pollCount === 0 && elapsedMs < windowStartMs) {
    return clamp(Math.min(limits.earlyMs ?? DEFAULT_EARLY_MS, windowStartMs - elapsedMs));
  }
  if (elapsedMs < windowStartMs) {
    // Sparse: a finish is unlikely before the window, so the gaps grow with the task's age (each
    // twice the time waited so far, at least `maxMs`, at most `SPARSE_STRETCH` × `maxMs`): an early
    // failure is still seen within twice the time already waited, at a few calls. The last gap
    // lands on the window's start.
    const untilWindow = windowStartMs - elapsedMs;
    const gap = Math.min(untilWindow, SPARSE_STRETCH * maxMs, Math.max(maxMs, 2 * elapsedMs));
    return clamp(gap, Math.max(maxMs, gap));
  }
  if (elapsedMs <= windowEndMs) return clamp(jitter(dense));
  if (limits.longAfterMs !== undefined && elapsedMs > limits.longAfterMs) {
    // Hours in a provider's queue: followed at a gap that grows with the age, so the rest of a day
    // costs about a hundred calls, not fourteen hundred.
    return Math.round(Math.max(maxMs, Math.min(LONG_GAP_MAX_MS, jitter(elapsedMs / 20))));
  }
  // Past the window: interval = dense + half the overrun is a ×1.5 geometric back-off that needs
  // no memory of the previous interval.
  return clamp(jitter(dense + 0.5 * (elapsedMs - windowEndMs)));
}

/** Whether a task is past its usual time (the moment to tell the user, once, that it still runs). */
export function isSlow(elapsedMs: number, expectation: Expectation): boolean {
  return elapsedMs > expectation.windowEndMs;
}
