import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { text, type MessageKey } from "../../src/domain/reply.ts";
import { createTranslator, type Translator } from "../../src/i18n/index.ts";

/**
 * `MessageKey` is checked by `tsc --noEmit` (the first half of `npm test`): each
 * `@ts-expect-error` below fails the type check if the line it marks ever type-checks, so a key
 * type that let unknown keys through would break the build, not a user's chat.
 */
function typeChecks(): void {
  // @ts-expect-error: no such key in locales/en/common.json
  text("ask.secnods");
  // @ts-expect-error: a key of the jobs namespace without its prefix
  text("failed.generic");
  // @ts-expect-error: a namespace that does not exist
  text("admin:help");
  // @ts-expect-error: a section is not a text
  text("ask");
  // @ts-expect-error: i18next picks the plural form from `count`; callers name the base key
  text("summary.count_one");
  // @ts-expect-error: a template literal whose parts can produce a missing key
  text(`ask.${"seconds" as "seconds" | "colour"}`);

  const question = "seconds" as "seconds" | "orientation";
  text(`ask.${question}`);
}

describe("typed i18n keys", () => {
  let t: Translator;
  before(async () => {
    t = await createTranslator();
  });

  it("accepts a plural family by its base key, and i18next renders it by count", () => {
    const key: MessageKey = "summary.count";
    assert.equal(t.render("en", text(key, { count: 1 })), "• 1 image");
    assert.equal(t.render("en", text(key, { count: 3 })), "• 3 images");
  });

  it("renders keys of every namespace, with and without a prefix, as text rather than the key", () => {
    const keys: MessageKey[] = ["ask.seconds", "jobs:failed.generic", "telegram:error.generic", "discord:error.image_download"];
    for (const key of keys) {
      const rendered = t.render("en", text(key, { provider: "CreatOK" }));
      assert.notEqual(rendered, key);
      assert.notEqual(rendered, key.replace(/^\w+:/, ""));
      assert.ok(rendered.length > 0);
    }
  });

  it("keeps the type-level checks compiled", () => {
    assert.equal(typeof typeChecks, "function");
  });
});
