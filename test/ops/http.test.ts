import { once } from "node:events";
import { Agent, request as httpRequest } from "node:http";
import type { Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ChatPort, ChatTarget } from "../../src/ports/chat.ts";
import { checkHealth, createHttpServer, type HttpServer } from "../../src/http/server.ts";
import { createMetrics } from "../../src/metrics.ts";
import { ProviderError } from "../../src/providers/provider.ts";
import { createSandboxProvider } from "../../src/providers/sandbox.ts";
import { openDatabase, type Db } from "../../src/store/database.ts";

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

function insertJob(db: Db, id: string, fields: { state: string; platform?: string; next_poll_at?: number; finished_at?: number; delivered_at?: number }) {
  db.prepare(
    `INSERT INTO jobs (id, platform, chat_id, requester_id, language, kind, provider, model_id, request, state,
       next_poll_at, finished_at, delivered_at, created_at, updated_at)
     VALUES (@id, @platform, 'c1', 'u1', 'en', 'video', 'sandbox', 'sandbox-video', '{}', @state,
       @next_poll_at, @finished_at, @delivered_at, @now, @now)`,
  ).run({ id, platform: "telegram", next_poll_at: null, finished_at: null, delivered_at: null, now: NOW, ...fields });
}

async function get(port: number, path: string, method = "GET", body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** The value of one sample line of the exposition text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("the HTTP server", () => {
  let db: Db;
  let server: HttpServer;
  let port: number;
  let discordConnected = true;
  const metrics = createMetrics({ processMetrics: false, now: () => NOW });

  before(async () => {
    db = openDatabase(":memory:");
    const withDb = createMetrics({ db, now: () => NOW, processMetrics: false });
    server = createHttpServer({
      health: () => checkHealth({ db, transports: { discord: () => discordConnected } }),
      metrics: withDb,
      closeGraceMs: 200,
    });
    server.route("POST", "/telegram/webhook", async (req, res) => {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ received: JSON.parse(body) }));
    });
    server.route("GET", "/boom", () => {
      throw new Error("handler bug");
    });
    port = await server.listen(0);
  });
  after(async () => {
    await server.close();
    if (db.open) db.close();
  });

  it("reports healthy when the database answers and every transport is connected", async () => {
    discordConnected = true;
    const res = await get(port, "/healthz");
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { ok: true, database: "ok", transports: { discord: "connected" } });
  });

  it("answers 503 and names the transport that is not connected", async () => {
    discordConnected = false;
    const res = await get(port, "/healthz");
    discordConnected = true;
    assert.equal(res.status, 503);
    assert.deepEqual(JSON.parse(res.body), { ok: false, database: "ok", transports: { discord: "disconnected" } });
  });

  it("reports the database unreachable once it is closed", () => {
    const other = openDatabase(":memory:");
    other.close();
    assert.deepEqual(checkHealth({ db: other, transports: {} }), { ok: false, database: "unreachable", transports: {} });
  });

  it("exposes jobs by state, the poller's lag and deliveries, read from the database at scrape time", async () => {
    insertJob(db, "j1", { state: "running", next_poll_at: NOW - 7_000 });
    insertJob(db, "j2", { state: "queued", next_poll_at: NOW + 5_000 });
    insertJob(db, "j3", { state: "succeeded", finished_at: NOW - 1_000, delivered_at: NOW - 500 });
    insertJob(db, "j4", { state: "succeeded", platform: "discord", finished_at: NOW - 1_000 });
    const res = await get(port, "/metrics");
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
    assert.equal(sample(res.body, 'reelsmith_jobs{state="running"}'), 1);
    assert.equal(sample(res.body, 'reelsmith_jobs{state="queued"}'), 1);
    assert.equal(sample(res.body, 'reelsmith_jobs{state="succeeded"}'), 2);
    assert.equal(sample(res.body, 'reelsmith_jobs{state="failed"}'), 0, "a state with no jobs reads 0");
    assert.equal(sample(res.body, "reelsmith_job_poll_lag_seconds"), 7);
    assert.equal(sample(res.body, 'reelsmith_deliveries{platform="telegram",status="delivered"}'), 1);
    assert.equal(sample(res.body, 'reelsmith_deliveries{platform="discord",status="waiting"}'), 1);

    db.prepare("UPDATE jobs SET state = 'succeeded', finished_at = ?, next_poll_at = NULL WHERE id = 'j1'").run(NOW);
    const again = await get(port, "/metrics");
    assert.equal(sample(again.body, 'reelsmith_jobs{state="running"}'), 0, "the next scrape sees the change");
    assert.equal(sample(again.body, "reelsmith_job_poll_lag_seconds"), 0);
  });

  it("hands a mounted route its request and lets it answer", async () => {
    const res = await get(port, "/telegram/webhook", "POST", JSON.stringify({ update_id: 7 }));
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { received: { update_id: 7 } });
  });

  it("answers 404 for an unknown path and 405 with Allow for a wrong method", async () => {
    assert.equal((await get(port, "/nothing-here")).status, 404);
    const wrong = await get(port, "/telegram/webhook");
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.allow, "POST");
    assert.equal((await get(port, "/healthz?probe=1", "HEAD")).status, 200, "HEAD is answered like GET, query ignored");
  });

  it("answers 500 when a handler throws and keeps serving", async () => {
    assert.equal((await get(port, "/boom")).status, 500);
    assert.equal((await get(port, "/healthz")).status, 200);
  });

  it("counts provider calls by provider, method and outcome, passing results and errors through unchanged", async () => {
    const provider = metrics.instrumentProvider(createSandboxProvider({ durationMs: 1000, now: () => NOW }));
    assert.equal(provider.id, "sandbox");
    const submission = await provider.submit({
      kind: "video", model: "sandbox-video", prompt: "waves", seconds: 5, orientation: "16:9", definition: "720p", images: [],
    });
    assert.match(submission.taskId, /^sbx_v1_/);
    const error = await provider.status("not-a-task", "video").catch((e: unknown) => e);
    assert.ok(error instanceof ProviderError && error.kind === "invalid_input", "the provider's own error comes through");
    assert.equal(provider.download, undefined, "methods the provider lacks stay absent");

    const text = await metrics.render();
    assert.equal(sample(text, 'reelsmith_provider_calls_total{provider="sandbox",method="submit",outcome="ok"}'), 1);
    assert.equal(sample(text, 'reelsmith_provider_calls_total{provider="sandbox",method="status",outcome="invalid_input"}'), 1);
    assert.equal(sample(text, 'reelsmith_provider_call_seconds_count{provider="sandbox",method="submit"}'), 1);
  });

  it("counts a chat port's failed calls as chat API errors by platform, method and code", async () => {
    const failing = Object.assign(new Error("Bad Request: message to edit not found"), { error_code: 400 });
    // A stand-in for the Telegram API's answers at the port seam, which is what is counted.
    const platformPort: ChatPort = {
      platform: "telegram",
      send: async () => ({ messageId: "1" }),
      edit: async () => {
        throw failing;
      },
    };
    const port = metrics.instrumentPort(platformPort);
    const to: ChatTarget = { platform: "telegram", chatId: "1", userId: "1", language: "en" };
    assert.deepEqual(await port.send(to, { type: "message", lines: [] }), { messageId: "1" });
    await assert.rejects(port.edit(to, "9", { lines: [] }), (e) => e === failing);
    const text = await metrics.render();
    assert.equal(sample(text, 'reelsmith_chat_api_errors_total{platform="telegram",method="edit",code="400"}'), 1);
    assert.equal(sample(text, 'reelsmith_chat_api_errors_total{platform="telegram",method="send",code="400"}'), undefined);
  });

  it("closes at once while a client holds an idle keep-alive connection", { timeout: 5_000 }, async (t) => {
    // The grace timer never fires: setTimeout is mocked and the clock is not moved. close() can
    // only finish by closing the idle connection itself, as it must; without that it would hang.
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const extra = createHttpServer({ health: () => ({ ok: true, database: "ok", transports: {} }), metrics, closeGraceMs: 10_000 });
    const extraPort = await extra.listen(0);
    const agent = new Agent({ keepAlive: true });
    t.after(() => agent.destroy());
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = httpRequest({ port: extraPort, host: "127.0.0.1", path: "/healthz", agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(req.socket!));
      });
      req.on("error", reject).end();
    });
    assert.equal(socket.destroyed, false, "the agent keeps the connection open for the next request");
    const socketClosed = once(socket, "close");
    await extra.close();
    await socketClosed;
    assert.equal(socket.destroyed, true, "the server closed the idle connection; the client never did");
    const refused = await new Promise<NodeJS.ErrnoException>((resolve) => {
      httpRequest({ port: extraPort, host: "127.0.0.1", path: "/healthz", agent: false }, () => resolve(new Error("answered"))).on("error", resolve).end();
    });
    assert.equal(refused.code, "ECONNREFUSED", "nothing listens after close");
  });
});
