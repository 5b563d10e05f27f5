import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LANGUAGES } from "../../src/domain/languages.ts";
import { INTENT_LEXICON, isCancellation, isConfirmation } from "../../src/domain/intent.ts";

/** Per language: plain confirmations, plain cancellations, and messages that carry more than either. */
const CASES: Record<string, { confirm: string[]; cancel: string[]; neither: string[] }> = {
  es: { confirm: ["sí", "Sí, por favor", "dale", "hazlo", "vale, genera"], cancel: ["cancela", "mejor no", "no, olvídalo"], neither: ["sí, pero vertical", "hazlo más largo"] },
  "pt-BR": { confirm: ["sim", "pode gerar", "bora", "beleza, pode fazer"], cancel: ["cancela", "deixa pra lá", "não, obrigado"], neither: ["sim, mas na vertical", "pode ser mais curto?"] },
  ru: { confirm: ["да", "давай", "Да, запускай", "хорошо, поехали"], cancel: ["отмена", "не надо", "нет, отмени"], neither: ["да, но вертикально", "сделай длиннее"] },
  ja: { confirm: ["はい", "お願いします", "それでお願いします", "はい、生成して"], cancel: ["キャンセル", "やめて", "いいえ、キャンセルで"], neither: ["はい、でも縦長で", "もっと長く"] },
  ko: { confirm: ["네", "좋아요", "네, 시작해 주세요", "진행해줘"], cancel: ["취소", "취소해 주세요", "아니요 그만"], neither: ["네, 근데 세로로", "더 길게"] },
  id: { confirm: ["ya", "oke, lanjut", "gas", "iya buatkan dong"], cancel: ["batal", "gak jadi", "nggak usah deh"], neither: ["ya, tapi vertikal", "buat lebih panjang"] },
  vi: { confirm: ["có", "ok làm đi", "được rồi", "xác nhận nhé"], cancel: ["hủy", "thôi", "không, dừng lại"], neither: ["có, nhưng dọc nhé", "làm dài hơn"] },
  tr: { confirm: ["evet", "tamam, başla", "onaylıyorum", "hadi yap"], cancel: ["iptal", "vazgeçtim", "hayır, iptal et"], neither: ["evet ama dikey", "daha uzun yap"] },
  ar: { confirm: ["نعم", "تمام، ابدأ", "موافق", "يلا"], cancel: ["إلغاء", "لا شكرا", "لا، توقف"], neither: ["نعم لكن عموديًا", "اجعله أطول"] },
  hi: { confirm: ["हाँ", "ठीक है, शुरू करो", "हां बना दो", "बढ़िया"], cancel: ["रद्द करो", "रहने दो", "नहीं, छोड़ दो"], neither: ["हाँ, पर वर्टिकल", "थोड़ा लंबा करो"] },
  de: { confirm: ["ja", "los geht's", "Ja, bitte starten", "passt"], cancel: ["abbrechen", "vergiss es", "nein danke"], neither: ["ja, aber hochkant", "mach es länger"] },
  fr: { confirm: ["oui", "vas-y", "d'accord, lance", "c'est parfait, merci"], cancel: ["annule", "laisse tomber", "non, arrête"], neither: ["oui mais en vertical", "fais-le plus long"] },
  fa: { confirm: ["آره", "باشه، شروع کن", "اوکی بزن بریم", "بله لطفا", "باشه، بسازش"], cancel: ["لغو", "نه، بی‌خیال", "کنسلش کن", "نمي خوام"], neither: ["آره ولی عمودی", "طولانی‌ترش کن"] },
  uk: { confirm: ["так", "гаразд, запускай", "добре", "Так, будь ласка"], cancel: ["скасуй", "ні, не треба", "стоп"], neither: ["так, але вертикально", "зроби довше"] },
  uz: { confirm: ["ha", "xo'p, boshlang", "mayli", "ha, iltimos"], cancel: ["bekor qiling", "yo'q, kerak emas", "to‘xtat"], neither: ["ha, lekin vertikal", "uzunroq qiling"] },
  it: { confirm: ["sì", "va bene, vai", "ok, procedi", "perfetto, grazie"], cancel: ["annulla", "no, lascia stare", "lascia perdere"], neither: ["sì, ma verticale", "fallo più lungo"] },
  pl: { confirm: ["tak", "dobra, zaczynaj", "okej", "oki", "jasne, proszę"], cancel: ["anuluj", "nie, nie trzeba", "daj spokój"], neither: ["tak, ale pionowo", "zrób dłuższe"] },
  th: { confirm: ["ได้เลยครับ", "โอเค เริ่มเลย", "ตกลงค่ะ", "ใช่"], cancel: ["ยกเลิก", "ไม่เอาแล้วครับ", "ไม่ ยกเลิกค่ะ"], neither: ["ได้ แต่แนวตั้ง", "ยาวขึ้นหน่อย"] },
};

describe("confirmations and cancellations in every language", () => {
  it("has a table for every language of the bot", () => {
    assert.deepEqual(Object.keys(INTENT_LEXICON).sort(), [...LANGUAGES].sort());
  });

  for (const [language, { confirm, cancel, neither }] of Object.entries(CASES)) {
    describe(language, () => {
      for (const text of confirm) {
        it(`treats ${JSON.stringify(text)} as a plain confirmation`, () => {
          assert.equal(isConfirmation(text), true);
          assert.equal(isCancellation(text), false);
        });
      }
      for (const text of cancel) {
        it(`treats ${JSON.stringify(text)} as a plain cancellation`, () => {
          assert.equal(isCancellation(text), true);
          assert.equal(isConfirmation(text), false);
        });
      }
      for (const text of neither) {
        it(`treats ${JSON.stringify(text)} as neither, since it asks for a change`, () => {
          assert.equal(isConfirmation(text), false);
          assert.equal(isCancellation(text), false);
        });
      }
    });
  }

  it("reads Hindi written with precomposed or combining nukta letters alike", () => {
    assert.equal(isCancellation("छो\u095Cो"), true);
    assert.equal(isCancellation("छो\u0921\u093Cो"), true);
  });
});
