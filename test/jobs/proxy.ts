/**
 * A loopback HTTP proxy placed in front of a provider fake: it forwards every request unchanged,
 * optionally after a delay, and counts how many were in flight at once. Used to observe the jobs
 * layer's per-provider concurrency on the wire.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";

export interface CountingProxy {
  url: string;
  /** Most requests in flight at the same time. */
  maxInFlight: number;
  total: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startCountingProxy(target: string, delayMs: number): Promise<CountingProxy> {
  let inFlight = 0;
  const proxy: CountingProxy = { url: "", maxInFlight: 0, total: 0, close: async () => undefined };
  const server = createServer((req, res) => {
    inFlight += 1;
    proxy.total += 1;
    proxy.maxInFlight = Math.max(proxy.maxInFlight, inFlight);
    void (async () => {
      try {
        const body = await readBody(req);
        await new Promise((r) => setTimeout(r, delayMs));
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k, v]) => typeof v === "string" && k !== "host" && k !== "connection"),
        ) as Record<string, string>;
        const upstream = await request(`${target}${req.url ?? "/"}`, {
          method: (req.method ?? "GET") as "GET",
          headers,
          ...(body.length > 0 ? { body } : {}),
        });
        const bytes = Buffer.from(await upstream.body.arrayBuffer());
        const outHeaders: Record<string, string> = {};
        for (const [k, v] of Object.entries(upstream.headers)) if (typeof v === "string" && k !== "transfer-encoding" && k !== "connection") outHeaders[k] = v;
        res.writeHead(upstream.statusCode, outHeaders);
        res.end(bytes);
      } catch {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      } finally {
        inFlight -= 1;
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
