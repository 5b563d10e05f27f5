/**
 * A job's artifacts on disk, in the seeds' shape: `result.json` (task_id, status, video_url or
 * images, raw provider payloads, error) and a readable `result.md`. For operators and for recovery:
 * everything comes from the job row, so it works for any job, finished or not.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../store/database.ts";
import { findJob } from "../store/jobs/rows.ts";
import { errorOf, outputsOf, type JobError, type JobRow } from "./rows.ts";

export { findJob } from "../store/jobs/rows.ts";

export interface JobArtifact {
  job_id: string;
  task_id: string | null;
  provider: string;
  model: string;
  kind: "video" | "image";
  status: string;
  video_url?: string;
  images?: string[];
  thumbnails?: string[];
  error?: JobError;
  prompt?: string;
  segment?: { index: number; count: number; quote_id: string };
  origin: "bot" | "status";
  submitted_at: string | null;
  finished_at: string | null;
  delivered_at: string | null;
  raw: { submit: unknown; status: unknown };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

export function artifactOf(row: JobRow): JobArtifact {
  const outputs = outputsOf(row);
  const error = errorOf(row);
  const request = parse(row.request) as { prompt?: string } | null;
  return {
    job_id: row.id,
    task_id: row.task_id,
    provider: row.provider,
    model: row.model_id,
    kind: row.kind,
    status: row.state,
    ...(outputs.videos[0] !== undefined ? { video_url: outputs.videos[0] } : {}),
    ...(row.kind === "image" || outputs.images.length > 0 ? { images: outputs.images } : {}),
    ...(outputs.thumbnails.length > 0 ? { thumbnails: outputs.thumbnails } : {}),
    ...(error ? { error } : {}),
    ...(request?.prompt ? { prompt: request.prompt } : {}),
    ...(row.quote_id !== null ? { segment: { index: row.segment_index + 1, count: row.segment_count, quote_id: row.quote_id } } : {}),
    origin: row.origin,
    submitted_at: iso(row.submitted_at),
    finished_at: iso(row.finished_at),
    delivered_at: iso(row.delivered_at),
    raw: { submit: parse(row.raw_submit), status: parse(row.raw_status) },
  };
}

export function resultMarkdown(a: JobArtifact): string {
  const lines = [
    `# Job ${a.job_id}`,
    "",
    `- Provider: ${a.provider}${a.model ? ` (${a.model})` : ""}`,
    `- Task id: ${a.task_id ?? "none (never accepted by the provider)"}`,
    `- Status: ${a.status}`,
  ];
  if (a.segment) lines.push(`- Segment: ${a.segment.index} of ${a.segment.count} (quote ${a.segment.quote_id})`);
  if (a.submitted_at) lines.push(`- Submitted: ${a.submitted_at}`);
  if (a.finished_at) lines.push(`- Finished: ${a.finished_at}`);
  if (a.delivered_at) lines.push(`- Delivered: ${a.delivered_at}`);
  if (a.video_url) lines.push("", "## Video", "", a.video_url);
  if (a.images && a.images.length > 0) lines.push("", "## Images", "", ...a.images.map((u) => `- ${u}`));
  if (a.error) lines.push("", "## Error", "", `${a.error.kind}: ${a.error.message}`);
  if (a.prompt) lines.push("", "## Prompt", "", "```", a.prompt, "```");
  if (a.task_id) lines.push("", `Continue or check it in the bot with \`/status ${a.task_id}\`.`);
  return `${lines.join("\n")}\n`;
}

export class JobNotFoundError extends Error {
  override readonly name = "JobNotFoundError";
  constructor(readonly ref: string) {
    super(`no job with id or task id ${ref}`);
  }
}

/** Writes result.json and result.md; returns the directory (default ./outputs/<job id>). */
export function writeArtifacts(db: Db, ref: string, outDir?: string): { dir: string; artifact: JobArtifact } {
  const row = findJob(db, ref);
  if (!row) throw new JobNotFoundError(ref);
  const artifact = artifactOf(row);
  const dir = outDir ?? join("outputs", row.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "result.json"), `${JSON.stringify(artifact, null, 2)}\n`);
  writeFileSync(join(dir, "result.md"), resultMarkdown(artifact));
  return { dir, artifact };
}
