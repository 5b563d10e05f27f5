/**
 * Properties of the parser over generated briefs: requests, descriptions and parameter phrases in
 * any order, with the separators people type. The clean prompt never keeps a parameter phrase it
 * removed, never cuts or glues a word, keeps the description, and the parser never throws.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseBrief, readBrief, stripSettings } from "../../src/domain/brief-parser.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";

// A fixed seed keeps runs repeatable (CI must not fail by chance); FC_SEED=<n> explores others.
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(process.env.FC_SEED ?? 20261204) });

interface Language {
  requests: string[];
  descriptions: string[];
  /** Each phrase states one setting, and all of it leaves the prompt. */
  parameters: string[];
  spaced: boolean;
}

const LANGUAGES: Record<string, Language> = {
  en: {
    requests: ["", "can you make me", "please make", "i want", "gimme", "hey,"],
    descriptions: ["a red fox walking through fresh snow", "a lighthouse on a cliff in a storm", "a chef flipping pancakes in a busy kitchen", "an old fisherman mending nets on a pier", "a paper boat drifting down a rainy street"],
    parameters: ["10 seconds", "8s", "vertical", "widescreen", "in 4K", "in full hd", "1080p", "for tiktok", "with veo fast", "square", "a minute long", "9:16", "ultra-wide"],
    spaced: true,
  },
  es: {
    requests: ["", "hazme", "quiero", "por favor,"],
    descriptions: ["un zorro rojo caminando por la nieve", "un faro sobre un acantilado durante una tormenta", "una chef preparando tortitas en una cocina"],
    parameters: ["10 segundos", "vertical", "horizontal", "en 4K", "para tiktok", "formato cuadrado", "medio minuto", "1080p"],
    spaced: true,
  },
  fr: {
    requests: ["", "fais-moi", "je voudrais", "s'il te plaît,"],
    descriptions: ["un renard roux qui marche dans la neige", "un phare sur une falaise pendant une tempête", "un pêcheur qui répare ses filets"],
    parameters: ["10 secondes", "verticale", "format paysage", "en 4K", "pour tiktok", "carrée", "une demi-minute"],
    spaced: true,
  },
  de: {
    requests: ["", "ich möchte", "bitte"],
    descriptions: ["ein roter Fuchs läuft durch frischen Schnee", "ein Leuchtturm auf einer Klippe im Sturm", "ein alter Fischer flickt seine Netze"],
    parameters: ["10 Sekunden", "im Hochformat", "Querformat", "in 4K", "für TikTok", "quadratisch", "eine halbe Minute"],
    spaced: true,
  },
  ru: {
    requests: ["", "сделай", "пожалуйста,", "хочу"],
    descriptions: ["рыжая лиса идёт по свежему снегу", "маяк на скале во время шторма", "старый рыбак чинит сети"],
    parameters: ["10 секунд", "вертикальное", "горизонтальный", "в 4К", "для тиктока", "квадратное", "полминуты"],
    spaced: true,
  },
  hi: {
    requests: ["", "कृपया"],
    descriptions: ["बर्फ में चलती लाल लोमड़ी", "तूफान में चट्टान पर खड़ा लाइटहाउस"],
    parameters: ["10 सेकंड", "वर्टिकल", "लैंडस्केप", "4K", "टिकटॉक के लिए", "चौकोर"],
    spaced: true,
  },
  "zh-CN": {
    requests: ["", "帮我生成一个", "请", "我想要一个"],
    descriptions: ["一只红狐狸在雪地里行走", "暴风雨中悬崖上的灯塔", "厨师在厨房里翻煎饼"],
    parameters: ["10秒", "竖屏", "横屏", "4K", "抖音", "正方形", "半分钟", "1080p"],
    spaced: false,
  },
};

const SEPARATORS = [", ", ". ", " ", "; ", " - ", ", ", "\n"];

const brief = fc.constantFrom(...Object.keys(LANGUAGES)).chain((code) => {
  const lang = LANGUAGES[code]!;
  return fc.record({
    code: fc.constant(code),
    request: fc.constantFrom(...lang.requests),
    description: fc.constantFrom(...lang.descriptions),
    parameters: fc.uniqueArray(fc.constantFrom(...lang.parameters), { minLength: 1, maxLength: 3 }),
    before: fc.boolean(),
    separators: fc.array(fc.constantFrom(...SEPARATORS), { minLength: 4, maxLength: 4 }),
    end: fc.constantFrom("", ".", "!", " please", " thanks"),
  }).map((b) => {
    const params = b.parameters.join(b.separators[0]!);
    const parts = b.before ? [params, b.description] : [b.description, params];
    const body = parts.join(b.separators[1]!);
    const text = `${b.request ? `${b.request} ` : ""}${body}${b.code === "en" ? b.end : ""}`;
    return { ...b, text, lang };
  });
});

/** Words as runs of letters, digits and joining marks. */
const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{M}\p{N}'’-]+/gu) ?? [];

describe("the parser's properties over generated briefs", () => {
  it("never throws, on any text at all", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
        parseBrief(text, builtInCatalog);
        stripSettings(text, builtInCatalog);
      }),
      { numRuns: 300 },
    );
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 120 }), (text) => void stripSettings(text, builtInCatalog)), { numRuns: 200 });
  });

  it("keeps no parameter phrase it removed, cuts no word and keeps the description", () => {
    fc.assert(
      fc.property(brief, ({ text, description, parameters, lang }) => {
        const clean = stripSettings(text, builtInCatalog);
        const settings = readBrief(text, builtInCatalog).settings;
        assert.ok(settings.length > 0, "a parameter phrase is read");
        for (const parameter of parameters) {
          // Every parameter phrase leaves the prompt whole: none of it is left for the provider.
          assert.ok(!clean.toLowerCase().includes(parameter.toLowerCase()), `${JSON.stringify(parameter)} left in ${JSON.stringify(clean)}`);
        }
        if (lang.spaced) {
          const before = new Set(words(text));
          for (const word of words(clean)) assert.ok(before.has(word), `${JSON.stringify(word)} is not a word of ${JSON.stringify(text)} (${JSON.stringify(clean)})`);
          for (const word of words(description)) if (word.length > 3) assert.ok(words(clean).includes(word), `${JSON.stringify(word)} lost from ${JSON.stringify(clean)}`);
        } else {
          assert.ok(clean.includes(description), `${JSON.stringify(description)} cut in ${JSON.stringify(clean)}`);
        }
        assert.doesNotMatch(clean, /[,.;:!?，。；：！？、][\s]*[,.;:!?，。；：！？、]/u, `punctuation run in ${JSON.stringify(clean)}`);
        assert.doesNotMatch(clean, /^[\s,.;:!?，。；：！？、-]/u, `leading punctuation in ${JSON.stringify(clean)}`);
      }),
      { numRuns: 400 },
    );
  });
});
