/**
 * The model catalog: what each generation model can do, its limits and its price estimates.
 *
 * Built-in entries are the defaults the seeds document; a provider's live capabilities replace them
 * at run time (see `mergeCatalog`). Plain data, no I/O.
 */

export type ProviderId = "creatok" | "sophnet" | "jimeng" | "openai" | "sandbox";
export type MediaKind = "video" | "image";

/** Ways a model can be driven. `audio` means it can generate a soundtrack. */
export type Mode = "text" | "first_frame" | "first_last" | "reference_images" | "remix" | "audio";

/** Speed/quality position, used by the recommendation. */
export type Tier = "fast" | "balanced" | "quality";

/** Aspect ratios as `W:H`. CreatOK calls these "orientations". */
export type AspectRatio = "9:16" | "16:9" | "1:1" | "4:3" | "3:4" | "21:9";
export const ASPECT_RATIOS: readonly AspectRatio[] = ["9:16", "16:9", "1:1", "4:3", "3:4", "21:9"];

/** A duration limit is a range, a list of allowed values, or both (the list wins). */
export interface DurationLimit {
  min?: number;
  max?: number;
  allowed?: number[];
}

export interface VideoPriceEstimate {
  definition: string;
  seconds: number;
  orientation: string;
  amount: number;
}

export interface Pricing {
  /** "credits" for CreatOK, otherwise an ISO currency. */
  currency: string;
  /** Exact-match estimates (CreatOK style): definition + seconds + orientation → amount per clip. */
  videoEstimates?: VideoPriceEstimate[];
  /** Price per generated second, by definition; used where exact estimates do not exist. */
  perSecond?: Record<string, number>;
  /** Image price per image, by resolution (CreatOK `by_resolution`). */
  perImage?: Record<string, number>;
}

export interface Retirement {
  /** ISO date (YYYY-MM-DD) the model stopped being served. */
  date: string;
  /** Model id to suggest instead. */
  replacement: string;
  /** Host on which it is retired; other gateways may still serve it. Absent: retired everywhere. */
  host?: string;
}

interface ModelBase {
  /** The official model id, sent to the provider as is. */
  id: string;
  provider: ProviderId;
  label: string;
  /** Lower-case names creators use for it ("veo fast", "nano banana"). */
  aliases: string[];
  modes: Mode[];
  tier: Tier;
  pricing?: Pricing;
  retired?: Retirement;
  /** Typical wall time of one generation in seconds; the poller's starting expectation. */
  typicalSeconds: number;
}

export interface VideoModel extends ModelBase {
  kind: "video";
  durations: DurationLimit;
  /** "480p", "720p", "1080p". */
  definitions: string[];
  orientations: AspectRatio[];
  maxReferenceImages: number;
  defaults: { seconds: number; definition: string; orientation: AspectRatio };
}

export interface ImageModel extends ModelBase {
  kind: "image";
  /** "1K", "2K", "4K". */
  resolutions: string[];
  aspectRatios: AspectRatio[];
  n: { min: number; max: number };
  maxReferenceImages: number;
  defaults: { resolution: string; n: number; aspectRatio: AspectRatio };
}

export type ModelSpec = VideoModel | ImageModel;

export interface Catalog {
  models: ModelSpec[];
}

/** A model is identified by provider and id together: CreatOK and /v1/videos gateways both serve `sora-2`. */
export function modelRef(model: Pick<ModelSpec, "provider" | "id">): string {
  return `${model.provider}:${model.id}`;
}

/** Finds by `provider:id`, or by bare id (then the first entry that is not retired wins). */
export function findModel(catalog: Catalog, idOrRef: string, today?: string): ModelSpec | undefined {
  const exact = catalog.models.find((m) => modelRef(m) === idOrRef);
  if (exact) return exact;
  const byId = catalog.models.filter((m) => m.id === idOrRef);
  return byId.find((m) => today === undefined || !isRetired(m, today)) ?? byId[0];
}

/** Retired on the given host (or everywhere) as of `today` (YYYY-MM-DD). */
export function isRetired(model: ModelSpec, today: string, host?: string): boolean {
  const r = model.retired;
  if (!r || today < r.date) return false;
  return r.host === undefined || host === undefined || r.host === host;
}

/** Whether `seconds` is a duration the model accepts in one clip. */
export function acceptsSeconds(limit: DurationLimit, seconds: number): boolean {
  if (limit.allowed && limit.allowed.length > 0) return limit.allowed.includes(seconds);
  if (limit.min !== undefined && seconds < limit.min) return false;
  if (limit.max !== undefined && seconds > limit.max) return false;
  return Number.isInteger(seconds) && seconds > 0;
}

/** The longest single clip the model makes. */
export function maxSeconds(limit: DurationLimit): number {
  if (limit.allowed && limit.allowed.length > 0) return Math.max(...limit.allowed);
  return limit.max ?? Number.POSITIVE_INFINITY;
}

export function minSeconds(limit: DurationLimit): number {
  if (limit.allowed && limit.allowed.length > 0) return Math.min(...limit.allowed);
  return limit.min ?? 1;
}

/**
 * Replace built-in entries with live ones: for each provider that reported any models, its
 * built-in entries are dropped in favour of what it reported. Live capabilities say what the
 * provider serves (limits, defaults, prices); what only we know (aliases, tier, typical wall time,
 * retirement) is carried over from the built-in entry with the same provider and id.
 */
export function mergeCatalog(builtIn: Catalog, live: Partial<Record<ProviderId, ModelSpec[]>>): Catalog {
  const reporting = new Set(
    (Object.keys(live) as ProviderId[]).filter((p) => (live[p]?.length ?? 0) > 0),
  );
  const kept = builtIn.models.filter((m) => !reporting.has(m.provider));
  const fresh = [...reporting].flatMap((p) => live[p] ?? []).map((m): ModelSpec => {
    const known = builtIn.models.find((b) => modelRef(b) === modelRef(m));
    if (!known) return m;
    return {
      ...m,
      aliases: [...new Set([...known.aliases, ...m.aliases])],
      tier: known.tier,
      typicalSeconds: known.typicalSeconds,
      modes: [...new Set([...known.modes, ...m.modes])],
      retired: m.retired ?? known.retired,
      pricing: m.pricing ?? known.pricing,
    };
  });
  return { models: [...kept, ...fresh] };
}

/** Only the models whose provider is configured. */
export function forProviders(catalog: Catalog, providers: readonly ProviderId[]): Catalog {
  const set = new Set(providers);
  return { models: catalog.models.filter((m) => set.has(m.provider)) };
}
