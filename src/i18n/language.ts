/**
 * Which language a reply is written in: an explicit /language choice, then the language of the
 * user's message, then the language the conversation already uses, then the client's locale, then
 * English.
 *
 * Detection goes by script first (kana, hangul, Han, Cyrillic, Arabic, Devanagari). Latin-script
 * messages are short ("hazlo vertical", "dikey yap"), far too short for a trigram detector alone, so
 * they are scored on the letters only one language uses (ñ, ã, ğ, ß, ơ) and on word lists of each
 * language's function words and the words creators use; the trigram detector (franc) only settles
 * a tie on a longer message. A message with too little to tell says nothing, and the conversation's
 * language or the client's locale decides.
 */
import { francAll } from "franc-min";
import { DEFAULT_LANGUAGE } from "./index.ts";

const SCRIPTS: Array<{ language: string; pattern: RegExp }> = [
  { language: "ja", pattern: /[\u3040-\u30ff]/gu },
  { language: "ko", pattern: /[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]/gu },
  { language: "zh-CN", pattern: /[\u4e00-\u9fff\u3400-\u4dbf]/gu },
  { language: "ru", pattern: /[\u0400-\u04ff]/gu },
  { language: "ar", pattern: /[\u0600-\u06ff\u0750-\u077f]/gu },
  { language: "hi", pattern: /[\u0900-\u097f]/gu },
];

/**
 * Japanese forms of kanji that neither Simplified nor Traditional Chinese writes (縦 for 纵/縱, 図 for
 * 图/圖), so a Japanese message without kana ("縦長", "画像変換") is still Japanese.
 */
const JAPANESE_KANJI = /[縦図広売気変楽歳円応絵様価発転続実単伝覧読経軽済払駅働険徴沢権]/u;

/** Letters that only some of the Latin-script languages use, with the weight each lends them. */
const LETTERS: Array<{ pattern: RegExp; weights: Record<string, number> }> = [
  { pattern: /[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹìòĩũý]/gu, weights: { vi: 3 } },
  { pattern: /[ışğ]/gu, weights: { tr: 3 } },
  { pattern: /[ßä]/gu, weights: { de: 3 } },
  { pattern: /[öü]/gu, weights: { de: 1, tr: 1 } },
  { pattern: /[ñ¿¡]/gu, weights: { es: 3 } },
  { pattern: /[ãõ]/gu, weights: { "pt-BR": 3 } },
  { pattern: /ç/gu, weights: { "pt-BR": 1, fr: 1, tr: 1 } },
  { pattern: /[ûœëïî]/gu, weights: { fr: 2 } },
  { pattern: /è/gu, weights: { fr: 1 } },
  { pattern: /ù/gu, weights: { fr: 1, vi: 1 } },
  { pattern: /[àâêô]/gu, weights: { fr: 1, "pt-BR": 1 } },
  { pattern: /[áíóú]/gu, weights: { es: 1, "pt-BR": 1 } },
  { pattern: /é/gu, weights: { es: 1, "pt-BR": 1, fr: 1 } },
];

/**
 * Each language's commonest short words and the words creators send it (make, longer, music,
 * vertical, cancel), lower case, with and without accents where people type both. A word two
 * languages share counts for both and so tells nothing between them.
 */
const WORDS: Record<string, string> = {
  en: `the a an of and or with without for in on at to from into about it its this that these those my me i you your
    our we he she they her his is are was be been will would could should can can't don't do does did make made
    please more less longer shorter longest use instead want need some any add put turn try again different how much
    what why where which when who cost costs fail failed go ahead yes no not look looks like cute cartoon dog cat
    dancing rain music sound final version background logo end new product sneakers realistic landscape portrait
    square vertical horizontal seconds second minute minutes sunset waves light morning over forest photo picture
    pictures ad cozy drone foggy cinematic orange have has let let's just now then but up out there here girl woman
    man people beach city night day slow motion quick high quality style show me give clip shot shots create generate
    thanks thank cancel stop never mind something bit little change same other another one two three`,
  es: `hazlo haz hace hacer haga hagas hazme crea crear genera generar un una unos unas de del el la los las para por
    con sin que y o mi mis tu tus su es son está esta este esto eso más mas largo larga corto corta favor quiero
    quisiera necesito gato surfeando atardecer anuncio segundos segundo minuto minutos cámbialo cambialo cambia cambiar
    música musica cuánto cuanto cuesta cuadrado cuadrada usa usar otro otra modelo chica chico bailando playa dale perro
    sea naranja imagen imágenes imagenes reloj plateado falló fallo qué por qué porque vez pero ilustración ilustracion
    dragón dragon ponle pon fondo realista producto ahora también tambien sí si gracias genial perfecto hola puedes
    puede foto fotos vídeo vertical horizontal cancela cancelar vale bueno mejor hay como muy al lo le me gusta listo perfecta`,
  "pt-BR": `deixa deixe deixar na no nos nas um uma uns umas de do da dos das em para pra pro com sem que e ou meu minha
    meus minhas seu sua vídeo gato surfando pôr sol quero queria preciso anúncio anuncio segundos segundo minuto
    loja faz faça faca fazer mais longo longa curto curta música musica por favor troca trocar quanto custa produto
    menina dançando dancando praia pode gerar gera usa usar outro outra modelo quadrado quadrada não nao gostei tenta
    tente novo nova coloca coloque fundo imagem imagens relógio relogio prateado deu erro ilustração ilustracao dragão
    dragao muda mudar cor carro vermelho ficou ótimo otimo obrigado obrigada você voce está esta ser fica ficar agora
    também tambem sim legal beleza vertical horizontal cancela cancelar foto fotos isso esse essa ao à pro bem muito perfeito pronto`,
  id: `buat buatkan bikin bikinin jadi jadikan yang dan di ke dari untuk dengan saya aku kamu ini itu tanpa musik lebih
    panjang pendek dong ya saja aja coba lagi lain pakai pake gambar foto kucing berselancar saat matahari terbenam
    iklan detik menit kopi berapa harga harganya lanjut lanjutkan produk persegi ganti kenapa mengapa gagal jam tangan
    perak tambahkan tambah latar seorang gadis menari pantai batalkan batal ilustrasi naga keren mulai sekarang
    realistis tolong bisa mau ingin tegak mendatar kotak vertikal horizontal sudah belum tidak nggak gak sih deh
    kok warna merah bagus terima kasih oke sip model versi`,
  vi: `làm lam cho tôi toi của cua con mèo meo lúc và với không khong có co nhạc nhac bao nhiêu tiền được duoc đi di dùng
    dung mô hình hinh khác sản phẩm chuyển sang vuông đổi ngang dọc doc sao lại lỗi tạo ảnh anh chiếc đồng hồ bạc thêm
    nền ngắn hơn chút cô gái nhảy trên bãi biển hủy huy thử tranh minh họa rồng bản chất lượng cao dài nữa giây phút
    quảng cáo quán cà phê con lướt sóng hoàng hôn một này đó là thì nhé nha ạ giúp mình muốn cần bạn`,
  tr: `bir ve ile için icin bu şu yap yapın yapar olsun daha uzun kısa kısalt müzik müziksiz ne kadar tutar tamam başla
    başka kullan ürünüm ürün videosu videoyu kare yataya yatay dikey çevir neden başarısız oldu gümüş saatin saat
    resmini resim görsel arka plan ekle biraz sahilde dans eden kız iptal et tekrar dene ejderha illüstrasyonu
    illüstrasyon gerçekçi gün batımında sörf yapan kedi kahvem saniyelik saniye dakika reklam lütfen evet hayır
    olarak gibi çok güzel istiyorum ister misin mı mi mu mü benim sen şimdi yeni olur de da teşekkürler sağol`,
  de: `mach mache machen macht es ein eine einer einen einem von vom mit für fur und oder das der die den dem des ist
    bitte etwas länger laenger kürzer kuerzer ohne musik was kostet kosten ja los geht nimm andere anderes anderen
    modell meinem mein meine meinen quadratisch lieber im querformat hochformat hochkant quer warum hat nicht geklappt
    bild bilder silbernen uhr füg füge hinzu hintergrundmusik mädchen tanzt am strand abbrechen nochmal versuchen
    drachen sieht gut aus danke realistischer katze hund beim surfen sonnenuntergang sekunden sekunde minuten werbung
    auf zu ich du wir noch mal mehr weniger schneller erstelle erstell zeig vertikal horizontal abbruch stopp kein keine
    wie viel dauert schön toll gerne sie ihr fertig perfekt`,
  fr: `mets mettre le la les en un une des de du d qui que au aux et avec pour sans musique plus moins long longue court
    courte s il te plaît plait vous ça ca coûte coute combien vas y utilise utiliser autre modèle modele fais faire
    mon ma mes produit carré carre passe pourquoi échoué echoue image montre argentée argentee ajoute fond fille danse
    sur plage annule annuler réessaie reessaie rends réaliste realiste chat surfe coucher soleil pub publicité
    secondes seconde minute café est je tu veux voudrais peux oui non encore fois nouvelle nouveau vidéo videos
    vidéos chien photo paysage format vertical horizontal merci parfait c ce cette ça génial super arrête`,
};

const LEXICON: Record<string, Set<string>> = Object.fromEntries(
  Object.entries(WORDS).map(([language, words]) => [language, new Set(words.split(/\s+/).filter(Boolean))]),
);

/** franc's ISO 639-3 codes for the Latin-script languages we scored. */
const FRANC: Record<string, string> = {
  eng: "en", spa: "es", por: "pt-BR", ind: "id", vie: "vi", tur: "tr", deu: "de", fra: "fr",
};
/** Below this many letters a trigram guess is noise. */
const FRANC_MIN_LETTERS = 24;
/** With no word we know at all, it needs a longer message still. */
const FRANC_MIN_LETTERS_UNKNOWN = 40;

/** The language a message is written in, or undefined when it carries no signal ("9:16", "2", "ok"). */
export function detectLanguage(message: string, supported: readonly string[]): string | undefined {
  const text = message
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/^\s*\/\w+(@\w+)?/, " ")
    .normalize("NFC");
  let best: { language: string; count: number } | undefined;
  for (const { language, pattern } of SCRIPTS) {
    const count = text.match(pattern)?.length ?? 0;
    // Japanese kana settle it even beside kanji; for the others the most frequent script wins.
    if (count > 0 && language === "ja") return pick("ja", supported);
    if (count > (best?.count ?? 0)) best = { language, count };
  }
  if (best?.language === "zh-CN" && JAPANESE_KANJI.test(text)) best = { language: "ja", count: best.count };
  const latin = detectLatin(text);
  if (best && best.count >= 2) return pick(best.language, supported);
  if (best && best.count >= 1 && (latin === undefined || latin.letters <= 4)) return pick(best.language, supported);
  return latin?.language === undefined ? undefined : pick(latin.language, supported);
}

function detectLatin(text: string): { language?: string; letters: number } | undefined {
  const lower = text.toLowerCase();
  const words = lower.match(/\p{Script=Latin}+/gu) ?? [];
  const letters = words.join("").length;
  if (words.length === 0) return undefined;
  const scores = new Map<string, number>();
  const add = (language: string, by: number) => scores.set(language, (scores.get(language) ?? 0) + by);
  for (const word of words) {
    for (const [language, lexicon] of Object.entries(LEXICON)) if (lexicon.has(word)) add(language, 1);
  }
  for (const { pattern, weights } of LETTERS) {
    const count = lower.match(pattern)?.length ?? 0;
    if (count > 0) for (const [language, weight] of Object.entries(weights)) add(language, weight * Math.min(count, 3));
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (first && (!second || first[1] > second[1])) return { language: first[0], letters };
  // A tie, or no word we know: only a longer message lets the trigram detector tell.
  if (letters < (first ? FRANC_MIN_LETTERS : FRANC_MIN_LETTERS_UNKNOWN)) return { letters };
  const tied = first ? ranked.filter(([, score]) => score === first[1]).map(([language]) => language) : Object.values(FRANC);
  const only = Object.entries(FRANC).filter(([, language]) => tied.includes(language)).map(([code]) => code);
  const [guess] = francAll(words.join(" "), { only, minLength: 1 });
  return { ...(guess && FRANC[guess[0]] ? { language: FRANC[guess[0]] } : {}), letters };
}

function pick(language: string, supported: readonly string[]): string | undefined {
  return supported.includes(language) ? language : undefined;
}

/** Maps a client locale ("zh-hans", "zh_CN", "en-US", "pt-br", "es-419") to a supported language. */
export function normalizeLocale(locale: string | undefined, supported: readonly string[]): string | undefined {
  if (!locale) return undefined;
  const lower = locale.toLowerCase().replace("_", "-");
  const exact = supported.find((s) => s.toLowerCase() === lower);
  if (exact) return exact;
  if (lower.startsWith("zh")) return supported.includes("zh-CN") ? "zh-CN" : undefined;
  const base = lower.split("-")[0];
  return supported.find((s) => s.toLowerCase() === base || s.toLowerCase().split("-")[0] === base);
}

export function chooseLanguage(input: {
  preference?: string | null;
  message?: string;
  conversation?: string;
  clientLocale?: string;
  supported: readonly string[];
}): string {
  const { supported } = input;
  if (input.preference && supported.includes(input.preference)) return input.preference;
  return (
    (input.message !== undefined ? detectLanguage(input.message, supported) : undefined) ??
    (input.conversation && supported.includes(input.conversation) ? input.conversation : undefined) ??
    normalizeLocale(input.clientLocale, supported) ??
    DEFAULT_LANGUAGE
  );
}
