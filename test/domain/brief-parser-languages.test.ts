import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Catalog, VideoModel } from "../../src/domain/catalog.ts";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LANGUAGES } from "../../src/domain/languages.ts";
import { LOCALES_DIR } from "../../src/i18n/index.ts";
import { LEXICON, parseBrief, readBrief, stripSettings, type BriefFields } from "../../src/domain/brief-parser.ts";
import { testVideoModel } from "../support/catalog.ts";

function video(id: string, label: string, aliases: string[]): VideoModel {
  return testVideoModel(id, label, aliases, { min: 4, max: 15 });
}

const catalog: Catalog = {
  models: [
    video("doubao-seedance-2", "Seedance 2", ["seedance", "seedance 2"]),
    video("veo-3.1-fast-exp", "Veo 3.1 Fast", ["veo fast", "veo 3.1 fast"]),
  ],
};

const read = (text: string): BriefFields => readBrief(text, catalog).fields;

/** Per language: durations, the three orientations, and a few intents, as creators write them. */
const CASES: Record<string, Array<[string, BriefFields]>> = {
  es: [
    ["un anuncio vertical de 20 segundos para mi café", { seconds: 20, orientation: "9:16", ad: true }],
    ["hazlo vertical", { orientation: "9:16" }],
    ["en horizontal, 15 segundos", { orientation: "16:9", seconds: 15 }],
    ["formato cuadrado", { orientation: "1:1" }],
    ["veinte segundos", { seconds: 20 }],
    ["medio minuto", { seconds: 30 }],
    ["un minuto y medio", { seconds: 90 }],
    ["3 imágenes de un reloj", { count: 3, kind: "image" }],
    ["vista previa sin música", { speed: "fast", audio: false }],
    ["versión final con música de fondo", { speed: "quality", audio: true }],
    ["no vertical, horizontal", { orientation: "16:9" }],
  ],
  "pt-BR": [
    ["um vídeo vertical de 20 segundos", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["deixa na horizontal", { orientation: "16:9" }],
    ["quadrado", { orientation: "1:1" }],
    ["meio minuto", { seconds: 30 }],
    ["dez segundos", { seconds: 10 }],
    ["anúncio do meu produto", { ad: true, subject: "product" }],
    ["sem música", { audio: false }],
    ["alta qualidade, versão final", { definition: "best", speed: "quality" }],
    ["duas imagens de um carro", { count: 2, kind: "image" }],
  ],
  ru: [
    ["видео на 20 секунд", { seconds: 20, kind: "video" }],
    ["сделай вертикально", { orientation: "9:16" }],
    ["вертикальное видео 15 секунд", { orientation: "9:16", seconds: 15, kind: "video" }],
    ["горизонтальный ролик", { orientation: "16:9", kind: "video" }],
    ["квадратное", { orientation: "1:1" }],
    ["двадцать секунд", { seconds: 20 }],
    ["полминуты", { seconds: 30 }],
    ["1 минута", { seconds: 60 }],
    ["20-секундная реклама", { seconds: 20, ad: true }],
    ["3 картинки", { count: 3, kind: "image" }],
    ["без музыки", { audio: false }],
    ["не вертикально, а горизонтально", { orientation: "16:9" }],
  ],
  ja: [
    ["20秒の縦長動画", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["縦長にして", { orientation: "9:16" }],
    ["横長でお願いします", { orientation: "16:9" }],
    ["正方形", { orientation: "1:1" }],
    ["二十秒", { seconds: 20 }],
    ["1分の動画", { seconds: 60, kind: "video" }],
    ["1分半", { seconds: 90 }],
    ["商品の広告", { subject: "product", ad: true }],
    ["音楽なしで", { audio: false }],
    ["4枚の画像", { count: 4, kind: "image" }],
    ["自分の猫", {}],
  ],
  ko: [
    ["20초짜리 세로 영상", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["세로로 해줘", { orientation: "9:16" }],
    ["가로로 바꿔줘", { orientation: "16:9" }],
    ["정사각형으로", { orientation: "1:1" }],
    ["1분 30초", { seconds: 90 }],
    ["제품 광고", { subject: "product", ad: true }],
    ["음악 없이", { audio: false }],
    ["이미지 3장", { count: 3, kind: "image" }],
    ["3장 만들어줘", { count: 3, kind: "image" }],
    ["가로수 길", {}],
  ],
  id: [
    ["iklan vertikal 20 detik untuk kopi saya", { seconds: 20, orientation: "9:16", ad: true }],
    ["buat jadi vertikal", { orientation: "9:16" }],
    ["ganti ke horizontal", { orientation: "16:9" }],
    ["jadikan persegi", { orientation: "1:1" }],
    ["setengah menit", { seconds: 30 }],
    ["sepuluh detik", { seconds: 10 }],
    ["tanpa musik", { audio: false }],
    ["3 gambar jam tangan", { count: 3, kind: "image" }],
    ["jangan vertikal, horizontal saja", { orientation: "16:9" }],
  ],
  vi: [
    ["video dọc 20 giây", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["làm video dọc", { orientation: "9:16", kind: "video" }],
    ["đổi sang ngang", { orientation: "16:9" }],
    ["hình vuông", { orientation: "1:1" }],
    ["nửa phút", { seconds: 30 }],
    ["mười giây", { seconds: 10 }],
    ["quảng cáo sản phẩm", { ad: true, subject: "product" }],
    ["không có nhạc", { audio: false }],
    ["3 tấm ảnh", { count: 3, kind: "image" }],
    ["màn hình dọc", { orientation: "9:16" }],
  ],
  tr: [
    ["kahvem için 20 saniyelik dikey reklam", { seconds: 20, orientation: "9:16", ad: true }],
    ["dikey yap", { orientation: "9:16" }],
    ["yataya çevir", { orientation: "16:9" }],
    ["kare olsun", { orientation: "1:1" }],
    ["yarım dakika", { seconds: 30 }],
    ["on beş saniye", { seconds: 15 }],
    ["müziksiz", { audio: false }],
    ["3 görsel", { count: 3, kind: "image" }],
    ["bir kedi videosu", { kind: "video" }],
  ],
  ar: [
    ["فيديو عمودي مدته 20 ثانية", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["إعلان ٢٠ ثانية", { seconds: 20, ad: true }],
    ["اجعله عموديًا", { orientation: "9:16" }],
    ["أفقي من فضلك", { orientation: "16:9" }],
    ["بالعرض", { orientation: "16:9" }],
    ["مربع", { orientation: "1:1" }],
    ["نصف دقيقة", { seconds: 30 }],
    ["عشر ثوان", { seconds: 10 }],
    ["بدون موسيقى", { audio: false }],
    ["ليس عموديا بل أفقيا", { orientation: "16:9" }],
  ],
  hi: [
    ["20 सेकंड का वर्टिकल वीडियो", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["इसे वर्टिकल बनाओ", { orientation: "9:16" }],
    ["हॉरिजॉन्टल कर दो", { orientation: "16:9" }],
    ["चौकोर", { orientation: "1:1" }],
    ["२० सेकंड", { seconds: 20 }],
    ["बीस सेकंड", { seconds: 20 }],
    ["आधा मिनट", { seconds: 30 }],
    ["बिना संगीत के", { audio: false }],
    ["मेरे प्रोडक्ट का विज्ञापन", { subject: "product", ad: true }],
  ],
  de: [
    ["20 Sekunden Werbung für mein Café, hochkant", { seconds: 20, orientation: "9:16", ad: true }],
    ["mach es hochkant", { orientation: "9:16" }],
    ["lieber im Querformat", { orientation: "16:9" }],
    ["quadratisch bitte", { orientation: "1:1" }],
    ["ein 15-sekündiges Video", { seconds: 15, kind: "video" }],
    ["zwanzig Sekunden", { seconds: 20 }],
    ["eine halbe Minute", { seconds: 30 }],
    ["ohne Musik", { audio: false }],
    ["drei Bilder von einer Uhr", { count: 3, kind: "image" }],
    ["nicht hochkant, sondern quer", { orientation: "16:9" }],
    ["ein paar Sekunden Regen", {}],
  ],
  fr: [
    ["une pub verticale de 20 secondes pour mon café", { seconds: 20, orientation: "9:16", ad: true }],
    ["mets-le en vertical", { orientation: "9:16" }],
    ["passe en horizontal", { orientation: "16:9" }],
    ["en carré", { orientation: "1:1" }],
    ["une demi-minute", { seconds: 30 }],
    ["vingt secondes", { seconds: 20 }],
    ["une minute et demie", { seconds: 90 }],
    ["sans musique", { audio: false }],
    ["trois images d'une montre", { count: 3, kind: "image" }],
    ["pas en vertical, en horizontal", { orientation: "16:9" }],
    ["une vidéo de mon produit", { kind: "video", subject: "product" }],
  ],
  fa: [
    ["ویدیو ۲۰ ثانیه‌ای عمودی", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["بیست ثانیه", { seconds: 20 }],
    ["نیم دقیقه", { seconds: 30 }],
    ["٢٠ ثانیه", { seconds: 20 }],
    ["مربع باشه لطفاً", { orientation: "1:1" }],
    ["افقي", { orientation: "16:9" }],
    ["عمودی نه، افقی", { orientation: "16:9" }],
    ["بدون صدا باشه", { audio: false }],
    ["تبلیغ محصول", { ad: true, subject: "product" }],
    ["سه تا عکس", { count: 3, kind: "image" }],
    ["نسخه‌ی سریع برای پیش‌نمایش", { speed: "fast" }],
  ],
  uk: [
    ["вертикальне відео на 20 секунд", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["п'ять секунд", { seconds: 5 }],
    ["пʼятнадцять секунд", { seconds: 15 }],
    ["півхвилини", { seconds: 30 }],
    ["зроби квадратне", { orientation: "1:1" }],
    ["не вертикальне, а горизонтальне", { orientation: "16:9" }],
    ["без звуку", { audio: false }],
    ["три картинки", { count: 3, kind: "image" }],
    ["швидка чернетка", { speed: "fast" }],
  ],
  uz: [
    ["20 soniyali vertikal video", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["to'rt soniya", { seconds: 4 }],
    ["toʻrt soniya", { seconds: 4 }],
    ["to`rt soniya", { seconds: 4 }],
    ["yarim daqiqa", { seconds: 30 }],
    ["kvadrat qiling", { orientation: "1:1" }],
    ["vertikal emas, gorizontal", { orientation: "16:9" }],
    ["ovozsiz bo'lsin", { audio: false }],
    ["3 ta rasm", { count: 3, kind: "image" }],
  ],
  it: [
    ["uno spot verticale di 20 secondi", { seconds: 20, orientation: "9:16", ad: true }],
    ["fallo di dieci secondi", { seconds: 10 }],
    ["mezzo minuto", { seconds: 30 }],
    ["rendilo quadrato", { orientation: "1:1" }],
    ["non verticale, orizzontale", { orientation: "16:9" }],
    ["senza audio", { audio: false }],
    ["tre immagini di un gatto", { count: 3, kind: "image" }],
    ["una foto", { kind: "image" }],
  ],
  pl: [
    ["pionowy filmik 20 sekund", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["20-sekundowa reklama", { seconds: 20, ad: true }],
    ["dziesiec sekund", { seconds: 10 }],
    ["pół minuty", { seconds: 30 }],
    ["zrób kwadrat", { orientation: "1:1" }],
    ["nie pionowo, poziomo", { orientation: "16:9" }],
    ["bez dźwięku", { audio: false }],
    ["trzy obrazki", { count: 3, kind: "image" }],
  ],
  th: [
    ["วิดีโอแนวตั้ง 20 วินาที", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["๒๐ วินาที", { seconds: 20 }],
    ["ยี่สิบห้าวินาที", { seconds: 25 }],
    ["8 วิ", { seconds: 8 }],
    ["ครึ่งนาที", { seconds: 30 }],
    ["ทำเป็นจัตุรัสหน่อย", { orientation: "1:1" }],
    ["ไม่เอาแนวตั้ง เอาแนวนอน", { orientation: "16:9" }],
    ["ไม่เอาเสียงนะครับ", { audio: false }],
    ["ขอรูปแมว 3 รูป", { count: 3, kind: "image" }],
  ],
};

describe("readBrief reads durations, orientations and intents in every language", () => {
  for (const [language, cases] of Object.entries(CASES)) {
    describe(language, () => {
      for (const [text, expected] of cases) {
        it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(read(text), expected));
      }
    });
  }

  it("has a table for every language of the bot", () => {
    assert.deepEqual(Object.keys(LEXICON).sort(), [...LANGUAGES].sort());
  });

  it("keeps one vocabulary file per locale folder, named by its code", () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src", "domain", "lexicon");
    const files = readdirSync(dir).filter((f) => !["index.ts", "types.ts", "shared.ts"].includes(f));
    assert.deepEqual(files.map((f) => f.replace(/\.ts$/, "")).sort(), readdirSync(LOCALES_DIR).sort());
  });
});

describe("the new tables leave English and Chinese readings as they were", () => {
  const cases: Array<[string, BriefFields]> = [
    ["turn this photo into a video", { kind: "video", animate: true }],
    ["a couple of seconds of rain", {}],
    ["the final scene in a park", {}],
    ["make it a sea of clouds", {}],
    ["一只猫在冲浪", {}],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(read(text), expected));
  }
});

describe("stripSettings and parseBrief work the same in other languages", () => {
  it("takes a Spanish duration and orientation out of the prompt", () => {
    assert.equal(stripSettings("un video vertical de 20 segundos de un gato surfeando", catalog), "un video de un gato surfeando");
  });

  it("keeps the prompt when a Russian follow-up only changes settings", () => {
    const base = parseBrief("кот катается на сёрфе", catalog);
    const next = parseBrief("сделай вертикально, 10 секунд", catalog, base);
    assert.equal(next.prompt, "кот катается на сёрфе");
    assert.equal(next.orientation, "9:16");
    assert.equal(next.seconds, 10);
  });

  it("appends a German follow-up that changes the content", () => {
    const base = parseBrief("eine Katze beim Surfen", catalog);
    assert.equal(parseBrief("mach die Katze orange", catalog, base).prompt, "eine Katze beim Surfen\nmach die Katze orange");
  });
});
