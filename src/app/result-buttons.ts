/**
 * The buttons under a delivered result: Again (the same brief and model, offered anew), Remix (the
 * same brief, one change asked for) and Animate (a delivered picture as the first frame of a new
 * video brief). Each turns into the state and event the dialogue steps from, or a refusal.
 */
import type { ReferenceImage } from "../domain/brief.ts";
import { text, type Action, type Text } from "../domain/reply.ts";
import type { DialogueEvent, DialogueState } from "../dialogue/state.ts";
import { DownloadError, fetchCapped } from "../lib/download.ts";
import { MAX_IMAGE_BYTES, MediaRejected, type MediaStore } from "../store/media.ts";
import type { QuoteRow } from "../store/quotes.ts";

export type ResultAction = Extract<Action, { type: "again" | "remix" | "animate" }>;

export interface ResultButtonDeps {
  /** The quote a finished job came from. */
  quoteOfJob(jobId: string): QuoteRow | undefined;
  media: MediaStore;
}

/** Where the dialogue picks up after a result's button, or what to tell the presser instead. */
export type Restart = { ok: true; state: DialogueState; event: DialogueEvent } | { ok: false; refusal: Text };

export function isResultAction(action: Action): action is ResultAction {
  return action.type === "again" || action.type === "remix" || action.type === "animate";
}

export async function restartFromResult(deps: ResultButtonDeps, action: ResultAction, at: number): Promise<Restart> {
  if (action.type === "animate") {
    // The picture becomes the first frame of a new video brief: fetched here, kept as our own bytes.
    const image = await fetchReference(deps, action.imageUrl, at);
    if (!image) return { ok: false, refusal: text("media.fetch_failed") };
    return { ok: true, state: { phase: "idle", asked: [] }, event: { type: "images", images: [image] } };
  }
  const quote = deps.quoteOfJob(action.jobId);
  if (!quote) return { ok: false, refusal: text("press.stale") };
  const ref = `${quote.provider}:${quote.model_id}`;
  const state: DialogueState = { phase: "idle", asked: ["seconds", "orientation"], brief: JSON.parse(quote.brief), chosenRef: ref };
  // Again is the same model picked once more; Remix lets the dialogue ask what should change.
  const event: DialogueEvent = action.type === "again" ? { type: "press", action: { type: "choose_model", ref } } : { type: "press", action };
  return { ok: true, state, event };
}

async function fetchReference(deps: ResultButtonDeps, url: string, at: number): Promise<ReferenceImage | undefined> {
  try {
    const bytes = await fetchCapped(url, MAX_IMAGE_BYTES, 30_000);
    return deps.media.save(bytes, url.split("/").pop()?.split("?")[0] ?? "image", at);
  } catch (error) {
    if (error instanceof DownloadError || error instanceof MediaRejected) return undefined;
    throw error;
  }
}
