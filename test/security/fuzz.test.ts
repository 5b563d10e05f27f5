/**
 * Fuzzing (issue 13) with fast-check: the input cleaner, the brief parser (and the dialogue step
 * that reads its result) and the callback decoder (button ids resolved from Telegram's
 * callback_data / Discord's custom_id) never throw on any input, and never let an input do what
 * it may not: text alone never confirms or spends, a press by anyone but the buttons' owner, or
 * with data the bot did not hand out, never starts a job.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders } from "../../src/domain/catalog.ts";
import { parseBrief } from "../../src/domain/brief-parser.ts";
import { cleanText } from "../../src/domain/clean-text.ts";
import { step } from "../../src/dialogue/step.ts";
import { INITIAL_STATE, type StepContext } from "../../src/dialogue/state.ts";
import type { Action } from "../../src/domain/reply.ts";
import { createButtonStore } from "../../src/store/buttons.ts";
import { openDatabase } from "../../src/store/database.ts";
import { FAKE_BOT_USERNAME } from "../fakes/telegram.ts";
import { harnessForSuite, user } from "../telegram/harness.ts";

// A fixed seed keeps runs repeatable (CI must not fail by chance); FC_SEED=<n> explores others.
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(process.env.FC_SEED ?? 20261204) });

const UNWANTED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
const catalog = forProviders(builtInCatalog, ["creatok", "sophnet", "openai"]);
const modelIds = new Set(catalog.models.map((m) => m.id));

/** Text the way people (and attackers) write it: brief words, numbers, units, controls, any Unicode. */
const briefText = fc
  .array(
    fc.oneof(
      fc.constantFrom("a", "20", "8 second", "10 minute", "vertical", "landscape", "square", "4K", "1080p", "veo", "sora", "seedance", "video", "image", "of",
        "cat", "秒", "竖屏", "minutos", "секунд", "ثانية", "x", "/", ":", "-1", "1e309", "NaN", "999999999999", "0", "\n", "\t", " "),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.constantFrom("\u0000", "\u0007", "\u001B[31m", "\u202E", "\u2066", "\u200F", "\u061C", "\u0085", "\uFEFF", "\uD800"),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(" "));

function ctx(): StepContext {
  return { catalog, today: "2026-11-21", now: 1_000_000, newId: "q-fuzz", quoteTtlMs: 600_000, sandbox: false, stitching: false, languages: ["en", "zh-CN"] };
}

describe("fuzz: the input cleaner", () => {
  it("never throws, leaves none of the characters it removes, keeps the rest in order, and is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        const out = cleanText(s);
        assert.doesNotMatch(out, UNWANTED);
        assert.equal(out, [...s].filter((ch) => !UNWANTED.test(ch)).join(""));
        assert.equal(cleanText(out), out);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("fuzz: the brief parser and the step that reads it", () => {
  it("never throws and reads only sane settings, never images or an unknown model", () => {
    fc.assert(
      fc.property(briefText, fc.boolean(), (text, cleaned) => {
        const input = cleaned ? cleanText(text) : text;
        const brief = parseBrief(input, catalog);
        assert.ok(brief.kind === "video" || brief.kind === "image");
        assert.equal(typeof brief.prompt, "string");
        assert.deepEqual(brief.referenceImages, [], "text never makes up reference images");
        if (brief.seconds !== undefined) assert.ok(Number.isSafeInteger(brief.seconds) && brief.seconds > 0, `seconds ${brief.seconds}`);
        if (brief.count !== undefined) assert.ok(Number.isSafeInteger(brief.count) && brief.count > 0, `count ${brief.count}`);
        if (brief.modelId !== undefined) assert.ok(modelIds.has(brief.modelId), `model ${brief.modelId}`);
      }),
      { numRuns: 1000 },
    );
  });

  it("text alone, with nothing on offer, never confirms, cancels a job, spends or runs an admin command", () => {
    fc.assert(
      fc.property(briefText, (text) => {
        const { effects } = step(INITIAL_STATE, { type: "text", text: cleanText(text) }, ctx());
        const kinds = effects.map((e) => e.type);
        for (const forbidden of ["confirm", "cancel_job", "admin", "again"] as const) assert.ok(!kinds.includes(forbidden), `${forbidden} from ${JSON.stringify(text)}`);
        assert.ok(kinds.filter((k) => k === "create_quote").length <= 1, "at most one offer");
        assert.ok(kinds.includes("reply"), "always an answer");
      }),
      { numRuns: 500 },
    );
  });
});

describe("fuzz: the callback decoder", () => {
  it("resolves exactly the ids it handed out, whatever else arrives", () => {
    const db = openDatabase(":memory:");
    try {
      const buttons = createButtonStore(db);
      const owner = { platform: "telegram", chatId: "-100", ownerId: "42" };
      const actions: Action[] = [{ type: "confirm", quoteId: "q1" }, { type: "cancel", quoteId: "q1" }, { type: "again", jobId: "j1" }];
      const ids = buttons.registerRows([actions], owner, 0)[0]!;
      const issued = new Set(ids);
      const mutated = fc.tuple(fc.constantFrom(...ids), fc.nat(), fc.string({ unit: "binary", minLength: 1, maxLength: 2 })).map(([id, at, ch]) => {
        const i = at % (id.length + 1);
        return id.slice(0, i) + ch + id.slice(i + 1);
      });
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 100 }), mutated, fc.constantFrom("' OR 1=1 --", "%", "_", "*", "")), (data) => {
          const stored = buttons.resolve(data);
          if (issued.has(data)) {
            assert.deepEqual(stored, { action: actions[ids.indexOf(data)], ...owner });
          } else {
            assert.equal(stored, undefined, JSON.stringify(data));
          }
        }),
        { numRuns: 2000 },
      );
    } finally {
      db.close();
    }
  });

  describe("over Telegram", () => {
    const h = harnessForSuite();

    it("a press by someone else, or with data the bot never sent, never starts a job and is always answered", { timeout: 120_000 }, async () => {
      const group = h.telegram.group(-1001000000077, "Fuzz");
      const alice = user("Alice", "en");
      const mallory = user("Mallory", "en");
      h.telegram.sendText(group, alice, `/video@${FAKE_BOT_USERNAME} an 8 second vertical clip of a lighthouse in a storm`);
      const offer = await h.telegram.waitForMessage(group.id, (m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === "✅ Confirm") ?? false);
      const real = offer.reply_markup!.inline_keyboard.flat().map((b) => b.callback_data!);
      const mutated = fc.tuple(fc.constantFrom(...real), fc.nat(), fc.string({ minLength: 1, maxLength: 2 })).map(([d, at, ch]) => {
        const i = at % d.length;
        const out = d.slice(0, i) + ch + d.slice(i + 1);
        return out === d ? `${d}x` : out;
      });
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            // Mallory with Alice's real buttons.
            fc.record({ who: fc.constant(mallory), data: fc.constantFrom(...real) }),
            // Anyone with data the bot never handed out (Telegram allows 1-64 bytes).
            fc.record({ who: fc.constantFrom(alice, mallory), data: fc.oneof(mutated, fc.string({ minLength: 1, maxLength: 64 })) }),
          ),
          async ({ who, data }) => {
            const query = h.telegram.press(group, who, offer.message_id, data);
            const answer = await h.telegram.waitForAnswer(query);
            assert.equal(answer.show_alert, true, `an alert for ${JSON.stringify(data)} by ${who.first_name}`);
            assert.equal(h.creatok.submissions.length, 0, "nothing was submitted");
          },
        ),
        { numRuns: 60 },
      );
      const jobs = h.db.prepare("SELECT COUNT(*) AS n FROM jobs").get() as { n: number };
      assert.equal(jobs.n, 0, "no job row either");
      // The offer was not spoiled: Alice's own Confirm still works.
      const confirm = offer.reply_markup!.inline_keyboard.flat().find((b) => b.text === "✅ Confirm")!.callback_data!;
      assert.deepEqual(await h.telegram.waitForAnswer(h.telegram.press(group, alice, offer.message_id, confirm)), {});
      await h.telegram.waitForMessage(group.id, (m) => m.media?.kind === "video", 15_000);
      assert.equal(h.creatok.submissions.length, 1);
    });
  });
});
