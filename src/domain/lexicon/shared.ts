/** Pieces several languages' vocabularies share. */

/** Word characters of the Latin-script languages, for whole-word matching. */
export const LATIN = "\\p{Script=Latin}\\p{N}_";

const ZH_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 十五 = 15, 二十 = 20, 一百二十 = 120 (Chinese and Japanese write numbers alike). */
export function chineseNumeral(written: string): number | undefined {
  let total = 0;
  let current = 0;
  for (const ch of written) {
    const digit = ZH_DIGITS[ch];
    if (digit !== undefined) current = digit;
    else if (ch === "十") { total += (current || 1) * 10; current = 0; }
    else if (ch === "百") { total += (current || 1) * 100; current = 0; }
    else return undefined;
  }
  return total + current;
}

/** Digits of another script (Arabic-Indic ٢٠, Devanagari २०) read as a number. */
export function scriptDigits(zero: number): (written: string) => number | undefined {
  return (written) => {
    const ascii = [...written].map((c) => {
      const d = c.codePointAt(0)! - zero;
      return d >= 0 && d <= 9 ? String(d) : c === "٫" || c === "," ? "." : c;
    }).join("");
    const value = Number(ascii);
    return Number.isFinite(value) ? value : undefined;
  };
}

/** Messages are compared in NFKC, which writes Devanagari nukta letters (ड़) as two code points. */
export const nfkc = (phrases: string[]): string[] => phrases.map((p) => p.normalize("NFKC"));

/**
 * One letter typed several ways ("ی" and the Arabic "ي" on old Persian keyboards; "oʻ", "o'", "o`" in
 * Uzbek): each such letter of a pattern becomes the class of its spellings, and each number word is
 * listed under every spelling, so one table reads a word however it was typed.
 */
export function spellings(classes: Record<string, string>): {
  pattern: (source: string) => string;
  list: (sources: string[]) => string[];
  numbers: (words: Record<string, number>) => Record<string, number>;
} {
  const letters = Object.keys(classes);
  const any = new RegExp(`[${letters.join("")}]`, "gu");
  const pattern = (source: string) => source.replace(any, (c) => `[${classes[c]}]`);
  const numbers = (words: Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const [word, value] of Object.entries(words)) {
      out[word] = value;
      for (const letter of letters) {
        if (!word.includes(letter)) continue;
        for (const other of classes[letter]!) out[word.replaceAll(letter, other)] = value;
      }
    }
    return out;
  };
  return { pattern, list: (sources) => sources.map(pattern), numbers };
}

/** Thai digits (๑-๙) and Thai number words: สิบห้า = 15, ยี่สิบ = 20, ยี่สิบเอ็ด = 21, หนึ่งร้อย = 100. */
export function thaiNumeral(written: string): number | undefined {
  if (/^[๐-๙]+$/u.test(written)) return scriptDigits(0x0e50)(written);
  const DIGITS: Record<string, number> = { หนึ่ง: 1, สอง: 2, สาม: 3, สี่: 4, ห้า: 5, หก: 6, เจ็ด: 7, แปด: 8, เก้า: 9 };
  let total = 0;
  let current: number | undefined;
  let rest = written;
  while (rest.length > 0) {
    const digit = Object.keys(DIGITS).find((d) => rest.startsWith(d));
    if (digit) { if (current !== undefined) return undefined; current = DIGITS[digit]; rest = rest.slice(digit.length); continue; }
    if (rest.startsWith("ยี่สิบ")) { if (current !== undefined) return undefined; total += 20; rest = rest.slice(6); continue; }
    if (rest.startsWith("สิบ")) { total += (current ?? 1) * 10; current = undefined; rest = rest.slice(3); continue; }
    if (rest.startsWith("ร้อย")) { total += (current ?? 1) * 100; current = undefined; rest = rest.slice(4); continue; }
    // เอ็ด is one only after a ten (สิบเอ็ด = 11).
    if (rest.startsWith("เอ็ด") && total > 0 && current === undefined) { current = 1; rest = rest.slice(4); continue; }
    return undefined;
  }
  const value = total + (current ?? 0);
  return value > 0 ? value : undefined;
}
