/**
 * Checks made before anything is quoted or paid for: the product's prompt cap, and which models
 * enforce the seed's content rules (no real people, public figures included; no copyrighted
 * characters or music; only content suitable for under-18 audiences), so the summary can warn
 * before a request is turned down. Plain functions, no I/O.
 */
import type { ModelSpec } from "./catalog.ts";

/** The product cap on a description (platforms.md §3.5): longer prompts are refused before a quote. */
export const MAX_PROMPT_CHARS = 2000;

/** Characters as a person counts them: an emoji or a CJK character is one. */
export function promptLength(prompt: string): number {
  return [...prompt].length;
}

/** The OpenAI-style Sora models, wherever they are served, refuse requests that break the content rules. */
export function enforcesContentRules(model: Pick<ModelSpec, "id">): boolean {
  return /^sora/i.test(model.id);
}
