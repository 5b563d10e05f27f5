/**
 * What every stage of the jobs layer is given: the database, the providers, the chat ports, the
 * clock, the limits, and a way to say something to the requester of a job.
 */
import type { ChatPort, ChatTarget, Platform, Sent } from "../ports/chat.ts";
import type { Catalog, ProviderId } from "../domain/catalog.ts";
import type { Outbound } from "../domain/reply.ts";
import type { Provider } from "../providers/provider.ts";
import type { Db } from "../store/database.ts";
import type { Expectations } from "./expectations.ts";
import type { Limiter } from "./limiter.ts";
import type { StatusLimits } from "./status-limits.ts";
import { endDeliveriesIfUnreachable } from "./unreachable.ts";
import { nextPollDelay, type ScheduleLimits } from "./schedule.ts";
import type { JobRow } from "../store/jobs/rows.ts";

export interface JobsConfig {
  /** POLL_MIN_INTERVAL_MS. */
  pollMinMs: number;
  /** POLL_MAX_INTERVAL_MS. */
  pollMaxMs: number;
  /**
   * JOB_DEADLINE_MINUTES (default 60): past this a job is still followed, at a gap that widens with
   * its age, until its provider's task retention; only then is the user told how to continue.
   */
  hardDeadlineMs: number;
  /** How long a claim on a row lasts without renewal; a crashed worker's rows return after this. ≤ 30 s. */
  leaseMs: number;
  /** Calls in flight per provider from this process. */
  providerConcurrency: number | Partial<Record<ProviderId, number>>;
  /** At most one status-message edit per chat per this interval (Telegram allows about 20 per minute in groups). */
  progressEditIntervalMs: number;
  /** This process's name on leases; stable across restarts so a restart can reclaim its own rows at once. */
  ownerId: string;
  /** Dense-window poll interval; default 6.5 s. */
  pollDenseMs?: number;
  /** MAX_ACTIVE_JOBS_PER_USER: requests one person may have waiting or running at once; 0 or absent for no cap. */
  maxActivePerUser?: number;
  /** STATUS_LOOKUP: who may look up a task id the bot did not start; default admins. */
  statusLookup?: "admins" | "anyone";
  /** Per-user /status limits (STATUS_LOOKUPS_PER_MINUTE, STATUS_PROVIDER_CALLS_PER_HOUR); defaults 5 and 30. */
  statusLimits?: { lookupsPerMinute: number; providerCallsPerHour: number };
  /** RETENTION_DAYS: how long seen updates, closed quotes and buttons are kept; default 30, 0 keeps everything. */
  retentionDays?: number;
  /** PUBLIC_BASE_URL: where providers that take a callback URL are told to call (`/hooks/<provider>`). */
  publicBaseUrl?: string;
}

export type Log = (event: string, fields?: Record<string, unknown>) => void;

/** The part of a pino-style logger the jobs layer uses. */
export interface JobsLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Events that mean something went wrong (worth a warning); the rest are routine. */
const WARNINGS = /failed|crashed|refused|unknown/;

export function logTo(logger: JobsLogger | undefined): Log {
  if (!logger) return () => undefined;
  return (event, fields = {}) => (WARNINGS.test(event) ? logger.warn(fields, event) : logger.info(fields, event));
}

export interface JobsContext {
  db: Db;
  providers: ReadonlyMap<ProviderId, Provider>;
  catalog: () => Catalog;
  ports: Partial<Record<Platform, ChatPort>>;
  now: () => number;
  random: () => number;
  config: JobsConfig;
  limiter: Limiter;
  /** Per-person /status ceilings. */
  statusLimits: StatusLimits;
  expectations: Expectations;
  log: Log;
  /** Marks a job group as changed, so its status message is brought up to date. */
  touch(groupKey: string): void;
  /** Aborted by stop(): reads in flight end early; submissions are never aborted. */
  signal: AbortSignal;
  /** ffmpeg's path when multi-clip videos can be joined here; undefined delivers numbered clips. */
  ffmpeg?: string;
}

export function scheduleLimits(config: JobsConfig): ScheduleLimits {
  return {
    minMs: config.pollMinMs,
    maxMs: config.pollMaxMs,
    longAfterMs: config.hardDeadlineMs,
    ...(config.pollDenseMs !== undefined ? { denseMs: config.pollDenseMs } : {}),
  };
}

export class NoPortError extends Error {
  override readonly name = "NoPortError";
  constructor(readonly platform: Platform) {
    super(`no chat port for ${platform}`);
  }
}

/** Sends through the target's platform port; a chat found unreachable ends its deliveries before the error goes on. */
export async function send(ctx: JobsContext, to: ChatTarget, message: Outbound): Promise<Sent> {
  const port = ctx.ports[to.platform];
  if (!port) throw new NoPortError(to.platform);
  try {
    return await port.send(to, message);
  } catch (error) {
    endDeliveriesIfUnreachable(ctx.db, error, ctx.now(), ctx.log);
    throw error;
  }
}

/** Milliseconds until `row`'s next poll, `pollCount` polls in, with the provider's hint if it gave one. */
export function nextPollIn(ctx: JobsContext, row: JobRow, now: number, pollCount: number, hintMs?: number): number {
  const expectation = ctx.expectations.get(row.provider, row.model_id, row.kind);
  const elapsedMs = now - (row.submitted_at ?? now);
  const pushed = ctx.providers.get(row.provider)?.pushesCompletions === true;
  return nextPollDelay(
    { elapsedMs, pollCount, expectation, pushed, ...(hintMs !== undefined ? { hintMs } : {}) },
    scheduleLimits(ctx.config),
    ctx.random,
  );
}

/** How long a task is followed when its provider's contract does not say how long it keeps tasks. */
export const DEFAULT_TASK_RETENTION_MS = 24 * 3_600_000;

/** How long `provider` keeps a task answerable: its contract's figure, else 24 h. */
export function taskRetentionMs(ctx: JobsContext, provider: ProviderId): number {
  return ctx.providers.get(provider)?.taskRetentionMs ?? DEFAULT_TASK_RETENTION_MS;
}

export function providerLabel(ctx: JobsContext, id: ProviderId): string {
  return ctx.providers.get(id)?.label ?? id;
}
