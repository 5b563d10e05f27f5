/** Turkish: the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { LATIN } from "./shared.ts";

const NUMBERS: Record<string, number> = {
  iki: 2, üç: 3, dört: 4, beş: 5, altı: 6, yedi: 7, sekiz: 8, dokuz: 9, on: 10, "on beş": 15, yirmi: 20, otuz: 30,
  kırk: 40, elli: 50, altmış: 60,
};

export const tr: LanguageLexicon = {
  code: "tr",
  brief: {
    boundary: LATIN,
    numberWords: NUMBERS,
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
    settingAfter: ["olsun", "yap", "format\\p{L}*", "lütfen", "uzunluğunda", "için"],
    fillers: [
      "evet", "tamam", "olsun", "yap", "yapın", "yapar mısın", "çevir", "değiştir", "lütfen", "bir", "ve", "ama", "şimdi",
      "kullan", "ile", "daha", "video", "görsel", "istiyorum", "biraz", "de", "da", "bunu", "onu",
    ],
    animate: ["(?:bu |şu )?(?:fotoğraf\\p{L}*|resm\\p{L}*|görsel\\p{L}*) (?:canlandır\\p{L}*|hareketlendir\\p{L}*|videoya çevir\\p{L}*)", "canlandır\\p{L}*", "hareketlendir\\p{L}*", "ilk kare(?: olarak)?"],
    requests: ["(?:merhaba|selam|tamam|peki)", "bana"],
    requestEnds: ["(?:yapar mısın|yapabilir misin|yapın|yap|oluştur(?:ur musun)?|üret|hazırla(?:r mısın)?|çiz)(?: lütfen)?", "teşekkürler", "sağol"],
    politeness: ["lütfen"],
    variants: {"fast": ["hızlı"], "pro": ["profesyonel"]},
    sharpness: ["yüksek kalite\\p{L}*", "en iyi kalite\\p{L}*"],
  },
  intent: {
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
  prompt: {
    boundary: LATIN,
    camera: ["yakın çekim", "geniş çekim", "genel çekim", "havadan çekim", "drone (?:çekim\\p{L}*)?", "ağır çekim", "el kamerası", "zoom(?: \\p{L}+)?", "pan\\p{L}*", "geniş açı", "hızlandırılmış", "time-?lapse", "makro", "kuş bakışı"],
    lighting: ["(?:doğal|yumuşak|sıcak|soğuk|altın|loş) ışık\\p{L}*", "altın saat", "gün batımı\\p{L}*", "gün doğumu\\p{L}*", "alacakaranlık", "neon\\p{L}*", "ters ışık", "mum ışığı", "ay ışığı", "aydınlatma", "sıcacık", "hüzünlü", "epik", "nostaljik", "romantik"],
    palette: ["renk paleti", "renk tonlar\\p{L}*", "\\p{L}+ tonlar\\p{L}*"],
    style: ["\\p{L}+ tarzı\\p{L}*", "\\p{L}+ stili\\p{L}*", "sinematik", "sinemasal", "gerçekçi", "fotogerçekçi", "suluboya", "anime", "çizgi film", "piksel sanat", "vintage", "retro", "minimalist", "belgesel", "siberpunk", "3d"],
    audio: ["\\p{L}* ?müzi[kğ]\\p{L}*", "seslendirme", "anlatım", "ses efekt\\p{L}*", "ortam sesi"],
    constraint: ["olmadan"],
    avoid: ["kaçın", "gösterme"],
    stopWords: ["bir", "ve", "ile", "veya", "için", "bu", "şu", "benim", "da", "de"],
    audioObjects: ["ses", "müzik"],
  },
  detection: {
    words: `bir ve ile için icin bu şu yap yapın yapar olsun daha uzun kısa kısalt müzik müziksiz ne kadar tutar tamam başla
    başka kullan ürünüm ürün videosu videoyu kare yataya yatay dikey çevir neden başarısız oldu gümüş saatin saat
    resmini resim görsel arka plan ekle biraz sahilde dans eden kız iptal et tekrar dene ejderha illüstrasyonu
    illüstrasyon gerçekçi gün batımında sörf yapan kedi kahvem saniyelik saniye dakika reklam lütfen evet hayır
    olarak gibi çok güzel istiyorum ister misin mı mi mu mü benim sen şimdi yeni olur de da teşekkürler sağol`,
    letters: [["[ışğ]", 3], ["[öü]", 1], ["ç", 1]],
  },
};
