/**
 * A loopback SophNet: video generate/status, the multipart upload, and the files it hands out.
 * It answers in the `{status, message, result, timestamp}` envelope by default (the likelier real
 * one) and can switch to `{code, message, data}`. Faults are queued per route with `failNext`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { FaultQueue, closeServer, listenLocal, readBody, sendJson, taskScript } from "./http-fake.ts";

export type SophnetRoute = "create" | "status" | "upload";

export type SophnetFault =
  /** nginx's HTML 502 page. */
  | { type: "html502" }
  /** HTTP 429 with Retry-After (seconds). */
  | { type: "rateLimit"; retryAfterSeconds?: number }
  /** An HTTP error status with an error envelope carrying `message`. */
  | { type: "http"; status: number; message?: string }
  /** HTTP 200 with a non-zero envelope code. */
  | { type: "rejected"; code: number; message: string }
  /** HTTP 200 whose body is not JSON. */
  | { type: "notJson" }
  /** The connection is dropped without an answer (after the request was read). */
  | { type: "drop" }
  /** create only: the task is created, then the connection is dropped before the answer. */
  | { type: "dropAfterAccept" };

export type SophnetOutcome =
  | { status: "succeeded"; videoUrl?: string }
  | { status: "failed"; code?: string; message: string }
  | { status: "cancelled" };

export interface SophnetSubmission {
  taskId: string;
  body: any;
  authorization: string | undefined;
}

export interface SophnetUpload {
  fieldName: string;
  fileName: string;
  mime: string;
  bytes: Uint8Array;
  signedUrl: string;
}

interface Task {
  id: string;
  model: string;
  polls: number;
  completeAfter: number;
  interim: string[];
  outcome: SophnetOutcome;
  /** Asked with `return_last_frame: true` (Ark): the finished task also answers `last_frame_url`. */
  lastFrame: boolean;
}

export interface SophnetFake {
  /** The videogenerator base URL to give the client. */
  baseUrl: string;
  origin: string;
  uploadUrl: string;
  apiKey: string;
  submissions: SophnetSubmission[];
  uploads: SophnetUpload[];
  /** Task ids in the order they were polled. */
  polls: string[];
  /** Requests refused for a missing or wrong Bearer key. */
  unauthorized: number;
  useEnvelope(kind: "status" | "code"): void;
  /** Tasks created from now on succeed (or end with `outcome`) on their n-th poll. */
  completeAfterPolls(n: number, outcome?: SophnetOutcome): void;
  /** Statuses shown before completion, one per poll, the last one repeated. Default queued, running. */
  interimStatuses(statuses: string[]): void;
  failNext(route: SophnetRoute, fault: SophnetFault, times?: number): void;
  close(): Promise<void>;
}

const BASE_PATH = "/api/open-apis/projects/easyllms/videogenerator";
const UPLOAD_PATH = "/api/open-apis/projects/upload";
const HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

export async function startSophnetFake(options: { apiKey?: string } = {}): Promise<SophnetFake> {
  const apiKey = options.apiKey ?? "sk-fake-sophnet-key";
  let envelope: "status" | "code" = "status";
  const script = taskScript<SophnetOutcome>({ outcome: { status: "succeeded" }, interim: ["queued", "running"] });
  const faults = new FaultQueue<SophnetRoute, SophnetFault>();
  const tasks = new Map<string, Task>();
  const files = new Map<string, { mime: string; bytes: Uint8Array }>();
  let nextId = 1;
  let origin = "";

  const send = sendJson;

  function ok(res: ServerResponse, payload: unknown) {
    send(res, 200, envelope === "status"
      ? { status: 0, message: "请求成功", result: payload, timestamp: Date.now() }
      : { code: 0, message: "success", data: payload });
  }

  function error(res: ServerResponse, httpStatus: number, code: number, message: string, headers: Record<string, string> = {}) {
    send(res, httpStatus, envelope === "status"
      ? { status: code, message, result: null, timestamp: Date.now() }
      : { code, message, data: null }, headers);
  }

  /** Plays a queued fault; true when it answered (or dropped) the request. */
  function fault(route: SophnetRoute, req: IncomingMessage, res: ServerResponse): boolean {
    const f = faults.peek(route);
    if (!f || f.type === "dropAfterAccept") return false;
    faults.shift(route);
    switch (f.type) {
      case "html502":
        res.writeHead(502, { "Content-Type": "text/html" });
        res.end(HTML_502);
        break;
      case "rateLimit":
        error(res, 429, 429, "Too Many Requests", { "Retry-After": String(f.retryAfterSeconds ?? 1) });
        break;
      case "http":
        error(res, f.status, f.status, f.message ?? `HTTP ${f.status}`);
        break;
      case "rejected":
        error(res, 200, f.code, f.message);
        break;
      case "notJson":
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end("OK");
        break;
      case "drop":
        req.socket.destroy();
        break;
    }
    return true;
  }

  function taskView(task: Task): Record<string, unknown> {
    const done = task.polls >= task.completeAfter;
    const view: Record<string, unknown> = {
      id: task.id,
      model: task.model,
      status: done ? task.outcome.status : task.interim[Math.min(task.polls - 1, task.interim.length - 1)] ?? "",
      error: null,
      content: null,
      usage: { duration: 5, resolution: "720p", fps: 24 },
      created_at: Date.now(),
      updated_at: Date.now(),
    };
    if (done && task.outcome.status === "succeeded") {
      view.content = {
        video_url: task.outcome.videoUrl ?? `${origin}/files/${task.id}.mp4`,
        ...(task.lastFrame ? { last_frame_url: `${origin}/files/${task.id}-last.png` } : {}),
      };
    }
    if (done && task.outcome.status === "failed") {
      view.error = { code: task.outcome.code ?? "InternalError", message: task.outcome.message };
    }
    return view;
  }

  const fake: SophnetFake = {
    baseUrl: "",
    origin: "",
    uploadUrl: "",
    apiKey,
    submissions: [],
    uploads: [],
    polls: [],
    unauthorized: 0,
    useEnvelope(kind) {
      envelope = kind;
    },
    ...script.controls,
    failNext(route, f, times = 1) {
      faults.push(route, f, times);
    },
    close: () => closeServer(server),
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", origin);
    const body = await readBody(req);

    if (req.method === "GET" && (url.pathname.startsWith("/files/") || url.pathname.startsWith("/uploads/"))) {
      const file = files.get(url.pathname);
      if (!file) return send(res, 404, { message: "no such file" });
      res.writeHead(200, { "Content-Type": file.mime, "Content-Length": String(file.bytes.byteLength) });
      return res.end(file.bytes);
    }

    const route: SophnetRoute | undefined =
      req.method === "POST" && url.pathname === `${BASE_PATH}/generate` ? "create"
      : req.method === "GET" && url.pathname.startsWith(`${BASE_PATH}/generate/`) ? "status"
      : req.method === "POST" && url.pathname === UPLOAD_PATH ? "upload"
      : undefined;
    if (!route) return error(res, 404, 404, "not found");

    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      fake.unauthorized++;
      return error(res, 401, 401, "Unauthorized: invalid api key");
    }
    if (fault(route, req, res)) return;

    if (route === "create") {
      let parsed: any;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        return error(res, 400, 400, "invalid json");
      }
      if (typeof parsed?.model !== "string" || !Array.isArray(parsed?.content)) {
        return error(res, 400, 400, "model and content are required");
      }
      const id = `cgt-${String(nextId++).padStart(6, "0")}`;
      tasks.set(id, { id, model: parsed.model, polls: 0, ...script.snapshot(), lastFrame: parsed.return_last_frame === true });
      files.set(`/files/${id}.mp4`, { mime: "video/mp4", bytes: new TextEncoder().encode(`fake video ${id}`) });
      // A recognisable PNG per task (its signature, then the task id), so a test can tell whose frame travelled.
      files.set(`/files/${id}-last.png`, { mime: "image/png", bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`last frame of ${id}`)]) });
      fake.submissions.push({ taskId: id, body: parsed, authorization: req.headers.authorization });
      if (faults.peek("create")?.type === "dropAfterAccept") {
        faults.shift("create");
        return req.socket.destroy();
      }
      return ok(res, { task_id: id });
    }

    if (route === "status") {
      const id = decodeURIComponent(url.pathname.slice(`${BASE_PATH}/generate/`.length));
      const task = tasks.get(id);
      if (!task) return error(res, 404, 404, "task not found");
      task.polls++;
      fake.polls.push(id);
      return ok(res, taskView(task));
    }

    const form = await new Request(`${origin}${UPLOAD_PATH}`, {
      method: "POST",
      headers: { "content-type": req.headers["content-type"] ?? "" },
      body,
    }).formData().catch(() => undefined);
    const entry = form?.get("file");
    if (!form || !entry || typeof entry === "string") return error(res, 400, 400, "multipart field file is required");
    const bytes = new Uint8Array(await entry.arrayBuffer());
    const path = `/uploads/${nextId++}/${encodeURIComponent(entry.name)}`;
    const signedUrl = `${origin}${path}?signature=fake`;
    files.set(path, { mime: entry.type || "application/octet-stream", bytes });
    fake.uploads.push({ fieldName: "file", fileName: entry.name, mime: entry.type, bytes, signedUrl });
    return ok(res, { signedUrl });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: String(err) });
    });
  });
  origin = await listenLocal(server);
  fake.origin = origin;
  fake.baseUrl = `${origin}${BASE_PATH}`;
  fake.uploadUrl = `${origin}${UPLOAD_PATH}`;
  return fake;
}
