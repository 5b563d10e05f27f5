/**
 * Plan fitting: turn a brief and a chosen model into the exact parameters of one generation
 * (or of several segments), or into conflicts with the model's limits, each with concrete fixes.
 *
 * The seed's rule: when the plan conflicts with the model's limits, explain the limitation,
 * suggest a workable plan and wait for the user's confirmation. So even a split of a too-long
 * clip is returned as a conflict; `applyFix` turns the accepted fix into the plan.
 */
import type { Brief } from "./brief.ts";
import type { Shot } from "./storyboard.ts";
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
  /**
   * One per segment when there are several: the storyboard, each shot with its own prompt. Shot n+1
   * may start from shot n's last frame where the model takes an image (`chainable`).
   */
  shots?: Shot[];
  /** The model takes a first frame or reference image, so shots can be chained frame to frame. */
  chainable?: boolean;
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
  | "count_out_of_range"
  /** Longer, or more clips, than one request may be here (MAX_SECONDS_PER_REQUEST, MAX_CLIPS_PER_REQUEST). */
  | "over_ceiling";

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
  limit: number | boolean | readonly (string | number)[] | { min: number; max: number } | { clips: number; seconds: number };
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
  /** What one request may add up to; absent: no ceiling. */
  ceilings?: Ceilings;
}

/** The operator's caps on one request, whatever the budget: seconds in all and clips in all. */
export interface Ceilings {
  maxClips: number;
  maxSeconds: number;
}

/**
 * The longest request the model can make within the ceilings: a total its clips reach in at most
 * `maxClips` clips and no more than `maxSeconds` seconds. Undefined when not even one clip fits.
 */
export function ceilingSeconds(model: VideoModel, ceilings: Ceilings): number | undefined {
  const limit = model.durations;
  for (let total = Math.floor(ceilings.maxSeconds); total >= minSeconds(limit); total--) {
    const split = splitSeconds(limit, total);
    if (split && withinCeilings(split, ceilings)) return planSeconds(split);
  }
  return undefined;
}

function withinCeilings(segments: readonly number[], ceilings: Ceilings): boolean {
  return segments.length <= ceilings.maxClips && planSeconds(segments) <= ceilings.maxSeconds;
}

export class UnknownModelError extends Error {
  override readonly name = "UnknownModelError";
  constructor(readonly ref: string) {
    super(`model ${ref} is not in the catalog`);
  }
}

const MAX_SWITCH_FIXES = 2;

/** No clip of a split is shorter than this: a shorter one reads as a glitch, not a shot. */
export const MIN_SHOT_SECONDS = 4;

/**
 * Splits `total` seconds into clips the model accepts: as few clips as the model allows, balanced
 * (25 s on a 15 s model is 13 + 12, never 15 + 10 + … or 12 + 9 + 4), longest first, none under
 * `MIN_SHOT_SECONDS` unless the model makes nothing longer. Ranges reach `total` exactly when
 * the clip count allows; allowed lists (Sora's 4/8/12) reach it exactly if they can, else the
 * smallest reachable total above it, which the summary states as the real total.
 * Undefined when no split exists (shorter than the minimum, or non-integer seconds).
 */
export function splitSeconds(limit: DurationLimit, total: number): number[] | undefined {
  if (acceptsSeconds(limit, total)) return [total];
  if (!Number.isInteger(total) || total < minSeconds(limit)) return undefined;
  if (limit.allowed && limit.allowed.length > 0) return splitAllowed(limit.allowed, total);
  const max = Math.floor(maxSeconds(limit));
  if (!Number.isFinite(max) || total <= max) return undefined;
  const floor = Math.min(max, Math.max(Math.ceil(minSeconds(limit)), MIN_SHOT_SECONDS));
  // The fewest clips of at most `max`; when they cannot all be `floor` long (a narrow range just
  // above a multiple of max), more clips of `floor` overshoot least.
  const count = Math.ceil(total / max);
  if (count * floor > total) return Array<number>(count).fill(floor);
  return balanced(total, count);
}

/** `total` in `count` parts differing by at most one second, longest first. */
function balanced(total: number, count: number): number[] {
  const base = Math.floor(total / count);
  const extra = total % count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

function splitAllowed(allowed: number[], total: number): number[] | undefined {
  const usable = [...new Set(allowed)].filter((v) => Number.isInteger(v) && v > 0);
  const long = usable.filter((v) => v >= MIN_SHOT_SECONDS);
  const values = (long.length > 0 ? long : usable).sort((a, b) => b - a);
  const top = values[0];
  if (top === undefined) return undefined;
  const bound = total + top;
  // fewest[s]: the fewest clips summing to exactly s.
  const fewest = Array<number>(bound + 1).fill(Number.POSITIVE_INFINITY);
  fewest[0] = 0;
  for (let s = 1; s <= bound; s++) {
    for (const v of values) {
      if (v <= s) fewest[s] = Math.min(fewest[s]!, fewest[s - v]! + 1);
    }
  }
  let reach = total;
  while (reach <= bound && !Number.isFinite(fewest[reach]!)) reach++;
  if (reach > bound) return undefined;
  const count = fewest[reach]!;
  // Among the splits with that count, the balanced one: each clip the allowed value nearest the
  // average still to fill, as long as the rest stays reachable in the clips left.
  const reachable = (sum: number, clips: number): boolean => (clips === 0 ? sum === 0 : sum > 0 && fewest[sum]! <= clips && canFill(values, sum, clips));
  const segments: number[] = [];
  let left = reach;
  for (let clips = count; clips > 0; clips--) {
    const target = left / clips;
    const choice = [...values]
      .sort((a, b) => Math.abs(a - target) - Math.abs(b - target) || b - a)
      .find((v) => v <= left && reachable(left - v, clips - 1));
    if (choice === undefined) return undefined;
    segments.push(choice);
    left -= choice;
  }
  return segments.sort((a, b) => b - a);
}

/** Whether exactly `clips` values (repeats allowed) sum to `sum`. */
function canFill(values: readonly number[], sum: number, clips: number): boolean {
  let sums = new Set<number>([0]);
  for (let i = 0; i < clips; i++) {
    const next = new Set<number>();
    for (const s of sums) for (const v of values) if (s + v <= sum) next.add(s + v);
    sums = next;
  }
  return sums.has(sum);
}

/** Seconds the clips add up to. */
export function planSeconds(segments: readonly number[]): number {
  return segments.reduce((a, b) => a + b, 0);
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
  const ceilings = options.ceilings;
  const workable = splitSeconds(model.durations, seconds);
  if (ceilings && workable && !withinCeilings(workable, ceilings)) {
    // The seed's rule for limits, applied to the operator's caps: explain, offer what fits.
    const cap = ceilingSeconds(model, ceilings);
    conflicts.push({
      code: "over_ceiling",
      field: "seconds",
      asked: seconds,
      limit: { clips: ceilings.maxClips, seconds: ceilings.maxSeconds },
      fixes: cap === undefined ? [] : [{ kind: "use_value", field: "seconds", value: cap }],
    });
  } else if (!acceptsSeconds(model.durations, seconds)) {
    const split = workable;
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
    const result = fitPlan(brief, candidate, options.ceilings ? { ceilings: options.ceilings } : {});
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
