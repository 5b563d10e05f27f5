/**
 * Checks on what the assistant wrote. A phrase is kept as one line of plain text with every setting
 * phrase the rules recognize taken out ("600 seconds", "9:16", "4K", "with sora 2 pro"), so words in
 * a prompt never restate a length, a shape or a model the plan did not choose. Pure.
 */
import { stripSettings } from "../domain/brief-parser.ts";
import type { Catalog } from "../domain/catalog.ts";

/** Control characters, bidi overrides and isolates: a line stays one line that reads as it displays. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;

/**
 * Setting shapes in any language, for what the rules' vocabulary does not cover (a ratio the
 * catalog lacks, "8K"): ratios, resolutions, definitions, and lengths in seconds or minutes.
 */
const EDGE = "(?<![\\p{L}\\p{N}])";
const END = "(?![\\p{L}\\p{N}])";
const SETTING_SHAPES = new RegExp(
  [
    `${EDGE}\\d{1,2}\\s*[:：]\\s*\\d{1,2}${END}`,
    `${EDGE}\\d{1,2}\\s?[kK]${END}`,
    `${EDGE}\\d{3,4}\\s?[pP]${END}`,
    `${EDGE}\\d+(?:[.,]\\d+)?\\s*(?:-\\s*)?(?:secs?|seconds?|mins?|minutes?|秒钟?|分钟)${END}`,
  ].join("|"),
  "gu",
);

/** The phrase as one clean line of at most `max` characters (cut at a word), or undefined when nothing is left. */
export function cleanPhrase(value: string | null | undefined, catalog: Catalog, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const flat = value.replace(INVISIBLE, " ").replace(/\s+/g, " ").trim();
  if (flat === "") return undefined;
  const kept = stripSettings(flat, catalog)
    .replace(SETTING_SHAPES, " ")
    .replace(/\s+([,;])/g, "$1")
    .replace(/([,;])(?:\s*[,;])+/g, "$1")
    .replace(/\s+/g, " ")
    .replace(/^[\s,;:.\-–—]+|[\s,;:\-–—]+$/g, "");
  if (!/[\p{L}\p{N}]/u.test(kept)) return undefined;
  const chars = [...kept];
  if (chars.length <= max) return kept;
  const cut = chars.slice(0, max).join("");
  const space = cut.lastIndexOf(" ");
  return (space > max / 2 ? cut.slice(0, space) : cut).trim();
}

/** An answer after the domain's checks, or why it was turned down (the caller keeps the rule-based result). */
export type Accepted<T> = { ok: true; value: T } | { ok: false; reason: "invalid_output"; detail: string };
