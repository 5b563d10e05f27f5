/**
 * The poll schedule: when to ask a provider about a running task next. Pure; time and randomness
 * come in as arguments, so a simulation can replay it exactly.
 *
 * Generations take minutes and finish around a time that is predictable per model, so polling every
 * few seconds from the start is mostly waste (platforms.md §5). The schedule checks once early (an
 * instant rejection should not wait minutes), polls sparsely while the task is young, densely
 * around the expected finish, then backs off by ×1.5 up to the cap. A server hint wins.
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
  /** The longest gap around the expected finish; default 7 s (about 6 s on average after jitter). */
  denseMs?: number;
}

export interface PollMoment {
  /** Time since the task was submitted. */
  elapsedMs: number;
  /** Polls made so far. */
  pollCount: number;
  expectation: Expectation;
  /** Retry-After / openai-poll-after-ms from the last answer. */
  hintMs?: number;
}

export const DEFAULT_EARLY_MS = 10_000;
export const DEFAULT_DENSE_MS = 7_000;
/** Share of an interval that is random: each wait is uniform in [¾·interval, interval]. */
const JITTER = 0.25;

/** Fewer samples than this and the catalog's typical time still decides. */
export const MIN_SAMPLES = 5;
/** With this many samples, the dense window follows their spread instead of ±30 %. */
export const SPREAD_SAMPLES = 10;

/**
 * The expectation from recent finished durations (newest first or any order) and the catalog's
 * typical time. The median resists a few stuck tasks; the observed spread, padded, replaces the
 * default ±30 % window once there is enough history, so a model that always takes 5–6 min is not
 * polled densely from 3.5 min on.
 */
export function expectationFrom(samplesMs: readonly number[], typicalMs: number): Expectation {
  const sorted = samplesMs.filter((s) => Number.isFinite(s) && s > 0).sort((a, b) => a - b);
  const expectedMs = sorted.length >= MIN_SAMPLES ? median(sorted) : typicalMs;
  const wide = { expectedMs, windowStartMs: 0.7 * expectedMs, windowEndMs: 1.3 * expectedMs };
  if (sorted.length < SPREAD_SAMPLES) return wide;
  const low = sorted[0] as number;
  const high = sorted[sorted.length - 1] as number;
  return {
    expectedMs,
    windowStartMs: Math.min(expectedMs, Math.max(0.5 * expectedMs, 0.95 * low)),
    windowEndMs: Math.min(2 * expectedMs, Math.max(1.05 * expectedMs, 1.05 * high)),
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
  const clamp = (ms: number) => Math.round(Math.min(maxMs, Math.max(minMs, ms)));
  if (moment.hintMs !== undefined && moment.hintMs > 0) return Math.round(Math.max(minMs, moment.hintMs));

  const dense = clamp(limits.denseMs ?? DEFAULT_DENSE_MS);
  const jitter = (interval: number) => interval * (1 - JITTER) + random() * interval * JITTER;
  const { elapsedMs } = moment;
  const { windowStartMs, windowEndMs } = moment.expectation;

  if (moment.pollCount === 0 && elapsedMs < windowStartMs) {
    return clamp(Math.min(limits.earlyMs ?? DEFAULT_EARLY_MS, windowStartMs - elapsedMs));
  }
  if (elapsedMs < windowStartMs) {
    // Sparse, but land on the window's start rather than overshoot into it.
    const untilWindow = windowStartMs - elapsedMs;
    return clamp(untilWindow <= maxMs ? untilWindow : jitter(maxMs));
  }
  if (elapsedMs <= windowEndMs) return clamp(jitter(dense));
  // Past the window: interval = dense + half the overrun is a ×1.5 geometric back-off that needs
  // no memory of the previous interval.
  return clamp(jitter(dense + 0.5 * (elapsedMs - windowEndMs)));
}

/** Whether a task is past its usual time (the moment to tell the user, once, that it still runs). */
export function isSlow(elapsedMs: number, expectation: Expectation): boolean {
  return elapsedMs > expectation.windowEndMs;
}
