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
