/**
 * Job rows as the stages see them: the stored row (from the store's repository) read back into
 * requests, outputs, errors and chat targets.
 */
import type { ChatTarget } from "../ports/chat.ts";
import type { ImageRequest, TaskOutputs, TaskStatus, VideoRequest } from "../providers/provider.ts";
import type { JobRow } from "../store/jobs/rows.ts";
import type { SettledStatus } from "../store/jobs/transitions.ts";

export { getJob, groupRows, isTerminal, TERMINAL_STATES, type JobRow, type JobState } from "../store/jobs/rows.ts";

/** A GenerationRequest as stored: reference images are media ids, uploaded only when submitting. */
export type StoredRequest =
  | (Omit<VideoRequest, "images"> & { images: string[] })
  | (Omit<ImageRequest, "images"> & { images: string[] });

export interface JobError {
  kind: string;
  message: string;
}

export const EMPTY_OUTPUTS: TaskOutputs = { videos: [], images: [], thumbnails: [] };

export function outputsOf(row: JobRow): TaskOutputs {
  return row.outputs ? { ...EMPTY_OUTPUTS, ...(JSON.parse(row.outputs) as Partial<TaskOutputs>) } : EMPTY_OUTPUTS;
}

export function errorOf(row: JobRow): JobError | undefined {
  return row.error ? (JSON.parse(row.error) as JobError) : undefined;
}

export function requestOf(row: JobRow): StoredRequest {
  return JSON.parse(row.request) as StoredRequest;
}

export function targetOf(row: JobRow): ChatTarget {
  return {
    platform: row.platform,
    chatId: row.chat_id,
    userId: row.requester_id,
    language: row.language,
    ...(row.reply_to ? { replyTo: row.reply_to } : {}),
  };
}

/** A provider's answer about `row`'s task, as the columns it is stored in (a progress it did not give keeps the last one). */
export function statusColumns(row: JobRow, status: TaskStatus, now: number): SettledStatus {
  return {
    id: row.id,
    state: status.state,
    progress: status.progress ?? row.progress,
    outputs: JSON.stringify(status.outputs),
    raw: JSON.stringify(status.raw ?? null),
    error: status.error ? JSON.stringify(status.error) : null,
    now,
  };
}

/** The rows a user sees as one request: the segments of one quote, or a lone row. */
export function groupKey(row: Pick<JobRow, "id" | "quote_id">): string {
  return row.quote_id ?? row.id;
}
