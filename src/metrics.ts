/**
 * Prometheus metrics. Counts are taken at three seams that every platform and provider already
 * passes through (the conversation runner's `handle`, a provider's methods, a chat port's calls), so no
 * transport or provider has to know about metrics; what the database already knows (jobs by
 * state, how late the poller is, deliveries) is read from it at scrape time instead of being
 * counted twice. Each `createMetrics` has its own registry: nothing global, nothing at import.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ConversationRunner } from "./app/conversation.ts";
import type { ChatPort } from "./ports/chat.ts";
import { ProviderError, type Provider } from "./providers/provider.ts";
import type { Db } from "./store/database.ts";

/** Every state the jobs table allows, so a state with no rows reads 0 rather than vanishing. */
const JOB_STATES = ["submitting", "queued", "running", "succeeded", "failed", "unknown", "cancelled"] as const;

const PROVIDER_METHODS = ["capabilities", "upload", "submit", "status", "download", "remix", "cancel", "list"] as const;
const PORT_METHODS = ["send", "edit", "activity"] as const;

export type UpdateOutcome = "handled" | "duplicate" | "dropped" | "failed";

export interface MetricsDeps {
  /** Read at scrape time for jobs by state, poll lag and deliveries. */
  db?: Db;
  now?: () => number;
  /** Node's process metrics (memory, event loop, GC); off in unit tests that read exact output. */
  processMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** The exposition text for GET /metrics. */
  render(): Promise<string>;
  updateHandled(platform: string, event: string, outcome: UpdateOutcome, seconds: number): void;
  providerCall(provider: string, method: string, outcome: string, seconds: number): void;
  /** A chat platform's API refused or failed a call (`code`: HTTP status, API error code or "network"). */
  chatApiError(platform: string, method: string, code: string): void;
  /** The conversation runner with every dialogue step counted and timed. */
  instrumentRunner<E extends Pick<ConversationRunner, "handle">>(runner: E): E;
  /** The provider with every call counted by outcome and timed. */
  instrumentProvider(provider: Provider): Provider;
  /** The port with every failed call counted as a chat API error. */
  instrumentPort<P extends ChatPort>(port: P): P;
}

/** "ok", the ProviderError kind, "aborted", or "error" for anything else. */
export function providerOutcome(error: unknown): string {
  if (error instanceof ProviderError) return error.kind;
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) return "aborted";
  return "error";
}

/** A status code or error code a chat library put on its error, if any. */
function chatErrorCode(error: unknown): string {
  if (typeof error !== "object" || error === null) return "unknown";
  const e = error as { status?: unknown; error_code?: unknown; code?: unknown };
  for (const value of [e.error_code, e.status, e.code]) {
    if (typeof value === "number" || (typeof value === "string" && value.length <= 32)) return String(value);
  }
  return "unknown";
}

export function createMetrics(deps: MetricsDeps = {}): Metrics {
  const now = deps.now ?? Date.now;
  const registry = new Registry();
  if (deps.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const updates = new Counter({
    name: "reelsmith_updates_handled_total",
    help: "Chat updates taken through the dialogue, by platform, event type and outcome.",
    labelNames: ["platform", "event", "outcome"] as const,
    registers,
  });
  const stepSeconds = new Histogram({
    name: "reelsmith_dialogue_step_seconds",
    help: "Time to handle one chat update, replies included.",
    labelNames: ["platform", "event"] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const providerCalls = new Counter({
    name: "reelsmith_provider_calls_total",
    help: "Calls to generation providers, by provider, method and outcome (ok or the error kind).",
    labelNames: ["provider", "method", "outcome"] as const,
    registers,
  });
  const providerSeconds = new Histogram({
    name: "reelsmith_provider_call_seconds",
    help: "Duration of calls to generation providers.",
    labelNames: ["provider", "method"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const chatErrors = new Counter({
    name: "reelsmith_chat_api_errors_total",
    help: "Failed calls to a chat platform's API, by platform, method and code.",
    labelNames: ["platform", "method", "code"] as const,
    registers,
  });

  const db = deps.db;
  if (db) {
    const jobs = new Gauge({
      name: "reelsmith_jobs",
      help: "Jobs in the database by state.",
      labelNames: ["state"] as const,
      registers,
      collect() {
        jobs.reset();
        for (const state of JOB_STATES) jobs.set({ state }, 0);
        const rows = db.prepare("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").all() as Array<{ state: string; n: number }>;
        for (const r of rows) jobs.set({ state: r.state }, r.n);
      },
    });
    const pollLag = new Gauge({
      name: "reelsmith_job_poll_lag_seconds",
      help: "How long the most overdue status check of an active job has been waiting (0 when none is overdue).",
      registers,
      collect() {
        const due = db
          .prepare("SELECT MIN(next_poll_at) FROM jobs WHERE state IN ('queued', 'running') AND next_poll_at IS NOT NULL")
          .pluck()
          .get() as number | null;
        pollLag.set(due === null ? 0 : Math.max(0, (now() - due) / 1000));
      },
    });
    const deliveries = new Gauge({
      name: "reelsmith_deliveries",
      help: "Finished jobs by platform: delivered to the chat, or still waiting to be delivered.",
      labelNames: ["platform", "status"] as const,
      registers,
      collect() {
        deliveries.reset();
        const rows = db
          .prepare(
            `SELECT platform, CASE WHEN delivered_at IS NULL THEN 'waiting' ELSE 'delivered' END AS status, COUNT(*) AS n
               FROM jobs WHERE finished_at IS NOT NULL GROUP BY 1, 2`,
          )
          .all() as Array<{ platform: string; status: string; n: number }>;
        for (const r of rows) deliveries.set({ platform: r.platform, status: r.status }, r.n);
      },
    });
  }

  const metrics: Metrics = {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    updateHandled(platform, event, outcome, seconds) {
      updates.inc({ platform, event, outcome });
      stepSeconds.observe({ platform, event }, seconds);
    },
    providerCall(provider, method, outcome, seconds) {
      providerCalls.inc({ provider, method, outcome });
      providerSeconds.observe({ provider, method }, seconds);
    },
    chatApiError(platform, method, code) {
      chatErrors.inc({ platform, method, code });
    },

    instrumentRunner<E extends Pick<ConversationRunner, "handle">>(runner: E): E {
      const handle: ConversationRunner["handle"] = async (incoming, event) => {
        const started = performance.now();
        const done = (outcome: UpdateOutcome) =>
          metrics.updateHandled(incoming.platform, event.type, outcome, (performance.now() - started) / 1000);
        try {
          const handled = await runner.handle(incoming, event);
          done(handled.duplicate ? "duplicate" : handled.dropped ? "dropped" : "handled");
          return handled;
        } catch (error) {
          done("failed");
          throw error;
        }
      };
      return { ...runner, handle } as E;
    },

    instrumentProvider(provider) {
      // Plain properties (id, label, task retention, whether it pushes) pass through as they are.
      const wrapped: Record<string, unknown> = Object.fromEntries(Object.entries(provider).filter(([, v]) => typeof v !== "function"));
      for (const method of PROVIDER_METHODS) {
        const original = provider[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        if (!original) continue;
        wrapped[method] = async (...args: unknown[]) => {
          const started = performance.now();
          let outcome = "ok";
          try {
            return await original.apply(provider, args);
          } catch (error) {
            outcome = providerOutcome(error);
            throw error;
          } finally {
            metrics.providerCall(provider.id, method, outcome, (performance.now() - started) / 1000);
          }
        };
      }
      return wrapped as unknown as Provider;
    },

    instrumentPort<P extends ChatPort>(port: P): P {
      // Inherits whatever else the port offers (the terminal port's `choice`, for one).
      const wrapped = Object.create(port) as Record<string, unknown>;
      for (const method of PORT_METHODS) {
        const original = port[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        if (!original) continue;
        wrapped[method] = async (...args: unknown[]) => {
          try {
            return await original.apply(port, args);
          } catch (error) {
            metrics.chatApiError(port.platform, method, chatErrorCode(error));
            throw error;
          }
        };
      }
      return wrapped as unknown as P;
    },
  };
  return metrics;
}
