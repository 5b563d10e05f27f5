/**
 * The bot's HTTP server: GET /healthz for the container's health check, GET /metrics for
 * Prometheus, and whatever else is mounted with `route` (the Telegram webhook, provider
 * callbacks). Plain node:http: a handful of exact paths needs no framework.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "../store/database.ts";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Health {
  ok: boolean;
  database: "ok" | "unreachable";
  /** Each configured chat transport; the terminal chat is not one. */
  transports: Record<string, "connected" | "disconnected">;
}

export interface HealthDeps {
  db: Db;
  /** Whether each configured chat transport is connected right now. */
  transports: Readonly<Record<string, () => boolean>>;
}

/** Healthy when the database answers and every configured transport is connected. */
export function checkHealth(deps: HealthDeps): Health {
  let database: Health["database"] = "ok";
  try {
    deps.db.prepare("SELECT 1").pluck().get();
  } catch {
    database = "unreachable";
  }
  const transports: Health["transports"] = {};
  for (const [name, probe] of Object.entries(deps.transports)) {
    let connected = false;
    try {
      connected = probe();
    } catch {
      // A probe that throws reports what it could not check: not connected.
    }
    transports[name] = connected ? "connected" : "disconnected";
  }
  const ok = database === "ok" && Object.values(transports).every((t) => t === "connected");
  return { ok, database, transports };
}

/** The part of a pino logger the server uses. */
export interface HttpLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface HttpServerDeps {
  health: () => Health;
  metrics: { contentType: string; render(): Promise<string> };
  log?: HttpLog;
  /** How long `close` lets requests in progress finish before cutting their connections. */
  closeGraceMs?: number;
}

export interface HttpServer {
  /** Mounts a handler on an exact path; HEAD is answered by the GET handler. */
  route(method: string, path: string, handler: Handler): void;
  /**
   * Starts listening on `host` (HTTP_HOST; loopback unless the operator opens it, since /metrics
   * is not for the world); 0 picks a free port. Resolves with the port in use.
   */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting connections, lets requests in progress finish, then resolves. */
  close(): Promise<void>;
}

export const DEFAULT_HTTP_HOST = "127.0.0.1";

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const routes = new Map<string, Map<string, Handler>>();
  const log = deps.log;

  function route(method: string, path: string, handler: Handler): void {
    const byMethod = routes.get(path) ?? new Map<string, Handler>();
    byMethod.set(method.toUpperCase(), handler);
    routes.set(path, byMethod);
  }

  route("GET", "/healthz", (_req, res) => {
    const health = deps.health();
    res.writeHead(health.ok ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify(health));
  });
  route("GET", "/metrics", async (_req, res) => {
    const body = await deps.metrics.render();
    res.writeHead(200, { "Content-Type": deps.metrics.contentType });
    res.end(body);
  });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const byMethod = routes.get(path);
    const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
    const handler = byMethod?.get(method);
    if (!byMethod || !handler) {
      const status = byMethod ? 405 : 404;
      res.writeHead(status, byMethod ? { Allow: [...byMethod.keys()].join(", ") } : {}).end();
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        // The path only: a query string may carry anything.
        log?.error({ path, err: error instanceof Error ? error.message : String(error) }, "http handler failed");
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });

  return {
    route,
    listen(port, host = DEFAULT_HTTP_HOST) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const bound = (server.address() as AddressInfo).port;
          log?.info({ host, port: bound }, "http listening");
          resolve(bound);
        });
      });
    },
    close() {
      if (!server.listening) return Promise.resolve();
      return new Promise((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), deps.closeGraceMs ?? 5_000);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
