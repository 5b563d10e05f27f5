/**
 * The bot as an operator runs it: a real process (terminal chat, stdin kept open as a service
 * keeps running), its /healthz and /metrics read over HTTP, then SIGTERM in the middle of a
 * confirmed job. It must exit cleanly and promptly, leave the job intact and unleased, and the
 * next start must deliver it. The provider is the CreatOK fake with a scripted task, so "the job
 * is still in flight" is decided by the test, not by a clock.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { cleanEnv, converse, runApp, until, type RunningApp } from "../support/app.ts";

type Running = RunningApp;

/** Set empty so a developer's .env (which the bot loads) cannot switch anything else on. */
const NOTHING_ELSE = {
  TELEGRAM_BOT_TOKEN: "", DISCORD_TOKEN: "", DISCORD_APPLICATION_ID: "", SOPH_API_KEY: "", VOLC_ACCESSKEY: "", VOLC_SECRETKEY: "", OPENAI_API_KEY: "",
};

const run = runApp;

/** The port the bot logged ("http listening"), HTTP_PORT=0 having let the system choose. */
async function listeningPort(app: Running): Promise<number> {
  let port: number | undefined;
  await until(
    () => {
      for (const line of app.stderr().split("\n")) {
        if (!line.startsWith("{")) continue;
        const record = JSON.parse(line) as { msg?: string; port?: number };
        if (record.msg === "http listening") port = record.port;
      }
      return port !== undefined || app.child.exitCode !== null;
    },
    20_000,
    () => `waiting for the HTTP port in:\n${app.stderr()}`,
  );
  assert.ok(port, app.stderr());
  return port;
}

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

interface JobRow {
  state: string;
  task_id: string | null;
  lease_owner: string | null;
  delivered_at: number | null;
}

function jobs(path: string): JobRow[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT state, task_id, lease_owner, delivered_at FROM jobs").all() as JobRow[];
  } finally {
    db.close();
  }
}

describe("the bot as a service", () => {
  let creatok: FakeCreatok;
  before(async () => {
    creatok = await startFakeCreatok();
  });
  after(async () => {
    await creatok.close();
  });

  it("serves /healthz and /metrics, stops cleanly on SIGTERM mid-job, and delivers that job after the next start", { timeout: 90_000 }, async () => {
    const env = cleanEnv({ ...NOTHING_ELSE, HTTP_PORT: "0", LOG_LEVEL: "info", CREATOK_API_KEY: creatok.apiKey, CREATOK_BASE_URL: creatok.baseUrl });
    // The task stays "running" until the test lets it finish.
    creatok.scriptNextTask(["queued", "running"]);
    const first = run(env);
    try {
      const port = await listeningPort(first);

      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { ok: true, database: "ok", transports: {} });

      first.child.stdin!.write("an 8 second landscape video of waves at sunset\n");
      await until(() => /\[1\] ✅ Confirm/.test(first.stdout()), 20_000, () => `waiting for the offer in:\n${first.stdout()}`);
      first.child.stdin!.write("1\n");
      await until(
        () => creatok.state.requests.some((r) => r.route === "status"),
        20_000,
        () => `waiting for the first status check in:\n${first.stdout()}\n${first.stderr()}`,
      );

      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const active = (sample(metrics, 'reelsmith_jobs{state="queued"}') ?? 0) + (sample(metrics, 'reelsmith_jobs{state="running"}') ?? 0);
      assert.equal(active, 1, metrics);
      assert.equal(sample(metrics, 'reelsmith_provider_calls_total{provider="creatok",method="capabilities",outcome="ok"}'), 1);
      assert.equal(sample(metrics, 'reelsmith_provider_calls_total{provider="creatok",method="submit",outcome="ok"}'), 1);
      assert.equal(sample(metrics, 'reelsmith_updates_handled_total{platform="terminal",event="text",outcome="handled"}'), 1);
      assert.equal(sample(metrics, 'reelsmith_updates_handled_total{platform="terminal",event="press",outcome="handled"}'), 1);
      assert.equal(sample(metrics, 'reelsmith_dialogue_step_seconds_count{platform="terminal",event="text"}'), 1);
      assert.ok(metrics.includes("process_resident_memory_bytes"), "process metrics are exported too");

      // Stdin stays open: only the signal can end this run. A 10 s bound, then it is killed and fails.
      first.child.kill("SIGTERM");
      const deadline = setTimeout(() => first.child.kill("SIGKILL"), 10_000);
      const code = await first.exited;
      clearTimeout(deadline);
      assert.equal(code, 0, `exit within 10 s with code 0:\n${first.stderr()}`);
      assert.equal(first.child.signalCode, null, "it exited on its own, not by the kill");
      assert.ok(!first.stdout().includes(`${creatok.baseUrl}/files/`), "the clip was not ready yet");
    } finally {
      first.child.kill("SIGKILL");
    }

    const [stopped] = jobs(env.DATABASE_PATH!);
    assert.ok(stopped, "the confirmed job is still in the database");
    assert.ok(["queued", "running"].includes(stopped.state), `left in flight, not failed: ${stopped.state}`);
    assert.equal(stopped.delivered_at, null);
    assert.equal(stopped.lease_owner, null, "its lease was released");

    assert.equal(creatok.submissions.length, 1);
    [...creatok.state.tasks.values()][0]!.script.push("succeeded");

    // The next start has no new input: it follows the job it found to the end and delivers it.
    const second = await converse(env, [], 60_000);
    assert.equal(second.code, 0, second.stderr);
    assert.ok(second.stdout.includes(`${creatok.baseUrl}/files/`), second.stdout);
    assert.equal(creatok.submissions.length, 1, "picked up, not submitted again");
    const [delivered] = jobs(env.DATABASE_PATH!);
    assert.equal(delivered?.state, "succeeded");
    assert.ok(delivered.delivered_at !== null);
  });

  it("does not open an HTTP port in the terminal chat unless HTTP_PORT is set", async () => {
    const env = cleanEnv({ ...NOTHING_ELSE, CREATOK_API_KEY: "", LOG_LEVEL: "info", HTTP_PORT: "" });
    const run = await converse(env, ["/help"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /reelsmith started/);
    assert.doesNotMatch(run.stderr, /http listening/);
  });
});
