/**
 * Volcengine V4 request signing (HMAC-SHA256), on node:crypto.
 *
 * We sign with our own code instead of `@volcengine/openapi`: the SDK pulls in 49 packages for one
 * HMAC chain, and it can never sign `content-type`. Its `Signer` remains the oracle in the tests.
 */
import { createHash, createHmac } from "node:crypto";

export interface VolcSignInput {
  accessKeyId: string;
  secretKey: string;
  region: string;
  service: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Request headers, any case. Must hold every signed header except x-date and x-content-sha256. */
  headers: Record<string, string>;
  /** The exact bytes to be sent; a string is hashed as UTF-8. */
  body: string | Uint8Array;
  date: Date;
  /**
   * Names of the headers to sign. Default: `host` when present, `x-content-sha256`, `x-date` (what
   * the SDK signs). The server recomputes over whatever SignedHeaders lists, so adding
   * `content-type` (as the Jimeng skill does) is equally valid.
   */
  signedHeaders?: string[];
}

/** The headers to add to the request. */
export interface VolcSignature {
  "X-Date": string;
  "X-Content-Sha256": string;
  Authorization: string;
}

const ALGORITHM = "HMAC-SHA256";

/** RFC 3986 encoding: unreserved characters stay, everything else (including !'()*) is %XX. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Sorted, RFC 3986 encoded `k=v&k=v`; also the query string to send, so both are the same bytes. */
export function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${rfc3986(key)}=${rfc3986(query[key] ?? "")}`)
    .join("&");
}

/** `YYYYMMDD'T'HHMMSS'Z'` in UTC. */
export function volcDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[:-]/g, "");
}

/** Inverse of `volcDate`; undefined for a malformed value. */
export function parseVolcDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

export function signVolcRequest(input: VolcSignInput): VolcSignature {
  const xDate = volcDate(input.date);
  const shortDate = xDate.slice(0, 8);
  const payloadHash = sha256Hex(input.body);

  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(input.headers)) lower.set(name.toLowerCase(), value);
  lower.set("x-date", xDate);
  lower.set("x-content-sha256", payloadHash);

  const requested = input.signedHeaders?.map((h) => h.toLowerCase()) ??
    ["host", "x-content-sha256", "x-date"].filter((h) => lower.has(h));
  const names = [...new Set(requested)].sort();
  const canonicalHeaders = names.map((name) => {
    const value = lower.get(name);
    // A programming error, not a provider failure: the header list names no secret.
    if (value === undefined) throw new Error(`signed header ${name} is missing from the request`);
    return `${name}:${value.replace(/\s+/g, " ").trim()}\n`;
  }).join("");
  const signedHeaders = names.join(";");

  const canonicalRequest = [
    input.method.toUpperCase(),
    input.path || "/",
    canonicalQuery(input.query),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join("\n");

  const scope = `${shortDate}/${input.region}/${input.service}/request`;
  const stringToSign = [ALGORITHM, xDate, scope, sha256Hex(canonicalRequest)].join("\n");

  const kDate = hmac(input.secretKey, shortDate);
  const kRegion = hmac(kDate, input.region);
  const kService = hmac(kRegion, input.service);
  const kSigning = hmac(kService, "request");
  const signature = createHmac("sha256", kSigning).update(stringToSign, "utf8").digest("hex");

  return {
    "X-Date": xDate,
    "X-Content-Sha256": payloadHash,
    Authorization: `${ALGORITHM} Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

export interface ParsedVolcAuthorization {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Splits an Authorization header; a verifying server (our fake) needs the parts. */
export function parseVolcAuthorization(value: string): ParsedVolcAuthorization | undefined {
  const m = /^HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/
    .exec(value);
  if (!m) return undefined;
  return {
    accessKeyId: m[1]!,
    shortDate: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(";"),
    signature: m[6]!,
  };
}
