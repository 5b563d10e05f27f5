/**
 * The models the seeds document, as built-in catalog entries. A provider that reports live
 * capabilities (CreatOK) replaces its entries at run time (`mergeCatalog`); the others rely on
 * these. Sources: /work/shared/seeds and reference/providers.md §1.3, §2.3, §3.1, §4.1–4.2.
 */
import type {
  AspectRatio,
  Catalog,
  ImageModel,
  Pricing,
  VideoModel,
  VideoPriceEstimate,
} from "./catalog.ts";

const ALL_FIVE: AspectRatio[] = ["9:16", "16:9", "1:1", "4:3", "3:4"];
const WIDE_AND_TALL: AspectRatio[] = ["16:9", "9:16"];

/** Every seconds value from `min` to `max`. */
function span(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/**
 * CreatOK-style exact estimates for every (definition, seconds, orientation) combination.
 * The credit figures are estimates derived from the CreatOK test fixture (video credits range
 * 3–30); the live capabilities endpoint replaces them with the server's own table.
 */
function creditTable(
  definitions: string[],
  orientations: AspectRatio[],
  seconds: number[],
  credits: (definition: string, seconds: number) => number,
): VideoPriceEstimate[] {
  return definitions.flatMap((definition) =>
    seconds.flatMap((s) =>
      orientations.map((orientation) => ({ definition, seconds: s, orientation, amount: credits(definition, s) })),
    ),
  );
}

// --- CreatOK video (seed 000, providers.md §1.3) ---------------------------------------------

type VideoLimits = Pick<
  VideoModel,
  "kind" | "provider" | "durations" | "definitions" | "orientations" | "maxReferenceImages" | "defaults"
>;

const seedanceLimits: VideoLimits = {
  kind: "video",
  provider: "creatok",
  durations: { min: 4, max: 15 },
  definitions: ["480p", "720p"],
  orientations: ALL_FIVE,
  maxReferenceImages: 5,
  // TikTok-first product: portrait by default. The seed: "defaults to the lower supported definition".
  defaults: { seconds: 5, definition: "480p", orientation: "9:16" },
};

const veoLimits: VideoLimits = {
  kind: "video",
  provider: "creatok",
  // The seed gives only "max 8 seconds"; 4 s as the minimum matches the Seedance floor and
  // Veo's shortest clip, so a request below it is flagged rather than sent and rejected.
  durations: { min: 4, max: 8 },
  definitions: ["720p"],
  // The seed lists no aspect ratios for Veo; Veo renders landscape and portrait only.
  orientations: WIDE_AND_TALL,
  maxReferenceImages: 3,
  defaults: { seconds: 8, definition: "720p", orientation: "9:16" },
};

/** Veo's estimates: a fixed number of credits per second, rounded up, for every size it renders. */
function veoCredits(perSecond: number): Pricing {
  return {
    currency: "credits",
    videoEstimates: creditTable(["720p"], WIDE_AND_TALL, span(4, 8), (_d, s) => Math.ceil(perSecond * s)),
  };
}

/**
 * Seedance 2, Veo 3.1 and Sora 2 generate sound natively; CreatOK exposes no switch for it,
 * so "audio" here means "the clip comes with sound", not "sound can be turned off".
 */
const creatokVideo: VideoModel[] = [
  {
    ...seedanceLimits,
    id: "doubao-seedance-2",
    label: "Seedance 2",
    aliases: ["seedance", "seedance 2", "seedance2", "seedance 2.0"],
    modes: ["text", "reference_images", "audio"],
    tier: "quality",
    typicalSeconds: 180,
    pricing: {
      currency: "credits",
      videoEstimates: creditTable(["480p", "720p"], ALL_FIVE, span(4, 15), (d, s) => (d === "720p" ? 2 * s : s)),
    },
  },
  {
    ...seedanceLimits,
    id: "doubao-seedance-2-fast",
    label: "Seedance 2 Fast",
    aliases: ["seedance fast", "seedance 2 fast", "seedance2 fast"],
    modes: ["text", "reference_images", "audio"],
    tier: "fast",
    typicalSeconds: 90,
    pricing: {
      currency: "credits",
      videoEstimates: creditTable(["480p", "720p"], ALL_FIVE, span(4, 15), (d, s) =>
        Math.ceil(d === "720p" ? 1.2 * s : 0.6 * s),
      ),
    },
  },
  {
    kind: "video",
    provider: "creatok",
    id: "sora-2",
    label: "Sora 2",
    aliases: ["sora", "sora 2", "sora2"],
    modes: ["text", "reference_images", "audio"],
    tier: "balanced",
    typicalSeconds: 240,
    durations: { allowed: [12] },
    definitions: ["720p"],
    orientations: ["9:16", "16:9"],
    maxReferenceImages: 1,
    defaults: { seconds: 12, definition: "720p", orientation: "9:16" },
    pricing: {
      currency: "credits",
      videoEstimates: creditTable(["720p"], ["9:16", "16:9"], [12], () => 20),
    },
  },
  {
    ...veoLimits,
    id: "veo-3.1-fast-exp",
    label: "Veo 3.1 Fast",
    aliases: ["veo fast", "veo 3.1 fast", "veo3.1 fast"],
    modes: ["text", "reference_images", "audio"],
    tier: "fast",
    typicalSeconds: 60,
    pricing: veoCredits(0.75),
  },
  {
    ...veoLimits,
    id: "veo-3.1-exp",
    label: "Veo 3.1 Quality",
    aliases: ["veo", "veo 3.1", "veo quality", "veo 3.1 quality", "veo3.1"],
    modes: ["text", "reference_images", "audio"],
    tier: "quality",
    typicalSeconds: 120,
    pricing: veoCredits(1.5),
  },
];

// --- CreatOK image (seed 001, providers.md §1.3) ---------------------------------------------

const creatokImageLimits: Pick<
  ImageModel,
  "kind" | "provider" | "aspectRatios" | "n" | "maxReferenceImages" | "modes" | "defaults"
> = {
  kind: "image",
  provider: "creatok",
  aspectRatios: ["1:1", "16:9", "9:16"],
  n: { min: 1, max: 4 },
  maxReferenceImages: 5,
  modes: ["text", "reference_images"],
  // The seed: "if resolution or aspect ratio is not specified, use sensible defaults (2K, square)".
  defaults: { resolution: "2K", n: 1, aspectRatio: "1:1" },
};

/**
 * Per-image credits are estimates in the fixture's shape (`by_resolution`); live capabilities
 * replace them. A model offers exactly the resolutions it has a price for.
 */
function creatokImageModel(
  id: string,
  label: string,
  aliases: string[],
  tier: ImageModel["tier"],
  typicalSeconds: number,
  perImage: Record<string, number>,
): ImageModel {
  return {
    ...creatokImageLimits,
    id,
    label,
    aliases,
    tier,
    typicalSeconds,
    resolutions: Object.keys(perImage),
    pricing: { currency: "credits", perImage },
  };
}

const creatokImage: ImageModel[] = [
  creatokImageModel("seedream-5.0-lite", "Seedream 5.0 Lite", ["seedream", "seedream 5", "seedream lite", "seedream 5.0 lite"], "fast", 20, { "2K": 1, "4K": 2 }),
  creatokImageModel("nano-banana-pro", "Nano Banana Pro", ["nano banana pro", "nanobanana pro"], "quality", 40, { "1K": 2, "2K": 3, "4K": 6 }),
  creatokImageModel("nano-banana-2", "Nano Banana 2", ["nano banana", "nano banana 2", "nanobanana", "nanobanana 2"], "balanced", 30, { "1K": 1, "2K": 2, "4K": 4 }),
  creatokImageModel("gpt-image-2", "GPT Image 2", ["gpt image", "gpt image 2", "gpt-image"], "quality", 60, { "1K": 2, "2K": 3, "4K": 5 }),
];

// --- SophNet video (seed 002, providers.md §2.3) ---------------------------------------------

/**
 * The documented sizes cover all five ratios at 720P and 1080P. At 480P they cover only 16:9
 * (832*480) and 1:1 (640*640), plus a `480*332` that looks like a typo: no portrait size is
 * documented at 480P, which is why the default definition is 720p.
 */
const sophnetBase: Omit<VideoLimits, "durations" | "maxReferenceImages"> & Pick<VideoModel, "typicalSeconds"> = {
  kind: "video",
  provider: "sophnet",
  definitions: ["480p", "720p", "1080p"],
  orientations: ALL_FIVE,
  defaults: { seconds: 5, definition: "720p", orientation: "16:9" },
  // The skill polls for up to 5 minutes; most clips finish well within it.
  typicalSeconds: 120,
};

/**
 * Durations of the non-Seedance models are unverified: SKILL.md says "1 or 5", README
 * "1–12 depending on model". 5 s is the one value both allow, so only 5 is offered.
 */
const FIVE_ONLY = { allowed: [5] };

/** A SophNet model other than Seedance: offered at 5 s only (FIVE_ONLY); the rest is what sets it apart. */
function fiveSecondSophnet(
  id: string,
  label: string,
  aliases: string[],
  modes: VideoModel["modes"],
  tier: VideoModel["tier"],
  maxReferenceImages: number,
): VideoModel {
  return { ...sophnetBase, id, label, aliases, modes, tier, durations: FIVE_ONLY, maxReferenceImages };
}

const sophnetVideo: VideoModel[] = [
  {
    ...sophnetBase,
    id: "Seedance-1.5-Pro",
    label: "Seedance 1.5 Pro",
    aliases: ["seedance 1.5", "seedance 1.5 pro", "seedance pro"],
    modes: ["text", "first_frame", "audio"],
    tier: "quality",
    durations: { min: 4, max: 12 },
    maxReferenceImages: 1,
  },
  fiveSecondSophnet("Wan2.6-T2V", "Wan 2.6 T2V", ["wan", "wan 2.6", "wan2.6", "wan 2.6 t2v"], ["text"], "balanced", 0),
  fiveSecondSophnet("Wan2.6-I2V", "Wan 2.6 I2V", ["wan 2.6 i2v", "wan2.6 i2v"], ["first_frame"], "balanced", 1),
  fiveSecondSophnet("Wan2.2-T2V-A14B", "Wan 2.2 T2V", ["wan 2.2", "wan2.2", "wan 2.2 t2v"], ["text"], "fast", 0),
  fiveSecondSophnet("Wan2.2-I2V-A14B", "Wan 2.2 I2V", ["wan 2.2 i2v", "wan2.2 i2v"], ["first_frame", "first_last"], "fast", 2),
  fiveSecondSophnet("ViduQ2-turbo", "Vidu Q2 Turbo", ["vidu", "vidu q2", "vidu turbo"], ["text", "first_frame"], "fast", 1),
];

// --- Jimeng video 3.0 (seed 003, providers.md §3.1) ------------------------------------------

/** `frames` is 121 (5 s) or 241 (10 s) in the official contract, so only 5 and 10 are offered. */
const jimengBase: Omit<VideoLimits, "definitions" | "maxReferenceImages"> & Pick<VideoModel, "typicalSeconds"> = {
  kind: "video",
  provider: "jimeng",
  durations: { allowed: [5, 10] },
  orientations: ["16:9", "4:3", "1:1", "3:4", "9:16", "21:9"],
  defaults: { seconds: 5, definition: "720p", orientation: "16:9" },
  // The skill: "2-10 minutes depending on duration and mode".
  typicalSeconds: 300,
};

const jimengVideo: VideoModel[] = [
  {
    ...jimengBase,
    id: "jimeng-video-3.0",
    label: "Jimeng Video 3.0",
    aliases: ["jimeng", "即梦", "jimeng 3.0", "即梦 3.0"],
    modes: ["text", "first_frame", "first_last"],
    tier: "fast",
    definitions: ["720p"],
    maxReferenceImages: 2,
  },
  {
    ...jimengBase,
    id: "jimeng-video-3.0-1080p",
    label: "Jimeng Video 3.0 1080P",
    aliases: ["jimeng 1080p", "即梦 1080p"],
    modes: ["text", "first_frame", "first_last"],
    tier: "balanced",
    definitions: ["1080p"],
    maxReferenceImages: 2,
    defaults: { ...jimengBase.defaults, definition: "1080p" },
  },
  {
    ...jimengBase,
    id: "jimeng-video-3.0-pro",
    label: "Jimeng Video 3.0 Pro",
    aliases: ["jimeng pro", "即梦 pro", "即梦pro"],
    modes: ["text", "first_frame"],
    tier: "quality",
    definitions: ["1080p"],
    maxReferenceImages: 1,
    defaults: { ...jimengBase.defaults, definition: "1080p" },
  },
];

// --- OpenAI-style /v1/videos (seed 004, providers.md §4.1–4.2) -------------------------------

/**
 * OpenAI shut Sora 2 down on its own API on 2026-09-24; gateways speaking `/v1/videos` may still
 * serve it, hence the host. No prices: OpenAI's list prices no longer apply anywhere that still
 * serves these models, and each gateway bills its own way.
 */
const soraLimits: VideoLimits & Pick<VideoModel, "modes"> = {
  kind: "video",
  provider: "openai",
  modes: ["text", "first_frame", "remix", "audio"],
  durations: { allowed: [4, 8, 12] },
  // Sizes 1280x720 and 720x1280 (Sora 2 Pro also 1024x1792/1792x1024, which have no definition
  // name): OpenAI's spec rejects 1920x1080; a gateway that takes it says so in OPENAI_VIDEO_MODELS.
  definitions: ["720p"],
  orientations: WIDE_AND_TALL,
  maxReferenceImages: 1,
  defaults: { seconds: 4, definition: "720p", orientation: "16:9" },
};

const openaiVideo: VideoModel[] = [
  {
    ...soraLimits,
    id: "sora-2",
    label: "Sora 2",
    aliases: ["sora", "sora 2", "sora2"],
    tier: "balanced",
    typicalSeconds: 240,
    retired: { date: "2026-09-24", replacement: "doubao-seedance-2", host: "api.openai.com" },
  },
  {
    ...soraLimits,
    id: "sora-2-pro",
    label: "Sora 2 Pro",
    aliases: ["sora pro", "sora 2 pro", "sora2 pro"],
    tier: "quality",
    typicalSeconds: 360,
    retired: { date: "2026-09-24", replacement: "veo-3.1-exp", host: "api.openai.com" },
  },
];

// --- The built-in sandbox, used only when no real provider is configured ---------------------

const sandbox: (VideoModel | ImageModel)[] = [
  {
    kind: "video",
    provider: "sandbox",
    id: "sandbox-video",
    label: "Sandbox Video",
    aliases: ["sandbox", "sandbox video"],
    modes: ["text", "reference_images"],
    tier: "balanced",
    typicalSeconds: 5,
    durations: { min: 4, max: 15 },
    definitions: ["480p", "720p"],
    orientations: [...ALL_FIVE],
    maxReferenceImages: 5,
    defaults: { seconds: 5, definition: "480p", orientation: "9:16" },
    pricing: { currency: "credits", perSecond: { "480p": 0, "720p": 0 } },
  },
  {
    kind: "image",
    provider: "sandbox",
    id: "sandbox-image",
    label: "Sandbox Image",
    aliases: ["sandbox image"],
    modes: ["text", "reference_images"],
    tier: "balanced",
    typicalSeconds: 3,
    resolutions: ["1K", "2K", "4K"],
    aspectRatios: [...ALL_FIVE],
    n: { min: 1, max: 4 },
    maxReferenceImages: 5,
    defaults: { resolution: "2K", n: 1, aspectRatio: "1:1" },
    pricing: { currency: "credits", perImage: { "1K": 0, "2K": 0, "4K": 0 } },
  },
];

export const builtInCatalog: Catalog = {
  models: [...creatokVideo, ...creatokImage, ...sophnetVideo, ...jimengVideo, ...openaiVideo, ...sandbox],
};
