/**
 * A loopback Volcengine Visual API for Jimeng video 3.0. Every request's V4 signature is verified
 * by recomputing it over the received bytes with our signer, against the fake's own secret; a
 * mismatch gets the gateway's `ResponseMetadata.Error` answer, as the real gateway would give.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { FaultQueue, closeServer, listenLocal, readBody, sendJson, taskScript } from "./http-fake.ts";
import { parseVolcAuthorization, parseVolcDate, signVolcRequest } from "../../src/providers/volc-signer.ts";

export type JimengRoute = "submit" | "query";

export type JimengFault =
  /** A business error body `{code, data:null, message, …}`; the HTTP status follows the code (400, 429, 500). */
  | { type: "business"; code: number; message?: string; retryAfterSeconds?: number }
  /** A gateway error `{ResponseMetadata:{Error:{Code, Message}}}`. */
  | { type: "gateway"; code: string; status?: number; message?: string }
  | { type: "html502" }
  | { type: "drop" }
  /** submit only: the task is created, then the connection is dropped before the answer. */
  | { type: "dropAfterAccept" };

/** How a task ends once its polls are done. */
export type JimengOutcome =
  | { type: "done"; videoUrl?: string }
  /** `done` with no video_url. */
  | { type: "doneWithoutVideo" }
  /** The query answers this business code (e.g. 50516, output moderation) with data null. */
  | { type: "code"; code: number; message?: string }
  | { type: "status"; status: "not_found" | "expired" };

export interface JimengSubmission {
  taskId: string;
  reqKey: string;
  body: any;
  rawBody: Buffer;
  headers: Record<string, string>;
}

interface Task {
  id: string;
  reqKey: string;
  polls: number;
  completeAfter: number;
  interim: string[];
  outcome: JimengOutcome;
}

export interface JimengFake {
  baseUrl: string;
  accessKeyId: string;
  secretKey: string;
  submissions: JimengSubmission[];
  /** Every GetResult body, in order. */
  queries: Array<{ req_key: unknown; task_id: unknown }>;
  /** Requests refused at the gateway (bad signature, unknown key, missing headers). */
  signatureFailures: number;
  /** Tasks submitted from now on finish (as `outcome`) on their n-th query. */
  completeAfterPolls(n: number, outcome?: JimengOutcome): void;
  /** data.status values shown before completion, one per query, the last repeated. */
  interimStatuses(statuses: string[]): void;
  failNext(route: JimengRoute, fault: JimengFault, times?: number): void;
  close(): Promise<void>;
}

const MESSAGES: Record<number, string> = {
  50411: "Pre Img Risk Not Pass",
  50412: "Text Risk Not Pass",
  50413: "Post Text Risk Not Pass",
  50429: "Request Has Reached API Limit, Please Try Later",
  50430: "Request Has Reached API Concurrent Limit, Please Try Later",
  50500: "Internal Error",
  50501: "Internal RPC Error",
  50511: "Post Img Risk Not Pass",
  50516: "Post Video Risk Not Pass",
  50518: "Pre Img Risk Not Pass: Copyright",
};

function httpStatusFor(code: number): number {
  if (code === 50429 || code === 50430) return 429;
  if (code >= 50500 && code < 50510) return 500;
  return 400;
}

export async function startJimengFake(
  options: { accessKeyId?: string; secretKey?: string } = {},
): Promise<JimengFake> {
  const accessKeyId = options.accessKeyId ?? "AKLTfakeJimengAccessKey";
  const secretKey = options.secretKey ?? "fakeJimengSecretKey==";
  const script = taskScript<JimengOutcome>({ outcome: { type: "done" }, interim: ["in_queue", "generating"] });
  const faults = new FaultQueue<JimengRoute, JimengFault>();
  const tasks = new Map<string, Task>();
  let nextId = 7392616336519610000n;
  let origin = "";

  const requestId = () => `2026010203040500000000000${Math.floor(Math.random() * 1e6)}`;

  const send = sendJson;

  function success(res: ServerResponse, data: unknown) {
    send(res, 200, { code: 10000, data, message: "Success", request_id: requestId(), status: 10000, time_elapsed: "104.85ms" });
  }

  function business(res: ServerResponse, code: number, message?: string, headers: Record<string, string> = {}) {
    send(res, httpStatusFor(code), {
      code, data: null, message: message ?? MESSAGES[code] ?? "Error", request_id: requestId(), status: code, time_elapsed: "12.3ms",
    }, headers);
  }

  function gateway(res: ServerResponse, action: string, code: string, status = 401, message?: string) {
    send(res, status, {
      ResponseMetadata: {
        RequestId: requestId(), Action: action, Version: "2022-08-31", Service: "cv", Region: "cn-north-1",
        Error: { CodeN: 100010, Code: code, Message: message ?? code },
      },
    });
  }

  /** Recomputes the signature over what arrived; returns the gateway error code, or undefined if valid. */
  function verify(req: IncomingMessage, url: URL, body: Buffer): string | undefined {
    const auth = parseVolcAuthorization(String(req.headers.authorization ?? ""));
    if (!auth) return "MissingAuthenticationToken";
    if (auth.accessKeyId !== accessKeyId) return "InvalidAccessKey";
    const xDate = String(req.headers["x-date"] ?? "");
    const date = parseVolcDate(xDate);
    if (!date || !xDate.startsWith(auth.shortDate)) return "SignatureDoesNotMatch";
    if (auth.region !== "cn-north-1" || auth.service !== "cv") return "SignatureDoesNotMatch";
    if (!auth.signedHeaders.includes("x-date")) return "SignatureDoesNotMatch";
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers[name] = value;
    let expected: string;
    try {
      expected = signVolcRequest({
        accessKeyId, secretKey, region: "cn-north-1", service: "cv",
        method: req.method ?? "POST", path: url.pathname, query: Object.fromEntries(url.searchParams),
        headers, body, date, signedHeaders: auth.signedHeaders,
      }).Authorization;
    } catch {
      return "SignatureDoesNotMatch";
    }
    return expected === req.headers.authorization ? undefined : "SignatureDoesNotMatch";
  }

  function fault(route: JimengRoute, action: string, req: IncomingMessage, res: ServerResponse): boolean {
    const f = faults.peek(route);
    if (!f || f.type === "dropAfterAccept") return false;
    faults.shift(route);
    switch (f.type) {
      case "business":
        business(res, f.code, f.message,
          f.retryAfterSeconds !== undefined ? { "Retry-After": String(f.retryAfterSeconds) } : {});
        break;
      case "gateway":
        gateway(res, action, f.code, f.status, f.message);
        break;
      case "html502":
        res.writeHead(502, { "Content-Type": "text/html" });
        res.end("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>");
        break;
      case "drop":
        req.socket.destroy();
        break;
    }
    return true;
  }

  const fake: JimengFake = {
    baseUrl: "",
    accessKeyId,
    secretKey,
    submissions: [],
    queries: [],
    signatureFailures: 0,
    ...script.controls,
    failNext(route, f, times = 1) {
      faults.push(route, f, times);
    },
    close: () => closeServer(server),
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", origin);
    const body = await readBody(req);

    if (req.method === "GET" && url.pathname.startsWith("/files/")) {
      res.writeHead(200, { "Content-Type": "video/mp4" });
      return res.end(`fake video ${url.pathname.slice("/files/".length)}`);
    }

    const action = url.searchParams.get("Action") ?? "";
    const failure = verify(req, url, body);
    if (failure) {
      fake.signatureFailures++;
      return gateway(res, action, failure);
    }
    const route: JimengRoute | undefined =
      req.method !== "POST" || url.searchParams.get("Version") !== "2022-08-31" ? undefined
      : action === "CVSync2AsyncSubmitTask" ? "submit"
      : action === "CVSync2AsyncGetResult" ? "query"
      : undefined;
    if (!route) return gateway(res, action, "InvalidActionOrVersion", 404);
    if (fault(route, action, req, res)) return;

    let parsed: any;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return business(res, 50400, "Invalid Request Body");
    }

    if (route === "submit") {
      if (typeof parsed?.req_key !== "string") return business(res, 50400, "Invalid Parameter: req_key");
      const id = String(nextId++);
      tasks.set(id, { id, reqKey: parsed.req_key, polls: 0, ...script.snapshot() });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers[name] = value;
      fake.submissions.push({ taskId: id, reqKey: parsed.req_key, body: parsed, rawBody: body, headers });
      if (faults.peek("submit")?.type === "dropAfterAccept") {
        faults.shift("submit");
        return req.socket.destroy();
      }
      return success(res, { task_id: id });
    }

    fake.queries.push({ req_key: parsed?.req_key, task_id: parsed?.task_id });
    const task = tasks.get(String(parsed?.task_id));
    // A task is found only with the req_key it was submitted with.
    if (!task || task.reqKey !== parsed?.req_key) return success(res, { status: "not_found", video_url: "" });
    task.polls++;
    if (task.polls < task.completeAfter) {
      return success(res, { status: task.interim[Math.min(task.polls - 1, task.interim.length - 1)] ?? "", video_url: "" });
    }
    switch (task.outcome.type) {
      case "done":
        return success(res, { status: "done", video_url: task.outcome.videoUrl ?? `${origin}/files/${task.id}.mp4` });
      case "doneWithoutVideo":
        return success(res, { status: "done", video_url: "" });
      case "code":
        return business(res, task.outcome.code, task.outcome.message);
      case "status":
        return success(res, { status: task.outcome.status, video_url: "" });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: String(err) });
    });
  });
  origin = await listenLocal(server);
  fake.baseUrl = origin;
  return fake;
}
