/**
 * A loopback CreatOK Open Skills server speaking the contract in shared/reference/providers.md §1:
 * Bearer auth, capabilities, presigned upload (the PUT lands on this server too), video and image
 * task creation, and status polling that walks queued → running → succeeded. Faults are injected
 * per route so the provider, jobs and chat tests can provoke every failure the client must survive.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeRoute = "capabilities" | "presign" | "upload" | "submit" | "status" | "files";

/**
 * One injected failure. `html502`: a gateway error page; `rate_limited`: 429 + Retry-After;
 * `slow`: answer normally after `delayMs` (to provoke client timeouts); `error_code`: HTTP 200
 * with a non-zero envelope code; `http_error`: any status with a JSON body; `malformed_capabilities`:
 * the fixture with `default_model` naming no model.
 */
export type FakeFault =
  | { kind: "html502" }
  | { kind: "rate_limited"; retryAfterSeconds?: number }
  | { kind: "slow"; delayMs: number }
  | { kind: "error_code"; code: number; msg: string }
  | { kind: "http_error"; status: number; body?: unknown }
  | { kind: "malformed_capabilities" };

export interface FailNextOptions {
  /** Which route the fault hits; default: the next request to any API route. */
  on?: FakeRoute | "any";
  /** How many matching requests it hits; default 1. */
  times?: number;
}

export interface FakeSubmission {
  kind: "video" | "image";
  body: Record<string, unknown>;
  /** Set when the fake created a task (not when a fault or validation rejected the request). */
  taskId?: string;
  /** The HTTP status the fake answered with. */
  status: number;
  /** When the request arrived (Date.now()). */
  receivedAt: number;
}

export interface FakeUpload {
  objectKey: string;
  contentType: string | undefined;
  bytes: Uint8Array;
  /** Whether the PUT carried an Authorization header (it never should). */
  hadAuthorization: boolean;
  /** What the presign request declared. */
  declared: { fileName: string; fileType: string; fileSize: number; prefix: string };
}

export interface FakeTask {
  id: string;
  kind: "video" | "image";
  body: Record<string, unknown>;
  /** Statuses walked by successive polls; the last one repeats. */
  script: string[];
  polls: number;
  failureMessage: string;
  /** When a poll first reported the task succeeded (Date.now()). */
  succeededAt?: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  route: FakeRoute | "unknown";
  authorized: boolean;
}

export interface FakeCreatokState {
  apiKey: string;
  capabilities: unknown;
  submissions: FakeSubmission[];
  uploads: FakeUpload[];
  tasks: Map<string, FakeTask>;
  requests: FakeRequest[];
  /** Polls a new task needs to succeed (the n-th poll reports the terminal state). */
  pollsToComplete: number;
}

export interface FakeCreatokOptions {
  apiKey?: string;
  /** Default 3: queued, running, succeeded. */
  pollsToComplete?: number;
  /** The `capabilities` object served (wrapped in `{code:0, data:{capabilities}}`). */
  capabilities?: unknown;
  /** Where a finished video task says its file is (default: this fake's own /files/<id>.mp4). */
  resultUrl?: (taskId: string) => string;
  /**
   * A real video file for a finished video task (e.g. rendered with ffmpeg for its `seconds`),
   * served as its /files/<id>.mp4; default: a few placeholder bytes.
   */
  videoFile?: (task: FakeTask) => Promise<string>;
}

export interface FakeCreatok {
  baseUrl: string;
  apiKey: string;
  state: FakeCreatokState;
  readonly submissions: FakeSubmission[];
  readonly uploads: FakeUpload[];
  failNext(fault: FakeFault | FakeFault["kind"], options?: FailNextOptions): void;
  setCapabilities(capabilities: unknown): void;
  completeAfterPolls(n: number): void;
  /** The next created task ends "failed" with this message (default: a moderation message). */
  failNextTask(message?: string): void;
  /** The next created task walks exactly these statuses (last repeats), e.g. ["rendering", "succeeded"]. */
  scriptNextTask(statuses: string[]): void;
  close(): Promise<void>;
}

export const FAKE_CREATOK_KEY = "ok_fake_test_key_5f2c9a";
export const MODERATION_MESSAGE = "The prompt contains sensitive content and violates the content policy.";

/** 1×1 transparent PNG, served as every image output so downstream code gets real image bytes. */
const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

const SEEDANCE_ORIENTATIONS = ["9:16", "16:9", "1:1", "4:3", "3:4"];

function estimates(definitions: string[], seconds: number[], orientations: string[], credits: (d: string, s: number) => number) {
  return definitions.flatMap((definition) =>
    seconds.flatMap((s) => orientations.map((orientation) => ({ definition, seconds: s, orientation, credits: credits(definition, s) }))),
  );
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The capabilities shape as CreatOK documents it (providers.md §1.3), loose enough to corrupt in tests. */
export interface FakeVideoModel {
  id: string;
  label: string;
  defaults: { orientation: string; seconds: number; definition: string };
  limits: {
    definitions: string[];
    orientations: string[];
    durations: { min: number | null; max: number | null; enum: number[] | null };
    max_reference_images: number;
  };
  pricing?: { currency: string; unit: string; estimates: { definition: string; seconds: number; orientation: string; credits: number }[] };
}

export interface FakeImageModel {
  id: string;
  label: string;
  defaults: { resolution: string; n: number };
  limits: { resolutions?: string[]; n: { min: number; max: number }; aspect_ratios: string[] | null; max_reference_images: number };
  pricing?: { currency: string; unit: string; by_resolution: Record<string, number> };
}

export interface FakeCapabilities {
  video: { default_model: string; models: FakeVideoModel[] };
  image: { default_model: string; models: FakeImageModel[] };
}

/** A realistic capabilities object (providers.md §1.3 fixture table); fresh on every call. */
export function creatokCapabilitiesFixture(): FakeCapabilities {
  const seedance = (id: string, label: string, rate: number): FakeVideoModel => ({
    id,
    label,
    defaults: { orientation: "9:16", seconds: 5, definition: "480p" },
    limits: {
      definitions: ["480p", "720p"],
      orientations: [...SEEDANCE_ORIENTATIONS],
      durations: { min: 4, max: 15, enum: null },
      max_reference_images: 5,
    },
    pricing: {
      currency: "credits",
      unit: "video",
      estimates: estimates(["480p", "720p"], range(4, 15), SEEDANCE_ORIENTATIONS, (d, s) =>
        Math.min(30, Math.max(3, Math.round(s * rate * (d === "720p" ? 2 : 1))))),
    },
  });
  const veo = (id: string, label: string, perClip: number): FakeVideoModel => ({
    id,
    label,
    defaults: { orientation: "9:16", seconds: 8, definition: "720p" },
    limits: {
      definitions: ["720p"],
      orientations: ["9:16", "16:9"],
      durations: { min: null, max: 8, enum: null },
      max_reference_images: 3,
    },
    pricing: {
      currency: "credits",
      unit: "video",
      estimates: estimates(["720p"], [4, 6, 8], ["9:16", "16:9"], (_d, s) => Math.max(3, Math.round((perClip * s) / 8))),
    },
  });
  const image = (id: string, label: string, resolutions: string[], byResolution: Record<string, number>, aspectRatios: string[] | null): FakeImageModel => ({
    id,
    label,
    defaults: { resolution: "2K", n: 1 },
    limits: {
      resolutions,
      n: { min: 1, max: 4 },
      aspect_ratios: aspectRatios,
      max_reference_images: 5,
    },
    pricing: { currency: "credits", unit: "image", by_resolution: byResolution },
  });
  return {
    video: {
      default_model: "veo-3.1-fast-exp",
      models: [
        seedance("doubao-seedance-2", "Seedance 2", 1),
        seedance("doubao-seedance-2-fast", "Seedance 2 Fast", 0.75),
        {
          id: "sora-2",
          label: "Sora 2",
          defaults: { orientation: "9:16", seconds: 12, definition: "720p" },
          limits: {
            definitions: ["720p"],
            orientations: ["9:16", "16:9"],
            durations: { min: null, max: null, enum: [12] },
            max_reference_images: 1,
          },
          pricing: { currency: "credits", unit: "video", estimates: estimates(["720p"], [12], ["9:16", "16:9"], () => 20) },
        },
        veo("veo-3.1-fast-exp", "Veo 3.1 Fast", 6),
        veo("veo-3.1-exp", "Veo 3.1 Quality", 15),
      ],
    },
    image: {
      default_model: "nano-banana-2",
      models: [
        image("seedream-5.0-lite", "Seedream 5.0 Lite", ["2K", "4K"], { "2K": 1, "4K": 2 }, ["1:1", "16:9", "9:16"]),
        image("nano-banana-pro", "Nano Banana Pro", ["1K", "2K", "4K"], { "1K": 2, "2K": 3, "4K": 5 }, ["1:1", "16:9", "9:16"]),
        image("nano-banana-2", "Nano Banana 2", ["1K", "2K", "4K"], { "1K": 1, "2K": 2, "4K": 4 }, ["1:1", "16:9", "9:16"]),
        image("gpt-image-2", "GPT Image 2", ["1K", "2K", "4K"], { "1K": 1, "2K": 2, "4K": 3 }, null),
      ],
    },
  };
}

const HTML_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

function scriptFor(polls: number, terminal: "succeeded" | "failed"): string[] {
  const n = Math.max(1, Math.floor(polls));
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? terminal : i === 0 ? "queued" : "running"));
}

function routeOf(method: string, path: string): FakeRoute | "unknown" {
  if (method === "GET" && path === "/api/open/skills/capabilities") return "capabilities";
  if (method === "POST" && path === "/api/open/skills/upload/image/presigned") return "presign";
  if (method === "PUT" && path.startsWith("/storage/")) return "upload";
  if (method === "POST" && (path === "/api/open/skills/tasks" || path === "/api/open/skills/image-generation")) return "submit";
  if (method === "GET" && path === "/api/open/skills/tasks/status") return "status";
  if (method === "GET" && path.startsWith("/files/")) return "files";
  return "unknown";
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export async function startFakeCreatok(options: FakeCreatokOptions = {}): Promise<FakeCreatok> {
  const state: FakeCreatokState = {
    apiKey: options.apiKey ?? FAKE_CREATOK_KEY,
    capabilities: options.capabilities ?? creatokCapabilitiesFixture(),
    submissions: [],
    uploads: [],
    tasks: new Map(),
    requests: [],
    pollsToComplete: options.pollsToComplete ?? 3,
  };
  const faults: { fault: FakeFault; on: FakeRoute | "any"; left: number }[] = [];
  const nextTaskPlans: { script?: string[]; failureMessage?: string }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const pendingUploads = new Map<string, FakeUpload["declared"]>();
  let baseUrl = "";

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const ok = (res: ServerResponse, data: unknown) => json(res, 200, { code: 0, msg: "success", data });
  const reject = (res: ServerResponse, status: number, msg: string) => json(res, status, { code: status, msg });

  function takeFault(route: FakeRoute): FakeFault | undefined {
    const index = faults.findIndex((f) => f.on === "any" || f.on === route);
    const entry = faults[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) faults.splice(index, 1);
    return entry.fault;
  }

  /** Answers a fault; returns false for faults that only delay (the caller then answers normally). */
  async function applyFault(fault: FakeFault, res: ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case "html502":
        res.writeHead(502, { "Content-Type": "text/html" });
        res.end(HTML_502);
        return true;
      case "rate_limited":
        json(res, 429, { code: 429, msg: "Too many requests, slow down." }, { "Retry-After": String(fault.retryAfterSeconds ?? 2) });
        return true;
      case "error_code":
        json(res, 200, { code: fault.code, msg: fault.msg });
        return true;
      case "http_error":
        json(res, fault.status, fault.body ?? { code: fault.status, msg: `HTTP ${fault.status}` });
        return true;
      case "malformed_capabilities": {
        const broken = creatokCapabilitiesFixture();
        broken.video.default_model = "no-such-model";
        ok(res, { capabilities: broken });
        return true;
      }
      case "slow":
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => { timers.delete(timer); resolve(); }, fault.delayMs);
          timers.add(timer);
        });
        return res.destroyed;
    }
  }

  function modelsOf(kind: "video" | "image"): Record<string, unknown>[] {
    const models = asRecord(asRecord(state.capabilities)[kind]).models;
    return Array.isArray(models) ? models.map(asRecord) : [];
  }

  /** Checks a creation body against the served capabilities; returns the reason it is invalid. */
  function invalidReason(kind: "video" | "image", body: Record<string, unknown>): string | undefined {
    if (typeof body.prompt !== "string" || !body.prompt.trim()) return "prompt is required";
    const model = modelsOf(kind).find((m) => m.id === body.model);
    if (!model) return `unknown model ${String(body.model)}`;
    const limits = asRecord(model.limits);
    const has = (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value);
    const keysField = kind === "video" ? "referenceImageKeys" : "imageObjectKeys";
    const keys = body[keysField];
    if (keys !== undefined) {
      if (!Array.isArray(keys) || keys.length === 0) return `${keysField} must be a non-empty array when present`;
      if (keys.length > Number(limits.max_reference_images ?? 0)) return "too many reference images";
      const known = new Set(state.uploads.map((u) => u.objectKey));
      if (keys.some((k) => !known.has(String(k)))) return "unknown reference image key";
    }
    if (kind === "video") {
      if (!has(limits.orientations, body.orientation)) return `orientation ${String(body.orientation)} is not supported`;
      if (!has(limits.definitions, body.definition)) return `definition ${String(body.definition)} is not supported`;
      const seconds = body.seconds;
      const d = asRecord(limits.durations);
      if (typeof seconds !== "number" || !Number.isInteger(seconds)) return "seconds must be an integer";
      if (Array.isArray(d.enum) && !d.enum.includes(seconds)) return `seconds must be one of ${d.enum.join(", ")}`;
      if (typeof d.min === "number" && seconds < d.min) return `seconds must be at least ${d.min}`;
      if (typeof d.max === "number" && seconds > d.max) return `seconds must be at most ${d.max}`;
      return undefined;
    }
    if (!has(limits.resolutions, body.resolution)) return `resolution ${String(body.resolution)} is not supported`;
    const n = asRecord(limits.n);
    if (typeof body.n !== "number" || body.n < Number(n.min ?? 1) || body.n > Number(n.max ?? 1)) return "n is out of range";
    if (body.aspect_ratio !== undefined && Array.isArray(limits.aspect_ratios) && !limits.aspect_ratios.includes(body.aspect_ratio)) {
      return `aspect_ratio ${String(body.aspect_ratio)} is not supported`;
    }
    return undefined;
  }

  function taskView(task: FakeTask) {
    const index = Math.min(Math.max(task.polls - 1, 0), task.script.length - 1);
    const status = task.script[index] ?? "queued";
    const view: Record<string, unknown> = { task_id: task.id, status, error: null, result: null };
    if (status === "running") view.progress = Math.round((100 * task.polls) / (task.script.length + 1));
    if (status === "succeeded") {
      view.progress = 100;
      if (task.kind === "video") {
        view.result = { video_url: options.resultUrl?.(task.id) ?? `${baseUrl}/files/${task.id}.mp4`, thumbnail_url: `${baseUrl}/files/${task.id}.png` };
      } else {
        const n = typeof task.body.n === "number" ? task.body.n : 1;
        view.result = {
          images: Array.from({ length: n }, (_, i) => ({
            url: `${baseUrl}/files/${task.id}-${i}.png`,
            thumbnail_url: `${baseUrl}/files/${task.id}-${i}-thumb.png`,
          })),
        };
      }
    }
    if (status === "failed") view.error = { message: task.failureMessage };
    return view;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const method = req.method ?? "GET";
    const route = routeOf(method, url.pathname);
    const authorization = req.headers.authorization;
    const authorized = authorization === `Bearer ${state.apiKey}`;
    state.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), route, authorized });
    const raw = await readBody(req);

    if (route === "unknown") return reject(res, 404, "Not found");
    if (route === "files") {
      const name = url.pathname.slice("/files/".length);
      const isVideo = name.endsWith(".mp4");
      const task = isVideo ? state.tasks.get(name.slice(0, -".mp4".length)) : undefined;
      if (task && options.videoFile) {
        const file = await options.videoFile(task);
        res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": String(statSync(file).size) });
        await pipeline(createReadStream(file), res);
        return;
      }
      res.writeHead(200, { "Content-Type": isVideo ? "video/mp4" : "image/png" });
      res.end(isVideo ? Buffer.from(`fake mp4 for ${name}`) : PNG_1X1);
      return;
    }
    if (route !== "upload" && !authorized) return reject(res, 401, "Unauthorized: invalid or missing API key");

    // A submission is recorded as received before any fault: a 502 from the gateway does not
    // prove the request never reached the server.
    const submissionKind = url.pathname.endsWith("/tasks") ? "video" : "image";
    let submission: FakeSubmission | undefined;
    let body: Record<string, unknown> = {};
    if (method === "POST") {
      try {
        body = asRecord(JSON.parse(raw.toString("utf8") || "{}"));
      } catch {
        return reject(res, 400, "Body is not valid JSON");
      }
    }
    if (route === "submit") {
      submission = { kind: submissionKind, body, status: 0, receivedAt: Date.now() };
      state.submissions.push(submission);
    }

    const fault = takeFault(route);
    if (fault && (await applyFault(fault, res))) {
      if (submission) submission.status = res.statusCode;
      return;
    }

    switch (route) {
      case "capabilities":
        return ok(res, { capabilities: state.capabilities });

      case "presign": {
        const { fileName, fileType, fileSize, prefix } = body;
        if (typeof fileName !== "string" || typeof fileType !== "string" || typeof fileSize !== "number" || typeof prefix !== "string") {
          return reject(res, 400, "fileName, fileType, fileSize and prefix are required");
        }
        if (!/^image\/(jpeg|png|webp|gif)$/.test(fileType)) return reject(res, 400, `Unsupported file type ${fileType}`);
        const objectKey = `${prefix}/${randomUUID()}-${fileName}`;
        pendingUploads.set(objectKey, { fileName, fileType, fileSize, prefix });
        return ok(res, {
          presignedUploadUrl: `${baseUrl}/storage/${encodeURIComponent(objectKey)}?X-Amz-Signature=${randomUUID().replace(/-/g, "")}`,
          objectKey,
        });
      }

      case "upload": {
        const objectKey = decodeURIComponent(url.pathname.slice("/storage/".length));
        const declared = pendingUploads.get(objectKey);
        if (!declared || !url.searchParams.get("X-Amz-Signature")) {
          res.writeHead(403, { "Content-Type": "application/xml" });
          res.end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
          return;
        }
        const upload: FakeUpload = {
          objectKey,
          contentType: req.headers["content-type"],
          bytes: new Uint8Array(raw),
          hadAuthorization: authorization !== undefined,
          declared,
        };
        state.uploads.push(upload);
        // Object storage refuses a second auth mechanism next to the URL signature.
        if (upload.hadAuthorization) {
          res.writeHead(400, { "Content-Type": "application/xml" });
          res.end("<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>");
          return;
        }
        res.writeHead(200);
        res.end();
        return;
      }

      case "submit": {
        const reason = invalidReason(submissionKind, body);
        if (reason) {
          reject(res, 400, reason);
          if (submission) submission.status = 400;
          return;
        }
        const plan = nextTaskPlans.shift() ?? {};
        const failing = plan.failureMessage !== undefined;
        const task: FakeTask = {
          id: `${submissionKind === "video" ? "vid" : "img"}_${randomUUID()}`,
          kind: submissionKind,
          body,
          script: plan.script ?? scriptFor(state.pollsToComplete, failing ? "failed" : "succeeded"),
          polls: 0,
          failureMessage: plan.failureMessage ?? "generation failed",
        };
        state.tasks.set(task.id, task);
        if (submission) {
          submission.taskId = task.id;
          submission.status = 200;
        }
        return ok(res, { task_id: task.id, status: "queued" });
      }

      case "status": {
        const task = state.tasks.get(url.searchParams.get("task_id") ?? "");
        // Without task_type the server is assumed to default to video (providers.md §1.7).
        const type = url.searchParams.get("task_type") ?? "video_generation";
        if (!task || type !== `${task.kind}_generation`) return reject(res, 404, "Task not found");
        task.polls += 1;
        const view = taskView(task);
        if (view.status === "succeeded") task.succeededAt ??= Date.now();
        return ok(res, view);
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) reject(res, 500, "Internal error");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    apiKey: state.apiKey,
    state,
    get submissions() {
      return state.submissions;
    },
    get uploads() {
      return state.uploads;
    },
    failNext(fault, opts = {}) {
      faults.push({ fault: typeof fault === "string" ? defaultFault(fault) : fault, on: opts.on ?? "any", left: opts.times ?? 1 });
    },
    setCapabilities(capabilities) {
      state.capabilities = capabilities;
    },
    completeAfterPolls(n) {
      state.pollsToComplete = n;
    },
    failNextTask(message = MODERATION_MESSAGE) {
      nextTaskPlans.push({ failureMessage: message });
    },
    scriptNextTask(statuses) {
      if (statuses.length === 0) throw new Error("scriptNextTask needs at least one status");
      nextTaskPlans.push({ script: [...statuses] });
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function defaultFault(kind: FakeFault["kind"]): FakeFault {
  switch (kind) {
    case "html502": return { kind };
    case "rate_limited": return { kind, retryAfterSeconds: 2 };
    case "slow": return { kind, delayMs: 2_000 };
    case "error_code": return { kind, code: 1001, msg: "Request rejected" };
    case "http_error": return { kind, status: 500 };
    case "malformed_capabilities": return { kind };
  }
}
