/**
 * What the jobs layer says to users, as i18n keys with parameters (namespace "jobs"). Provider
 * error kinds become plain explanations with a next step; no provider message text reaches users.
 */
import { text, type Button, type MessageKey, type Text } from "../domain/reply.ts";
import type { ProviderId } from "../domain/catalog.ts";
import type { JobRow, JobState } from "./rows.ts";

/** Error kinds of our own, next to the providers' ErrorKind. */
export type LocalErrorKind = "missing_media" | "provider_missing" | "chain_frame" | "chain_stopped";

/** A failure key names both a `jobs:failed.<key>` and a `jobs:reason.<key>` text. */
type FailureKey = MessageKey extends infer K ? (K extends `jobs:reason.${infer R}` ? R : never) : never;

const FAILURE_KEYS: Record<string, FailureKey> = {
  moderation: "moderation",
  invalid_input: "invalid_input",
  quota: "quota",
  auth: "unavailable",
  provider_missing: "not_configured",
  rate_limited: "busy",
  missing_media: "missing_image",
  outcome_unknown: "unknown",
  no_output: "no_output",
  chain_frame: "chain_frame",
  chain_stopped: "chain_stopped",
};

function failureKey(kind: string | undefined): FailureKey {
  return FAILURE_KEYS[kind ?? ""] ?? "generic";
}

/** A whole failed job, explained. */
export function failureText(kind: string | undefined, provider: string): Text {
  return text(`jobs:failed.${failureKey(kind)}`, { provider });
}

/** Why one segment of several failed, as a short clause. */
export function reasonText(kind: string | undefined): Text {
  return text(`jobs:reason.${failureKey(kind)}`);
}

export function stateText(state: JobState, progress: number | null, stalled: boolean): Text {
  if (stalled && (state === "queued" || state === "running")) return text("jobs:state.stalled");
  if (state === "running" && progress !== null) return text("jobs:state.running_percent", { percent: Math.round(progress) });
  return text(`jobs:state.${state}`);
}

export function unknownText(provider: string): Text {
  return text("jobs:unknown", { provider });
}

export function slowText(provider: string): Text {
  return text("jobs:slow", { provider });
}

export function deadlineText(provider: string, taskId: string, minutes: number): Text {
  return text("jobs:deadline", { provider, taskId, minutes });
}

/** Buttons under a finished result: what this provider and kind allow. */
export function resultButtons(
  row: Pick<JobRow, "id" | "kind" | "origin">,
  options: { imageUrls?: string[] } = {},
): Button[][] {
  // "Again" and "Remix" start from a confirmed request; a task picked up with /status has none.
  const first: Button[] = row.origin === "bot" ? [{ label: text("jobs:button.again"), action: { type: "again", jobId: row.id } }] : [];
  if (row.kind === "video" && row.origin === "bot") {
    first.push({ label: text("jobs:button.remix"), action: { type: "remix", jobId: row.id } });
  }
  const rows: Button[][] = first.length > 0 ? [first] : [];
  const urls = options.imageUrls ?? [];
  if (row.kind === "image" && urls.length > 0) {
    // Platforms cap buttons per message; four images is the most any model here returns.
    rows.push(
      urls.slice(0, 4).map((imageUrl, i) => ({
        label: urls.length === 1 ? text("jobs:button.animate") : text("jobs:button.animate_n", { index: i + 1 }),
        action: { type: "animate", jobId: row.id, imageUrl },
      })),
    );
  }
  return rows;
}

export function keepCheckingButton(taskId: string, provider: ProviderId): Button[][] {
  return [[{ label: text("jobs:button.keep_checking"), action: { type: "follow", taskId, provider } }]];
}
