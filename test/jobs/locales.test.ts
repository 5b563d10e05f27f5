import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { LANGUAGES } from "../../src/domain/languages.ts";
import { createTranslator } from "../../src/i18n/index.ts";
import { failureText, reasonText, stateText } from "../../src/jobs/messages.ts";
import type { JobState } from "../../src/jobs/rows.ts";

const STATES: JobState[] = ["submitting", "queued", "running", "succeeded", "failed", "unknown", "cancelled"];
const KINDS = ["moderation", "invalid_input", "auth", "rate_limited", "quota", "transient", "unknown", "missing_media", "provider_missing", "outcome_unknown", "no_output"];

/** Every literal "jobs:…" key in the jobs layer's source. */
function literalKeys(): string[] {
  const dir = join(import.meta.dirname, "..", "..", "src", "jobs");
  const keys = new Set<string>();
  for (const file of readdirSync(dir)) {
    for (const m of readFileSync(join(dir, file), "utf8").matchAll(/"(jobs:[a-z_.]+)"/g)) keys.add(m[1]!);
  }
  return [...keys];
}

describe("jobs locales", () => {
  it("have every key the jobs layer uses, in every locale", async () => {
    const t = await createTranslator();
    const keys = [
      ...literalKeys(),
      ...KINDS.flatMap((k) => [failureText(k, "X").key, reasonText(k).key]),
      ...STATES.map((s) => stateText(s, null, false).key),
      stateText("running", 40, false).key,
      stateText("running", 40, true).key,
      "jobs:progress.video",
      "jobs:progress.image",
      "jobs:done.images_other",
    ];
    assert.ok(keys.length > 40, `only ${keys.length} keys found`);
    for (const language of LANGUAGES) {
      // A plural key exists as its forms ("_one", "_other").
      for (const key of keys) assert.ok(t.has(language, key) || t.has(language, `${key}_other`), `${language} lacks ${key}`);
    }
  });

  it("use no technical words a user would not know", () => {
    for (const language of LANGUAGES) {
      const text = readFileSync(join(import.meta.dirname, "..", "..", "locales", language, "jobs.json"), "utf8");
      assert.doesNotMatch(text, /\btask id\b|\bHTTP\b|\blease\b|\bAPI\b|任务 ?ID/i, language);
    }
  });
});
