/**
 * Which video definition a brief gets on a model. A creator who writes "4K" or "1080p" wants the
 * sharpest picture on offer: the plan takes the definition asked for when the model has it, and the
 * model's best when the model stops below it, saying so, rather than silently using the default.
 */
import type { Brief } from "./brief.ts";
import type { ModelSpec, VideoModel } from "./catalog.ts";

/** "best" ("highest resolution") ranks above every definition. */
export function definitionRank(definition: string): number {
  if (definition === "best") return Number.POSITIVE_INFINITY;
  return Number.parseInt(definition, 10) || 0;
}

/** How creators call a definition: 2160p is "4K". */
export function definitionName(definition: string): string {
  return { "2160p": "4K", "1440p": "2K" }[definition] ?? definition;
}

export function bestDefinition(model: VideoModel): string | undefined {
  return [...model.definitions].sort((a, b) => definitionRank(b) - definitionRank(a))[0];
}

export interface SettledDefinition {
  brief: Brief;
  /** Set when the model stops below what was asked: what it gives instead. */
  short?: { asked: string; best: string };
}

/**
 * The brief with its definition set to what `model` gives: unchanged when the model offers the
 * definition asked for (or none was asked), the model's best when that is below it. A definition
 * below the model's range stays, for the plan to offer the nearest as a fix.
 */
export function settleDefinition(brief: Brief, model: ModelSpec): SettledDefinition {
  const asked = brief.definition;
  if (model.kind !== "video" || asked === undefined || model.definitions.includes(asked)) return { brief };
  const best = bestDefinition(model);
  if (best === undefined || definitionRank(best) >= definitionRank(asked)) return { brief };
  const settled = { ...brief, definition: best };
  // "The best there is" is met by any model's best; a named definition it stops below is worth a word.
  return asked === "best" ? { brief: settled } : { brief: settled, short: { asked, best } };
}

/** How far below the asked definition the model's best falls; 0 when it reaches it or none was asked. */
export function definitionShortfall(brief: Brief, model: ModelSpec): number {
  const asked = brief.definition;
  if (model.kind !== "video" || asked === undefined || model.definitions.includes(asked)) return 0;
  const best = definitionRank(bestDefinition(model) ?? "0");
  const wanted = definitionRank(asked);
  if (best >= wanted) return 0;
  // "best" has no number: every model falls short of it by how far its best is from 4K.
  return Number.isFinite(wanted) ? wanted - best : 2160 - Math.min(best, 2160);
}
