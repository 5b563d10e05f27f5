/**
 * Poll efficiency: the real jobs layer (claim, submitter, poller with its learned expectations,
 * delivery, status messages) on simulated time, run twice over the same stream of jobs: once with
 * the production schedule (POLL_MIN 5 s, POLL_MAX 60 s), once configured to poll every 5 s
 * (POLL_MIN = POLL_MAX = 5 s, and the simulated provider hints 5 s on every answer, so every wait
 * is exactly 5 s). Only the provider is simulated: it
 * finishes each task at a time drawn when it is submitted, and counts status calls.
 *
 * Time moves in 1 s steps, the production loop's pass interval (`loopMs` in src/jobs/index.ts), so
 * both policies see the same pass granularity a deployed process has.
 *
 * The push mix runs the same layer behind a provider that pushes: a fake gateway signs a Standard
 * Webhooks event when a task ends and POSTs it to the bot's real HTTP server (POST /hooks/openai);
 * the bot verifies it and nudges the job, and a pass runs at that moment, as the nudge wakes the
 * production loop at once.
 */
import type { Catalog, ModelSpec, VideoModel } from "../src/domain/catalog.ts";
import { builtInCatalog } from "../src/domain/builtin-catalog.ts";
import type { VideoPlan } from "../src/domain/plan.ts";
import { mountHooks } from "../src/http/hooks.ts";
import { checkHealth, createHttpServer } from "../src/http/server.ts";
import { createMetrics } from "../src/metrics.ts";
import type { Provider, TaskStatus } from "../src/providers/provider.ts";
import { deliverWebhook, signWebhook, videoEvent } from "../test/fakes/openai-videos.ts";
import { insertQuote, seeded } from "../test/jobs/helpers.ts";
import { mean, percentile, round, type BenchResult, type Row } from "./report.ts";
import { benchApp, countingPort, simClock } from "./support.ts";

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const PASS_MS = 1000;
const FIXED_MS = 5000;

/** Five models whose true typical times span 2–10 min; the catalog's guesses are off by up to 25 %. */
export const SIM_MODELS = [120, 240, 360, 480, 600].map((seconds, i) => ({
  id: `sim-${seconds / 60}min`,
  trueMs: seconds * 1000,
  catalogSeconds: seconds * [1.25, 0.8, 1.1, 0.9, 1.2][i]!,
}));

export interface SimJob {
  /** Submission time after the start. */
  atMs: number;
  model: (typeof SIM_MODELS)[number];
  durationMs: number;
}

/**
 * Jobs arriving as a Poisson stream (mean gap `gapMs`), cycling over the models, each lasting
 * log-normally around its model's typical time with σ = `spread`.
 */
export function jobStream(count: number, spread: number, seed: number, gapMs = 3000): SimJob[] {
  const random = seeded(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const jobs: SimJob[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    at += -Math.log(1 - random()) * gapMs;
    const model = SIM_MODELS[i % SIM_MODELS.length]!;
    jobs.push({ atMs: Math.round(at), model, durationMs: Math.round(model.trueMs * Math.exp(spread * gauss())) });
  }
  return jobs;
}

type Policy = "schedule" | "fixed" | "push";
const WEBHOOK_SECRET = `whsec_${Buffer.from("bench-webhook-key").toString("base64")}`;

function simCatalog(provider: "sandbox" | "openai"): Catalog {
  const template = builtInCatalog.models.find((m): m is VideoModel => m.provider === "sandbox" && m.kind === "video")!;
  const models: ModelSpec[] = SIM_MODELS.map((m) => ({ ...template, provider, id: m.id, label: m.id, aliases: [], typicalSeconds: m.catalogSeconds }));
  return { models };
}

/** A provider whose task `#i` (from the prompt) finishes `durationMs` after it was submitted. */
function simulatedProvider(jobs: readonly SimJob[], now: () => number, policy: Policy) {
  const pushes = policy === "push";
  // Fixed polling: besides POLL_MIN = POLL_MAX = 5 s, every answer asks for the next poll in 5 s
  // (a server hint wins over the schedule), so no phase of the schedule can stretch a gap.
  const hint = policy === "fixed" ? { retryAfterMs: FIXED_MS } : {};
  const tasks = new Map<string, { doneAt: number; calls: number; pushed: boolean }>();
  const provider: Provider = {
    id: pushes ? "openai" : "sandbox",
    label: "Simulated",
    pushesCompletions: pushes,
    capabilities: async () => [],
    upload: async (input) => ({ ref: "sim", mime: input.mime }),
    async submit(request) {
      const index = Number(/#(\d+)/.exec(request.prompt)?.[1]);
      const job = jobs[index]!;
      const taskId = `sim-${index}`;
      tasks.set(taskId, { doneAt: now() + job.durationMs, calls: 0, pushed: false });
      return { taskId, raw: {} };
    },
    async status(taskId): Promise<TaskStatus> {
      const task = tasks.get(taskId)!;
      task.calls += 1;
      const empty = { videos: [], images: [], thumbnails: [] };
      if (now() < task.doneAt) return { state: "running", outputs: empty, raw: {}, ...hint };
      return { state: "succeeded", outputs: { ...empty, videos: [`https://sim.invalid/${taskId}.mp4`] }, raw: {} };
    },
  };
  return { provider, tasks };
}

interface Outcome {
  calls: number[];
  lagsMs: number[];
}

async function simulate(jobs: readonly SimJob[], policy: Policy): Promise<Outcome> {
  const clock = simClock(T0);
  const { provider, tasks } = simulatedProvider(jobs, clock.now, policy);
  const port = countingPort("terminal");
  // The simulation measures counts, not time: an in-memory database keeps fsync out of it.
  const app = await benchApp(":memory:", {
    providers: new Map([[provider.id, provider]]),
    catalog: simCatalog(provider.id === "openai" ? "openai" : "sandbox"),
    ports: { terminal: port },
    now: clock.now,
    random: seeded(7),
    jobs: {
      pollMinMs: FIXED_MS,
      pollMaxMs: policy === "fixed" ? FIXED_MS : 60_000,
      hardDeadlineMs: 60 * 60_000,
      leaseMs: 30_000,
      // Calls take no simulated time, so the slots only decide how many passes a second takes.
      providerConcurrency: 1000,
      progressEditIntervalMs: 15_000,
      ownerId: "bench",
    },
  });
  const { db, jobs: engine } = app;
  // The push mix: the bot's HTTP server with its hook, and a gateway that pushes each end at once.
  const http = policy === "push" ? createHttpServer({ health: () => checkHealth({ db, transports: {} }), metrics: createMetrics({ db, processMetrics: false }) }) : undefined;
  if (http) mountHooks(http, { db, jobs: engine, openaiSecret: WEBHOOK_SECRET, now: clock.now });
  const hookUrl = http ? `http://127.0.0.1:${await http.listen(0)}/hooks/openai` : undefined;
  const pushEnded = async (until: number) => {
    if (!hookUrl) return;
    const ended = [...tasks].filter(([, task]) => !task.pushed && task.doneAt <= until).sort((a, b) => a[1].doneAt - b[1].doneAt);
    for (const [taskId, task] of ended) {
      task.pushed = true;
      clock.set(task.doneAt);
      const status = await deliverWebhook(signWebhook(hookUrl, WEBHOOK_SECRET, videoEvent({ id: taskId, status: "completed" }, task.doneAt), task.doneAt));
      if (status !== 200) throw new Error(`webhook refused: ${status}`);
      await engine.tick(); // the nudge wakes the loop at once in production
    }
  };
  const lastArrival = T0 + (jobs.at(-1)?.atMs ?? 0);
  let next = 0;
  for (let t = T0; port.sent.video < jobs.length; t += PASS_MS) {
    if (t > lastArrival + 3 * 3600_000) throw new Error(`polling simulation did not finish: ${port.sent.video}/${jobs.length} delivered`);
    await pushEnded(t);
    clock.set(t);
    while (next < jobs.length && T0 + jobs[next]!.atMs <= t) {
      const job = jobs[next]!;
      const plan: VideoPlan = { kind: "video", provider: provider.id, modelId: job.model.id, orientation: "9:16", definition: "480p", segments: [5], referenceImages: 0 };
      // A hundred people, each in their own chat: about ten clips each over the simulated hour.
      const user = `user-${next % 100}`;
      insertQuote(db, { id: `q${next}`, plan, prompt: `clip #${next}`, chatId: `chat-${user}`, requesterId: user }, t);
      const claimed = engine.confirm(`q${next}`, user);
      if (claimed.outcome !== "claimed") throw new Error(`quote q${next}: ${claimed.outcome}`);
      next++;
    }
    await engine.tick();
  }
  await http?.close();
  const rows = db.prepare("SELECT task_id, delivered_at FROM jobs").all() as { task_id: string; delivered_at: number }[];
  await app.stop();
  const outcome: Outcome = { calls: [], lagsMs: [] };
  for (const r of rows) {
    const task = tasks.get(r.task_id)!;
    outcome.calls.push(task.calls);
    outcome.lagsMs.push(r.delivered_at - task.doneAt);
  }
  return outcome;
}

export interface PollingOptions {
  /** Jobs per mix; at least 1,000 for the target. */
  jobs?: number;
  /** σ of the log-normal run time around each model's typical time. */
  spreads?: number[];
  /** Also run the push mix (default true). */
  push?: boolean;
}

export async function runPolling(options: PollingOptions = {}): Promise<BenchResult> {
  const count = options.jobs ?? 1000;
  const spreads = options.spreads ?? [0.05, 0.1, 0.2];
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const spread of spreads) {
    const jobs = jobStream(count, spread, 42);
    const ours = await simulate(jobs, "schedule");
    const fixed = await simulate(jobs, "fixed");
    const label = `σ ${Math.round(spread * 100)} %`;
    const callRatio = mean(ours.calls) / mean(fixed.calls);
    const p95 = percentile(ours.lagsMs, 0.95) / 1000;
    const fixedP95 = percentile(fixed.lagsMs, 0.95) / 1000;
    rows.push(
      { metric: `status calls per job, ${label}`, ours: round(mean(ours.calls), 1), baseline: round(mean(fixed.calls), 1), unit: "calls", target: "≤ 0.25×", pass: callRatio <= 0.25 },
      { metric: `delivery lag p50, ${label}`, ours: round(percentile(ours.lagsMs, 0.5) / 1000, 2), baseline: round(percentile(fixed.lagsMs, 0.5) / 1000, 2), unit: "s" },
      { metric: `delivery lag p95, ${label}`, ours: round(p95, 2), baseline: round(fixedP95, 2), unit: "s", target: "≤ fixed + 2 s", pass: p95 <= fixedP95 + 2 },
    );
    if (callRatio > 0.25) {
      notes.push(
        `${label}: ${round(callRatio, 3)}× the calls of fixed polling, ${round((callRatio / 0.25 - 1) * 100, 0)} % over the 0.25× target. ` +
          "A poll at time t is paid by every job still running then, so for a p95 lag within fixed + 2 s the cheapest schedule polls every ≈ 6.5 s from the p3–p5 quantile of run times to the finish: " +
            "about E[(run − p4)+] / 6.5 s calls, which at a log-normal σ of 20 % is ≈ 0.33 × a 6-minute mean / 6.5 s ≈ 18 calls before the first, sparse ones, near 0.25× of fixed polling's 73 at best. The early check and the sparse polls before the window are the rest.",
      );
    }
    if (p95 > fixedP95 + 2) {
      notes.push(
        `${label}: p95 delivery lag ${round(p95, 2)} s, ${round(p95 - fixedP95 - 2, 2)} s over fixed polling + 2 s: ` +
          "around the expected finish the schedule polls every 4.9–6.5 s (the dense gap with jitter) where the baseline polls every 5 s, and the 3 % of jobs that finish before the dense window wait for its start.",
      );
    }
  }
  if (options.push ?? true) {
    // The push mix beside fixed 5 s polling of the same jobs (σ 10 %), in the same run.
    const jobs = jobStream(count, 0.1, 43);
    const pushed = await simulate(jobs, "push");
    const fixed = await simulate(jobs, "fixed");
    const calls = mean(pushed.calls);
    const p95 = percentile(pushed.lagsMs, 0.95) / 1000;
    rows.push(
      { metric: "status calls per job, push mix", ours: round(calls, 2), baseline: round(mean(fixed.calls), 1), unit: "calls", target: "≤ 1.5 calls", pass: calls <= 1.5 },
      { metric: "delivery lag p95, push mix", ours: round(p95, 2), baseline: round(percentile(fixed.lagsMs, 0.95) / 1000, 2), unit: "s", target: "≤ 1 s", pass: p95 <= 1 },
    );
  }
  return {
    name: "polling",
    setup: `${count} jobs per mix over five models of 2, 4, 6, 8 and 10 min (catalog guesses off by up to 25 %), arriving every 3 s on average; the real jobs layer on simulated time in 1 s passes, production schedule vs the same layer polling every 5 s; the push mix (σ 10 %) behind a fake gateway POSTing signed webhooks to the bot's HTTP server, vs the same jobs polled every 5 s.`,
    rows,
    notes,
  };
}
