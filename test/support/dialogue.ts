import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders } from "../../src/domain/catalog.ts";
import type { StepContext } from "../../src/dialogue/state.ts";

let counter = 0;

/** A step context on the CreatOK catalog, with a fresh quote id each call. */
export function stepContext(overrides: Partial<StepContext> = {}): StepContext {
  return {
    catalog: forProviders(builtInCatalog, ["creatok"]),
    today: "2026-11-21",
    now: 1_000_000,
    newId: `q${++counter}`,
    quoteTtlMs: 600_000,
    sandbox: false,
    stitching: false,
    languages: ["en", "zh-CN"],
    ...overrides,
  };
}
