/**
 * A brief: what the creator asked for, as far as their words say it. Every field but `kind`,
 * `prompt` and `referenceImages` is optional, because an absent field is what the dialogue asks about.
 */
import type { AspectRatio, MediaKind } from "./catalog.ts";

export type Speed = "fast" | "quality";
export type Subject = "product" | "people" | "illustration";

export interface ReferenceImage {
  /** Our own id for stored bytes (never a platform URL). */
  id: string;
  mime: string;
  name: string;
  bytes: number;
}

export interface Brief {
  kind: MediaKind;
  /** The creative request in the user's words, with the parsed settings left in. */
  prompt: string;
  /** Total length asked for, in seconds (video). */
  seconds?: number;
  orientation?: AspectRatio;
  /**
   * Video definition asked for: "480p" … "2160p" (4K), or "best" ("highest resolution"). Above what a
   * model offers, its best is used and the offer says so (see `settleDefinition`).
   */
  definition?: string;
  /** Image resolution: "1K" | "2K" | "4K". */
  resolution?: string;
  /** A model the user named, resolved to its official id. */
  modelId?: string;
  /** Quick preview or test vs final quality. */
  speed?: Speed;
  subject?: Subject;
  /** An ad or promotional use. */
  ad?: boolean;
  /** Sound asked for (true) or refused (false). */
  audio?: boolean;
  /**
   * Image-to-video wording ("animate this photo", "as the first frame"): a video made from a picture,
   * which the dialogue asks for when none is attached.
   */
  animate?: boolean;
  /** A model the creator named that is not configured here, by its label; the offer names it as unavailable. */
  unavailableModel?: string;
  /** Number of images asked for (image briefs). */
  count?: number;
  referenceImages: ReferenceImage[];
}
