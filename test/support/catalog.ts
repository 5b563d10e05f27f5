/** Catalog fixtures shared by the domain tests. */
import assert from "node:assert/strict";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { modelRef, type ModelSpec, type VideoModel } from "../../src/domain/catalog.ts";

/** A built-in model by its `provider/id` reference; fails the test when the catalog lost it. */
export function builtInModel(ref: string): ModelSpec {
  const m = builtInCatalog.models.find((x) => modelRef(x) === ref);
  assert.ok(m, ref);
  return m;
}

/** A plain text-to-video test model known by `aliases`, with the limits a test does not care about. */
export function testVideoModel(id: string, label: string, aliases: string[], durations: VideoModel["durations"] = { min: 4, max: 8 }): VideoModel {
  return {
    kind: "video", id, label, aliases, provider: "creatok", modes: ["text"], tier: "balanced", typicalSeconds: 60,
    durations, definitions: ["720p"], orientations: ["9:16", "16:9"], maxReferenceImages: 1,
    defaults: { seconds: 8, definition: "720p", orientation: "9:16" },
  };
}
