/**
 * What leaves the process for the writing partner, and nothing else. A task carries only the brief's
 * words and the plan's numbers (kind, seconds, aspect ratio, sound on or off): no user, chat or job
 * id, no name, no file name, no token. The types have no field that could hold one, and the builder
 * copies the fields it names one by one, so an object with more on it sends no more.
 */
import { z } from "zod";
import type { AspectRatio, MediaKind } from "../domain/catalog.ts";

export interface ImproveTask {
  use: "improve";
  /** The idea with its settings taken out (`stripSettings`). */
  text: string;
  kind: MediaKind;
  seconds?: number;
  orientation?: AspectRatio;
  audio?: boolean;
}

export interface StoryboardTask {
  use: "storyboard";
  idea: string;
  /** Seconds of each shot, from the plan. */
  segments: readonly number[];
}

export interface ReadingTask {
  use: "reading";
  text: string;
}

export type AssistantTask = ImproveTask | StoryboardTask | ReadingTask;

/** One question: the task, how to answer it, and the shape the answer must have. */
export interface ChatJob<T> {
  task: AssistantTask;
  instructions: string;
  /** a-z, 0-9, _ and -, at most 64 (the json_schema `name`). */
  schemaName: string;
  schema: z.ZodType<T>;
}

/**
 * How the answer is asked to be JSON, best first: Structured Outputs, then JSON mode, then the
 * schema in words (local servers that know neither).
 */
export type ResponseFormat = "json_schema" | "json_object" | "text";
export const RESPONSE_FORMATS: readonly ResponseFormat[] = ["json_schema", "json_object", "text"];

/** The task as the user message: named fields only. */
function payload(task: AssistantTask): Record<string, unknown> {
  switch (task.use) {
    case "improve":
      return {
        brief: String(task.text),
        kind: task.kind,
        ...(task.seconds !== undefined ? { seconds: Number(task.seconds) } : {}),
        ...(task.orientation !== undefined ? { aspect_ratio: String(task.orientation) } : {}),
        ...(task.audio !== undefined ? { sound: Boolean(task.audio) } : {}),
      };
    case "storyboard":
      return { idea: String(task.idea), shots: task.segments.map((seconds, i) => ({ shot: i + 1, seconds: Number(seconds) })) };
    case "reading":
      return { brief: String(task.text) };
  }
}

/** The JSON Schema of the answer, without the `$schema` line some gateways refuse. */
export function wireSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}

/** The body of `POST {base}/chat/completions` for one job in one response format. */
export function buildChatRequest<T>(job: ChatJob<T>, model: string, format: ResponseFormat): Record<string, unknown> {
  const schema = wireSchema(job.schema);
  // JSON mode requires the word JSON in the messages; without Structured Outputs the schema goes in words.
  const system = format === "json_schema"
    ? job.instructions
    : `${job.instructions}\nAnswer with one JSON object and nothing else, matching this JSON Schema:\n${JSON.stringify(schema)}`;
  const body: Record<string, unknown> = {
    model,
    messages: [
      { role: "system", content: system },
      { role: "user", content: JSON.stringify(payload(job.task)) },
    ],
  };
  if (format === "json_schema") {
    body.response_format = { type: "json_schema", json_schema: { name: job.schemaName, strict: true, schema } };
  } else if (format === "json_object") {
    body.response_format = { type: "json_object" };
  }
  return body;
}
