/**
 * A loopback fake of an OpenAI-compatible chat-completions endpoint (`POST /v1/chat/completions`),
 * for the writing partner's tests.
 *
 * It speaks the wire protocol of the OpenAI spec: Bearer auth (401 with an `{error:{…}}` envelope
 * otherwise, echoing part of the key as OpenAI does), a `chat.completion` object whose
 * `choices[0].message.content` is the model's text, and 400 `invalid_request_error` for a
 * `response_format` the server does not support. Tests script the model with `answer` (a function of
 * the request), steer failures with `failNext` (a delay longer than the client's timeout, a 500, a
 * content that is not JSON, a refusal) and read every request that arrived in `requests`, headers
 * and raw body included.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as it arrived. */
  raw: string;
  body: ChatBody | undefined;
}

export interface ChatBody {
  model?: string;
  messages?: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  [key: string]: unknown;
}

export type ResponseFormatType = "json_schema" | "json_object" | "text";

export type Failure =
  /** Answer after this many milliseconds (longer than the client's timeout: a timeout). */
  | { kind: "delay"; ms: number }
  /** HTTP 500 with OpenAI's server_error envelope. */
  | { kind: "server_error" }
  /** HTTP 200 whose message content is prose, not JSON. */
  | { kind: "invalid_json" }
  /** HTTP 200 whose body is not JSON at all (a proxy's page). */
  | { kind: "html_body" }
  /** HTTP 200 with `message.refusal` set. */
  | { kind: "refusal" }
  | { kind: "rate_limited" };

export interface FakeChatCompletionsOptions {
  apiKey?: string;
  /** Response formats this server accepts; others get a 400. Default: all three. */
  formats?: ResponseFormatType[];
}

export interface FakeChatCompletions {
  /** Base URL up to and including `/v1`. */
  url: string;
  apiKey: string;
  requests: ReceivedRequest[];
  /** The model's text for a request (what ends up in `choices[0].message.content`). */
  answer(respond: (body: ChatBody) => unknown): void;
  /** The next `times` completions (default 1) fail this way. */
  failNext(failure: Failure, times?: number): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null, param: string | null = null): void {
  send(res, status, { error: { message, type, param, code } });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeChatCompletions(options: FakeChatCompletionsOptions = {}): Promise<FakeChatCompletions> {
  const apiKey = options.apiKey ?? "sk-fake-assistant-key-0123456789";
  const formats = new Set<ResponseFormatType>(options.formats ?? ["json_schema", "json_object", "text"]);
  const requests: ReceivedRequest[] = [];
  const failures: Failure[] = [];
  let respond: (body: ChatBody) => unknown = () => ({});
  let counter = 0;

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: ChatBody | undefined;
    try {
      body = JSON.parse(raw) as ChatBody;
    } catch {
      body = undefined;
    }
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    requests.push({ method: req.method ?? "", path, headers: { ...req.headers }, raw, body });

    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      return sendError(res, 404, `Unknown request URL: ${req.method} ${path}.`, "invalid_request_error", "unknown_url");
    }
    const auth = req.headers.authorization ?? "";
    if (auth !== `Bearer ${apiKey}`) {
      const given = auth.replace(/^Bearer\s+/i, "");
      return sendError(res, 401, `Incorrect API key provided: ${given.slice(0, 3)}***${given.slice(-4)}.`, "invalid_request_error", "invalid_api_key");
    }
    if (!body || typeof body.model !== "string" || !Array.isArray(body.messages)) {
      return sendError(res, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
    }
    const format = (body.response_format?.type ?? "text") as ResponseFormatType;
    if (!formats.has(format)) {
      return sendError(res, 400, `Invalid parameter: 'response_format' of type '${format}' is not supported with this model.`, "invalid_request_error", null, "response_format");
    }

    const failure = failures.shift();
    if (failure?.kind === "delay") {
      // Ends early when the client gives up, so no timer outlives the test.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, failure.ms);
        res.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (failure?.kind === "server_error") {
      return sendError(res, 500, "The server had an error while processing your request. Sorry about that!", "server_error", null);
    }
    if (failure?.kind === "rate_limited") {
      return sendError(res, 429, "Rate limit reached for requests.", "requests", "rate_limit_exceeded");
    }
    if (failure?.kind === "html_body") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<html><body>Bad gateway</body></html>");
    }

    let content: string | null;
    let refusal: string | null = null;
    if (failure?.kind === "invalid_json") {
      content = "Sure! Here is a better prompt: a cat surfing a big wave at sunset, cinematic.";
    } else if (failure?.kind === "refusal") {
      content = null;
      refusal = "I'm sorry, I can't help with that.";
    } else {
      const value = respond(body);
      content = typeof value === "string" ? value : JSON.stringify(value);
    }
    if (res.destroyed) return;
    counter++;
    send(res, 200, {
      id: `chatcmpl-fake${counter}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content, refusal }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: Math.ceil(raw.length / 4), completion_tokens: Math.ceil((content ?? "").length / 4), total_tokens: 0 },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    answer(fn) {
      respond = fn;
    },
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The JSON the client sent as the user message (the task's payload). */
export function userPayload(request: ReceivedRequest): Record<string, unknown> {
  const message = request.body?.messages?.find((m) => m.role === "user");
  return message ? (JSON.parse(message.content) as Record<string, unknown>) : {};
}
