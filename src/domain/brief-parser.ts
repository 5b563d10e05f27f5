/**
 * Reads a creator's message into brief fields: only what the words say, nothing guessed.
 *
 * The vocabulary lives in per-language tables (`LEXICON`); every table is applied to every message,
 * because a Chinese creator may well type "9:16" or "vertical". Adding a language means adding a
 * table. Patterns are regular-expression source matched case-insensitively with the `u` flag; a
 * literal space in a pattern matches any run of whitespace.
 *
 * Rules run from the most specific to the least (quoted text, model names, numeric settings, then
 * words), and every phrase a rule recognizes is masked so a later rule cannot read it again: "nano
 * banana 2 images" names a model, not a count of two.
 */
import type { Brief, Speed, Subject } from "./brief.ts";
import { ASPECT_RATIOS, type AspectRatio, type Catalog, type MediaKind, type ModelSpec } from "./catalog.ts";

export interface Lexicon {
  /**
   * Character-class body of this language's word characters, for whole-word matching. Absent for
   * languages written without spaces (Chinese, Japanese), whose phrases match anywhere.
   */
  boundary?: string;
  /** Number words ("ten" → 10); several in a row add up ("twenty five"). Digits always work. */
  numberWords: Record<string, number>;
  /** Numerals that do not simply add up (二十五), with their reader. */
  numeral?: { pattern: string; value: (written: string) => number | undefined };
  /** Duration units as [pattern, seconds per unit]. */
  units: ReadonlyArray<readonly [string, number]>;
  /** Whole duration phrases ("half a minute", "半分钟"). */
  fixedDurations: Record<string, number>;
  /** Rejects a number-and-unit match that is something else ("in her 20s", "80s style"). */
  notDuration?: (before: string, matched: string, after: string) => boolean;
  imageNouns: string[];
  videoNouns: string[];
  /** Words before a media noun that make it a reference ("this photo"), not the thing to make. */
  referenceBefore: string[];
  /** Words after a media noun that make it a style ("poster style"), not the thing to make. */
  styleAfter: string[];
  /** Counted nouns that mean images ("3 images", "三张"). */
  imageCountNouns: string[];
  /** Counted nouns that only say how many ("3 variations"). */
  variantNouns: string[];
  orientation: Partial<Record<AspectRatio, string[]>>;
  /** Platforms whose format implies a ratio; weaker than an explicit orientation word. */
  platforms: Partial<Record<AspectRatio, string[]>>;
  /** Definition words, by the definition they mean. */
  definitions: Record<string, string[]>;
  speed: Record<Speed, string[]>;
  subject: Record<Subject, string[]>;
  ad: string[];
  audio: { on: string[]; off: string[] };
  /** Words that negate a following setting ("not vertical", "不要竖屏"). */
  negations: string[];
  /** Words that belong to a setting phrase when it is stripped from the prompt ("in 4k", "20秒的"). */
  settingBefore: string[];
  settingAfter: string[];
  /** Words that carry no creative content in a follow-up ("make it", "改成"). */
  fillers: string[];
}

const EN_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90,
};

const ZH_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 十五 = 15, 二十 = 20, 一百二十 = 120. */
function chineseNumeral(written: string): number | undefined {
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

const FORMAT_NOUNS = "(?:mode|orientation|format|video|videos|clip|clips|ratio|aspect|layout|version|screen|shot|image|images)";
const TURN_INTO = "(?:make|turn|switch|change|flip|rotate) (?:it |this |that )?(?:to |into )?";

/** Digits of another script (Arabic-Indic ٢٠, Devanagari २०) read as a number. */
function scriptDigits(zero: number): (written: string) => number | undefined {
  return (written) => {
    const ascii = [...written].map((c) => {
      const d = c.codePointAt(0)! - zero;
      return d >= 0 && d <= 9 ? String(d) : c === "٫" || c === "," ? "." : c;
    }).join("");
    const value = Number(ascii);
    return Number.isFinite(value) ? value : undefined;
  };
}

const LATIN = "\\p{Script=Latin}\\p{N}_";
const ES_NUMBERS: Record<string, number> = {
  dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12,
  quince: 15, veinte: 20, treinta: 30, cuarenta: 40, sesenta: 60,
};
const PT_NUMBERS: Record<string, number> = {
  dois: 2, duas: 2, três: 3, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, doze: 12,
  quinze: 15, vinte: 20, trinta: 30, quarenta: 40, sessenta: 60,
};
const RU_NUMBERS: Record<string, number> = {
  одна: 1, одну: 1, один: 1, две: 2, два: 2, три: 3, четыре: 4, пять: 5, шесть: 6, семь: 7, восемь: 8, девять: 9,
  десять: 10, двенадцать: 12, пятнадцать: 15, двадцать: 20, тридцать: 30, сорок: 40, пятьдесят: 50, шестьдесят: 60,
};
const ID_NUMBERS: Record<string, number> = {
  satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9, sepuluh: 10,
  "lima belas": 15, "dua puluh": 20, "tiga puluh": 30, "enam puluh": 60,
};
const VI_NUMBERS: Record<string, number> = {
  hai: 2, ba: 3, bốn: 4, năm: 5, sáu: 6, bảy: 7, tám: 8, chín: 9, mười: 10, "mười lăm": 15, "hai mươi": 20, "ba mươi": 30,
};
const TR_NUMBERS: Record<string, number> = {
  iki: 2, üç: 3, dört: 4, beş: 5, altı: 6, yedi: 7, sekiz: 8, dokuz: 9, on: 10, "on beş": 15, yirmi: 20, otuz: 30,
  kırk: 40, elli: 50, altmış: 60,
};
const AR_NUMBERS: Record<string, number> = {
  ثلاث: 3, ثلاثة: 3, أربع: 4, أربعة: 4, خمس: 5, خمسة: 5, ست: 6, ستة: 6, ثماني: 8, ثمانية: 8, عشر: 10, عشرة: 10,
  عشرين: 20, عشرون: 20, ثلاثين: 30, ثلاثون: 30, ستين: 60, ستون: 60,
};
const HI_NUMBERS: Record<string, number> = {
  दो: 2, तीन: 3, चार: 4, पांच: 5, पाँच: 5, छह: 6, आठ: 8, दस: 10, बारह: 12, पंद्रह: 15, बीस: 20, तीस: 30, साठ: 60,
};
const DE_NUMBERS: Record<string, number> = {
  zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, zwölf: 12, fünfzehn: 15,
  zwanzig: 20, dreißig: 30, vierzig: 40, sechzig: 60,
};
const FR_NUMBERS: Record<string, number> = {
  deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, douze: 12, quinze: 15,
  vingt: 20, trente: 30, quarante: 40, soixante: 60,
};
/** Arabic words take a conjunction or preposition and the article in front: وال، بال، لل. */
const AR_PRE = "(?:[وفبل]?(?:ال|لل)?)";
/** Arabic endings: tanwin and short vowels, the feminine ة, the adverbial ًا. */
const AR_END = "[\\u064B-\\u0652اةه]*";
const ar = (stem: string): string => `${AR_PRE}${stem}${AR_END}`;
/** Devanagari ड़ is written precomposed or as ड plus nukta. */
const RH = "(?:\\u095C|\\u0921\\u093C)";

export const LEXICON = {
  en: {
    boundary: "\\p{Script=Latin}\\p{N}_",
    numberWords: EN_NUMBERS,
    units: [
      ["seconds", 1], ["second", 1], ["secs", 1], ["sec", 1], ["s", 1],
      ["minutes", 60], ["minute", 60], ["mins", 60], ["min", 60],
    ],
    fixedDurations: {
      "half a minute": 30, "half-minute": 30, "half minute": 30,
      "a minute and a half": 90, "one and a half minutes": 90, "a minute": 60,
    },
    notDuration: (before, matched, after) =>
      // Decades and ages: "in her 20s", "the '90s", "80s style".
      /^\d*0s$/i.test(matched.replace(/\s/g, "")) &&
      (/(?:\b(?:her|his|their|my|your|our|the|early|mid|late)\s+|['’])$/i.test(before) ||
        /^[\s-]*(?:style|styled|vibes?|aesthetic|look|era|fashion|music|retro|vintage|nostalgia|kids?)\b/i.test(after)),
    imageNouns: [
      "images?(?![\\s-]*to[\\s-]*video)", "pictures?", "pics?", "photos?(?!-)", "photographs?",
      "posters?", "illustrations?", "wallpapers?", "artworks?", "drawings?", "thumbnails?", "headshots?",
    ],
    videoNouns: ["videos?", "clips?", "footage", "animations?", "short film"],
    referenceBefore: [
      "this", "these", "that", "those", "my", "the", "attached", "uploaded", "reference", "first", "last", "from",
    ],
    styleAfter: ["style", "styled", "look", "aesthetic", "vibe"],
    imageCountNouns: [
      "images?", "pictures?", "pics?", "photos?", "photographs?", "posters?", "illustrations?", "wallpapers?",
      "drawings?", "headshots?",
    ],
    variantNouns: ["variations?", "versions?", "options?"],
    orientation: {
      "9:16": [
        "vertical(?:ly)?", `portrait(?= ${FORMAT_NOUNS})`, "in portrait", `${TURN_INTO}portrait`,
        "^\\s*portrait(?=\\s*[.!]?\\s*$)",
      ],
      "16:9": [
        "horizontal(?:ly)?", "widescreen", "wide screen", `landscape(?= ${FORMAT_NOUNS})`, "in landscape",
        `${TURN_INTO}landscape`, "^\\s*landscape(?=\\s*[.!]?\\s*$)",
      ],
      "1:1": [
        `square(?= ${FORMAT_NOUNS}|[\\s-]*(?:crop|frame|post|posts|canvas|format))`,
        // "a town square", "on the square" are places; elsewhere "square" is the format.
        "(?<!\\b(?:town|times|city|public|village|market|red|the|a|an|on|in|at|main) )square(?! (?:meters?|feet|foot|miles?|kilometers?))",
      ],
      "21:9": ["ultra[\\s-]?wide", "cinemascope"],
    },
    platforms: {
      "9:16": [
        "tik[\\s-]?tok", "(?:instagram |ig )?reels?(?<!fishing reels?)", "youtube shorts", "(?:for|as|on) shorts",
        "shorts (?:video|format|clip)s?", "instagram stor(?:y|ies)", "snapchat",
      ],
      "16:9": ["youtube(?! shorts)"],
    },
    definitions: {
      "720p": ["(?<!full[\\s-]*)hd", "high[\\s-]definition"],
      "1080p": ["full[\\s-]?hd", "fhd", "full high[\\s-]definition"],
    },
    speed: {
      fast: [
        "quick preview", "previews?", "tests?", "testing", "test run", "drafts?",
        "rough (?:cut|draft|version|pass|preview|sketch|idea)", "iterat(?:e|ing|ion|ions)",
        "(?:fast|quick|cheap) (?:preview|version|draft|test|iteration|model|option|one|pass|look|try|mock-?up)",
        "fastest", "as fast as possible",
      ],
      quality: [
        "final(?! (?:scene|shot|frame|moment|seconds?|beat|part|segment|boss|act|chapter|image|word))",
        "high[\\s-]quality", "highest quality", "best quality", "top quality", "premium quality",
        "polished(?! (?:marble|wood|wooden|floors?|stone|metal|steel|silver|brass|concrete|shoes|nails|surface|table|granite))",
        "formal(?! (?:dress|wear|attire|suit|gown|outfit|event|dinner|party))",
        "production[\\s-](?:quality|ready|grade)", "hero version",
      ],
    },
    subject: {
      product: [
        "products?", "e-?commerce", "packshots?", "merch(?:andise)?", "(?:my|our) brand",
        "my (?:[\\p{L}-]+ ){0,2}(?:ad|advert|commercial|promo)", "(?:ad|advert|commercial|promo) for (?:my|our)",
      ],
      people: [
        "portraits? of", "persons?", "people", "wom[ae]n", "m[ae]n", "girls?", "boys?", "lady", "ladies",
        "guys?", "kids?", "child(?:ren)?", "couple(?! of)", "headshots?", "selfies?", "humans?",
        "(?:fashion|female|male|runway|human) models?", "models? (?:walking|posing|wearing|holding|sitting|standing|smiling|dancing)",
      ],
      illustration: [
        "illustrations?", "illustrated", "concept art", "anime", "cartoons?", "drawings?", "manga", "comics?",
        "hand[\\s-]drawn", "watercolou?rs?", "pixel art", "line art",
      ],
    },
    ad: ["ads?", "adverts?", "advertisements?", "advertising", "commercials?", "promos?", "promotional", "marketing (?:video|clip|spot)"],
    audio: {
      off: [
        "no (?:sound|audio|music|voice-?over|soundtrack|narration)", "without (?:any )?(?:sound|audio|music|voice-?over)",
        "silent(?! (?:film|movie|era))", "muted?", "sound off",
      ],
      on: [
        "with (?:[\\p{L}-]+ ){0,2}?(?:music|sounds?|audio|voice-?over|narration|soundtrack|sound effects|dialogue)",
        "add (?:some |a )?(?:music|sound|audio|voice-?over|narration|soundtrack)", "voice-?overs?", "narration",
        "narrator", "soundtrack", "background music", "sound effects", "sound on",
      ],
    },
    negations: ["not", "no", "instead of", "rather than", "without", "don't use", "do not use", "never"],
    settingBefore: ["in", "at", "for", "with", "using", "use", "via", "on", "of"],
    settingAfter: [
      "format", "orientation", "mode", "aspect ratio", "ratio", "resolution", "long", "model", "please",
    ],
    fillers: [
      "yes", "yeah", "ok", "okay", "sure", "please", "make", "it", "this", "that", "change", "switch", "turn",
      "to", "into", "use", "instead", "rather", "and", "but", "actually", "the", "a", "an", "video", "videos",
      "clip", "image", "images", "version", "one", "can", "could", "would", "you", "i", "want", "need", "let's",
      "lets", "now", "also", "then", "just", "same", "with", "so", "go", "do", "be", "is", "should", "in", "as",
      "of", "for", "more", "bit", "little",
    ],
  },
  zh: {
    numberWords: {},
    numeral: { pattern: "[零〇一二两三四五六七八九十百]+", value: chineseNumeral },
    units: [["秒钟", 1], ["秒鐘", 1], ["秒", 1], ["分钟", 60], ["分鐘", 60]],
    fixedDurations: {
      "半分钟": 30, "半分鐘": 30, "一分半钟": 90, "一分半": 90, "一分钟半": 90, "两分半钟": 150, "两分半": 150,
    },
    imageNouns: ["图片", "图像", "照片", "海报", "插画", "壁纸", "配图", "头像", "封面图", "(?<=[的张幅])图(?!生)", "[出做生画]图"],
    videoNouns: ["视频", "短片", "影片", "动画", "片子"],
    referenceBefore: ["这张", "那张", "这幅", "这个", "那个", "这些", "参考", "上传的", "我的"],
    styleAfter: ["风", "风格", "感", "质感"],
    imageCountNouns: ["张", "幅"],
    variantNouns: ["个版本", "种"],
    orientation: {
      "9:16": ["竖屏", "竖版", "竖的", "竖向", "竖构图", "竖幅", "竖着"],
      "16:9": ["横屏", "横版", "横的", "横向", "横构图", "横着", "宽屏"],
      "1:1": ["正方形", "(?<!长)方形", "方图"],
    },
    platforms: {
      "9:16": ["抖音", "快手", "视频号"],
      "16:9": ["[Bb]站", "哔哩哔哩"],
    },
    definitions: {
      "480p": ["标清"],
      "720p": ["(?<![0-9kKpP]\\s*)(?<!超|全)高清"],
      // UHD names 4K, beyond any video definition offered; it asks for the best there is.
      "1080p": ["全高清", "超清", "超高清", "蓝光"],
    },
    speed: {
      fast: ["快速(?=预览|测试|版|生成|出|迭代|看|试)", "预览", "测试", "草稿", "试试", "试一下", "小样", "粗略"],
      quality: ["正式", "高质量", "高品质", "高画质", "成片", "最终", "精品", "最好的效果", "最佳效果"],
    },
    subject: {
      product: ["产品", "商品", "电商", "带货"],
      people: ["人像", "人物", "真人", "模特", "女孩", "男孩", "女生", "男生", "女人", "男人", "美女", "帅哥", "小孩", "孩子"],
      illustration: ["插画", "概念图", "概念艺术", "动漫", "卡通", "漫画", "手绘", "二次元", "水彩"],
    },
    ad: ["广告", "宣传", "推广", "促销"],
    audio: {
      off: ["静音", "无声", "不要声音", "没有声音", "不带声音", "去掉声音", "不要音乐", "不要配乐", "不要配音", "无音乐"],
      on: ["有声音", "带声音", "有声", "配乐", "配音", "背景音乐", "音效", "旁白", "加音乐", "加上音乐", "带音乐"],
    },
    negations: ["不要", "而不是", "不是", "别用", "不用"],
    settingBefore: ["用", "使用", "改成", "换成"],
    settingAfter: ["的", "模型", "左右"],
    fillers: [
      "好的", "可以", "改成", "换成", "改为", "使用", "用", "吧", "的", "请", "视频", "图片", "要", "我要", "还是",
      "做成", "一个", "那就", "就", "也", "再", "了", "呢", "啊", "嗯", "帮我", "给我", "弄", "成", "换", "改", "是",
    ],
  },
  es: {
    boundary: LATIN,
    numberWords: ES_NUMBERS,
    units: [["segundos?", 1], ["seg", 1], ["minutos?", 60], ["min", 60]],
    fixedDurations: { "medio minuto": 30, "un minuto y medio": 90, "minuto y medio": 90, "un minuto": 60 },
    imageNouns: ["imagen(?:es)?", "fotos?", "fotografías?", "pósters?", "carteles?", "ilustraciones?(?! de video)", "fondos? de pantalla", "dibujos?", "miniaturas?"],
    // Words English shares ("clip", "video") are read by the English table, with its exceptions.
    videoNouns: ["vídeos?", "animaci[oó]n(?:es)?", "cortometraje"],
    referenceBefore: ["esta", "este", "estas", "estos", "esa", "ese", "mi", "mis", "la", "el", "adjunta", "adjunto", "de la", "del"],
    styleAfter: ["estilo", "tipo"],
    imageCountNouns: ["imágenes", "imagenes", "fotos", "ilustraciones", "pósters", "carteles", "dibujos"],
    variantNouns: ["versiones", "variaciones", "opciones"],
    orientation: {
      "9:16": ["vertical(?:es|mente)?", "en formato vertical", "formato retrato"],
      "16:9": ["horizontal(?:es|mente)?", "apaisad[oa]s?", "panorámic[oa]", "pantalla ancha", "formato paisaje"],
      "1:1": ["cuadrad[oa]s?", "formato cuadrado"],
    },
    platforms: { "9:16": ["historias de instagram"] },
    definitions: { "720p": ["alta definición"] },
    speed: {
      fast: ["vista previa", "prueba(?: rápida)?", "borrador", "boceto", "versión rápida", "lo más rápido posible"],
      quality: ["versión final", "alta calidad", "máxima calidad", "mejor calidad", "calidad profesional", "definitiv[oa]"],
    },
    subject: {
      product: ["productos?", "comercio electrónico", "e-?commerce", "mi marca", "nuestra marca", "mercancía"],
      people: ["personas?", "gente", "mujer(?:es)?", "hombres?", "chicas?", "chicos?", "niñ[oa]s?", "pareja", "retrato de", "modelos? (?:caminando|posando)"],
      illustration: ["ilustraci[oó]n(?:es)?", "ilustrad[oa]", "arte conceptual", "dibujos animados", "caricatura", "acuarela", "arte pixel", "estilo anime", "dibujad[oa] a mano"],
    },
    ad: ["anuncios?", "publicidad", "publicitari[oa]", "comercial(?:es)?", "promo(?:ción|cional)?"],
    audio: {
      off: ["sin (?:sonido|audio|música|musica|voz)", "silencios[oa]", "mudo", "sin banda sonora"],
      on: ["con (?:música|musica|sonido|audio|voz en off|narración)", "música de fondo", "voz en off", "narración", "efectos de sonido", "banda sonora"],
    },
    negations: ["no", "no en", "sin", "en vez de", "en lugar de", "nada de"],
    settingBefore: ["en", "de", "con", "usando", "formato"],
    settingAfter: ["de duración", "de largo", "por favor"],
    fillers: [
      "sí", "si", "vale", "hazlo", "hazla", "haz", "ponlo", "ponla", "pon", "cámbialo", "cámbiala", "cambialo", "cambia",
      "mejor", "por favor", "que", "el", "la", "lo", "un", "una", "en", "a", "y", "pero", "ahora", "usa", "con",
      "de", "para", "más", "mas", "video", "vídeo", "imagen", "quiero", "mejor", "formato", "otra vez", "también",
    ],
  },
  "pt-BR": {
    boundary: LATIN,
    numberWords: PT_NUMBERS,
    units: [["segundos?", 1], ["seg", 1], ["minutos?", 60], ["min", 60]],
    fixedDurations: { "meio minuto": 30, "um minuto e meio": 90, "minuto e meio": 90, "um minuto": 60 },
    imageNouns: ["image(?:m|ns)", "fotos?", "fotografias?", "pôsteres", "pôster", "cartaz(?:es)?", "ilustraç(?:ão|ões)", "papéis de parede", "papel de parede", "desenhos?", "miniaturas?"],
    videoNouns: ["vídeos?", "clipes?", "animaç(?:ão|ões)", "curta-metragem"],
    referenceBefore: ["esta", "este", "essa", "esse", "essas", "esses", "minha", "meu", "a", "o", "da", "do", "anexada", "anexo"],
    styleAfter: ["estilo", "tipo"],
    imageCountNouns: ["imagens", "fotos", "ilustrações", "pôsteres", "desenhos"],
    variantNouns: ["versões", "variações", "opções"],
    orientation: {
      "9:16": ["vertica(?:l|is|lmente)", "formato retrato"],
      "16:9": ["horizonta(?:l|is|lmente)", "formato paisagem"],
      "1:1": ["quadrad[oa]s?", "formato quadrado"],
    },
    platforms: { "9:16": ["stories do instagram", "status do whatsapp"] },
    definitions: { "720p": ["alta definição"] },
    speed: {
      fast: ["prévia", "previa", "teste(?: rápido)?", "rascunho", "esboço", "versão rápida", "o mais rápido possível"],
      quality: ["versão final", "alta qualidade", "máxima qualidade", "melhor qualidade", "qualidade profissional", "definitiv[oa]"],
    },
    subject: {
      product: ["produtos?", "e-?commerce", "comércio eletrônico", "minha marca", "nossa marca", "mercadoria"],
      people: ["pessoas?", "mulher(?:es)?", "home(?:m|ns)", "menin[oa]s?", "garot[oa]s?", "crianças?", "casal", "retrato de"],
      illustration: ["ilustraç(?:ão|ões)", "ilustrad[oa]", "arte conceitual", "desenho animado", "cartoon", "aquarela", "pixel art", "estilo anime", "feito à mão"],
    },
    ad: ["anúncios?", "anuncios?", "propaganda", "publicidade", "publicitári[oa]", "comercia(?:l|is)", "promo(?:ção|cional)?"],
    audio: {
      off: ["sem (?:som|áudio|audio|música|musica|voz)", "silencios[oa]", "mudo"],
      on: ["com (?:música|musica|som|áudio|audio|narração|locução)", "música de fundo", "trilha sonora", "narração", "locução", "efeitos sonoros"],
    },
    negations: ["não", "nao", "sem", "em vez de", "ao invés de", "nada de"],
    settingBefore: ["em", "de", "com", "usando", "formato", "no", "na"],
    settingAfter: ["de duração", "por favor"],
    fillers: [
      "sim", "deixa", "deixe", "faz", "faça", "faca", "coloca", "coloque", "muda", "troca", "pra", "para", "por favor",
      "o", "a", "um", "uma", "em", "no", "na", "e", "mas", "agora", "usa", "com", "de", "mais", "vídeo", "video",
      "imagem", "quero", "formato", "fica", "isso", "de novo", "também",
    ],
  },
  ru: {
    boundary: "\\p{Script=Cyrillic}\\p{N}_",
    numberWords: RU_NUMBERS,
    units: [["секунд\\p{L}*", 1], ["сек", 1], ["минут\\p{L}*", 60], ["мин", 60]],
    fixedDurations: { "полминуты": 30, "полторы минуты": 90, "одну минуту": 60, "одна минута": 60 },
    imageNouns: ["картин\\p{L}*", "изображени\\p{L}*", "фото(?:графи\\p{L}*|к\\p{L}*)?", "постер\\p{L}*", "плакат\\p{L}*", "иллюстраци\\p{L}*", "обо(?:и|ев)", "рисун\\p{L}*", "обложк\\p{L}*"],
    videoNouns: ["видео(?:ролик\\p{L}*)?", "ролик\\p{L}*", "клип\\p{L}*", "анимаци\\p{L}*", "мультик\\p{L}*"],
    referenceBefore: ["это", "эта", "этой", "эту", "этого", "мою", "мое", "моё", "мой", "моей", "с", "из", "по"],
    styleAfter: ["стил\\p{L}*", "в стиле"],
    imageCountNouns: ["картин\\p{L}*", "изображени\\p{L}*", "фото\\p{L}*", "иллюстраци\\p{L}*", "постер\\p{L}*"],
    variantNouns: ["вариант\\p{L}*", "верси\\p{L}*"],
    orientation: {
      "9:16": ["вертикал\\p{L}*", "портретн\\p{L}* (?:ориентаци|формат|режим)\\p{L}*"],
      "16:9": ["горизонтальн\\p{L}*", "широкоформатн\\p{L}*", "альбомн\\p{L}*"],
      "1:1": ["квадратн\\p{L}*", "квадрат(?:ом)?"],
    },
    platforms: { "9:16": ["тик[\\s-]?ток\\p{L}*", "рилс\\p{L}*", "шортс\\p{L}*", "сторис"], "16:9": ["ютуб\\p{L}*"] },
    definitions: { "1080p": ["фулл ?хд"] },
    speed: {
      fast: ["превью", "предпросмотр", "черновик", "черновой", "тест(?:ов\\p{L}*)?", "быстр\\p{L}* (?:верси\\p{L}*|вариант|тест|превью|пробн\\p{L}*)", "проб(?:а|н\\p{L}*)"],
      quality: ["финальн\\p{L}*", "высок\\p{L}* качеств\\p{L}*", "лучш\\p{L}* качеств\\p{L}*", "максимальн\\p{L}* качеств\\p{L}*", "чистов\\p{L}*"],
    },
    subject: {
      product: ["товар\\p{L}*", "продукт\\p{L}*", "маркетплейс\\p{L}*", "мо(?:й|его|ему) бренд\\p{L}*", "интернет-магазин\\p{L}*"],
      people: ["человек\\p{L}*", "люд(?:и|ей|ьми)", "девушк\\p{L}*", "женщин\\p{L}*", "мужчин\\p{L}*", "парень", "парн(?:я|ю|ем|и|ей|ями)", "ребён\\p{L}*", "ребен\\p{L}*", "дет(?:и|ей)", "портрет\\p{L}*"],
      illustration: ["иллюстраци\\p{L}*", "концепт-арт\\p{L}*", "аниме", "мульт\\p{L}*", "рисованн\\p{L}*", "акварел\\p{L}*", "пиксель-арт\\p{L}*", "комикс\\p{L}*"],
    },
    ad: ["реклам\\p{L}*", "промо\\p{L}*", "рекламн\\p{L}*"],
    audio: {
      off: ["без (?:звука|музыки|озвучки|голоса)", "беззвучн\\p{L}*", "без звук\\p{L}*"],
      on: ["со? (?:звуком|музыкой|озвучкой|озвучиванием|голосом)", "фонов\\p{L}* музык\\p{L}*", "озвучк\\p{L}*", "звуков\\p{L}* эффект\\p{L}*", "добав\\p{L}* музык\\p{L}*"],
    },
    negations: ["не", "без", "вместо", "только не"],
    settingBefore: ["в", "на", "с", "со", "через", "формат\\p{L}*"],
    settingAfter: ["формат\\p{L}*", "длинн\\p{L}*", "пожалуйста"],
    fillers: [
      "да", "давай", "сделай", "сделайте", "сделать", "поменяй", "измени", "переделай", "пусть", "будет", "его", "её",
      "ее", "это", "в", "на", "и", "а", "но", "теперь", "лучше", "пожалуйста", "видео", "картинку", "хочу", "нужно",
      "надо", "формат", "формате", "тогда", "ещё", "еще", "тоже", "с", "со",
    ],
  },
  ja: {
    numberWords: {},
    numeral: { pattern: "[〇一二三四五六七八九十百]+", value: chineseNumeral },
    units: [["秒間", 1], ["分間", 60], ["分(?=の|で|くらい|ぐらい|程度|ほど|以内|[\\s、。！？!?]|$)", 60]],
    fixedDurations: { "1分半": 90, "一分半": 90 },
    imageNouns: ["画像", "写真", "イラスト", "ポスター", "壁紙", "絵(?!コンテ)", "サムネ(?:イル)?", "アイコン"],
    videoNouns: ["動画", "映像", "ビデオ", "ムービー", "アニメーション", "クリップ"],
    referenceBefore: ["この", "その", "これらの", "私の", "添付の", "参考の"],
    styleAfter: ["風", "っぽい", "調", "タッチ"],
    imageCountNouns: ["枚"],
    variantNouns: ["パターン", "案", "種類"],
    orientation: {
      "9:16": ["縦長", "縦型", "縦向き", "縦画面", "縦動画", "縦位置", "縦(?=にして|でお願い|で作)"],
      "16:9": ["横長", "横型", "横向き", "横画面", "横位置", "ワイド画面", "横(?=にして|でお願い|で作)"],
      "1:1": ["正方形", "スクエア"],
    },
    platforms: { "9:16": ["ティックトック", "リール", "ショート動画", "インスタのストーリー"], "16:9": ["ユーチューブ"] },
    definitions: { "720p": ["(?<!フル)HD画質"], "1080p": ["フルHD", "フルハイビジョン"] },
    speed: {
      fast: ["プレビュー", "お試し", "試し(?:に)?", "テスト", "下書き", "ラフ", "とりあえず"],
      quality: ["本番", "最終版", "完成版", "高画質", "高品質", "最高品質"],
    },
    subject: {
      product: ["商品", "製品", "プロダクト", "ECサイト", "通販"],
      people: ["人物", "人間", "女性", "男性", "女の子", "男の子", "子ども", "子供", "モデルさん", "カップル", "ポートレート"],
      illustration: ["イラスト", "アニメ(?!ーション)", "漫画", "マンガ", "コンセプトアート", "水彩", "ドット絵", "手描き"],
    },
    ad: ["広告", "宣伝", "CM", "プロモーション", "PR動画"],
    audio: {
      off: ["音なし", "音声なし", "音楽なし", "無音", "BGMなし", "ミュート"],
      on: ["BGM(?!なし)", "音楽付き", "音付き", "音あり", "ナレーション", "効果音", "BGMを(?:追加|付け|つけ)"],
    },
    // Japanese and Korean negate after the word ("縦じゃなくて", "세로 말고"), which this reading does not model.
    negations: [],
    settingBefore: ["で", "の"],
    settingAfter: ["の", "で", "にして", "くらい", "ぐらい", "程度", "ほど"],
    fillers: [
      "はい", "お願いします", "お願い", "して", "にして", "ください", "で", "の", "に", "を", "は", "が", "も", "と",
      "動画", "画像", "もう少し", "もっと", "変更", "変えて", "ね", "よ", "じゃあ", "では", "やっぱり",
    ],
  },
  ko: {
    numberWords: {},
    units: [["초", 1], ["분(?!위기)", 60]],
    fixedDurations: { "1분 반": 90, "반 분": 30 },
    imageNouns: ["이미지", "사진", "그림", "포스터", "일러스트", "배경화면", "썸네일", "프로필 사진"],
    videoNouns: ["영상", "동영상", "비디오", "클립", "애니메이션"],
    referenceBefore: ["이 ", "그 ", "이런 ", "제 ", "내 ", "첨부한 ", "참고 "],
    styleAfter: ["풍", "스타일", "느낌"],
    imageCountNouns: ["장(?!면|소|르)"],
    variantNouns: ["가지", "개 버전", "버전"],
    orientation: {
      "9:16": ["세로(?!줄)", "세로형", "세로 화면", "쇼츠용"],
      "16:9": ["가로(?![수등])", "가로형", "와이드"],
      "1:1": ["정사각형", "정방형", "스퀘어"],
    },
    platforms: { "9:16": ["틱톡", "릴스", "쇼츠", "인스타 스토리"], "16:9": ["유튜브(?! 쇼츠)"] },
    definitions: { "1080p": ["풀 ?HD"] },
    speed: {
      fast: ["미리보기", "프리뷰", "테스트", "초안", "시안", "빠른 버전", "대충"],
      quality: ["최종", "고화질", "고품질", "최고 품질", "완성본"],
    },
    subject: {
      product: ["제품", "상품", "쇼핑몰", "브랜드"],
      people: ["인물", "사람", "여자", "남자", "소녀", "소년", "어린이", "아기", "커플", "셀카"],
      illustration: ["일러스트", "애니(?!메이션)", "만화", "컨셉 ?아트", "수채화", "픽셀 ?아트", "손그림", "웹툰"],
    },
    ad: ["광고", "홍보", "프로모션"],
    audio: {
      off: ["소리 없이", "소리 없는", "음악 없이", "음악 없는", "무음", "음소거", "사운드 없이"],
      on: ["배경 ?음악", "음악 넣", "소리 넣", "내레이션", "나레이션", "효과음", "BGM"],
    },
    negations: [],
    settingBefore: ["로", "으로"],
    settingAfter: ["로", "으로", "짜리", "정도", "의", "형"],
    fillers: [
      "네", "응", "좋아요", "해줘", "해 줘", "해주세요", "해 주세요", "바꿔줘", "바꿔 주세요", "만들어줘", "로", "으로",
      "을", "를", "은", "는", "이", "가", "좀", "더", "영상", "이미지", "그냥", "이번엔", "변경",
    ],
  },
  id: {
    boundary: LATIN,
    numberWords: ID_NUMBERS,
    units: [["detik", 1], ["dtk", 1], ["menit", 60], ["mnt", 60]],
    fixedDurations: { "setengah menit": 30, "satu setengah menit": 90, "satu menit": 60, "semenit": 60 },
    imageNouns: ["gambar", "foto", "ilustrasi", "lukisan"],
    videoNouns: ["klip", "animasi", "film pendek"],
    referenceBefore: ["ini", "itu", "dari", "saya", "yang"],
    styleAfter: ["gaya", "bergaya", "ala"],
    imageCountNouns: ["gambar", "foto", "poster", "ilustrasi"],
    variantNouns: ["versi", "variasi", "opsi", "pilihan"],
    orientation: {
      "9:16": ["vertikal", "mode potret", "format potret", "tegak"],
      "16:9": ["horizontal", "lanskap", "mendatar", "layar lebar"],
      "1:1": ["persegi", "format kotak", "bujur sangkar"],
    },
    platforms: {},
    definitions: {},
    speed: {
      fast: ["pratinjau", "preview", "uji coba", "coba-coba", "draf", "draft", "versi cepat", "secepatnya"],
      quality: ["versi final", "versi akhir", "kualitas tinggi", "kualitas terbaik", "hasil akhir"],
    },
    subject: {
      product: ["produk", "jualan", "toko online", "olshop", "merek saya", "brand saya"],
      people: ["orang", "wanita", "perempuan", "pria", "laki-laki", "cewek", "cowok", "gadis", "anak-anak", "anak kecil", "pasangan", "potret (?=seorang|wajah)"],
      illustration: ["ilustrasi", "seni konsep", "anime", "kartun", "komik", "cat air", "pixel art", "gambar tangan"],
    },
    ad: ["iklan", "promosi", "promo"],
    audio: {
      off: ["tanpa (?:suara|audio|musik|sulih suara)", "tidak ada (?:suara|musik)", "bisu", "senyap"],
      on: ["dengan (?:musik|suara|audio|narasi)", "pakai (?:musik|suara|narasi)", "musik latar", "narasi", "efek suara", "sulih suara"],
    },
    negations: ["jangan", "bukan", "tidak", "tanpa", "daripada"],
    settingBefore: ["dengan", "pakai", "dalam", "format", "jadi", "menjadi", "ke"],
    settingAfter: ["saja", "aja", "ya"],
    fillers: [
      "ya", "iya", "oke", "buat", "bikin", "jadi", "jadikan", "ganti", "ubah", "ke", "dong", "deh", "aja", "saja", "tolong",
      "yang", "lebih", "dan", "tapi", "sekarang", "pakai", "dengan", "video", "gambar", "mau", "format", "lagi",
    ],
  },
  vi: {
    boundary: LATIN,
    numberWords: VI_NUMBERS,
    units: [["giây", 1], ["phút", 60]],
    fixedDurations: { "nửa phút": 30, "một phút rưỡi": 90, "phút rưỡi": 90, "một phút": 60 },
    imageNouns: ["ảnh", "hình ảnh", "áp phích", "tranh minh họa", "hình nền", "bức vẽ", "bức tranh", "tranh vẽ"],
    videoNouns: ["đoạn phim", "phim hoạt hình"],
    referenceBefore: ["này", "đó", "của tôi", "từ"],
    styleAfter: ["phong cách", "kiểu"],
    imageCountNouns: ["ảnh", "tấm(?: ảnh)?", "bức(?: ảnh| tranh)?"],
    variantNouns: ["phiên bản", "bản", "lựa chọn"],
    orientation: {
      "9:16": ["dọc", "khung dọc", "màn hình dọc", "chiều dọc"],
      "16:9": ["ngang", "khung ngang", "màn hình ngang", "chiều ngang", "màn ảnh rộng"],
      "1:1": ["vuông", "hình vuông", "khung vuông"],
    },
    platforms: {},
    definitions: {},
    speed: {
      fast: ["xem trước", "bản nháp", "nháp", "thử nghiệm", "làm thử", "bản nhanh", "nhanh nhất có thể"],
      quality: ["bản cuối", "bản chính thức", "chất lượng cao", "chất lượng tốt nhất", "hoàn chỉnh"],
    },
    subject: {
      product: ["sản phẩm", "bán hàng", "thương mại điện tử", "thương hiệu của tôi", "shop của tôi"],
      people: ["một người", "người mẫu", "phụ nữ", "đàn ông", "cô gái", "chàng trai", "em bé", "trẻ em", "cặp đôi", "chân dung"],
      illustration: ["minh họa", "hoạt hình", "anime", "truyện tranh", "màu nước", "pixel art", "vẽ tay", "concept art"],
    },
    ad: ["quảng cáo", "khuyến mãi", "quảng bá"],
    audio: {
      off: ["không (?:có )?(?:âm thanh|nhạc|tiếng|lời thoại)", "tắt tiếng", "im lặng"],
      on: ["có (?:âm thanh|nhạc|tiếng|lời thoại|thuyết minh)", "nhạc nền", "thuyết minh", "hiệu ứng âm thanh", "thêm nhạc"],
    },
    negations: ["không", "không phải", "đừng", "thay vì"],
    settingBefore: ["dạng", "khung", "kiểu", "bằng", "dùng", "sang", "thành"],
    settingAfter: ["nhé", "nha", "thôi"],
    fillers: [
      "ừ", "vâng", "được", "ok", "làm", "cho", "tôi", "mình", "chuyển", "sang", "đổi", "thành", "nhé", "nha", "đi", "thôi",
      "dùng", "video", "ảnh", "hơn", "và", "nhưng", "giờ", "muốn", "bản", "lại",
    ],
  },
  tr: {
    boundary: LATIN,
    numberWords: TR_NUMBERS,
    units: [["saniye\\p{L}*", 1], ["sn", 1], ["dakika\\p{L}*", 60], ["dk", 60]],
    fixedDurations: { "yarım dakika": 30, "bir buçuk dakika": 90, "bir dakika\\p{L}*": 60, "bir dakikalık": 60 },
    imageNouns: ["görsel\\p{L}*", "resim\\p{L}*", "resm\\p{L}+", "fotoğraf\\p{L}*", "afiş\\p{L}*", "illüstrasyon\\p{L}*", "duvar kağıd\\p{L}*", "çizim\\p{L}*"],
    videoNouns: ["video(?:su|yu|lar\\p{L}*|luk|lu|da|ya)", "klip\\p{L}*", "animasyon\\p{L}*"],
    referenceBefore: ["bu", "şu", "benim", "ekteki", "yüklediğim"],
    styleAfter: ["tarzı\\p{L}*", "stili\\p{L}*", "gibi"],
    imageCountNouns: ["görsel\\p{L}*", "resim\\p{L}*", "fotoğraf\\p{L}*", "afiş\\p{L}*"],
    variantNouns: ["versiyon\\p{L}*", "varyasyon\\p{L}*", "seçenek\\p{L}*"],
    orientation: {
      "9:16": ["dikey\\p{L}*", "dik format\\p{L}*"],
      "16:9": ["yatay\\p{L}*", "geniş ekran\\p{L}*"],
      "1:1": ["kare(?:ye|de|li|sel)?"],
    },
    platforms: {},
    definitions: {},
    speed: {
      fast: ["önizleme\\p{L}*", "taslak\\p{L}*", "deneme\\p{L}*", "hızlı (?:versiyon|sürüm|deneme|önizleme)\\p{L}*", "test\\p{L}*"],
      quality: ["final versiyon\\p{L}*", "son versiyon\\p{L}*", "son hal\\p{L}*", "yüksek kalite\\p{L}*", "en iyi kalite\\p{L}*", "profesyonel kalite\\p{L}*"],
    },
    subject: {
      product: ["ürün\\p{L}*", "e-?ticaret", "markam\\p{L}*", "mağazam\\p{L}*"],
      people: ["insan\\p{L}*", "kişi(?:ler\\p{L}*)?", "kadın\\p{L}*", "erkek\\p{L}*", "kız(?:lar\\p{L}*|ın|ı|a)?", "çocu[kğ]\\p{L}*", "çift\\p{L}{0,2}", "portre\\p{L}*"],
      illustration: ["illüstrasyon\\p{L}*", "konsept sanat\\p{L}*", "anime", "çizgi film\\p{L}*", "karikatür\\p{L}*", "suluboya", "piksel sanat\\p{L}*", "el çizimi"],
    },
    ad: ["reklam\\p{L}*", "tanıtım\\p{L}*", "promosyon\\p{L}*"],
    audio: {
      off: ["sessiz", "sesiz", "müziksiz", "sessiz olsun", "ses olmasın", "müzik olmasın", "sesi kapat"],
      on: ["müzikli", "sesli", "fon müziği", "arka plan müziği", "müzik ekle", "seslendirme\\p{L}*", "ses efekt\\p{L}*"],
    },
    // Turkish negates after the word ("dikey değil"), which this reading does not model.
    negations: [],
    settingBefore: ["ile", "formatında", "formatta"],
    settingAfter: ["olsun", "yap", "format\\p{L}*", "lütfen", "uzunluğunda"],
    fillers: [
      "evet", "tamam", "olsun", "yap", "yapın", "yapar mısın", "çevir", "değiştir", "lütfen", "bir", "ve", "ama", "şimdi",
      "kullan", "ile", "daha", "video", "görsel", "istiyorum", "biraz", "de", "da", "bunu", "onu",
    ],
  },
  ar: {
    boundary: "\\p{Script=Arabic}\\p{N}_",
    numberWords: AR_NUMBERS,
    numeral: { pattern: "[٠-٩]+(?:[٫,][٠-٩]+)?|[۰-۹]+", value: (w) => scriptDigits(/[۰-۹]/u.test(w) ? 0x06f0 : 0x0660)(w) },
    units: [[ar("ثوان[يٍ]?"), 1], [ar("ثانية"), 1], [ar("ثانيه"), 1], [ar("ثواني"), 1], ["ث", 1], [ar("دقائق"), 60], [ar("دقيقة"), 60], [ar("دقيقه"), 60]],
    fixedDurations: { "نصف دقيقة": 30, "دقيقة ونصف": 90, "دقيقتين": 120, "دقيقتان": 120, "دقيقة واحدة": 60, "ثانيتين": 2 },
    imageNouns: [ar("صور"), ar("صورة"), ar("صوره"), ar("ملصق"), ar("بوستر"), ar("رسم[ةه]? توضيحي"), ar("رسوم توضيحية"), ar("خلفي[ةه] شاشة"), ar("رسم[ةه]?")],
    videoNouns: [ar("فيديو"), ar("فيديوهات"), ar("مقطع"), ar("مقاطع"), ar("كليب"), ar("رسوم متحركة")],
    referenceBefore: ["هذه", "هذا", "تلك", "من", "المرفقة"],
    styleAfter: [ar("بأسلوب"), ar("نمط"), ar("ستايل")],
    imageCountNouns: [ar("صور"), ar("صورة"), ar("ملصقات")],
    variantNouns: [ar("نسخ"), ar("خيارات"), ar("إصدارات")],
    orientation: {
      "9:16": [ar("عمودي"), ar("طولي"), ar("رأسي"), ar("راسي"), "بالطول", ar("عمودية")],
      "16:9": [ar("أفقي"), ar("افقي"), ar("عرضي"), "بالعرض", ar("أفقية")],
      "1:1": [ar("مربع"), ar("مربعة")],
    },
    platforms: { "9:16": ["تيك ?توك", "ريلز", "شورتس"], "16:9": ["يوتيوب"] },
    definitions: { "720p": ["عالي الدقة"], "1080p": ["فل ?اتش ?دي"] },
    speed: {
      fast: [ar("معاينة"), ar("تجربة"), ar("تجريبي"), ar("مسودة"), "نسخة سريعة", "بأسرع ما يمكن"],
      quality: [ar("نهائي"), ar("نهائية"), "جودة عالية", "أعلى جودة", "أفضل جودة", "جودة احترافية"],
    },
    subject: {
      product: [ar("منتج"), ar("منتجات"), "متجري", "علامتي التجارية", "تجارة إلكترونية"],
      people: [ar("شخص"), ar("أشخاص"), ar("ناس"), ar("امرأة"), ar("رجل"), ar("فتاة"), ar("بنت"), ar("ولد"), ar("أطفال"), ar("طفل"), ar("زوجين"), ar("بورتريه")],
      illustration: [ar("رسم[ةه]? توضيحي"), ar("رسوم توضيحية"), ar("أنمي"), ar("انمي"), ar("كرتون"), ar("رسوم متحركة"), ar("ألوان مائية"), "فن البكسل", "مرسوم باليد"],
    },
    ad: [ar("إعلان"), ar("اعلان"), ar("إعلاني"), ar("ترويج"), ar("ترويجي"), ar("دعاية"), ar("دعائي")],
    audio: {
      off: ["بدون (?:صوت|موسيقى|تعليق صوتي)", "بلا (?:صوت|موسيقى)", "صامت", "كتم الصوت"],
      on: ["مع (?:موسيقى|صوت|تعليق صوتي)", "موسيقى خلفية", "تعليق صوتي", "مؤثرات صوتية", "أضف موسيقى", "اضف موسيقى"],
    },
    negations: ["ليس", "لا", "بدون", "بلا", "بدلا من", "بدلاً من"],
    settingBefore: ["مدته", "مدتها", "بطول", "بصيغة", "بنسبة", "باستخدام"],
    settingAfter: ["من فضلك", "لو سمحت"],
    fillers: [
      "نعم", "اجعله", "اجعلها", "خليه", "خليها", "حوله", "حولها", "غير", "إلى", "الى", "من فضلك", "لو سمحت", "و", "لكن",
      "الآن", "استخدم", "فيديو", "صورة", "أريد", "اريد", "أكثر", "قليلا", "قليلاً",
    ],
  },
  hi: {
    boundary: "\\p{Script=Devanagari}\\p{N}_",
    numberWords: HI_NUMBERS,
    numeral: { pattern: "[०-९]+", value: scriptDigits(0x0966) },
    units: [["सेकंड", 1], ["सेकेंड", 1], ["सेकण्ड", 1], ["सेकेण्ड", 1], ["सैकंड", 1], ["मिनट", 60]],
    fixedDurations: { "आधा मिनट": 30, "आधे मिनट": 30, [`डे${RH}ह मिनट`]: 90, "एक मिनट": 60 },
    imageNouns: ["तस्वीरें", "तस्वीर", "फ़ोटो", "फोटो", "इमेज", "पोस्टर", "चित्र", "इलस्ट्रेशन", "वॉलपेपर", "थंबनेल"],
    videoNouns: ["वीडियो", "विडियो", "क्लिप", "एनिमेशन"],
    referenceBefore: ["इस", "यह", "ये", "मेरी", "मेरा", "मेरे", "इन"],
    styleAfter: ["स्टाइल", "शैली", "जैसा", "जैसी"],
    imageCountNouns: ["तस्वीरें", "तस्वीर", "फ़ोटो", "फोटो", "इमेज", "पोस्टर", "चित्र"],
    variantNouns: ["वर्ज़न", "वर्जन", "विकल्प"],
    orientation: {
      "9:16": ["वर्टिकल", `ख${RH}[ाीे]`, "लंबवत", "पोर्ट्रेट"],
      "16:9": ["हॉरिज़ॉन्टल", "हॉरिजॉन्टल", "होरिजेंटल", "क्षैतिज", `आ${RH}[ाीे]`, "लैंडस्केप", "वाइडस्क्रीन"],
      "1:1": ["चौकोर", "वर्गाकार", "स्क्वायर", "स्क्वेयर"],
    },
    platforms: { "9:16": ["टिकटॉक", "रील्स", "शॉर्ट्स"], "16:9": ["यूट्यूब"] },
    definitions: {},
    speed: {
      fast: ["प्रीव्यू", "टेस्ट", "ड्राफ्ट", "झलक", "जल्दी वाला", "जल्दी से"],
      quality: ["फ़ाइनल", "फाइनल", "हाई क्वालिटी", "उच्च गुणवत्ता", "बेहतरीन क्वालिटी", "बेस्ट क्वालिटी"],
    },
    subject: {
      product: ["प्रोडक्ट", "उत्पाद", "ई-कॉमर्स", "मेरे ब्रांड", "सामान"],
      people: ["व्यक्ति", "लोग", "लोगों", "महिला", "औरत", "आदमी", "पुरुष", `ल${RH}की`, `ल${RH}का`, "बच्चे", "बच्चा", `जो${RH}ा`],
      illustration: ["इलस्ट्रेशन", "चित्रण", "एनीमे", "कार्टून", "कॉमिक", "वॉटरकलर", "जलरंग", "हाथ से बना"],
    },
    ad: ["विज्ञापन", "ऐड", "प्रचार", "प्रमोशन", "प्रोमो"],
    audio: {
      off: ["बिना (?:आवाज़|आवाज|संगीत|म्यूज़िक|म्यूजिक|साउंड)", "म्यूट", "आवाज़ नहीं", "आवाज नहीं"],
      on: ["(?:संगीत|म्यूज़िक|म्यूजिक|आवाज़|आवाज|साउंड) के साथ", "बैकग्राउंड म्यूज़िक", "बैकग्राउंड म्यूजिक", "वॉइसओवर", "साउंड इफेक्ट"],
    },
    // Hindi mostly negates after the word ("वर्टिकल नहीं"), which this reading does not model.
    negations: ["बिना"],
    settingBefore: ["में"],
    settingAfter: ["का", "की", "के", "में", "वाला", "वाली", "करो", "कर दो", "बनाओ"],
    fillers: [
      "हाँ", "हां", "ठीक है", "इसे", "करो", "कर दो", "बनाओ", "बना दो", "में", "का", "की", "के", "और", "लेकिन", "अब",
      "वीडियो", `थो${RH}ा`, "ज़्यादा", "ज्यादा", "प्लीज़", "प्लीज", "कृपया",
    ],
  },
  de: {
    boundary: LATIN,
    numberWords: DE_NUMBERS,
    units: [["sekunden\\p{L}*", 1], ["sekündig\\p{L}*", 1], ["sek", 1], ["minuten\\p{L}*", 60], ["minütig\\p{L}*", 60], ["min", 60]],
    fixedDurations: { "eine halbe minute": 30, "halbe minute": 30, "anderthalb minuten": 90, "eineinhalb minuten": 90, "eine minute": 60 },
    imageNouns: ["bild(?:er|ern)?", "fotos?", "plakate?", "illustrationen", "hintergrundbild(?:er)?", "zeichnung(?:en)?", "grafik(?:en)?"],
    videoNouns: ["videoclips?", "animationen", "kurzfilm", "\\p{L}+video(?:s)?"],
    referenceBefore: ["dieses", "diese", "dieser", "diesem", "mein", "meine", "meinem", "das", "dem", "angehängte", "angehängten", "aus"],
    styleAfter: ["stil", "look", "optik"],
    imageCountNouns: ["bilder", "fotos", "poster", "illustrationen", "grafiken"],
    variantNouns: ["varianten", "versionen", "optionen"],
    orientation: {
      "9:16": ["hochkant", "hochformat", "vertikal(?:e|en|er|es)?", "im hochformat"],
      "16:9": ["querformat", "quer", "horizontal(?:e|en|er|es)?", "breitbild"],
      "1:1": ["quadratisch(?:e|en|er|es)?", "quadrat"],
    },
    platforms: { "9:16": ["instagram[\\s-]stor(?:y|ies)"] },
    definitions: {},
    speed: {
      fast: ["vorschau", "test(?:lauf|version)?", "entwurf", "schnelle (?:version|vorschau|variante|probe)", "probelauf", "so schnell wie möglich"],
      quality: ["finale? (?:version|fassung)", "endfassung", "hohe qualität", "höchste qualität", "beste qualität", "top[\\s-]qualität", "hochwertig(?:e|en|er|es)?"],
    },
    subject: {
      product: ["produkt(?:e|en|s)?", "produktvideo", "e-?commerce", "onlineshop", "meine marke", "unsere marke"],
      people: ["person(?:en)?", "menschen", "frau(?:en)?", "mann", "männer", "mädchen", "jungen?", "kinder?", "pärchen", "liebespaar", "porträt von"],
      illustration: ["illustration(?:en)?", "illustriert", "konzeptkunst", "concept art", "anime", "zeichentrick", "cartoon", "comic", "aquarell", "pixel[\\s-]?art", "handgezeichnet"],
    },
    ad: ["werbung", "werbe\\p{L}+", "werbespot", "reklame", "promo(?:video)?", "anzeige"],
    audio: {
      off: ["ohne (?:ton|sound|musik|audio|sprecher)", "stumm", "tonlos", "ton aus"],
      on: ["mit (?:ton|sound|musik|audio|sprecher|voice-?over|erzähler)", "hintergrundmusik", "voice-?over", "soundeffekte", "soundtrack", "erzählstimme"],
    },
    negations: ["nicht", "kein", "keine", "keinen", "ohne", "statt", "anstatt", "lieber nicht"],
    settingBefore: ["im", "in", "als", "mit", "auf"],
    settingAfter: ["format", "lang", "bitte"],
    fillers: [
      "ja", "ok", "okay", "mach", "mache", "machs", "es", "das", "den", "der", "ein", "eine", "bitte", "lieber", "doch",
      "stattdessen", "und", "aber", "jetzt", "nimm", "mit", "im", "in", "als", "video", "bild", "ich", "möchte",
      "hätte", "gern", "gerne", "noch", "mal", "etwas", "format", "daraus",
    ],
  },
  fr: {
    boundary: LATIN,
    numberWords: FR_NUMBERS,
    units: [["secondes?", 1], ["sec", 1], ["minutes?", 60], ["min", 60]],
    fixedDurations: { "une demi-minute": 30, "demi-minute": 30, "une minute et demie": 90, "une minute trente": 90, "une minute": 60 },
    imageNouns: ["affiches?", "fonds? d'écran", "dessins?"],
    videoNouns: ["vidéos?", "court[\\s-]métrage"],
    referenceBefore: ["cette", "ces", "ce", "cet", "ma", "mon", "mes", "la", "le", "de la", "du", "jointe"],
    styleAfter: ["style", "façon", "esprit"],
    imageCountNouns: ["images", "photos", "affiches", "illustrations", "dessins"],
    variantNouns: ["versions", "variantes", "options"],
    orientation: {
      "9:16": ["vertica(?:l|le|les|ux|lement)", "format portrait", "en portrait"],
      "16:9": ["horizonta(?:l|le|les|ux|lement)", "format paysage", "en paysage", "écran large"],
      "1:1": ["carrée?s?", "carre", "format carré"],
    },
    platforms: { "9:16": ["stories instagram"] },
    definitions: { "720p": ["haute définition"] },
    speed: {
      fast: ["aperçu", "brouillon", "ébauche", "essai", "test rapide", "version rapide", "le plus vite possible", "maquette"],
      quality: ["version finale", "haute qualité", "meilleure qualité", "qualité maximale", "qualité pro(?:fessionnelle)?", "définiti(?:f|ve)"],
    },
    subject: {
      product: ["produits?", "e-?commerce", "ma marque", "notre marque", "boutique en ligne", "packshot"],
      people: ["personnes?", "gens", "femmes?", "hommes?", "filles?", "garçons?", "enfants?", "un couple", "portrait d"],
      illustration: ["illustrations?", "illustrée?", "art conceptuel", "anime", "dessin animé", "bande dessinée", "aquarelle", "pixel art", "dessinée? à la main"],
    },
    ad: ["pubs?", "publicités?", "publicitaires?", "réclame", "promo(?:tionnelle)?", "spot publicitaire"],
    audio: {
      off: ["sans (?:son|audio|musique|voix)", "muette?", "silencieu(?:x|se)", "coupe le son"],
      on: ["avec (?:de la |une )?(?:musique|son|audio|voix off|narration)", "musique de fond", "voix off", "narration", "effets sonores", "bande[\\s-]son"],
    },
    negations: ["pas", "pas en", "non", "sans", "au lieu de", "plutôt que"],
    settingBefore: ["en", "de", "au", "avec", "format"],
    settingAfter: ["format", "s'il te plaît", "s'il vous plaît", "stp", "svp"],
    fillers: [
      "oui", "ok", "fais", "fais-le", "mets", "mets-le", "mets-la", "passe", "passe-la", "le", "la", "l", "en", "au", "un", "une",
      "plutôt", "et", "mais", "maintenant", "utilise", "avec", "de", "plus", "vidéo", "image", "je", "veux", "voudrais",
      "s'il te plaît", "stp", "svp", "encore", "aussi",
    ],
  },
} satisfies Record<string, Lexicon>;

export type LexiconLang = keyof typeof LEXICON;
const TABLES: Lexicon[] = Object.values(LEXICON);

/**
 * Scripts, to skip tables that cannot match: a message in Chinese needs no Latin-language table,
 * and running all fourteen on every message was most of the parser's time.
 */
const SCRIPTS: readonly RegExp[] = [
  /\p{Script=Latin}/u,
  /\p{Script=Han}/u,
  /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
  /\p{Script=Hangul}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Arabic}/u,
  /\p{Script=Devanagari}/u,
];

function scriptsIn(text: string): Set<number> {
  const found = new Set<number>();
  SCRIPTS.forEach((script, i) => {
    if (script.test(text)) found.add(i);
  });
  return found;
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectStrings(v, out);
}

/** The scripts a table's phrases are written in; undefined when some phrase uses none (digits only), so the table always runs. */
function tableScripts(lex: Lexicon): Set<number> | undefined {
  const phrases: string[] = [];
  // Record keys are codes ("9:16", "fast"), except where the words themselves are the keys.
  collectStrings({ ...lex, boundary: undefined, notDuration: undefined, numeral: lex.numeral?.pattern }, phrases);
  phrases.push(...Object.keys(lex.numberWords), ...Object.keys(lex.fixedDurations));
  const scripts = new Set<number>();
  for (const phrase of phrases) {
    // Escapes (\d, \s, \p{L}) are syntax, not letters of the language.
    const literal = phrase.replace(/\\[pP]\{[^}]*\}|\\u\{?[0-9a-fA-F]+\}?|\\[a-zA-Z]/g, "");
    const own = scriptsIn(literal);
    if (own.size === 0 && /[\p{L}\p{N}]/u.test(literal)) return undefined;
    for (const i of own) scripts.add(i);
  }
  return scripts;
}

// Worked out on first use: reading every phrase of every table takes tens of milliseconds, which
// every start would otherwise pay before the bot is ready.
let tableScriptsByLexicon: Map<Lexicon, Set<number> | undefined> | undefined;

function tablesFor(text: string): Lexicon[] {
  const present = scriptsIn(text);
  tableScriptsByLexicon ??= new Map(TABLES.map((lex) => [lex, tableScripts(lex)] as const));
  const byLexicon = tableScriptsByLexicon;
  return TABLES.filter((lex) => {
    const scripts = byLexicon.get(lex);
    return scripts === undefined || [...scripts].some((i) => present.has(i));
  });
}

/** Fields the message states; every absent field is one it does not mention. */
export type BriefFields = Partial<Omit<Brief, "prompt" | "referenceImages">>;

export interface BriefReading {
  fields: BriefFields;
  /** [start, end) of settings phrases ("20 second", "vertical", "with veo fast"), for stripping. */
  settings: Array<[number, number]>;
  /** [start, end) of everything recognized, settings and intents alike. */
  recognized: Array<[number, number]>;
}

// ---------------------------------------------------------------------------------------------
// Matching machinery

interface Scan {
  text: string;
  /** A copy of `text` with full-width forms folded and recognized phrases blanked; same length. */
  work: string;
  /** The language tables whose script occurs in the text. */
  tables: Lexicon[];
  settings: Array<[number, number]>;
  recognized: Array<[number, number]>;
}

/** Full-width ASCII (９：１６, ，) folded to ASCII one code unit for one, so offsets stay valid. */
function fold(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Length of the text a pattern matches literally, ignoring lookarounds: orders longest first. */
function literalLength(pattern: string): number {
  return pattern.replace(/\(\?<?[=!](?:[^()]|\([^()]*\))*\)/g, "").length;
}

// The lexicon's lists are built once; their alternations are kept rather than sorted on every message.
// Lists made on the fly (the keys of a table, a catalog's names) are found again by their text.
const alternations = new WeakMap<readonly string[], string>();
const alternationsByText = new Map<string, string>();

function alternation(patterns: readonly string[]): string {
  let body = alternations.get(patterns);
  if (body !== undefined) return body;
  const key = patterns.join("\u0000");
  body = alternationsByText.get(key);
  if (body === undefined) {
    body = [...patterns]
      .sort((a, b) => literalLength(b) - literalLength(a))
      .map((p) => p.replace(/ /g, "\\s+"))
      .join("|");
    alternationsByText.set(key, body);
  }
  alternations.set(patterns, body);
  return body;
}

function bounded(lex: Lexicon, body: string): string {
  return lex.boundary ? `(?<![${lex.boundary}])(?:${body})(?![${lex.boundary}])` : `(?:${body})`;
}

const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, "giu");
    compiled.set(source, re);
  }
  re.lastIndex = 0;
  return re;
}

function phrases(lex: Lexicon, patterns: readonly string[]): RegExp | undefined {
  return patterns.length > 0 ? regex(bounded(lex, alternation(patterns))) : undefined;
}

function matches(scan: Scan, re: RegExp | undefined): RegExpExecArray[] {
  if (!re) return [];
  re.lastIndex = 0;
  return [...scan.work.matchAll(re)].filter((m) => m[0].length > 0);
}

function mask(scan: Scan, start: number, end: number, setting: boolean): void {
  scan.work = scan.work.slice(0, start) + " ".repeat(end - start) + scan.work.slice(end);
  scan.recognized.push([start, end]);
  if (setting) scan.settings.push([start, end]);
}

function negated(scan: Scan, start: number): boolean {
  const before = scan.work.slice(Math.max(0, start - 24), start);
  return scan.tables.some((lex) => {
    if (lex.negations.length === 0) return false;
    const words = alternation(lex.negations);
    const lead = lex.boundary ? `(?<![${lex.boundary}])` : "";
    return regex(`${lead}(?:${words})\\s*(?:the\\s+|a\\s+|an\\s+)?$`).test(before);
  });
}

function numberSource(lex: Lexicon): string {
  const parts = ["\\d+(?:[.,]\\d+)?"];
  const words = Object.keys(lex.numberWords);
  if (words.length > 0) {
    const one = alternation(words);
    parts.push(`(?:${one})(?:[\\s-]+(?:${one}))?`);
  }
  if (lex.numeral) parts.push(lex.numeral.pattern);
  return parts.join("|");
}

function numberValue(lex: Lexicon, written: string): number | undefined {
  const w = written.trim().toLowerCase();
  if (/^\d/.test(w)) return Number(w.replace(",", "."));
  const tokens = w.split(/[\s-]+/);
  if (tokens.every((t) => lex.numberWords[t] !== undefined)) {
    return tokens.reduce((sum, t) => sum + (lex.numberWords[t] ?? 0), 0);
  }
  return lex.numeral?.value(w);
}

// ---------------------------------------------------------------------------------------------
// Rules

function maskQuotes(scan: Scan): void {
  for (const m of matches(scan, regex(QUOTED))) mask(scan, m.index, m.index + m[0].length, false);
}

/** Quoted text the creator wants verbatim: "…", “…”, 「…」, 『…』, «…», „…“. */
export const QUOTED = "\"[^\"\\n]+\"|“[^”\\n]+”|「[^」\\n]+」|『[^』\\n]+』|«[^»\\n]+»|„[^“”\\n]+[“”]";

const namePatterns = new Map<string, string | undefined>();

function namePattern(name: string): string | undefined {
  if (!namePatterns.has(name)) namePatterns.set(name, buildNamePattern(name));
  return namePatterns.get(name);
}

function buildNamePattern(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  // Two Latin letters match too much ("ai"); two Han characters are a name (即梦).
  if (n.length < 2 || (n.length < 3 && /^[\p{Script=Latin}\p{N}]+$/u.test(n))) return undefined;
  const tokens = n.split(/[\s_-]+|(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})/u).filter(Boolean);
  const body = tokens.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s_-]*");
  const latin = "\\p{Script=Latin}\\p{N}";
  const lead = /^[\p{Script=Latin}\p{N}]/u.test(n) ? `(?<![${latin}])` : "";
  const tail = /[\p{Script=Latin}\p{N}]$/u.test(n) ? `(?![${latin}]|\\.\\d)` : "";
  return `${lead}${body}${tail}`;
}

function readModel(scan: Scan, catalog: Catalog): ModelSpec | undefined {
  const hits: Array<{ start: number; end: number; model: ModelSpec }> = [];
  for (const model of catalog.models) {
    for (const name of new Set([model.id, model.label, ...model.aliases])) {
      const source = namePattern(name);
      if (!source) continue;
      for (const m of matches(scan, regex(source))) hits.push({ start: m.index, end: m.index + m[0].length, model });
    }
  }
  // Longest first, so "veo fast" beats "veo"; among equals the earliest.
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  let chosen: ModelSpec | undefined;
  const taken: Array<[number, number]> = [];
  for (const hit of hits) {
    if (taken.some(([s, e]) => hit.start < e && s < hit.end)) continue;
    if (negated(scan, hit.start)) continue;
    taken.push([hit.start, hit.end]);
    chosen ??= hit.model;
  }
  for (const [s, e] of taken) mask(scan, s, e, true);
  return chosen;
}

function reduceRatio(w: number, h: number): AspectRatio | undefined {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(w, h);
  const ratio = `${w / g}:${h / g}`;
  return (ASPECT_RATIOS as readonly string[]).includes(ratio) ? (ratio as AspectRatio) : undefined;
}

/** "9:16", "9x16", "16：9", and pixel sizes such as "1080x1920" or "1280*720". */
function readNumericRatio(scan: Scan): AspectRatio | undefined {
  let found: AspectRatio | undefined;
  for (const m of matches(scan, regex("(?<![\\d.])(\\d{1,4})\\s*[:x×*]\\s*(\\d{1,4})(?![\\d.]|\\s*(?:mm|cm|m|ft)\\b)"))) {
    const w = Number(m[1]);
    const h = Number(m[2]);
    const written = `${w}:${h}`;
    const pixels = w >= 240 && h >= 240;
    if (!(ASPECT_RATIOS as readonly string[]).includes(written) && !pixels) continue;
    const ratio = reduceRatio(w, h);
    if (!ratio || negated(scan, m.index)) continue;
    found ??= ratio;
    mask(scan, m.index, m.index + m[0].length, true);
  }
  return found;
}

function readNumericDefinition(scan: Scan): string | undefined {
  let found: string | undefined;
  for (const m of matches(scan, regex("(?<![\\p{Script=Latin}\\d])(480|720|1080)\\s*p(?![\\p{Script=Latin}\\d])"))) {
    if (negated(scan, m.index)) continue;
    found ??= `${m[1]}p`;
    mask(scan, m.index, m.index + m[0].length, true);
  }
  return found;
}

function readResolution(scan: Scan): string | undefined {
  let found: string | undefined;
  for (const m of matches(scan, regex("(?<![\\p{Script=Latin}\\d])([124])\\s?k(?![\\p{Script=Latin}\\d])"))) {
    if (negated(scan, m.index)) continue;
    found ??= `${m[1]}K`;
    mask(scan, m.index, m.index + m[0].length, true);
  }
  return found;
}

function readDuration(scan: Scan): number | undefined {
  const hits: Array<{ start: number; end: number; seconds: number; minutes: boolean }> = [];
  for (const lex of scan.tables) {
    for (const m of matches(scan, phrases(lex, Object.keys(lex.fixedDurations)))) {
      const key = Object.keys(lex.fixedDurations).find((k) => regex(`^${k.replace(/ /g, "\\s+")}$`).test(m[0]));
      const seconds = key === undefined ? undefined : lex.fixedDurations[key];
      if (seconds === undefined) continue;
      hits.push({ start: m.index, end: m.index + m[0].length, seconds, minutes: seconds >= 60 });
      mask(scan, m.index, m.index + m[0].length, true);
    }
  }
  for (const lex of scan.tables) {
    const number = numberSource(lex);
    const units = [...lex.units].sort((a, b) => b[0].length - a[0].length);
    for (const [unit, perUnit] of units) {
      const joiner = lex.boundary ? "[\\s-]*" : "\\s*";
      const source = bounded(lex, `(${number})${joiner}(?:${unit})`);
      for (const m of matches(scan, regex(source))) {
        const value = numberValue(lex, m[1] ?? "");
        if (value === undefined || value <= 0 || value >= 1000) continue;
        const before = scan.text.slice(Math.max(0, m.index - 12), m.index);
        const after = scan.text.slice(m.index + m[0].length, m.index + m[0].length + 12);
        if (lex.notDuration?.(before, m[0], after)) continue;
        hits.push({ start: m.index, end: m.index + m[0].length, seconds: Math.round(value * perUnit), minutes: perUnit === 60 });
        mask(scan, m.index, m.index + m[0].length, true);
      }
    }
  }
  hits.sort((a, b) => a.start - b.start);
  const first = hits[0];
  if (!first) return undefined;
  // "1 minute 30 seconds", "1分钟30秒": a minutes phrase directly followed by a seconds phrase.
  const next = hits[1];
  if (next && first.minutes && !next.minutes && /^[\s,]*(?:and\s*)?零?$/i.test(scan.text.slice(first.end, next.start))) {
    return first.seconds + next.seconds;
  }
  return first.seconds;
}

/** "1分30秒": the Chinese minute "分" alone is too common a character to be a unit anywhere else. */
function readChineseMinutesSeconds(scan: Scan): number | undefined {
  const n = LEXICON.zh.numeral.pattern;
  const m = matches(scan, regex(`(\\d+|${n})\\s*分\\s*(\\d+|${n})\\s*秒钟?`))[0];
  if (!m) return undefined;
  const minutes = numberValue(LEXICON.zh, m[1] ?? "");
  const seconds = numberValue(LEXICON.zh, m[2] ?? "");
  if (minutes === undefined || seconds === undefined) return undefined;
  mask(scan, m.index, m.index + m[0].length, true);
  return minutes * 60 + seconds;
}

/** First non-negated hit over all tables of a per-value pattern table; masks every hit. */
function readKeyed<K extends string>(
  scan: Scan,
  pick: (lex: Lexicon) => Partial<Record<K, string[]>>,
  options: { setting: boolean; negatable: boolean },
): K | undefined {
  const hits: Array<{ start: number; key: K }> = [];
  for (const lex of scan.tables) {
    for (const [key, patterns] of Object.entries(pick(lex)) as Array<[K, string[] | undefined]>) {
      for (const m of matches(scan, phrases(lex, patterns ?? []))) {
        if (options.negatable && negated(scan, m.index)) continue;
        hits.push({ start: m.index, key });
        mask(scan, m.index, m.index + m[0].length, options.setting);
      }
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return hits[0]?.key;
}

function readCount(scan: Scan): { count?: number; image: boolean } {
  let result: { count?: number; image: boolean } = { image: false };
  for (const lex of scan.tables) {
    const number = numberSource(lex);
    const gap = lex.boundary ? "\\s+(?:[\\p{L}-]+\\s+){0,2}?" : "\\s*";
    for (const [nouns, image] of [[lex.imageCountNouns, true], [lex.variantNouns, false]] as const) {
      if (nouns.length === 0) continue;
      const lead = lex.boundary ? `(?<![${lex.boundary}])` : "";
      const tail = lex.boundary ? `(?![${lex.boundary}])` : "";
      for (const m of matches(scan, regex(`${lead}(${number})(?=${gap}(?:${alternation(nouns)})${tail})`))) {
        const value = numberValue(lex, m[1] ?? "");
        if (value === undefined || !Number.isInteger(value) || value < 1 || value > 20) continue;
        if (result.count === undefined) result = { count: value, image };
        // Only the number goes: "3 images of a cafe" still asks for images of a cafe.
        mask(scan, m.index, m.index + m[0].length, true);
      }
    }
  }
  return result;
}

function readKind(scan: Scan): MediaKind | undefined {
  const hits: Array<{ start: number; kind: MediaKind }> = [];
  for (const lex of scan.tables) {
    const ref = alternation(lex.referenceBefore);
    const refLead = lex.boundary ? `(?<![${lex.boundary}])` : "";
    const style = `(?=[\\s-]*(?:${alternation(lex.styleAfter)}))`;
    for (const [kind, nouns] of [["image", lex.imageNouns], ["video", lex.videoNouns]] as const) {
      for (const m of matches(scan, phrases(lex, nouns))) {
        const before = scan.work.slice(Math.max(0, m.index - 24), m.index);
        const after = scan.work.slice(m.index + m[0].length);
        if (regex(`${refLead}(?:${ref})\\s*$`).test(before)) continue;
        if (regex(`^${style}`).test(after)) continue;
        hits.push({ start: m.index, kind });
      }
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return hits[0]?.kind;
}

/** Whether any table's phrase occurs. `content`: the words are creative content, not a setting. */
function has(scan: Scan, pick: (lex: Lexicon) => string[], content = false): boolean {
  let found = false;
  for (const lex of scan.tables) {
    for (const m of matches(scan, phrases(lex, pick(lex)))) {
      found = true;
      if (!content) scan.recognized.push([m.index, m.index + m[0].length]);
    }
  }
  return found;
}

function readSubject(scan: Scan): Subject | undefined {
  // A product is the purpose and an illustration a style; people are most often incidental.
  const order: Subject[] = ["product", "illustration", "people"];
  return order.find((s) => has(scan, (lex) => lex.subject[s], true));
}

function readAudio(scan: Scan): boolean | undefined {
  const off = readKeyed(scan, (lex) => ({ off: lex.audio.off }), { setting: false, negatable: false });
  const on = readKeyed(scan, (lex) => ({ on: lex.audio.on }), { setting: false, negatable: false });
  if (off) return false;
  return on ? true : undefined;
}

/** Reads what one message says, without merging. Pure. */
export function readBrief(text: string, catalog: Catalog): BriefReading {
  const work = fold(text);
  const scan: Scan = { text, work, tables: tablesFor(work), settings: [], recognized: [] };
  const fields: BriefFields = {};
  maskQuotes(scan);
  scan.recognized.length = 0;

  const model = readModel(scan, catalog);
  if (model) fields.modelId = model.id;

  const ratio = readNumericRatio(scan);
  const definition = readNumericDefinition(scan);
  const resolution = readResolution(scan);
  const seconds = readChineseMinutesSeconds(scan) ?? readDuration(scan);
  if (seconds !== undefined) fields.seconds = seconds;

  const audio = readAudio(scan);
  if (audio !== undefined) fields.audio = audio;

  const orientation =
    ratio ??
    readKeyed(scan, (lex) => lex.orientation, { setting: true, negatable: true }) ??
    readKeyed(scan, (lex) => lex.platforms, { setting: false, negatable: true });
  if (orientation) fields.orientation = orientation;

  const wordDefinition = readKeyed(scan, (lex) => lex.definitions, { setting: true, negatable: true });
  if (definition ?? wordDefinition) fields.definition = definition ?? wordDefinition;
  if (resolution) fields.resolution = resolution;

  const count = readCount(scan);
  if (count.count !== undefined) fields.count = count.count;

  const speed = readKeyed(scan, (lex) => lex.speed, { setting: false, negatable: false });
  if (speed) fields.speed = speed;
  const subject = readSubject(scan);
  if (subject) fields.subject = subject;
  if (has(scan, (lex) => lex.ad)) fields.ad = true;

  // A named model is the most specific statement of kind; then the first media noun; then a count of images.
  const kind = model?.kind ?? readKind(scan) ?? (count.image ? "image" : undefined);
  if (kind) fields.kind = kind;

  return { fields, settings: scan.settings, recognized: scan.recognized };
}

// ---------------------------------------------------------------------------------------------
// Stripping and merging

function extendSpan(text: string, [start, end]: [number, number]): [number, number] {
  let s = start;
  let e = end;
  for (const lex of TABLES) {
    const lead = lex.boundary ? `(?<![${lex.boundary}])` : "";
    const tail = lex.boundary ? `(?![${lex.boundary}])` : "";
    const before = regex(`${lead}(?:${alternation(lex.settingBefore)})\\s*$`).exec(fold(text.slice(0, s)));
    if (before) s = before.index;
    const after = regex(`^\\s*(?:${alternation(lex.settingAfter)})${tail}`).exec(fold(text.slice(e)));
    if (after) e += after[0].length;
  }
  return [s, e];
}

const SENTINEL = "\u0001";

/**
 * The message with its settings phrases taken out ("I need a 20 second vertical video of a cat
 * surfing" → "I need a video of a cat surfing"), for the provider's prompt.
 */
export function stripSettings(text: string, catalog: Catalog): string {
  const spans = readBrief(text, catalog).settings.map((s) => extendSpan(text, s)).sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) { at = Math.max(at, e); continue; }
    out += text.slice(at, s) + SENTINEL;
    at = e;
  }
  out += text.slice(at);
  return out
    // "a 20s vertical ad" loses its settings: the article follows the word that now comes next.
    .replace(/(?<![\p{L}\p{N}])(a|an)[\s\u0001]*\u0001[\s\u0001]*(?=(\p{L}))/giu, (_all, article: string, next: string) => {
      const word = /[aeiou]/i.test(next) ? "an" : "a";
      return `${article.startsWith("A") ? word.replace("a", "A") : word} `;
    })
    // Where a phrase came out, a space stays between words of spaced scripts only.
    .replace(/[\s\u0001]*\u0001[\s\u0001]*/gu, (gap, offset: number, whole: string) => {
      const before = whole.slice(0, offset).slice(-1);
      const after = whole.slice(offset + gap.length, offset + gap.length + 1);
      const spaced = /[\p{Script=Latin}\p{N}]/u;
      return spaced.test(before) || spaced.test(after) ? " " : "";
    })
    .replace(/[ \t]+/g, " ")
    .replace(/ +([,.;:!?，。；：！？、])/g, "$1")
    .replace(/([,，、;；])(?:\s*[,，、;；])+/g, "$1")
    .replace(/^[\s,，、;；.。]+|[\s,，、;；]+$/g, "")
    .trim();
}

/** Whether a follow-up says something creative beyond the settings it names. */
function hasCreativeContent(text: string, reading: BriefReading): boolean {
  let rest = fold(text);
  for (const [s, e] of reading.recognized) rest = rest.slice(0, s) + " ".repeat(e - s) + rest.slice(e);
  for (const lex of TABLES) {
    const lead = lex.boundary ? `(?<![${lex.boundary}])` : "";
    const tail = lex.boundary ? `(?![${lex.boundary}])` : "";
    for (const list of [lex.fillers, lex.settingBefore, lex.settingAfter]) {
      rest = rest.replace(regex(`${lead}(?:${alternation(list)})${tail}`), " ");
    }
  }
  return /\p{L}/u.test(rest);
}

function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Reads `text` into a brief. With a `base` (the brief so far), it refines: the values the text
 * states override, the ones it does not mention are kept. A follow-up that adds creative words
 * ("make the cat orange") is appended to the prompt; one that only changes settings ("20s
 * vertical") leaves the prompt as it was. Kind defaults to video.
 */
export function parseBrief(text: string, catalog: Catalog, base?: Partial<Brief>): Brief {
  const reading = readBrief(text, catalog);
  const merged: BriefFields = { ...defined(base), ...defined(reading.fields) };
  delete (merged as Partial<Brief>).prompt;
  delete (merged as Partial<Brief>).referenceImages;

  const words = text.trim();
  const before = base?.prompt?.trim() ?? "";
  let prompt = words;
  if (before.length > 0) prompt = words.length > 0 && hasCreativeContent(text, reading) ? `${before}\n${words}` : before;

  const kind: MediaKind = merged.kind ?? "video";
  // A model kept from the base that cannot make the newly asked kind no longer applies.
  if (merged.modelId && !reading.fields.modelId) {
    const model = catalog.models.find((m) => m.id === merged.modelId);
    if (model && model.kind !== kind) delete merged.modelId;
  }
  return { ...merged, kind, prompt, referenceImages: base?.referenceImages ?? [] };
}
