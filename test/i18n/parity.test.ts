import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { LANGUAGES } from "../../src/domain/languages.ts";
import { createTranslator, loadResources, LOCALES_DIR, type Translator } from "../../src/i18n/index.ts";

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * Values that rightly read the same as in English: names of languages (each shown in its own
 * language), units and symbols, and lines made only of placeholders, names and commands.
 */
const SAME_AS_ENGLISH = [
  /^common:language\.name\./,
  /^common:currency\.money$/,
  /^common:ask\.seconds_option$/,
  /^common:limits\.seconds_(list|range)$/,
  /^common:models\.entry$/,
  /^common:button\.(confirm|change|cancel)$/,
  /^discord:autocomplete\.model$/,
  /^discord:command\.\w+(\.option\.\w+)?\.name$/,
];
/** Words a language spells exactly as English does ("Vertical 9:16" in Spanish). */
const COGNATES: Record<string, string[]> = {
  es: ["common:orientation.9x16", "common:models.video"],
  "pt-BR": ["common:orientation.9x16"],
  id: ["common:summary.model", "common:models.video", "jobs:button.remix"],
  vi: ["common:models.video"],
  tr: ["common:summary.model", "common:models.video"],
  fr: ["common:orientation.9x16", "common:orientation.3x4", "common:summary.count_one", "common:summary.count_other"],
};
/** Words that stay the same in every language: product names, formats, commands. */
const KEPT = /Reelsmith|TikTok|Reels|Shorts|YouTube|Seedance|Telegram|Discord|JPEG|PNG|WebP|GIF|MB|\d+K|\d+:\d+|\/\w+|Ctrl-D|\{\{\w+\}\}|[•✅✏️✖️:()\s.,–-]/gu;

type Flat = Map<string, string>;

function flatten(value: unknown, prefix: string, out: Flat): Flat {
  if (typeof value === "string") out.set(prefix, value);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** Flat keys per language, across every namespace English has. */
function keysByLanguage(): Record<string, Flat> {
  const resources = loadResources();
  const namespaces = Object.keys(resources.en ?? {});
  const result: Record<string, Flat> = {};
  for (const [language, byNamespace] of Object.entries(resources)) {
    const flat: Flat = new Map();
    for (const ns of namespaces) {
      for (const [key, value] of flatten((byNamespace as Record<string, unknown>)[ns], "", new Map())) flat.set(`${ns}:${key}`, value);
    }
    result[language] = flat;
  }
  return result;
}

function variables(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!));
}

/** English keys grouped by base: a plural key's forms ("x_one", "x_other") under "x". */
function groups(flat: Flat): Map<string, { plural: boolean; forms: Map<string, string> }> {
  const out = new Map<string, { plural: boolean; forms: Map<string, string> }>();
  for (const [key, value] of flat) {
    const m = PLURAL_SUFFIX.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const group = out.get(base) ?? { plural: false, forms: new Map<string, string>() };
    if (m) group.plural = true;
    group.forms.set(m ? m[1]! : "", value);
    out.set(base, group);
  }
  return out;
}

const union = (sets: Iterable<Set<string>>): Set<string> => new Set([...sets].flatMap((s) => [...s]));

describe("every locale has every key, with the same variables and its own plural forms", () => {
  const all = keysByLanguage();
  const english = groups(all.en!);

  it("has a folder for each of the 20 languages and nothing else", () => {
    assert.deepEqual(readdirSync(LOCALES_DIR).sort(), [...LANGUAGES].sort());
    assert.equal(LANGUAGES.length, 20);
  });

  for (const language of LANGUAGES.filter((l) => l !== "en")) {
    describe(language, () => {
      const flat = all[language] ?? new Map<string, string>();
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
      /** Categories that stand for more than one count from 1 to 200 (Russian "one" is 1, 21, 31…): their forms must show the number. */
      const rules = new Intl.PluralRules(language);
      const counts = Array.from({ length: 200 }, (_, i) => i + 1).map((n) => rules.select(n));
      const counted = new Set(categories.filter((c) => counts.filter((x) => x === c).length > 1));

      it("has every key English has, and no key English lacks", () => {
        const missing: string[] = [];
        for (const [base, group] of english) {
          if (!group.plural) {
            if (!flat.has(base)) missing.push(base);
            continue;
          }
          for (const category of categories) {
            // A language with one form may keep the plain key, which i18next falls back to.
            const has = flat.has(`${base}_${category}`) || (categories.length === 1 && flat.has(base));
            if (!has) missing.push(`${base}_${category}`);
          }
        }
        assert.deepEqual(missing, [], `${language} lacks keys`);
        const extra = [...flat.keys()].filter((k) => !english.has(k.replace(PLURAL_SUFFIX, "")));
        assert.deepEqual(extra, [], `${language} has keys English lacks`);
      });

      it("uses only its own plural categories", () => {
        const foreign = [...flat.keys()].filter((k) => {
          const m = PLURAL_SUFFIX.exec(k);
          return m && english.get(k.slice(0, m.index))?.plural && !categories.includes(m[1]!);
        });
        assert.deepEqual(foreign, []);
      });

      it("uses the same interpolation variables as English", () => {
        const wrong: string[] = [];
        for (const [base, group] of english) {
          const expected = union([...group.forms.values()].map(variables));
          if (!group.plural) {
            const value = flat.get(base);
            if (value !== undefined && [...variables(value)].sort().join() !== [...expected].sort().join()) wrong.push(base);
            continue;
          }
          const forms = [...flat].filter(([k]) => k === base || k.replace(PLURAL_SUFFIX, "") === base);
          const found = union(forms.map(([, v]) => variables(v)));
          for (const name of found) if (!expected.has(name) && name !== "count") wrong.push(`${base} uses {{${name}}}`);
          for (const name of expected) if (name !== "count" && !found.has(name)) wrong.push(`${base} lacks {{${name}}}`);
          // A form that also stands for 21 or 3 must say which number it means.
          if ((group.forms.get("other") ?? "").includes("{{count}}")) {
            for (const [key, value] of forms) {
              const category = PLURAL_SUFFIX.exec(key)?.[1] ?? "other";
              if (counted.has(category) && !value.includes("{{count}}")) wrong.push(`${key} hides the count`);
            }
          }
        }
        assert.deepEqual(wrong, []);
      });

      it("leaves nothing in English but names and ids", () => {
        const same = [...flat]
          .filter(([key, value]) => all.en!.get(key) === value && !SAME_AS_ENGLISH.some((re) => re.test(key)))
          .filter(([key]) => !(COGNATES[language] ?? []).includes(key))
          .filter(([, value]) => value.replace(KEPT, "").length > 0)
          .map(([key]) => key);
        assert.deepEqual(same, []);
      });

      it("keeps commands and placeholders intact", () => {
        const broken = [...flat].filter(([, value]) => /\{\{[^}]*$|(?<!\{)\{[^{]\w*\}\}|\/ \w/.test(value)).map(([k]) => k);
        assert.deepEqual(broken, []);
      });
    });
  }

  it("names all 20 languages in every locale, each in its own language", () => {
    for (const language of LANGUAGES) {
      for (const code of LANGUAGES) {
        assert.ok(all[language]!.get(`common:language.name.${code}`), `${language} lacks language.name.${code}`);
        assert.equal(all[language]!.get(`common:language.name.${code}`), all[code]!.get(`common:language.name.${code}`));
      }
    }
  });
});

describe("i18next renders every language with its plural forms", () => {
  let translator: Translator;
  before(async () => {
    translator = await createTranslator();
  });

  it("knows all 20 languages", () => {
    assert.deepEqual([...translator.languages].sort(), [...LANGUAGES].sort());
  });

  it("picks Russian forms for 1, 3 and 5 images", () => {
    const t = translator.t("ru");
    const one = t("summary.count", { count: 1 });
    const few = t("summary.count", { count: 3 });
    const many = t("summary.count", { count: 5 });
    assert.equal(new Set([one, few, many]).size, 3, `${one} / ${few} / ${many}`);
    assert.match(few, /3/);
    assert.match(many, /5/);
  });

  it("picks Arabic forms for 0, 1, 2, 3, 11 and 100 credits", () => {
    const t = translator.t("ar");
    const forms = [0, 1, 2, 3, 11, 100].map((count) => t("currency.credits", { count }));
    assert.equal(new Set(forms).size, 6, forms.join(" / "));
  });

  it("renders one form for Chinese, Japanese and Korean", () => {
    for (const language of ["zh-CN", "ja", "ko"]) {
      const t = translator.t(language);
      assert.match(t("fix.split", { count: 3, segments: "10 + 10 + 10" }), /3/, language);
      assert.doesNotMatch(t("jobs:done.images", { count: 2 }), /images/, language);
    }
  });

  it("never falls back to English for a key English has", () => {
    for (const language of LANGUAGES.filter((l) => l !== "en")) {
      assert.notEqual(translator.t(language)("offer.ask_confirm"), translator.t("en")("offer.ask_confirm"), language);
      assert.notEqual(translator.t(language)("jobs:slow", { provider: "X" }), translator.t("en")("jobs:slow", { provider: "X" }), language);
    }
  });
});

/** The locales written right to left: Arabic and Persian. */
const RIGHT_TO_LEFT = ["ar", "fa"] as const;

describe("Arabic and Persian read right to left around Latin names and numbers", () => {
  for (const language of RIGHT_TO_LEFT) {
    it(`isolates every interpolated value that sits inside a ${language} sentence`, () => {
      const all = keysByLanguage();
      const loose: string[] = [];
      for (const [key, value] of all[language]!) {
        for (const m of value.matchAll(/\{\{\w+\}\}/g)) {
          const before = value.slice(0, m.index);
          const after = value.slice(m.index! + m[0].length);
          const isolated = /[\u2066-\u2068][^\u2069]*$/u.test(before) && /\u2069/u.test(after);
          // Lists and links stand on their own line, where nothing surrounds them.
          const ownLine = /(^|\n)$/.test(before) && /^($|\n)/.test(after);
          if (!isolated && !ownLine) loose.push(`${key}: ${m[0]}`);
        }
      }
      assert.deepEqual(loose, []);
    });

    it(`keeps commands left to right inside ${language} text`, () => {
      const all = keysByLanguage();
      const loose = [...all[language]!]
        .filter(([key]) => key.startsWith("common:") || key.startsWith("jobs:"))
        .filter(([, value]) => /[\u0600-\u06ff]/u.test(value))
        .filter(([, value]) => [...value.matchAll(/\/[a-z]+/g)].some((m) => !/\u2066$/u.test(value.slice(0, m.index))))
        .map(([key]) => key);
      assert.deepEqual(loose, []);
    });
  }
});
