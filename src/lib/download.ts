/**
 * The one way the bot fetches a URL it was handed (a provider's result, thumbnail or animate
 * source, a chat attachment, a Telegram file): http(s) only, to public addresses only, redirects
 * followed by hand and each hop checked again, and a byte cap on every body. The address check runs
 * on the socket's own remote address, after DNS, so a name that resolves to a public address at a
 * check and to 127.0.0.1 at connect time (DNS rebinding) is still refused.
 *
 * The one exception is the exact host and port of a configured base URL (a provider's API, the Bot
 * API root): operators may run a gateway on their own network, and tests run fakes on loopback.
 */
import { createWriteStream } from "node:fs";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type Socket } from "node:net";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Agent, buildConnector, request, type Dispatcher } from "undici";

export class DownloadError extends Error {
  override readonly name = "DownloadError";
  constructor(readonly reason: "too_large" | "http" | "network" | "refused", readonly status?: number) {
    super(status !== undefined ? `download failed: ${reason} (HTTP ${status})` : `download failed: ${reason}`);
  }
}

/** Hops followed before a chain of redirects is given up. */
export const MAX_REDIRECTS = 5;

/** Addresses no URL from outside may reach: private, loopback, link-local, CGNAT, multicast, reserved, mapped. */
// Two lists: one BlockList would match IPv4 addresses against the IPv4-mapped IPv6 rule too.
const INTERNAL_V4 = new BlockList();
const INTERNAL_V6 = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) INTERNAL_V4.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["::ffff:0:0", 96], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23],
  ["2001:db8::", 32], ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) INTERNAL_V6.addSubnet(net, prefix, "ipv6");

/** True for an IP literal that belongs to the public internet. */
export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "");
  const family = isIP(ip);
  if (family === 0) return false;
  return family === 4 ? !INTERNAL_V4.check(ip, "ipv4") : !INTERNAL_V6.check(ip, "ipv6");
}

/** "host:port" of each configured base URL: the one place a fetch may reach a non-public address. */
const trusted = new Set<string>();

function originKey(hostname: string, port: string, protocol: string): string {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return `${host}:${port || (protocol === "https:" ? "443" : "80")}`;
}

/** Allows fetches to exactly this base URL's host and port (a configured provider or Bot API root). */
export function trustOrigin(baseUrl: string): void {
  const u = new URL(baseUrl);
  trusted.add(originKey(u.hostname, u.port, u.protocol));
}

/**
 * What can be told without connecting: an http(s) URL whose host is a name, a public IP, or a
 * trusted origin. False means it is delivered as text and never fetched, by us or handed to a
 * platform to fetch.
 */
export function isFetchable(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return false;
  if (trusted.has(originKey(u.hostname, u.port, u.protocol))) return true;
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return isIP(host) === 0 ? !/^localhost$|\.localhost$/i.test(host) : isPublicAddress(host);
}

class RefusedAddress extends Error {
  readonly code = "E_REFUSED_ADDRESS";
  constructor() {
    super("refused: not a public address");
  }
}

/** dns.lookup that fails when any address of the name is internal: no choosing the good one of a mixed answer. */
function publicLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true } as never, (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) return callback(new RefusedAddress(), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

const plainConnect = buildConnector({});
const publicConnect = buildConnector({ lookup: publicLookup } as never);

/** Every outside fetch goes through this agent; its connect hook is where the address is checked. */
const outside: Dispatcher = new Agent({
  connect(opts, callback) {
    if (trusted.has(originKey(opts.hostname, opts.port, opts.protocol))) return plainConnect(opts, callback);
    const host = opts.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) !== 0 && !isPublicAddress(host)) return callback(new RefusedAddress(), null);
    publicConnect(opts, (error, socket) => {
      if (error) return callback(error, null);
      // The address actually connected to, whatever name resolution said.
      if (!isPublicAddress((socket as Socket).remoteAddress ?? "")) {
        socket!.destroy();
        return callback(new RefusedAddress(), null);
      }
      callback(null, socket!);
    });
  },
});

function refused(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "E_REFUSED_ADDRESS") return true;
  }
  return false;
}

export interface FetchOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  method?: "GET" | "HEAD";
}

/** The final response after checked redirects; the caller reads or dumps its body. */
async function open(url: string, options: FetchOptions): Promise<Dispatcher.ResponseData> {
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!isFetchable(current)) throw new DownloadError("refused");
    let res: Dispatcher.ResponseData;
    try {
      res = await request(current, {
        method: options.method ?? "GET",
        ...(options.headers ? { headers: options.headers } : {}),
        signal,
        dispatcher: outside,
      });
    } catch (error) {
      // The cause may quote the URL, and a URL can carry a signature or a token: say only what kind of failure it was.
      throw new DownloadError(refused(error) ? "refused" : "network");
    }
    const location = res.headers.location;
    if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === "string") {
      await res.body.dump().catch(() => undefined);
      try {
        current = new URL(location, current).toString();
      } catch {
        throw new DownloadError("http", res.statusCode);
      }
      continue;
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      await res.body.dump().catch(() => undefined);
      throw new DownloadError("http", res.statusCode);
    }
    return res;
  }
  throw new DownloadError("http", 310);
}

function declaredLength(res: Dispatcher.ResponseData): number | undefined {
  const length = res.headers["content-length"];
  return typeof length === "string" && /^\d+$/.test(length) ? Number(length) : undefined;
}

/** Counts bytes through a stream and fails it past the cap, so nothing beyond the cap is read. */
function capped(maxBytes: number): Transform & { total: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counter.total += chunk.byteLength;
      done(counter.total > maxBytes ? new DownloadError("too_large") : null, chunk);
    },
  }) as Transform & { total: number };
  counter.total = 0;
  return counter;
}

async function withBody<T>(url: string, maxBytes: number, options: FetchOptions, read: (body: Readable) => Promise<T>): Promise<T> {
  const res = await open(url, options);
  if ((declaredLength(res) ?? 0) > maxBytes) {
    res.body.destroy();
    throw new DownloadError("too_large");
  }
  try {
    return await read(res.body);
  } catch (error) {
    res.body.destroy();
    if (error instanceof DownloadError) throw error;
    throw new DownloadError("network");
  }
}

/** A small body (an image) into memory, at most `maxBytes`. */
export async function fetchCapped(url: string, maxBytes: number, timeoutMs: number, options: Omit<FetchOptions, "timeoutMs"> = {}): Promise<Uint8Array> {
  return withBody(url, maxBytes, { ...options, timeoutMs }, async (body) => {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new DownloadError("too_large");
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  });
}

/** A body streamed to `path`, at most `maxBytes`; returns the bytes written. A partial file is the caller's to remove. */
export async function downloadToFile(url: string, path: string, maxBytes: number, options: FetchOptions): Promise<number> {
  return withBody(url, maxBytes, options, async (body) => {
    const count = capped(maxBytes);
    await pipeline(body, count, createWriteStream(path));
    return count.total;
  });
}

/** The size a HEAD reports, or undefined when the server will not say or the URL may not be fetched. */
export async function probeLength(url: string, timeoutMs: number): Promise<number | undefined> {
  try {
    const res = await open(url, { timeoutMs, method: "HEAD" });
    await res.body.dump().catch(() => undefined);
    return declaredLength(res);
  } catch {
    return undefined;
  }
}
