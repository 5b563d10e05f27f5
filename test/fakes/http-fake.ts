/**
 * What every provider fake's HTTP server needs, once: reading a body, answering JSON, a queue of
 * scripted faults per route, listening on a loopback port and closing with its connections.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(payload));
}

/** Faults a test queued per route, played in order, one per request. */
export class FaultQueue<Route, Fault> {
  readonly #queues = new Map<Route, Fault[]>();

  push(route: Route, fault: Fault, times = 1): void {
    const queue = this.#queues.get(route) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.#queues.set(route, queue);
  }

  /** The next fault for this route, left in the queue (a fault may decide not to play yet). */
  peek(route: Route): Fault | undefined {
    return this.#queues.get(route)?.[0];
  }

  shift(route: Route): void {
    this.#queues.get(route)?.shift();
  }
}

/** Listens on a free loopback port; resolves to the server's origin. */
export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * How the tasks a fake accepts from now on play out: `interim` statuses, one per poll, until the
 * `completeAfter`-th poll ends it as `outcome`. `controls` are the fake's own methods for tests.
 */
export function taskScript<Outcome>(initial: { outcome: Outcome; interim: string[] }) {
  const script = { completeAfter: 1, outcome: initial.outcome, interim: initial.interim };
  return {
    /** A copy for one new task: a later change of script leaves it alone. */
    snapshot: () => ({ completeAfter: script.completeAfter, interim: [...script.interim], outcome: script.outcome }),
    controls: {
      completeAfterPolls(n: number, next: Outcome = initial.outcome): void {
        script.completeAfter = n;
        script.outcome = next;
      },
      interimStatuses(statuses: string[]): void {
        script.interim = statuses;
      },
    },
  };
}
