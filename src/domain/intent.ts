/**
 * Whole-message intents: is this message a plain "yes, go" or a plain "cancel"?
 *
 * A message qualifies only when every word of it belongs to the intent's vocabulary, so "yes, but
 * make it vertical" carries a change and is not a confirmation. Vocabulary is per language and
 * every table applies to every message; adding a language means adding a table.
 */

interface IntentLexicon {
  /** Character-class body of word characters, for whole-word matching; absent for unspaced scripts. */
  boundary?: string;
  confirm: string[];
  cancel: string[];
  /** Words that may surround either intent without changing it ("please", "吧"). */
  fillers: string[];
  /** Words that may surround a cancellation only ("no, cancel"). */
  cancelFillers: string[];
}

const LATIN = "\\p{Script=Latin}\\p{N}_";

/** Messages are compared in NFKC, which writes Devanagari nukta letters (ड़) as two code points. */
const nfkc = (phrases: string[]): string[] => phrases.map((p) => p.normalize("NFKC"));

export const INTENT_LEXICON = {
  en: {
    boundary: "\\p{Script=Latin}\\p{N}_",
    confirm: [
      "yes", "yeah", "yep", "yup", "ya", "sure", "of course", "ok", "okay", "alright", "all right", "go",
      "go ahead", "go for it", "do it", "let's do it", "lets do it", "let's go", "lets go", "start", "start it",
      "start now", "start generating", "start generation", "begin", "generate", "generate it", "generate them",
      "make it", "make them", "make the video", "make the videos", "make the image", "make the images",
      "create it", "render it", "run it", "use this version", "use this one", "use this", "use that",
      "confirm", "confirmed", "i confirm", "proceed", "submit", "sounds good", "looks good", "lgtm", "perfect",
      "great", "good", "fine", "that's fine", "that works", "works for me", "deal", "correct", "👍", "👌", "✅", "🆗",
    ],
    cancel: [
      "cancel", "cancel it", "cancel that", "cancel this", "cancel the (?:video|image|images|job|task|generation|request|order)",
      "stop", "stop it", "never mind", "nevermind", "nvm", "forget it", "forget about it", "abort", "drop it",
      "scrap it", "no thanks", "no thank you", "not now", "don't generate", "do not generate", "don't do it",
      "❌",
    ],
    fillers: ["please", "pls", "plz", "now", "then", "thanks", "thank you", "and", "just", "oh", "so", "🙏"],
    cancelFillers: ["no", "ok", "okay", "actually", "hmm", "sorry", "wait"],
  },
  zh: {
    confirm: [
      "好", "好的", "好啊", "好滴", "行", "行的", "可以", "可以的", "没问题", "确认", "确定", "是", "是的", "对", "对的",
      "嗯", "嗯嗯", "同意", "生成", "开始", "开始生成", "开始吧", "继续", "出图", "就这样", "就这个", "就用这个",
      "用这个", "用这个版本", "这个版本", "就这个版本", "做", "做吧", "搞起", "开搞", "冲", "来", "来吧", "ok",
    ],
    cancel: [
      "取消", "算了", "不要了", "不用了", "停", "停止", "别做了", "先不要", "不做了", "放弃", "不需要了", "不生成了",
      "还是算了", "取消生成",
    ],
    fillers: ["吧", "啊", "呀", "哈", "了", "呢", "请", "现在", "马上", "那", "那就", "就"],
    cancelFillers: ["还是", "哦", "嗯"],
  },
  es: {
    boundary: LATIN,
    confirm: [
      "sí", "si", "claro", "vale", "dale", "ok", "okey", "de acuerdo", "perfecto", "genial", "adelante", "hazlo", "házlo",
      "genera", "generalo", "genéralo", "créalo", "crealo", "empieza", "empezar", "comienza", "confirmo", "confirmar",
      "confirmado", "listo", "va", "vamos", "sigue", "continúa", "continua", "usa esta versión", "usa esta", "esta versión",
      "me gusta", "está bien", "esta bien", "bien", "correcto", "así está bien", "asi esta bien",
    ],
    cancel: [
      "cancela", "cancelar", "cancélalo", "cancelalo", "cancelado", "para", "detente", "déjalo", "dejalo", "olvídalo",
      "olvidalo", "mejor no", "no gracias", "ahora no", "no lo hagas", "no generes", "anula", "anúlalo",
    ],
    fillers: ["por favor", "porfa", "gracias", "ya", "entonces", "pues", "y", "ahora"],
    cancelFillers: ["no", "mejor", "espera", "perdón", "oye"],
  },
  "pt-BR": {
    boundary: LATIN,
    confirm: [
      "sim", "claro", "ok", "okay", "beleza", "blz", "fechado", "perfeito", "ótimo", "otimo", "pode", "pode gerar",
      "pode fazer", "pode ser", "manda", "manda ver", "bora", "vamos", "vai", "gera", "gerar", "faz", "faça", "faca",
      "começa", "comeca", "começar", "confirmo", "confirmar", "confirmado", "segue", "continua", "usa essa versão",
      "usa essa", "essa versão", "gostei", "tá bom", "ta bom", "está bom", "certo", "isso", "show",
    ],
    cancel: [
      "cancela", "cancelar", "cancelado", "para", "pare", "parar", "esquece", "deixa pra lá", "deixa pra la",
      "deixa quieto", "melhor não", "melhor nao", "não obrigado", "nao obrigado", "não, obrigado", "agora não",
      "agora nao", "não faz", "não gera", "desisto",
    ],
    fillers: ["por favor", "pfv", "obrigado", "obrigada", "valeu", "então", "entao", "e", "agora", "aí", "ai"],
    cancelFillers: ["não", "nao", "melhor", "espera", "pera", "desculpa"],
  },
  ru: {
    boundary: "\\p{Script=Cyrillic}\\p{N}_",
    confirm: [
      "да", "ага", "угу", "ок", "окей", "хорошо", "ладно", "давай", "давайте", "поехали", "го", "запускай", "запусти",
      "запускаем", "генерируй", "сгенерируй", "делай", "сделай", "начинай", "начни", "подтверждаю", "подтвердить",
      "согласен", "согласна", "отлично", "супер", "годится", "подходит", "норм", "нормально", "верно", "конечно",
      "используй эту версию", "эту версию", "вперёд", "вперед",
    ],
    cancel: [
      "отмена", "отмени", "отменить", "отменяй", "стоп", "стой", "хватит", "не надо", "не нужно", "забудь", "забей",
      "передумал", "передумала", "не делай", "не генерируй", "неважно", "нет спасибо", "нет, спасибо", "не сейчас",
    ],
    fillers: ["пожалуйста", "пж", "спасибо", "тогда", "и", "ну", "уже", "так"],
    cancelFillers: ["нет", "лучше", "всё-таки", "все-таки", "всё", "все", "извини", "подожди"],
  },
  ja: {
    confirm: [
      "はい", "うん", "ええ", "ok", "オッケー", "オーケー", "いいよ", "いいです", "いいね", "いいですね", "大丈夫", "大丈夫です",
      "それで", "それでいい", "それでお願いします", "これで", "これでお願いします", "これでいい", "お願いします", "お願い",
      "おねがいします", "生成して", "生成してください", "生成", "作って", "作ってください", "始めて", "始めてください", "開始",
      "スタート", "確定", "確認しました", "了解", "了解です", "承知しました", "よろしく", "よろしくお願いします", "進めて",
      "進めてください", "やって", "やってください", "このバージョンで",
    ],
    cancel: [
      "キャンセル", "キャンセルして", "キャンセルで", "キャンセルします", "やめて", "やめる", "やめます", "やっぱりやめる",
      "中止", "中止して", "取り消し", "取り消して", "いらない", "いらないです", "止めて", "ストップ",
    ],
    fillers: ["では", "じゃあ", "じゃ", "で", "ね", "よ", "です", "ます", "それじゃ"],
    cancelFillers: ["いいえ", "やっぱり", "やっぱ", "すみません", "ちょっと待って"],
  },
  ko: {
    confirm: [
      "네", "넵", "예", "응", "어", "좋아", "좋아요", "좋습니다", "그래", "그래요", "오케이", "ok", "확인", "확정", "승인",
      "진행", "진행해", "진행해줘", "진행해 줘", "진행해주세요", "진행해 주세요", "시작", "시작해", "시작해줘", "시작해 줘",
      "시작해주세요", "시작해 주세요", "생성", "생성해", "생성해줘", "생성해 줘", "생성해주세요", "생성해 주세요", "만들어줘",
      "만들어 줘", "만들어주세요", "만들어 주세요", "고고", "가자", "가즈아", "이걸로", "이걸로 해줘", "이 버전으로", "괜찮아요",
    ],
    cancel: [
      "취소", "취소해", "취소해줘", "취소해 줘", "취소해주세요", "취소해 주세요", "취소할게요", "그만", "그만해", "멈춰",
      "중지", "중단", "됐어", "됐어요", "안 할래", "안할래", "하지 마", "하지마", "필요 없어", "필요없어", "괜찮아요 안 할게요",
    ],
    fillers: ["그럼", "그러면", "이제", "바로", "요", "좀", "부탁해", "부탁해요", "부탁드려요", "감사합니다", "고마워"],
    cancelFillers: ["아니", "아니요", "아뇨", "그냥", "잠깐", "죄송"],
  },
  id: {
    boundary: LATIN,
    confirm: [
      "ya", "iya", "iyaa", "yap", "ok", "oke", "okey", "okay", "sip", "siap", "boleh", "bisa", "setuju", "lanjut",
      "lanjutkan", "gas", "gaskan", "gass", "mulai", "mulai saja", "buat", "buatkan", "bikin", "generate", "konfirmasi",
      "benar", "betul", "mantap", "bagus", "pakai versi ini", "versi ini", "jalan", "jalankan",
    ],
    cancel: [
      "batal", "batalkan", "batalin", "stop", "berhenti", "hentikan", "gak jadi", "nggak jadi", "ga jadi", "tidak jadi",
      "enggak jadi", "lupakan", "tidak usah", "gak usah", "nggak usah", "ga usah", "jangan dibuat", "nanti saja",
    ],
    fillers: ["tolong", "dong", "deh", "aja", "saja", "ya", "kak", "min", "terima kasih", "makasih", "sekarang", "sekarang juga"],
    cancelFillers: ["tidak", "nggak", "gak", "ga", "enggak", "eh", "maaf", "sebentar"],
  },
  vi: {
    boundary: LATIN,
    confirm: [
      "có", "ừ", "ừm", "uh", "ok", "oke", "okê", "được", "được rồi", "đồng ý", "xác nhận", "làm đi", "làm luôn", "tạo đi",
      "tạo luôn", "bắt đầu", "bắt đầu đi", "tiếp tục", "tiến hành", "chốt", "chốt đơn", "duyệt", "tốt", "tuyệt", "ổn",
      "vâng", "dạ", "đúng rồi", "dùng bản này", "bản này", "triển", "triển khai",
    ],
    cancel: [
      "hủy", "huỷ", "hủy đi", "huỷ đi", "hủy bỏ", "thôi", "thôi khỏi", "dừng", "dừng lại", "không làm nữa",
      "không cần nữa", "khỏi", "bỏ đi", "quên đi", "không tạo nữa",
    ],
    fillers: ["nhé", "nha", "nhá", "đi", "luôn", "ạ", "giúp mình", "giúp tôi", "cảm ơn", "cám ơn", "vậy", "thế", "rồi", "và"],
    cancelFillers: ["không", "thôi", "à", "ờ", "xin lỗi", "chờ đã"],
  },
  tr: {
    boundary: LATIN,
    confirm: [
      "evet", "tamam", "tamamdır", "olur", "oldu", "ok", "okey", "peki", "harika", "süper", "mükemmel", "güzel", "onayla",
      "onaylıyorum", "onay", "başla", "başlat", "başlayalım", "devam", "devam et", "oluştur", "üret", "yap", "yap bakalım",
      "hadi", "hadi yap", "haydi", "bu versiyonu kullan", "bu versiyon", "uygun", "doğru", "aynen",
    ],
    cancel: [
      "iptal", "iptal et", "iptal edin", "vazgeç", "vazgeçtim", "dur", "durdur", "boş ver", "bosver", "boşver",
      "istemiyorum", "gerek yok", "yapma", "şimdi değil", "hayır teşekkürler", "unut gitsin",
    ],
    fillers: ["lütfen", "teşekkürler", "sağol", "sağ ol", "o zaman", "şimdi", "ve", "hemen"],
    cancelFillers: ["hayır", "yok", "bekle", "pardon", "aslında"],
  },
  ar: {
    boundary: "\\p{Script=Arabic}\\p{N}_",
    confirm: [
      "نعم", "أجل", "اجل", "ايوه", "أيوه", "ايوا", "طيب", "تمام", "حسنا", "حسناً", "موافق", "أوافق", "اوافق", "ممتاز",
      "رائع", "ابدأ", "إبدأ", "ابدا", "يلا", "يلا ابدأ", "هيا", "أكد", "اكد", "تأكيد", "أؤكد", "نفذ", "نفّذ", "أنشئ", "انشئ",
      "أنشئه", "اصنعه", "ولّد", "ولد", "استمر", "تابع", "استخدم هذه النسخة", "هذه النسخة", "جيد", "ماشي", "اوكي", "أوكي",
    ],
    cancel: [
      "إلغاء", "الغاء", "ألغِ", "ألغ", "الغ", "ألغه", "الغيه", "ألغي", "توقف", "أوقف", "اوقف", "قف", "انس الأمر", "انسَ الأمر",
      "خلاص", "لا شكرا", "لا شكراً", "ليس الآن", "لا تنشئ", "لا تبدأ", "لا أريد",
    ],
    fillers: ["من فضلك", "لو سمحت", "رجاء", "رجاءً", "شكرا", "شكراً", "إذن", "اذن", "و", "الآن", "الان"],
    cancelFillers: ["لا", "لحظة", "عذرا", "عذراً", "آسف"],
  },
  hi: {
    boundary: "\\p{Script=Devanagari}\\p{N}_",
    confirm: nfkc([
      "हाँ", "हां", "हा", "जी", "जी हाँ", "जी हां", "ठीक है", "ठीक", "सही", "सही है", "बढ़िया", "बढ़िया", "अच्छा", "ओके",
      "ok", "चलो", "चलो करो", "शुरू करो", "शुरू करें", "शुरू", "बनाओ", "बना दो", "बनाइए", "बनाइये", "जनरेट करो",
      "पुष्टि करें", "पुष्टि", "कन्फर्म", "आगे बढ़ो", "आगे बढ़ो", "यही वर्ज़न", "यही वर्जन", "यही", "परफेक्ट",
    ]),
    cancel: nfkc([
      "रद्द करो", "रद्द करें", "रद्द", "कैंसल", "कैंसिल", "कैंसल करो", "कैंसिल करो", "रुको", "रोको", "रोक दो", "बंद करो",
      "रहने दो", "छोड़ो", "छोड़ो", "छोड़ दो", "छोड़ दो", "मत बनाओ", "अभी नहीं", "नहीं चाहिए", "भूल जाओ",
    ]),
    fillers: nfkc(["प्लीज़", "प्लीज", "कृपया", "धन्यवाद", "शुक्रिया", "तो", "अब", "और", "भाई", "जी"]),
    cancelFillers: nfkc(["नहीं", "ना", "नही", "माफ़ करना", "रुको"]),
  },
  de: {
    boundary: LATIN,
    confirm: [
      "ja", "jep", "jo", "ok", "okay", "klar", "gut", "sehr gut", "super", "perfekt", "passt", "passt so", "einverstanden",
      "los", "los geht's", "los gehts", "leg los", "mach", "mach es", "mach das", "mach mal", "machen", "starte", "starten",
      "start", "generiere", "generieren", "erstelle", "erstellen", "bestätige", "bestätigen", "bestätigt", "weiter",
      "diese version", "nimm diese version", "genau", "richtig", "gerne", "gern", "alles klar", "in ordnung", "auf jeden fall",
    ],
    cancel: [
      "abbrechen", "brich ab", "abbruch", "stopp", "stop", "halt", "vergiss es", "lass es", "lass mal", "lieber nicht",
      "nein danke", "jetzt nicht", "nicht generieren", "nicht machen", "storniere", "stornieren", "egal",
    ],
    fillers: ["bitte", "danke", "dann", "jetzt", "und", "doch", "einfach", "gleich"],
    cancelFillers: ["nein", "nee", "doch", "ach", "warte", "sorry", "entschuldigung"],
  },
  fr: {
    boundary: LATIN,
    confirm: [
      "oui", "ouais", "ok", "okay", "d'accord", "dac", "daccord", "parfait", "super", "génial", "genial", "très bien",
      "tres bien", "ça marche", "ca marche", "ça me va", "ca me va", "c'est bon", "c'est parfait", "vas-y", "vas y", "allez",
      "allez-y", "go", "lance", "lance-le", "lance la génération", "lancer", "génère", "genere", "génère-la", "génère-le",
      "crée-la", "crée-le", "fais-le", "fais-la", "commence", "je confirme", "confirme", "confirmé", "valide", "validé",
      "continue", "utilise cette version", "cette version", "exactement", "carrément", "bien sûr",
    ],
    cancel: [
      "annule", "annuler", "annule-le", "annule tout", "annulé", "stop", "arrête", "arrete", "arrête tout", "laisse tomber",
      "oublie", "oublie ça", "non merci", "pas maintenant", "ne génère pas", "ne le fais pas", "tant pis",
    ],
    fillers: ["s'il te plaît", "s'il vous plaît", "stp", "svp", "merci", "alors", "donc", "et", "maintenant", "bon"],
    cancelFillers: ["non", "en fait", "finalement", "attends", "désolé", "pardon"],
  },
} satisfies Record<string, IntentLexicon>;

const TABLES: IntentLexicon[] = Object.values(INTENT_LEXICON);

/** Longer than this, a message says more than yes or no. */
const MAX_LENGTH = 60;

function word(lex: IntentLexicon, phrase: string): string {
  const body = phrase.replace(/ /g, "\\s+");
  return lex.boundary ? `${body}(?![${lex.boundary}])` : body;
}

function alternatives(pick: (lex: IntentLexicon) => string[]): string {
  return TABLES.flatMap((lex) => pick(lex).map((p) => word(lex, p)))
    .sort((a, b) => b.length - a.length)
    .join("|");
}

/** Group 1 is an intent phrase; otherwise the match is a filler. */
function intentMatcher(wanted: (lex: IntentLexicon) => string[], fillers: (lex: IntentLexicon) => string[]): RegExp {
  return new RegExp(`(${alternatives(wanted)})|(?:${alternatives(fillers)})`, "uy");
}

// Built on first use: parsing these two patterns (hundreds of phrases, each with a Unicode
// property lookahead) costs tens of milliseconds, which start-up would otherwise pay.
let confirm: RegExp | undefined;
let cancel: RegExp | undefined;
const CONFIRM = () => (confirm ??= intentMatcher((lex) => lex.confirm, (lex) => lex.fillers));
const CANCEL = () => (cancel ??= intentMatcher((lex) => lex.cancel, (lex) => [...lex.fillers, ...lex.cancelFillers]));

/**
 * Whether the whole message is made of intent phrases and fillers, with at least one intent phrase.
 * Read left to right, longest phrase first, skipping punctuation and spaces between phrases.
 */
function consistsOf(text: string, matcher: RegExp): boolean {
  const message = text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'").trim();
  if (message.length === 0 || message.length > MAX_LENGTH) return false;
  const separator = /[\s\p{P}~]+/uy;
  let at = 0;
  let seen = false;
  while (at < message.length) {
    separator.lastIndex = at;
    if (separator.exec(message)) {
      at = separator.lastIndex;
      if (at >= message.length) break;
    }
    matcher.lastIndex = at;
    const m = matcher.exec(message);
    if (!m || m[0].length === 0) return false;
    if (m[1] !== undefined) seen = true;
    at = matcher.lastIndex;
  }
  return seen;
}

/** "go ahead", "yes please", "好的，生成": a plain confirmation with nothing else in it. */
export function isConfirmation(text: string): boolean {
  return consistsOf(text, CONFIRM());
}

/** "cancel", "never mind", "算了": a plain cancellation with nothing else in it. */
export function isCancellation(text: string): boolean {
  return consistsOf(text, CANCEL());
}
