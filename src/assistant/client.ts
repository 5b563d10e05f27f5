/**
 * The client of an OpenAI-compatible chat-completions endpoint (`POST {base}/chat/completions`), for
 * the optional writing partner. It asks for Structured Outputs (`response_format: json_schema`) and
 * steps down to JSON mode, then to plain text with the JSON picked out of it, only when the endpoint
 * refuses the format with a 400 (nothing was generated, so asking again costs nothing). Everything
 * else (a timeout, a 5xx, a 429, a reset connection) is one typed failure and no retry: the caller
 * has a rule-based answer, and waiting twice is worse than using it.
 *
 * Errors carry a reason and a status, never the endpoint's own message (an OpenAI 401 echoes part of
 * the key) and never the key.
 */
import { request, type Dispatcher } from "undici";
import type { Config } from "../config.ts";
import { buildChatRequest, RESPONSE_FORMATS, type ChatJob, type ResponseFormat } from "./request.ts";

export interface AssistantSettings {
  /** Up to and including `/v1`, without a trailing slash. */
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
}

/** The assistant's settings, or undefined when it is off (any of the three variables unset). */
export function assistantSettings(c: Pick<Config, "ASSISTANT_BASE_URL" | "ASSISTANT_API_KEY" | "ASSISTANT_MODEL" | "ASSISTANT_TIMEOUT_MS">): AssistantSettings | undefined {
  if (!c.ASSISTANT_BASE_URL || !c.ASSISTANT_API_KEY || !c.ASSISTANT_MODEL) return undefined;
  return { baseUrl: c.ASSISTANT_BASE_URL, apiKey: c.ASSISTANT_API_KEY, model: c.ASSISTANT_MODEL, timeoutMs: c.ASSISTANT_TIMEOUT_MS };
}

export type AssistantFailure =
  /** No answer within the timeout. */
  | "timeout"
  /** The connection failed before an answer (refused, reset, DNS). */
  | "unreachable"
  /** An HTTP error status (401, 429, 500, …). */
  | "http_error"
  /** The model declined (`message.refusal`). */
  | "refused"
  /** An answer that is not the JSON asked for, or that the domain's checks turn down. */
  | "invalid_output";

export class AssistantError extends Error {
  override readonly name = "AssistantError";
  readonly reason: AssistantFailure;
  readonly status: number | undefined;
  constructor(reason: AssistantFailure, message: string, status?: number) {
    super(message);
    this.reason = reason;
    this.status = status;
  }
}

export interface AssistantClientOptions {
  dispatcher?: Dispatcher;
}

/** Answers larger than this are no prompt; reading stops there. */
const MAX_RESPONSE_BYTES = 512 * 1024;

interface Answer {
  status: number;
  json: unknown;
}

/** The first JSON object in a text: the whole text, a ```json fence, or the first balanced {…}. */
export function extractJson(text: string): unknown {
  const trimmed = text.trim();
  const attempts = [trimmed];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed);
  if (fence?.[1]) attempts.push(fence[1].trim());
  const start = trimmed.indexOf("{");
  if (start >= 0) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < trimmed.length; i++) {
      const c = trimmed[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === "\"") inString = false;
      } else if (c === "\"") inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        attempts.push(trimmed.slice(start, i + 1));
        break;
      }
    }
  }
  for (const candidate of attempts) {
    try {
      const value: unknown = JSON.parse(candidate);
      if (value !== null && typeof value === "object" && !Array.isArray(value)) return value;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

/** The body's JSON, or undefined for an empty or non-JSON body (a proxy's HTML page). */
function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether a 400/422 says the endpoint does not take this `response_format` (so a lower one may work). */
function refusesFormat(answer: Answer): boolean {
  if (answer.status !== 400 && answer.status !== 422) return false;
  const error = (answer.json as { error?: { message?: unknown; param?: unknown } } | undefined)?.error;
  const said = `${typeof error?.param === "string" ? error.param : ""} ${typeof error?.message === "string" ? error.message : ""}`;
  return /response_format|json_schema|json_object|structured output/i.test(said);
}

export function createAssistantClient(settings: AssistantSettings, options: AssistantClientOptions = {}) {
  const url = `${settings.baseUrl}/chat/completions`;
  // The best format this endpoint took; a refusal lowers it for every later call of this process.
  let formatIndex = 0;

  async function post(body: Record<string, unknown>): Promise<Answer> {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    try {
      const res = await request(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${settings.apiKey}`,
          "content-type": "application/json",
          accept: "application/json",
        },
        body: JSON.stringify(body),
        signal: timeout,
        dispatcher: options.dispatcher,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_RESPONSE_BYTES) {
          res.body.destroy();
          throw new AssistantError("invalid_output", "the answer is larger than an answer can be", res.statusCode);
        }
        chunks.push(chunk as Buffer);
      }
      return { status: res.statusCode, json: parseBody(Buffer.concat(chunks).toString("utf8")) };
    } catch (error) {
      if (error instanceof AssistantError) throw error;
      if (timeout.aborted) throw new AssistantError("timeout", `no answer within ${settings.timeoutMs} ms`);
      throw new AssistantError("unreachable", `could not reach the assistant (${error instanceof Error ? error.name : "network error"})`);
    }
  }

  /** The model's message content, as text. */
  function content(answer: Answer): string {
    const choice = (answer.json as { choices?: Array<{ message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }> } | undefined)
      ?.choices?.[0];
    const message = choice?.message;
    if (typeof message?.refusal === "string" && message.refusal.length > 0) {
      throw new AssistantError("refused", "the model declined the task", answer.status);
    }
    if (choice?.finish_reason === "length") throw new AssistantError("invalid_output", "the answer was cut off", answer.status);
    if (typeof message?.content !== "string") throw new AssistantError("invalid_output", "the response has no choices[0].message.content", answer.status);
    return message.content;
  }

  /**
   * Asks one job and returns its answer, validated by the job's schema. Throws AssistantError.
   * Only a 400 that names the response format leads to a second request, in the next format.
   */
  async function ask<T>(job: ChatJob<T>): Promise<T> {
    for (;;) {
      const format: ResponseFormat = RESPONSE_FORMATS[formatIndex] ?? "text";
      const answer = await post(buildChatRequest(job, settings.model, format));
      if (answer.status >= 200 && answer.status < 300) {
        const parsed = extractJson(content(answer));
        const checked = job.schema.safeParse(parsed);
        if (!checked.success) {
          throw new AssistantError("invalid_output", parsed === undefined ? "the answer is not JSON" : "the answer does not match the schema", answer.status);
        }
        return checked.data;
      }
      if (refusesFormat(answer) && formatIndex < RESPONSE_FORMATS.length - 1) {
        formatIndex++;
        continue;
      }
      throw new AssistantError("http_error", `the assistant answered HTTP ${answer.status}`, answer.status);
    }
  }

  return {
    ask,
    /** The response format in use now (for logs and tests). */
    get format(): ResponseFormat {
      return RESPONSE_FORMATS[formatIndex] ?? "text";
    },
  };
}

export type AssistantClient = ReturnType<typeof createAssistantClient>;
