/**
 * The HTTP server (/metrics, /healthz, the webhook) listens on HTTP_HOST, loopback by default: a
 * bot started with no setting is not reachable from another host. Run as the operator runs it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { cleanEnv, startApp, until } from "../support/app.ts";

const NOTHING_ELSE = {
  TELEGRAM_BOT_TOKEN: "", DISCORD_TOKEN: "", DISCORD_APPLICATION_ID: "", CREATOK_API_KEY: "", SOPH_API_KEY: "", VOLC_ACCESSKEY: "", VOLC_SECRETKEY: "", OPENAI_API_KEY: "",
};

/** This machine's address on a non-loopback interface, as another host would reach it. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

async function listeningOn(extra: Record<string, string>): Promise<{ port: number; stop: () => void }> {
  const env = cleanEnv({ ...NOTHING_ELSE, HTTP_PORT: "0", LOG_LEVEL: "info", ...extra });
  const child = startApp(env);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  let port: number | undefined;
  const stop = () => {
    child.kill("SIGKILL");
    rmSync(dirname(env.DATABASE_PATH!), { recursive: true, force: true });
  };
  try {
    await until(
      () => {
        const line = stderr.split("\n").find((l) => l.includes('"http listening"'));
        if (line) port = (JSON.parse(line) as { port: number }).port;
        return port !== undefined || child.exitCode !== null;
      },
      20_000,
      () => `waiting for the HTTP port in:\n${stderr}`,
    );
  } catch (error) {
    stop();
    throw error;
  }
  assert.ok(port, stderr);
  return { port, stop };
}

describe("HTTP_HOST", { skip: outsideAddress ? false : "no non-loopback interface here" }, () => {
  it("listens on loopback only by default", { timeout: 60_000 }, async () => {
    const app = await listeningOn({});
    try {
      assert.equal(await reachable("127.0.0.1", app.port), true, "reachable on loopback");
      assert.equal(await reachable(outsideAddress!, app.port), false, `not reachable on ${outsideAddress}`);
    } finally {
      app.stop();
    }
  });

  it("listens where HTTP_HOST says", { timeout: 60_000 }, async () => {
    const app = await listeningOn({ HTTP_HOST: "0.0.0.0" });
    try {
      assert.equal(await reachable(outsideAddress!, app.port), true);
    } finally {
      app.stop();
    }
  });
});
