/**
 * The reply model every layer speaks: text as i18n keys with parameters, buttons as typed actions.
 * Translation and escaping happen in the transport, so the dialogue and the jobs layer stay pure
 * and the locale travels explicitly.
 */
import type { ProviderId } from "./catalog.ts";
import type { MessageKey } from "./message-key.ts";

export type { MessageKey };

/** A parameter is verbatim user or provider text (escaped by the transport), a number, or nested text. */
export type Param = string | number | Text | Text[];

export interface Text {
  key: MessageKey;
  params?: Record<string, Param>;
}

export function text(key: MessageKey, params?: Record<string, Param>): Text {
  return params ? { key, params } : { key };
}

/** What a button does. Stored server-side; platforms carry only an opaque id. */
export type Action =
  | { type: "answer"; field: "seconds" | "orientation" | "kind" | "speed" | "resolution" | "count" | "picture"; value: string | number }
  | { type: "choose_model"; ref: string }
  /** `quoteId` is set on a summary card's alternatives, so a press on an older card is stale. */
  | { type: "apply_fix"; index: number; quoteId?: string }
  /** Change one shot of the storyboard (0-based `index`), or the whole list when absent. */
  | { type: "rewrite_shot"; quoteId: string; index?: number }
  | { type: "confirm"; quoteId: string }
  | { type: "change"; quoteId: string }
  | { type: "cancel"; quoteId?: string }
  | { type: "language"; language: string }
  | { type: "status_provider"; taskId: string; provider: ProviderId }
  | { type: "follow"; taskId: string; provider: ProviderId }
  | { type: "again"; jobId: string }
  | { type: "remix"; jobId: string }
  | { type: "animate"; jobId: string; imageUrl: string };

export interface Button {
  label: Text;
  action: Action;
}

export interface Message {
  /** Paragraphs, joined with blank lines by the transport. */
  lines: Text[];
  buttons?: Button[][];
}

/**
 * A clip on disk, never in memory: adapters upload it from the path (or copy it). The jobs layer
 * made it and removes it after the send.
 */
export interface VideoFile {
  path: string;
  /** Bytes on disk, for the platform's upload limit. */
  size: number;
  name: string;
  mime: string;
}

/** A finished clip: the URL verbatim, and the bytes when the URL needs our credentials. */
export interface VideoDelivery {
  type: "video";
  url: string;
  file?: VideoFile;
  thumbnailUrl?: string;
  caption: Text[];
  buttons?: Button[][];
}

export interface ImagesDelivery {
  type: "images";
  urls: string[];
  caption: Text[];
  buttons?: Button[][];
}

export type Outbound = ({ type: "message" } & Message) | VideoDelivery | ImagesDelivery;
