/**
 * Plan fitting: turn a brief and a chosen model into the exact parameters of one generation
 * (or of several segments), or into conflicts with the model's limits, each with concrete fixes.
 *
 * The seed's rule: when the plan conflicts with the model's limits, explain the limitation,
 * suggest a workable plan and wait for the user's confirmation. So even a split of a too-long
 * clip is returned as a conflict; `applyFix` turns the accepted fix into the plan.
 */
import type { Brief } from "./brief.ts";
import {
  acceptsSeconds,
  isRetired,
  maxSeconds,
  minSeconds,
  modelRef,
  type AspectRatio,
  type Catalog,
  type DurationLimit,
  type ImageModel,
  type ModelSpec,
  type ProviderId,
  type Tier,
  type VideoModel,
} from "./catalog.ts";

interface PlanBase {
  provider: ProviderId;
  modelId: string;
  /** Aspect ratio `W:H` (CreatOK calls it orientation for video, aspect ratio for images). */
  orientation: AspectRatio;
  /** How many reference images the generation uses. */
  referenceImages: number;
}

export interface VideoPlan extends PlanBase {
  kind: "video";
  definition: string;
  /** Seconds per generated clip; a single entry is a single shot, more mean stitching afterwards. */
  segments: number[];
  audio?: boolean;
}

export interface ImagePlan extends PlanBase {
  kind: "image";
  resolution: string;
  n: number;
  /** Images have no sound; declared so `plan.audio` reads on either kind. */
  audio?: never;
}

export type Plan = VideoPlan | ImagePlan;

export type ConflictCode =
  | "too_long"
  | "too_short"
  | "duration_not_allowed"
  | "orientation_unsupported"
  | "definition_unsupported"
  | "resolution_unsupported"
  | "too_many_images"
  | "image_required"
  | "audio_unsupported"
  | "count_out_of_range";

export type PlanField = "seconds" | "orientation" | "definition" | "resolution" | "count" | "audio" | "referenceImages";

export type Fix =
  /** Generate several clips on the same model, to be stitched afterwards. */
  | { kind: "split"; segments: number[] }
  /** Use another model; `segments` is what that model would make of the requested length. */
  | { kind: "switch_model"; provider: ProviderId; modelId: string; segments?: number[] }
  /** Change one setting of the brief to the nearest value the model accepts. */
  | { kind: "use_value"; field: Exclude<PlanField, "referenceImages">; value: string | number | boolean }
  /** Use only the first `keep` reference images. */
  | { kind: "drop_images"; keep: number };

export interface Conflict {
  code: ConflictCode;
  field: PlanField;
  /** What the user asked for (or the default that applied). */
  asked: number | string | boolean;
  /** The model's limit: a bound, the allowed values, or a range. */
  limit: number | boolean | readonly (string | number)[] | { min: number; max: number };
  fixes: Fix[];
}

export type FitResult = { ok: true; plan: Plan } | { ok: false; conflicts: Conflict[] };

export interface FitOptions {
  /** Models to offer as `switch_model` fixes (normally the configured providers' catalog). */
  catalog?: Catalog;
  /** YYYY-MM-DD; retired models are not offered as fixes. */
  today?: string;
  /** Host per provider, for retirements that apply on one host only. */
  hosts?: Partial<Record<ProviderId, string>>;
  /** A split the user already accepted for this brief. */
  segments?: number[];
}

export class UnknownModelError extends Error {
  override readonly name = "UnknownModelError";
  constructor(readonly ref: string) {
    super(`model ${ref} is not in the catalog`);
  }
}

const MAX_SWITCH_FIXES = 2;

/**
 * Splits `total` seconds into clips the model accepts, longest first. Ranges: greedy clips of the
 * maximum, the remainder last, rebalanced when the remainder is below the minimum. Allowed lists:
 * the fewest clips reaching `total` exactly, or the smallest reachable total above it.
 * Undefined when no split exists (shorter than the minimum, or non-integer seconds).
 */
export function splitSeconds(limit: DurationLimit, total: number): number[] | undefined {
  if (acceptsSeconds(limit, total)) return [total];
  if (!Number.isInteger(total) || total < minSeconds(limit)) return undefined;
  if (limit.allowed && limit.allowed.length > 0) return splitAllowed(limit.allowed, total);
  const max = maxSeconds(limit);
  const min = minSeconds(limit);
  if (!Number.isFinite(max) || total <= max) return undefined;
  const count = Math.ceil(total / max);
  const segments = Array<number>(count - 1).fill(max);
  const rest = total - (count - 1) * max;
  if (rest >= min) return [...segments, rest];
  const borrowed = max - (min - rest);
  if (borrowed >= min) return [...segments.slice(0, -1), borrowed, min];
  // Narrow ranges (max < 2·min) cannot borrow; spread evenly instead.
  for (let n = count; n * min <= total; n++) {
    const base = Math.floor(total / n);
    const extra = total % n;
    if (base >= min && base + (extra > 0 ? 1 : 0) <= max) {
      return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
    }
  }
  return undefined;
}

function splitAllowed(allowed: number[], total: number): number[] | undefined {
  const values = [...new Set(allowed)].filter((v) => Number.isInteger(v) && v > 0).sort((a, b) => b - a);
  const top = values[0];
  if (top === undefined) return undefined;
  const bound = total + top;
  const fewest = Array<number>(bound + 1).fill(Number.POSITIVE_INFINITY);
  fewest[0] = 0;
  for (let s = 1; s <= bound; s++) {
    for (const v of values) {
      if (v <= s) fewest[s] = Math.min(fewest[s] ?? Infinity, (fewest[s - v] ?? Infinity) + 1);
    }
  }
  let reach = total;
  while (reach <= bound && !Number.isFinite(fewest[reach] ?? Infinity)) reach++;
  if (reach > bound) return undefined;
  const segments: number[] = [];
  for (let s = reach; s > 0; ) {
    const v = values.find((c) => c <= s && (fewest[s - c] ?? Infinity) === (fewest[s] ?? Infinity) - 1);
    if (v === undefined) return undefined;
    segments.push(v);
    s -= v;
  }
  return segments.sort((a, b) => b - a);
}

/** Fits the brief to the model: a plan, or the conflicts with their fixes. */
export function fitPlan(brief: Brief, model: ModelSpec, options: FitOptions = {}): FitResult {
  if (brief.kind !== model.kind) {
    throw new TypeError(`a ${brief.kind} brief cannot use the ${model.kind} model ${modelRef(model)}`);
  }
  return model.kind === "video" ? fitVideo(brief, model, options) : fitImage(brief, model, options);
}

/** The definition used when the brief names none: the model's own default (the lowest for CreatOK). */
export function defaultDefinition(model: VideoModel): string {
  if (model.definitions.includes(model.defaults.definition)) return model.defaults.definition;
  return [...model.definitions].sort((a, b) => pixels(a) - pixels(b))[0] ?? model.defaults.definition;
}

/** The resolution used when the brief names none: 2K if supported (the seed's default), else the model's. */
export function defaultResolution(model: ImageModel): string {
  return model.resolutions.includes("2K") ? "2K" : model.defaults.resolution;
}

function fitVideo(brief: Brief, model: VideoModel, options: FitOptions): FitResult {
  const conflicts: Conflict[] = [];
  const switches = (): Fix[] => switchFixes(brief, model, options);

  const orientation = brief.orientation ?? model.defaults.orientation;
  if (!model.orientations.includes(orientation)) {
    conflicts.push({
      code: "orientation_unsupported",
      field: "orientation",
      asked: orientation,
      limit: model.orientations,
      fixes: [...nearestValue("orientation", nearestRatio(orientation, model)), ...switches()],
    });
  }

  const definition = brief.definition ?? defaultDefinition(model);
  if (!model.definitions.includes(definition)) {
    const nearest = nearestBy(model.definitions, (d) => Math.abs(pixels(d) - pixels(definition)));
    conflicts.push({
      code: "definition_unsupported",
      field: "definition",
      asked: definition,
      limit: model.definitions,
      fixes: [...nearestValue("definition", nearest), ...switches()],
    });
  }

  const seconds = brief.seconds ?? model.defaults.seconds;
  let segments: number[] = [seconds];
  if (!acceptsSeconds(model.durations, seconds)) {
    const split = splitSeconds(model.durations, seconds);
    const max = maxSeconds(model.durations);
    const min = minSeconds(model.durations);
    if (seconds > max && split) {
      if (options.segments && acceptedSplit(model, seconds, options.segments, split)) {
        segments = options.segments;
      } else {
        conflicts.push({
          code: "too_long",
          field: "seconds",
          asked: seconds,
          limit: max,
          fixes: [{ kind: "split", segments: split }, { kind: "use_value", field: "seconds", value: max }, ...switches()],
        });
      }
    } else if (seconds < min) {
      conflicts.push({
        code: "too_short",
        field: "seconds",
        asked: seconds,
        limit: min,
        fixes: [{ kind: "use_value", field: "seconds", value: min }, ...switches()],
      });
    } else {
      const allowed = model.durations.allowed ?? [];
      const nearest =
        allowed.length > 0
          ? nearestBy([...allowed].sort((a, b) => b - a), (v) => Math.abs(v - seconds))
          : Math.min(max, Math.max(min, Math.round(seconds)));
      conflicts.push({
        code: "duration_not_allowed",
        field: "seconds",
        asked: seconds,
        limit: allowed.length > 0 ? allowed : { min, max },
        fixes: [...nearestValue("seconds", nearest), ...switches()],
      });
    }
  }

  const images = brief.referenceImages.length;
  conflicts.push(...imageConflicts(images, model, switches));

  const audio = brief.audio;
  if (audio === true && !model.modes.includes("audio")) {
    conflicts.push({
      code: "audio_unsupported",
      field: "audio",
      asked: true,
      limit: false,
      fixes: [{ kind: "use_value", field: "audio", value: false }, ...switches()],
    });
  }

  if (conflicts.length > 0) return { ok: false, conflicts };
  const plan: VideoPlan = {
    kind: "video",
    provider: model.provider,
    modelId: model.id,
    orientation,
    definition,
    segments,
    referenceImages: images,
  };
  if (audio !== undefined) plan.audio = audio;
  return { ok: true, plan };
}

function fitImage(brief: Brief, model: ImageModel, options: FitOptions): FitResult {
  const conflicts: Conflict[] = [];
  const switches = (): Fix[] => switchFixes(brief, model, options);

  const orientation = brief.orientation ?? model.defaults.aspectRatio;
  if (!model.aspectRatios.includes(orientation)) {
    conflicts.push({
      code: "orientation_unsupported",
      field: "orientation",
      asked: orientation,
      limit: model.aspectRatios,
      fixes: [...nearestValue("orientation", nearestRatio(orientation, model)), ...switches()],
    });
  }

  const resolution = brief.resolution ?? defaultResolution(model);
  if (!model.resolutions.includes(resolution)) {
    const nearest = nearestBy(model.resolutions, (r) => Math.abs(kilo(r) - kilo(resolution)));
    conflicts.push({
      code: "resolution_unsupported",
      field: "resolution",
      asked: resolution,
      limit: model.resolutions,
      fixes: [...nearestValue("resolution", nearest), ...switches()],
    });
  }

  const n = brief.count ?? model.defaults.n;
  if (!Number.isInteger(n) || n < model.n.min || n > model.n.max) {
    conflicts.push({
      code: "count_out_of_range",
      field: "count",
      asked: n,
      limit: { ...model.n },
      fixes: [
        { kind: "use_value", field: "count", value: Math.min(model.n.max, Math.max(model.n.min, Math.round(n))) },
        ...switches(),
      ],
    });
  }

  const images = brief.referenceImages.length;
  conflicts.push(...imageConflicts(images, model, switches));

  if (conflicts.length > 0) return { ok: false, conflicts };
  return {
    ok: true,
    plan: {
      kind: "image",
      provider: model.provider,
      modelId: model.id,
      orientation,
      resolution,
      n,
      referenceImages: images,
    },
  };
}

function imageConflicts(images: number, model: ModelSpec, switches: () => Fix[]): Conflict[] {
  if (images > model.maxReferenceImages) {
    return [
      {
        code: "too_many_images",
        field: "referenceImages",
        asked: images,
        limit: model.maxReferenceImages,
        fixes: [{ kind: "drop_images", keep: model.maxReferenceImages }, ...switches()],
      },
    ];
  }
  // Image-to-video models (no "text" mode) cannot start from words alone.
  if (images === 0 && !model.modes.includes("text")) {
    return [{ code: "image_required", field: "referenceImages", asked: 0, limit: 1, fixes: switches() }];
  }
  return [];
}

/** A split is still valid if it is the one we would offer, or sums to the asked length in accepted clips. */
function acceptedSplit(model: VideoModel, seconds: number, accepted: number[], offered: number[]): boolean {
  if (accepted.length === 0 || !accepted.every((s) => acceptsSeconds(model.durations, s))) return false;
  const same = accepted.length === offered.length && accepted.every((s, i) => s === offered[i]);
  return same || accepted.reduce((a, b) => a + b, 0) === seconds;
}

const TIER_RANK: Record<Tier, number> = { fast: 0, balanced: 1, quality: 2 };

export function tierDistance(a: Tier, b: Tier): number {
  return Math.abs(TIER_RANK[a] - TIER_RANK[b]);
}

/**
 * Other models that would take the whole brief without any conflict but a split: first those
 * whose clips add up to exactly the asked length, then fewest clips, then the closest tier to the
 * current model, then catalog order.
 */
function switchFixes(brief: Brief, current: ModelSpec, options: FitOptions): Fix[] {
  const catalog = options.catalog;
  if (!catalog) return [];
  const ranked: { fix: Fix; overshoot: number; clips: number; tier: number; index: number }[] = [];
  catalog.models.forEach((candidate, index) => {
    if (candidate.kind !== current.kind || modelRef(candidate) === modelRef(current)) return;
    if (candidate.provider === "sandbox" && current.provider !== "sandbox") return;
    if (options.today && isRetired(candidate, options.today, options.hosts?.[candidate.provider])) return;
    const result = fitPlan(brief, candidate);
    let segments: number[] | undefined;
    if (result.ok) {
      segments = result.plan.kind === "video" ? result.plan.segments : undefined;
    } else {
      const onlyTooLong = result.conflicts.every((c) => c.code === "too_long");
      const split = result.conflicts[0]?.fixes.find((f) => f.kind === "split");
      if (!onlyTooLong || split?.kind !== "split") return;
      segments = split.segments;
    }
    const fix: Fix = segments
      ? { kind: "switch_model", provider: candidate.provider, modelId: candidate.id, segments }
      : { kind: "switch_model", provider: candidate.provider, modelId: candidate.id };
    const total = segments?.reduce((a, b) => a + b, 0) ?? 0;
    ranked.push({
      fix,
      overshoot: segments && brief.seconds !== undefined ? Math.max(0, total - brief.seconds) : 0,
      clips: segments?.length ?? 1,
      tier: tierDistance(candidate.tier, current.tier),
      index,
    });
  });
  return ranked
    .sort((a, b) => a.overshoot - b.overshoot || a.clips - b.clips || a.tier - b.tier || a.index - b.index)
    .slice(0, MAX_SWITCH_FIXES)
    .map((r) => r.fix);
}

/** The brief as a fix changes it; `split` and `switch_model` leave the words alone but for the model. */
export function reviseBrief(brief: Brief, fix: Fix): Brief {
  switch (fix.kind) {
    case "split":
      return brief;
    case "switch_model":
      return { ...brief, modelId: fix.modelId };
    case "drop_images":
      return { ...brief, referenceImages: brief.referenceImages.slice(0, fix.keep) };
    case "use_value":
      switch (fix.field) {
        case "seconds":
          return { ...brief, seconds: Number(fix.value) };
        case "count":
          return { ...brief, count: Number(fix.value) };
        case "audio":
          return { ...brief, audio: Boolean(fix.value) };
        case "orientation":
          return { ...brief, orientation: String(fix.value) as AspectRatio };
        case "definition":
          return { ...brief, definition: String(fix.value) };
        case "resolution":
          return { ...brief, resolution: String(fix.value) };
      }
  }
}

/** A conflict that only another model resolves (an image-to-video model given no image). */
export class UnresolvedConflictError extends Error {
  override readonly name = "UnresolvedConflictError";
  constructor(readonly conflicts: Conflict[]) {
    super(`no fix without another model for: ${conflicts.map((c) => c.code).join(", ")}`);
  }
}

/**
 * The plan the user gets by accepting `fix`. For `switch_model`, `model` may be the target or the
 * current model (the target is then looked up in `catalog`). Conflicts the fix leaves open are
 * resolved with their first fix that keeps the model (split, nearest value, fewer images), so the
 * result is always a workable plan; the confirmation summary then shows every setting it has.
 */
export function applyFix(
  brief: Brief,
  model: ModelSpec,
  fix: Fix,
  catalog?: Catalog,
  options: Omit<FitOptions, "catalog" | "segments"> = {},
): Plan {
  let target = model;
  let segments: number[] | undefined;
  if (fix.kind === "switch_model") {
    const ref = `${fix.provider}:${fix.modelId}`;
    if (modelRef(model) !== ref) {
      const found = catalog?.models.find((m) => modelRef(m) === ref);
      if (!found) throw new UnknownModelError(ref);
      target = found;
    }
    segments = fix.segments;
  } else if (fix.kind === "split") {
    segments = fix.segments;
  }
  let revised = reviseBrief(brief, fix);
  // Each round settles at least one conflict, and a brief has at most one per field.
  for (let round = 0; round < 8; round++) {
    const fitOptions: FitOptions = segments ? { ...options, segments } : { ...options };
    const result = fitPlan(revised, target, fitOptions);
    if (result.ok) return result.plan;
    for (const conflict of result.conflicts) {
      const own = conflict.fixes.find((f) => f.kind !== "switch_model");
      if (!own) throw new UnresolvedConflictError([conflict]);
      if (own.kind === "split") segments = own.segments;
      revised = reviseBrief(revised, own);
    }
  }
  throw new UnresolvedConflictError([]);
}

function nearestValue(field: Exclude<PlanField, "referenceImages">, value: string | number | undefined): Fix[] {
  return value === undefined ? [] : [{ kind: "use_value", field, value }];
}

/** The first value with the smallest distance (so list order breaks ties). */
function nearestBy<T>(values: readonly T[], distance: (v: T) => number): T | undefined {
  let best: T | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const v of values) {
    const d = distance(v);
    if (d < bestDistance) {
      best = v;
      bestDistance = d;
    }
  }
  return best;
}

/** Nearest supported aspect ratio by log ratio; a tie (1:1 between 9:16 and 16:9) goes to the model default. */
function nearestRatio(asked: AspectRatio, model: ModelSpec): AspectRatio | undefined {
  const supported = model.kind === "video" ? model.orientations : model.aspectRatios;
  const preferred = model.kind === "video" ? model.defaults.orientation : model.defaults.aspectRatio;
  const ordered = [...supported].sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : 0));
  const target = Math.log(ratio(asked));
  // Rounded so that mirror-image ratios tie exactly despite floating point.
  return nearestBy(ordered, (r) => Math.round(Math.abs(Math.log(ratio(r)) - target) * 1e9));
}

function ratio(r: string): number {
  const [w, h] = r.split(":").map(Number);
  return w !== undefined && h !== undefined && h > 0 ? w / h : 1;
}

/** "720p" → 720. */
function pixels(definition: string): number {
  return Number.parseInt(definition, 10) || 0;
}

/** "2K" → 2. */
function kilo(resolution: string): number {
  return Number.parseInt(resolution, 10) || 0;
}
