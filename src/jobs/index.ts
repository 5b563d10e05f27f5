/**
 * The jobs layer: confirm once, submit once, follow every job to its end across restarts, deliver
 * once. `createJobs` wires the stages over one database; `start` runs them on timers, `tick` runs
 * one pass of each (tests and benchmarks drive it with their own clock).
 */
import type { ChatPort, ChatTarget, Platform } from "../ports/chat.ts";
import type { Catalog, ProviderId } from "../domain/catalog.ts";
import { budgetDay } from "../domain/budget.ts";
import type { Provider } from "../providers/provider.ts";
import type { Db } from "../store/database.ts";
import { cancelJobs, type CancelResult } from "./cancel.ts";
import { claimQuote, type ClaimContext, type ClaimResult } from "./claim.ts";
import { logTo, providerLabel, type JobsConfig, type JobsContext, type JobsLogger } from "./context.ts";
import { launchDeliveries } from "./delivery.ts";
import { createExpectations } from "./expectations.ts";
import { createQueuePositions } from "./fairness.ts";
import { closeEndedHolds, spendingOn, type SpendOverview } from "../store/jobs/ledger.ts";
import { releaseOwner } from "../store/jobs/leases.ts";
import { nudgeJob } from "../store/jobs/pushes.ts";
import { callbackJob } from "./callbacks.ts";
import { newestOpen, pendingIn, quoteOf } from "../store/jobs/rows.ts";
import { createLimiter } from "./limiter.ts";
import { lookupStatus, type LookupInput, type LookupResult } from "./lookup.ts";
import { launchPolls } from "./poller.ts";
import { createStatusLimits, DEFAULT_STATUS_LIMITS } from "./status-limits.ts";
import { createProgress } from "./progress.ts";
import { NO_LIMITS, spendView, type SpendRules, type SpendView, type Spender } from "./spending.ts";
import { launchSubmissions } from "./submitter.ts";
import { locateFfmpeg } from "./stitch.ts";
import { pruneExpired } from "../store/retention.ts";

export type { CancelResult } from "./cancel.ts";
export { locateFfmpeg } from "./stitch.ts";
export type { ClaimContext, ClaimResult } from "./claim.ts";
export type { SpendRefusal, SpendRules, SpendView, Spender } from "./spending.ts";
export type { SpendOverview, SpendRow } from "../store/jobs/ledger.ts";
export type { JobsConfig, JobsLogger } from "./context.ts";
export type { LookupInput, LookupResult } from "./lookup.ts";

/** One budget day's spending, as plain data. */
export interface DayOverview extends SpendOverview {
  /** The budget day, YYYY-MM-DD in the configured time zone. */
  day: string;
}

export interface JobsDeps {
  db: Db;
  providers: ReadonlyMap<ProviderId, Provider>;
  catalog: () => Catalog;
  ports: Partial<Record<Platform, ChatPort>>;
  now?: () => number;
  random?: () => number;
  config: JobsConfig;
  /** Budgets and the group payer policy; none given: nothing is limited. */
  spending?: SpendRules;
  /** ffmpeg for joining clips: a path, null for none, undefined to look it up on PATH. */
  ffmpeg?: string | null;
  log?: JobsLogger;
}

export interface Jobs {
  /**
   * The confirmation claim (synchronous): checks who pays and the budget, holds the quoted amount
   * and writes the jobs in one transaction; on success the submitter is woken.
   */
  confirm(quoteId: string, userId: string, context?: ClaimContext): ClaimResult;
  /** Who would pay for a confirmation by `who` and what remains of the budgets that apply today (the summary, /usage). */
  spendView(who: Spender): SpendView;
  /**
   * The admins' overview of today's spending (the budget day in BUDGET_TIMEZONE): the largest
   * spenders per user and per chat, and holds still open. `limit` rows per list, default 10.
   */
  overview(limit?: number): DayOverview;
  lookupStatus(input: LookupInput): Promise<LookupResult>;
  /**
   * Cancels a request: by job id or quote id and the presser's user id, or by chat target (the
   * request of `quoteId` when given, e.g. a Cancel pressed on an offer already confirmed; else the
   * target's user's newest open request in that chat).
   */
  cancel(ref: string, userId: string): Promise<CancelResult>;
  cancel(target: ChatTarget, quoteId?: string): Promise<CancelResult>;
  /** The quote a job came from (for "Again"); undefined for jobs picked up with /status. */
  quoteOf(jobId: string): string | undefined;
  /** Requests in a chat not yet delivered (the terminal chat waits for them before it exits). */
  pending(platform: Platform, chatId: string): number;
  /**
   * A push (webhook, callback) said `taskId` at `provider` may have ended: its job is polled at once
   * (the provider is asked; the push itself is not trusted). False when no followed job has that
   * task: nothing changes then.
   */
  nudge(provider: ProviderId, taskId: string): boolean;
  /**
   * A provider called a callback URL we gave it (`/hooks/<provider>?job=…&token=…`): the job it
   * names is polled at once when the token is ours: "nudged". "refused" for a token that is not
   * ours, "ignored" for a job no longer followed; neither changes anything.
   */
  callback(provider: ProviderId, query: URLSearchParams): "nudged" | "ignored" | "refused";
  /** Runs the stages on timers; the first pass also delivers whatever finished while we were down. */
  start(): void;
  /** Stops the timers, waits for work in flight (submissions are never cut off), frees this owner's leases. */
  stop(): Promise<void>;
  /** One pass of each stage in order (submit, poll, deliver, status messages), awaited. */
  tick(): Promise<void>;
}

/** How often retention runs after the pass at start. */
const RETENTION_INTERVAL_MS = 60 * 60_000;

export function createJobs(deps: JobsDeps): Jobs {
  const now = deps.now ?? Date.now;
  const log = logTo(deps.log);
  const config = deps.config;
  let abort = new AbortController();
  const progress = createProgress({
    db: deps.db,
    ports: deps.ports,
    now,
    intervalMs: config.progressEditIntervalMs,
    label: (p) => providerLabel(ctx, p),
    log,
    position: createQueuePositions(deps.db, now),
  });
  const ffmpeg = deps.ffmpeg === undefined ? locateFfmpeg() : (deps.ffmpeg ?? undefined);
  const ctx: JobsContext = {
    db: deps.db,
    providers: deps.providers,
    catalog: deps.catalog,
    ports: deps.ports,
    now,
    random: deps.random ?? Math.random,
    config,
    limiter: createLimiter(config.providerConcurrency),
    statusLimits: createStatusLimits(config.statusLimits ?? DEFAULT_STATUS_LIMITS, now),
    expectations: createExpectations(deps.db, deps.catalog),
    log,
    touch: (key) => progress.touch(key),
    get signal() {
      return abort.signal;
    },
    ...(ffmpeg ? { ffmpeg } : {}),
  };

  const inFlight = new Set<Promise<unknown>>();
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let retention: NodeJS.Timeout | undefined;

  /** RETENTION_DAYS: prunes what is kept only for a while (never jobs or the ledger); a failed pass is retried next hour. */
  function prune(): void {
    try {
      const pruned = pruneExpired(deps.db, { days: config.retentionDays ?? 0 }, now());
      if (Object.values(pruned).some((n) => n > 0)) log("retention_pruned", { ...pruned });
    } catch (error) {
      log("retention_failed", { error: error instanceof Error ? error.message : String(error) });
    }
  }
  const loopMs = Math.min(1000, Math.max(10, config.pollMinMs));

  function track(work: Promise<unknown>[]): void {
    for (const p of work) {
      inFlight.add(p);
      void p
        .finally(() => {
          inFlight.delete(p);
          if (started) wake(0);
        })
        .catch(() => undefined); // each stage logs its own failures
    }
  }

  /** Starts whatever is due without waiting for it; slots and leases keep passes from overlapping work. */
  function pump(): void {
    try {
      track([...launchSubmissions(ctx), ...launchPolls(ctx), ...launchDeliveries(ctx), progress.flush()]);
    } catch (error) {
      log("jobs_pass_failed", { error: error instanceof Error ? error.message : String(error) });
    }
  }

  function wake(ms: number): void {
    if (!started) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      pump();
      wake(loopMs);
    }, ms);
    timer.unref();
  }

  async function deliverNow(): Promise<void> {
    await Promise.all(launchDeliveries(ctx));
    await progress.flush();
  }

  return {
    confirm(quoteId, userId, context) {
      const result = claimQuote(deps.db, {
        quoteId,
        userId,
        now: now(),
        rules: deps.spending ?? NO_LIMITS,
        ...(context ? { context } : {}),
        ...(config.maxActivePerUser ? { maxActive: config.maxActivePerUser } : {}),
      });
      if (result.outcome === "claimed") wake(0);
      return result;
    },
    spendView(who) {
      return spendView(deps.db, deps.spending ?? NO_LIMITS, who, now());
    },
    overview(limit) {
      const day = budgetDay(now(), (deps.spending ?? NO_LIMITS).timeZone);
      return { day, ...spendingOn(deps.db, day, limit) };
    },
    lookupStatus(input) {
      return lookupStatus(ctx, input, deliverNow);
    },
    async cancel(refOrTarget: string | ChatTarget, userOrQuote?: string): Promise<CancelResult> {
      const target = typeof refOrTarget === "string" ? undefined : refOrTarget;
      const ref = target ? (userOrQuote ?? newestOpen(deps.db, target.platform, target.chatId, target.userId)) : (refOrTarget as string);
      const by = target ? target.userId : (userOrQuote ?? "");
      if (ref === undefined) return { outcome: "not_found" };
      const result = await cancelJobs(ctx, ref, by);
      await progress.flush();
      return result;
    },
    quoteOf(jobId) {
      return quoteOf(deps.db, jobId);
    },
    pending(platform, chatId) {
      // Jobs left at the hard deadline are the user's to continue; they do not hold anything open.
      return pendingIn(deps.db, platform, chatId);
    },
    nudge(provider, taskId) {
      const found = nudgeJob(deps.db, { provider, taskId }, now());
      if (found) wake(0);
      return found;
    },
    callback(provider, query) {
      const jobId = callbackJob(deps.db, provider, query);
      if (jobId === undefined) return "refused";
      if (!nudgeJob(deps.db, { provider, jobId }, now())) return "ignored";
      wake(0);
      return "nudged";
    },
    start() {
      if (started) return;
      started = true;
      closeEndedHolds(deps.db, now());
      // Leases this owner held before a restart belong to a process that is gone.
      releaseOwner(deps.db, config.ownerId);
      wake(0);
      if (config.retentionDays) {
        prune();
        retention = setInterval(prune, RETENTION_INTERVAL_MS);
        retention.unref();
      }
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (retention) clearInterval(retention);
      retention = undefined;
      abort.abort();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      abort = new AbortController();
      releaseOwner(deps.db, config.ownerId);
    },
    async tick() {
      await Promise.all(launchSubmissions(ctx));
      await Promise.all(launchPolls(ctx));
      await Promise.all(launchDeliveries(ctx));
      await progress.flush();
    },
  };
}
