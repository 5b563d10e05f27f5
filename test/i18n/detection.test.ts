import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LANGUAGES } from "../../src/domain/languages.ts";
import { chooseLanguage, detectLanguage, normalizeLocale } from "../../src/i18n/language.ts";

const SUPPORTED = LANGUAGES;

/** What creators actually send: briefs, follow-ups, short corrections and one-word answers. */
const MESSAGES: Record<string, string[]> = {
  en: [
    "make it vertical", "a 20s vertical ad for my matcha, cozy morning light", "8 second landscape clip of waves at sunset",
    "can you make it longer?", "I need a product video for my new sneakers", "make the cat orange", "go ahead",
    "use seedance instead", "what models do you have", "a drone shot over a foggy forest, cinematic",
    "turn this photo into a video", "no music please", "shorter, like 10 seconds", "make it square",
    "make it look more realistic", "try again with a different model", "how much does it cost?",
    "a cute cartoon dog dancing in the rain", "show me the final version", "add some upbeat background music",
    "put the logo at the end", "why did it fail?",
  ],
  "zh-CN": [
    "做成竖屏", "帮我做一个20秒的竖屏抹茶广告", "日落时的海浪，横屏", "再长一点", "换个模型", "好的，生成",
    "一只猫在冲浪", "不要音乐", "多少钱", "改成正方形", "用即梦做", "产品展示视频，白色背景", "动漫风格的女孩",
    "再来一个", "为什么失败了", "要高清的", "三张图", "速度快一点的模型", "加上背景音乐", "把猫改成橘色",
  ],
  es: [
    "hazlo vertical", "un anuncio vertical de 20 segundos para mi café", "un video de un gato surfeando al atardecer",
    "más largo, por favor", "quiero un video de mi producto", "cámbialo a horizontal", "sin música",
    "¿cuánto cuesta?", "hazlo cuadrado", "usa otro modelo", "una chica bailando en la playa", "dale",
    "quiero que el perro sea naranja", "haz una imagen de un reloj plateado", "un clip de 10 segundos con música",
    "¿por qué falló?", "otra vez pero más corto", "una ilustración de un dragón", "ponle música de fondo",
    "necesito un anuncio para tiktok", "hazlo más realista",
  ],
  "pt-BR": [
    "deixa na vertical", "um vídeo de um gato surfando no pôr do sol", "quero um anúncio de 20 segundos para minha loja",
    "faz mais longo", "sem música, por favor", "troca para horizontal", "quanto custa?", "faz um vídeo do meu produto",
    "uma menina dançando na praia", "pode gerar", "usa outro modelo", "deixa quadrado", "não gostei, tenta de novo",
    "coloca uma música de fundo", "uma imagem de um relógio prateado", "por que deu erro?", "quero mais curto",
    "faz em 10 segundos", "uma ilustração de um dragão", "muda a cor do carro para vermelho", "ficou ótimo, obrigado",
  ],
  ru: [
    "сделай вертикально", "видео на 20 секунд", "кот катается на сёрфе на закате", "подлиннее, пожалуйста", "без музыки",
    "сколько стоит?", "давай", "другую модель", "реклама моего кофе для тикток", "квадратное", "почему не получилось?",
    "сделай картинку часов", "добавь музыку", "покороче", "девушка танцует на пляже", "горизонтально", "отмена",
    "ещё раз", "иллюстрация дракона", "хорошо, запускай",
  ],
  ja: [
    "縦長にして", "20秒の縦長動画", "夕日のビーチでサーフィンする猫", "もっと長く", "音楽なしで", "いくらかかりますか？",
    "お願いします", "別のモデルで", "商品紹介の動画を作って", "正方形にして", "横長でお願いします", "なぜ失敗したの？",
    "腕時計の画像を作って", "BGMを追加して", "もう少し短く", "アニメ風の女の子", "キャンセル", "もう一度", "縦長",
    "いいね、それで",
  ],
  ko: [
    "세로로 해줘", "20초짜리 세로 영상", "노을 지는 바다에서 서핑하는 고양이", "더 길게", "음악 없이", "얼마예요?",
    "좋아요", "다른 모델로", "제품 홍보 영상 만들어줘", "정사각형으로", "가로로 바꿔줘", "왜 실패했어?",
    "시계 이미지 만들어줘", "배경음악 넣어줘", "조금 짧게", "애니 스타일 소녀", "취소", "다시 해줘", "세로",
    "네 시작해",
  ],
  id: [
    "buat jadi vertikal", "video kucing berselancar saat matahari terbenam", "iklan 20 detik untuk kopi saya",
    "lebih panjang dong", "tanpa musik", "berapa harganya?", "lanjut", "pakai model lain", "buat video produk saya",
    "jadikan persegi", "ganti ke horizontal", "kenapa gagal?", "bikin gambar jam tangan perak",
    "tambahkan musik latar", "lebih pendek ya", "seorang gadis menari di pantai", "batalkan saja", "coba lagi",
    "ilustrasi naga yang keren", "oke, mulai sekarang", "bikin yang lebih realistis",
  ],
  vi: [
    "làm video dọc", "video con mèo lướt sóng lúc hoàng hôn", "quảng cáo 20 giây cho quán cà phê của tôi",
    "dài hơn nữa", "không có nhạc", "bao nhiêu tiền?", "được, làm đi", "dùng mô hình khác", "làm video sản phẩm của tôi",
    "chuyển sang hình vuông", "đổi sang ngang", "sao lại lỗi?", "tạo ảnh chiếc đồng hồ bạc", "thêm nhạc nền",
    "ngắn hơn chút", "cô gái nhảy trên bãi biển", "hủy", "thử lại", "tranh minh họa con rồng", "dọc",
    "cho tôi bản chất lượng cao",
  ],
  tr: [
    "dikey yap", "gün batımında sörf yapan bir kedi videosu", "kahvem için 20 saniyelik reklam", "daha uzun olsun",
    "müziksiz", "ne kadar tutar?", "tamam, başla", "başka bir model kullan", "ürünüm için bir video yap", "kare yap",
    "yataya çevir", "neden başarısız oldu?", "gümüş bir saatin resmini yap", "arka plan müziği ekle", "biraz kısalt",
    "sahilde dans eden bir kız", "iptal et", "tekrar dene", "ejderha illüstrasyonu", "dikey olsun", "daha gerçekçi yap",
  ],
  ar: [
    "اجعله عموديًا", "فيديو عمودي مدته 20 ثانية", "قطة تركب الأمواج عند الغروب", "أطول قليلاً", "بدون موسيقى",
    "كم التكلفة؟", "نعم، ابدأ", "استخدم نموذجًا آخر", "فيديو لمنتجي", "مربع", "أفقي من فضلك", "لماذا فشل؟",
    "صورة لساعة فضية", "أضف موسيقى خلفية", "أقصر", "فتاة ترقص على الشاطئ", "إلغاء", "مرة أخرى", "رسم توضيحي لتنين",
    "إعلان ٢٠ ثانية لمقهاي",
  ],
  hi: [
    "इसे वर्टिकल बनाओ", "20 सेकंड का वीडियो", "सूर्यास्त में सर्फिंग करती बिल्ली", "थोड़ा लंबा करो", "बिना संगीत के",
    "कितना खर्च होगा?", "हाँ, शुरू करो", "दूसरा मॉडल इस्तेमाल करो", "मेरे प्रोडक्ट का वीडियो बनाओ", "चौकोर",
    "हॉरिजॉन्टल कर दो", "क्यों फेल हुआ?", "चांदी की घड़ी की तस्वीर", "बैकग्राउंड म्यूज़िक डालो", "छोटा करो",
    "समुद्र तट पर नाचती लड़की", "रद्द करो", "फिर से", "ड्रैगन का चित्र", "ठीक है",
  ],
  de: [
    "mach es hochkant", "ein Video von einer Katze beim Surfen im Sonnenuntergang", "20 Sekunden Werbung für mein Café",
    "etwas länger bitte", "ohne Musik", "was kostet das?", "ja, los geht's", "nimm ein anderes Modell",
    "mach ein Video von meinem Produkt", "quadratisch bitte", "lieber im Querformat", "warum hat es nicht geklappt?",
    "ein Bild von einer silbernen Uhr", "füg Hintergrundmusik hinzu", "kürzer", "ein Mädchen tanzt am Strand",
    "abbrechen", "nochmal versuchen", "eine Illustration von einem Drachen", "das sieht gut aus, danke",
    "mach es realistischer",
  ],
  fr: [
    "mets-le en vertical", "une vidéo d'un chat qui surfe au coucher du soleil", "une pub de 20 secondes pour mon café",
    "plus long s'il te plaît", "sans musique", "ça coûte combien ?", "vas-y", "utilise un autre modèle",
    "fais une vidéo de mon produit", "en carré", "passe en horizontal", "pourquoi ça a échoué ?",
    "une image d'une montre argentée", "ajoute une musique de fond", "plus court", "une fille qui danse sur la plage",
    "annule", "réessaie", "une illustration d'un dragon", "c'est parfait, merci", "rends-le plus réaliste",
  ],
  fa: [
    "یه ویدیو ۲۰ ثانیه‌ای عمودی برای تبلیغ ماچا بساز، با نور گرم صبح",
    "کلیپ افقی ۸ ثانیه از موج‌های دریا موقع غروب",
    "یک عکس محصول از ساعت نقره‌ای، کیفیت 4K",
    "میخوام یه ریلز برای پیج کافه‌م درست کنی",
    "ویدیو ۱۵ ثانیه‌ای برای تیک‌تاک، یه گربه که داره می‌رقصه",
    "مربع باشه لطفاً",
    "بیست ثانیه‌اش کن",
    "سه تا عکس پوستر برای کنسرت با سبک کارتونی",
    "این عکس رو متحرک کن، بخار از فنجان بلند بشه",
    "بدون صدا باشه",
    "با موسیقی آرام پس‌زمینه",
    "یه تیزر تبلیغاتی برای برند لباسم، ۳۰ ثانیه",
    "نسخه‌ی سریع برای پیش‌نمایش بساز",
    "کیفیت نهایی می‌خوام، بهترین کیفیت",
    "عمودی نه، افقی برای یوتیوب",
    "چقدر هزینه داره؟",
    "آره، شروع کن",
    "بی‌خیال، لغوش کن",
    "یه ویدئو از خیابون‌های تهران زیر بارون، حال‌وهوای سینمایی",
    "عکس پرتره از یه دختر با موهای فرفری، نور طبیعی",
    "یه انیمیشن کوتاه ۱۰ ثانیه‌ای از یه روباه تو جنگل",
    "با مدل Seedance بساز",
    "نیم دقیقه باشه",
    "استوری اینستاگرام برای تخفیف یلدا",
    "یه کاور برای پادکستم طراحی کن",
    "فرمت ۱:۱ برای پست اینستاگرام",
    "دوربین آروم زوم کنه روی محصول",
    "والپیپر موبایل از کهکشان، عمودی",
    "چرا ویدیوم هنوز آماده نشده؟",
    "مرسی، عالی شد! یکی دیگه بساز",
    "تصویری از کوه دماوند در طلوع آفتاب، سبک آبرنگ",
    "لطفاً یه عکس از گل رز بساز",
    "میشه ویدیو رو افقی کنی؟",
  ],
  uk: [
    "Зроби вертикальне відео на 20 секунд: реклама мого матча, затишне ранкове світло",
    "горизонтальний ролик 8 секунд, хвилі на заході сонця",
    "/image предметне фото срібного годинника, 4K",
    "Хочу рілс для кав'ярні, 15 секунд",
    "зроби квадратне",
    "давай на 10 секунд",
    "Три картинки з котом у стилі аніме",
    "оживи це фото: пара піднімається над чашкою",
    "без звуку, будь ласка",
    "з фоновою музикою",
    "Потрібна реклама для мого бренду одягу, півхвилини",
    "спершу швидка чернетка, потім фінальна якість",
    "не вертикальне, а горизонтальне для ютуба",
    "Скільки це коштує?",
    "так, запускай",
    "ні, скасуй",
    "відео: дівчина їде на велосипеді вулицями Львова, кінематографічно",
    "портрет чоловіка з бородою, м'яке світло",
    "анімація 10 секунд: лисиця в зимовому лісі",
    "використай Seedance",
    "для тік току, щоб було яскраво",
    "дві обкладинки для подкасту",
    "формат 1:1 для інстаграму",
    "камера повільно наближається до товару",
    "шпалери на телефон: нічне небо, вертикально",
    "чому моє відео ще не готове?",
    "дякую, супер! зроби ще одне",
    "хочу змінити тільки колір неба",
    "п'ять варіантів логотипу для кав'ярні",
    "Ролик хвилину, захід сонця над Дніпром",
    "акварельна ілюстрація: соняшникове поле",
    "зроби зображення кота",
    "скільки коштує відео на хвилину?",
  ],
  uz: [
    "Matcham uchun 20 soniyali vertikal reklama video qilib bering, iliq ertalabki yorug'lik",
    "quyosh botayotganda dengiz to'lqinlari, 8 soniyali gorizontal klip",
    "kumush soatning mahsulot surati kerak, 4K",
    "Kafem uchun reels tayyorlab bering, 15 soniya",
    "kvadrat qiling",
    "10 soniya qil",
    "3 ta rasm: anime uslubida mushuk",
    "shu rasmni jonlantiring, piyoladan bug' ko'tarilsin",
    "ovozsiz bo'lsin",
    "fon musiqasi bilan",
    "kiyim brendim uchun reklama, yarim daqiqa",
    "avval tezkor qoralama, keyin yuqori sifatli yakuniy variant",
    "vertikal emas, YouTube uchun gorizontal",
    "Bu qancha turadi?",
    "ha, boshlang",
    "yo'q, bekor qiling",
    "Toshkent ko'chalarida velosiped haydayotgan qiz, kino uslubida",
    "soqolli erkakning portreti, yumshoq yorug'lik",
    "o'rmondagi tulki haqida 10 soniyali animatsiya",
    "Seedance modelidan foydalaning",
    "TikTok uchun yorqin video kerak",
    "podkastim uchun ikkita muqova",
    "Instagram post uchun 1:1 format",
    "kamera mahsulotga sekin yaqinlashsin",
    "telefon uchun oboy: tungi osmon, vertikal",
    "videom nega hali tayyor emas?",
    "rahmat, zo'r chiqdi! yana bitta qiling",
    "faqat osmon rangini o'zgartiring",
    "Samarqand Registon maydoni tongda, dron bilan suratga olingandek",
    "bir daqiqalik rolik, Chorvoq suv ombori",
    "akvarel uslubidagi illyustratsiya: paxta dalasi",
    "videoni gorizontal qiling",
    "narxi qancha?",
  ],
  it: [
    "Fammi uno spot verticale di 20 secondi per il mio matcha, luce calda del mattino",
    "clip orizzontale di 8 secondi con le onde al tramonto",
    "/image foto prodotto di un orologio d'argento, 4K",
    "Vorrei un reel per la mia pizzeria, 15 secondi",
    "rendilo quadrato",
    "fallo di dieci secondi",
    "tre immagini di un gatto in stile anime",
    "anima questa foto: vapore che sale dalla tazzina",
    "senza audio per favore",
    "con musica di sottofondo",
    "pubblicità per il mio brand di abbigliamento, mezzo minuto",
    "prima una bozza veloce, poi la versione finale in alta qualità",
    "non verticale, orizzontale per YouTube",
    "Quanto costa?",
    "sì, vai",
    "no, annulla",
    "una ragazza in bici per le strade di Roma, atmosfera cinematografica",
    "ritratto di un uomo con la barba, luce morbida",
    "animazione di 10 secondi di una volpe nel bosco innevato",
    "usa Seedance",
    "per TikTok, colori vivaci",
    "due copertine per il mio podcast",
    "formato 1:1 per Instagram",
    "la camera si avvicina lentamente al prodotto",
    "sfondo per il telefono: cielo stellato, verticale",
    "perché il mio video non è ancora pronto?",
    "grazie, perfetto! fanne un altro",
    "cambia solo il colore del cielo",
    "cinque varianti del logo per la mia caffetteria",
    "un video di un minuto, tramonto sul lago di Como",
    "illustrazione ad acquerello di un campo di girasoli",
    "voglio un video di un cane che corre",
    "grazie mille, è perfetto",
  ],
  pl: [
    "Zrób 20-sekundową pionową reklamę mojej matchy, ciepłe poranne światło",
    "poziomy klip 8 sekund, fale o zachodzie słońca",
    "/image zdjęcie produktowe srebrnego zegarka, 4K",
    "Chcę rolkę dla mojej kawiarni, 15 sekund",
    "zrób kwadrat",
    "niech będzie dziesięć sekund",
    "trzy obrazki z kotem w stylu anime",
    "ożyw to zdjęcie: para unosi się z kubka",
    "bez dźwięku proszę",
    "z muzyką w tle",
    "reklama mojej marki odzieżowej, pół minuty",
    "najpierw szybki szkic, potem finalna wersja w wysokiej jakości",
    "nie pionowo, poziomo na YouTube",
    "Ile to kosztuje?",
    "tak, zaczynaj",
    "nie, anuluj",
    "dziewczyna jedzie rowerem ulicami Krakowa, kinowy klimat",
    "portret mężczyzny z brodą, miękkie światło",
    "animacja 10 sekund: lis w zimowym lesie",
    "użyj Seedance",
    "na TikToka, żywe kolory",
    "dwie okładki do mojego podcastu",
    "format 1:1 na Instagram",
    "kamera powoli najeżdża na produkt",
    "tapeta na telefon: nocne niebo, pionowa",
    "czemu mój film nie jest jeszcze gotowy?",
    "dzięki, super! zrób jeszcze jeden",
    "zmień tylko kolor nieba",
    "pięć wariantów logo dla kawiarni",
    "filmik na minutę, zachód słońca nad Bałtykiem",
    "zrob pionowy filmik 15 sekund z psem na plazy",
    "chcę obrazek z psem",
    "ile kosztuje filmik?",
  ],
  th: [
    "ขอโฆษณาแนวตั้ง 20 วินาทีสำหรับมัทฉะของฉัน แสงเช้าอบอุ่น",
    "คลิปแนวนอน 8 วิ คลื่นทะเลตอนพระอาทิตย์ตก",
    "ภาพสินค้านาฬิกาสีเงิน 4K",
    "อยากได้รีลส์สำหรับร้านกาแฟ 15 วินาทีค่ะ",
    "ทำเป็นจัตุรัสหน่อย",
    "เปลี่ยนเป็นสิบวินาที",
    "ขอรูปแมวสไตล์อนิเมะ 3 รูป",
    "ทำให้รูปนี้ขยับได้ ไอน้ำลอยขึ้นจากแก้ว",
    "ไม่เอาเสียงนะครับ",
    "ใส่เพลงประกอบเบา ๆ",
    "โฆษณาแบรนด์เสื้อผ้าของผม ครึ่งนาที",
    "ขอพรีวิวเร็ว ๆ ก่อน แล้วค่อยทำงานจริงคุณภาพสูง",
    "ไม่เอาแนวตั้ง เอาแนวนอนสำหรับยูทูบ",
    "ราคาเท่าไหร่ครับ",
    "ได้เลย เริ่มเลย",
    "ไม่เอาแล้ว ยกเลิก",
    "ผู้หญิงปั่นจักรยานในกรุงเทพฯ ตอนกลางคืน โทนภาพยนตร์",
    "ภาพพอร์ตเทรตผู้ชายมีหนวด แสงนุ่ม",
    "แอนิเมชัน 10 วินาที สุนัขจิ้งจอกในป่าหิมะ",
    "ใช้ Seedance",
    "คลิปลงติ๊กต็อก สีสดใส",
    "ขอปกพอดแคสต์ 2 แบบ",
    "สัดส่วน 1:1 สำหรับลงไอจี",
    "กล้องค่อย ๆ ซูมเข้าหาสินค้า",
    "วอลเปเปอร์มือถือ ท้องฟ้ากลางคืน แนวตั้ง",
    "ทำไมวิดีโอยังไม่เสร็จ",
    "ขอบคุณค่ะ สวยมาก ขออีกอัน",
    "เปลี่ยนแค่สีท้องฟ้า",
    "วิดีโอยาวหนึ่งนาที ทะเลภูเก็ตตอนเย็น",
    "ภาพประกอบสีน้ำ ทุ่งทานตะวัน",
    "๒๐ วินาที แนวตั้ง",
    "ขอวิดีโอแมวหน่อยครับ",
    "ราคาเท่าไหร่คะ",
  ],
};

/** The six added with issue 20: each must be right on at least 30 messages. */
const NEW = ["fa", "uk", "uz", "it", "pl", "th"];

describe("detectLanguage tells the language creators write in", () => {
  const results: Record<string, { right: number; wrong: string[] }> = {};
  const rightOf = (language: string) => results[language]!.right;
  for (const [language, messages] of Object.entries(MESSAGES)) {
    const wrong: string[] = [];
    for (const message of messages) {
      const detected = detectLanguage(message, SUPPORTED);
      if (detected !== language) wrong.push(`${JSON.stringify(message)} → ${detected}`);
    }
    results[language] = { right: messages.length - wrong.length, wrong };
  }

  for (const [language, messages] of Object.entries(MESSAGES)) {
    it(`recognizes at least 95% of ${messages.length} ${language} messages`, () => {
      assert.ok(messages.length >= 20);
      if (NEW.includes(language)) assert.ok(rightOf(language) >= 30, `${language}: at least 30 right`);
      const { right, wrong } = results[language]!;
      assert.ok(right / messages.length >= 0.95, `${language}: ${right}/${messages.length}; missed ${wrong.join(", ")}`);
    });
  }

  it("is right on at least 95% of all messages together", () => {
    const total = Object.values(MESSAGES).reduce((n, m) => n + m.length, 0);
    const right = Object.values(results).reduce((n, r) => n + r.right, 0);
    assert.ok(right / total >= 0.95, `${right}/${total}`);
  });

  it("tells the two short requests from the brief apart", () => {
    assert.equal(detectLanguage("make it vertical", SUPPORTED), "en");
    assert.equal(detectLanguage("hazlo vertical", SUPPORTED), "es");
  });

  it("says nothing about messages without language in them", () => {
    for (const message of ["9:16", "20", "ok", "👍", "veo 3.1", "https://example.com/a.png", "/video", "4K", "16:9 1080p"]) {
      assert.equal(detectLanguage(message, SUPPORTED), undefined, message);
    }
  });

  it("says nothing about a word every Latin language shares", () => {
    assert.equal(detectLanguage("vertical", SUPPORTED), undefined);
    assert.equal(detectLanguage("video", SUPPORTED), undefined);
  });

  it("reads Japanese written only in kanji as Japanese when it uses Japanese forms", () => {
    assert.equal(detectLanguage("縦長", SUPPORTED), "ja");
    assert.equal(detectLanguage("竖屏", SUPPORTED), "zh-CN");
  });

  it("ignores a model name, a link and a command when telling the language", () => {
    assert.equal(detectLanguage("/video hazlo con veo fast https://example.com/ref.png", SUPPORTED), "es");
    assert.equal(detectLanguage("hazlo con nano banana pro", SUPPORTED), "es");
  });

  it("never lets a command, an id, a token, a number or gibberish change the language", () => {
    const uuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    const token = "q".repeat(20) + "abcdefghij".repeat(498);
    for (const message of [
      "/status qui", `/status ${uuid}`, uuid, token, `${token} ${token}`, "123456", "42", "9:16",
      "/language fr", "cgt_8f3a9d2e1b", "@reelsmith_bot", "xkcdqwrtzp vbnmlkjh qwrtypsdfg hjklzxcvbn mnbvcxzlkj",
      "sk-proj-AbCdEf0123456789", "#a1b2c3",
    ]) {
      assert.equal(detectLanguage(message, SUPPORTED), undefined, JSON.stringify(message.slice(0, 40)));
      assert.equal(chooseLanguage({ message, conversation: "ja", clientLocale: "fr", supported: SUPPORTED }), "ja", "the conversation's language stays");
    }
  });

  it("still reads a message whose words run into digits without spaces", () => {
    assert.equal(detectLanguage("我需要一个20秒的竖屏视频，一只猫在冲浪", SUPPORTED), "zh-CN");
    assert.equal(detectLanguage("20秒の縦型動画", SUPPORTED), "ja");
    assert.equal(detectLanguage("10초 세로 영상", SUPPORTED), "ko");
  });

  it("answers only in supported languages", () => {
    assert.equal(detectLanguage("hazlo vertical", ["en", "zh-CN"]), undefined);
    assert.equal(detectLanguage("сделай вертикально", ["en"]), undefined);
  });
});

describe("normalizeLocale maps client locales onto supported languages", () => {
  const cases: Array<[string, string | undefined]> = [
    ["en-US", "en"], ["en-GB", "en"], ["zh-hans", "zh-CN"], ["zh_CN", "zh-CN"], ["zh-TW", "zh-CN"], ["es-ES", "es"],
    ["es-419", "es"], ["pt-BR", "pt-BR"], ["pt-br", "pt-BR"], ["pt", "pt-BR"], ["pt-PT", "pt-BR"], ["ru", "ru"],
    ["ja", "ja"], ["ko", "ko"], ["id", "id"], ["vi", "vi"], ["tr", "tr"], ["ar", "ar"], ["ar-EG", "ar"], ["hi", "hi"],
    ["de-AT", "de"], ["fr-CA", "fr"], ["it", "it"], ["it-IT", "it"], ["uk", "uk"], ["uk-UA", "uk"], ["fa", "fa"],
    ["fa-IR", "fa"], ["uz", "uz"], ["pl", "pl"], ["th", "th"], ["nl", undefined], ["be", undefined],
  ];
  for (const [locale, expected] of cases) {
    it(`maps ${locale} to ${expected ?? "nothing"}`, () => assert.equal(normalizeLocale(locale, SUPPORTED), expected));
  }
});

describe("chooseLanguage picks the reply language", () => {
  it("answers a Russian-writing user in Russian though the client is English", () => {
    assert.equal(chooseLanguage({ message: "сделай видео с котом", clientLocale: "en", supported: SUPPORTED }), "ru");
  });

  it("keeps an explicit choice over the language of the message", () => {
    assert.equal(chooseLanguage({ preference: "de", message: "hazlo vertical", clientLocale: "fr", supported: SUPPORTED }), "de");
  });

  it("keeps the conversation's language when the message carries none", () => {
    assert.equal(chooseLanguage({ message: "9:16", conversation: "tr", clientLocale: "en", supported: SUPPORTED }), "tr");
    assert.equal(chooseLanguage({ message: "vertical", conversation: "es", clientLocale: "en", supported: SUPPORTED }), "es");
  });

  it("falls back to the client locale, then English", () => {
    assert.equal(chooseLanguage({ message: "20", clientLocale: "pt-BR", supported: SUPPORTED }), "pt-BR");
    assert.equal(chooseLanguage({ message: "20", clientLocale: "nl", supported: SUPPORTED }), "en");
    assert.equal(chooseLanguage({ message: "20", clientLocale: "uz", supported: SUPPORTED }), "uz");
  });
});

describe("the six languages of issue 20 beside their neighbours", () => {
  /** Mixed and look-alike messages: the dominant language decides; names and formats are neutral. */
  const cases: Array<[string, string | undefined]> = [
    ["make it عمودی please", "fa"],
    ["یه ویدیو vertical برای TikTok بساز", "fa"],
    ["اصنع فيديو عمودي ۲۰ ثانية", "ar"],
    ["اصنع فيديو عمودي مدته 20 ثانية", "ar"],
    ["أريد صورة لمنتج", "ar"],
    ["ألغِ الطلب", "ar"],
    ["يه ويديو ده ثانيه اي از گربه بساز", "fa"],
    ["Зроби video 9:16 для TikTok", "uk"],
    ["хочу відео 15 секунд", "uk"],
    ["хочу видео 15 секунд", "ru"],
    ["сделай вертикальное видео на 20 секунд", "ru"],
    ["да, запускай", "ru"],
    ["отмени", "ru"],
    ["ещё одно", "ru"],
    ["п’ять секунд", "uk"],
    ["fammi un reel vertical per TikTok", "it"],
    ["hazme un reel vertical para TikTok", "es"],
    ["hazme un video vertical de 20 segundos", "es"],
    ["sí, dale", "es"],
    ["zrób mi vertical video na TikToka", "pl"],
    ["zrob mi video 10 sekund", "pl"],
    ["20 soniyali vertical video qilib ber", "uz"],
    ["to‘rt soniyali video qiling", "uz"],
    ["ขอคลิป vertical 15 วิ สำหรับ TikTok", "th"],
    ["sì", "it"],
    ["ok vai", "it"],
    ["tak", "pl"],
    ["hello, make a video", "en"],
    ["ok", undefined],
    ["9:16", undefined],
    ["👍", undefined],
    ["Seedance", undefined],
    ["ha", undefined],
  ];
  for (const [message, expected] of cases) {
    it(`reads ${JSON.stringify(message)} as ${expected ?? "nothing"}`, () => assert.equal(detectLanguage(message, SUPPORTED), expected));
  }

  it("does not take Latin-typed Russian for Uzbek on the one word they share", () => {
    assert.notEqual(detectLanguage("video sdelay 15 sekund, vertikal", SUPPORTED), "uz");
  });

  it("lets the text win over the client's language", () => {
    assert.equal(chooseLanguage({ message: "hello, make a video", clientLocale: "fa", supported: SUPPORTED }), "en");
    assert.equal(chooseLanguage({ message: "Зроби вертикальне відео", clientLocale: "ru", supported: SUPPORTED }), "uk");
    assert.equal(chooseLanguage({ message: "یه ویدیو عمودی بساز", clientLocale: "ar", supported: SUPPORTED }), "fa");
  });

  it("keeps a Ukrainian conversation Ukrainian on a word Russian shares, and a Russian one Russian", () => {
    // "давай", "так", "стоп" are written alike in both: the script's first language stands alone,
    // but a conversation already in the other keeps it.
    for (const message of ["давай на 10 секунд", "так", "стоп"]) {
      assert.equal(detectLanguage(message, SUPPORTED), "ru", message);
      assert.equal(chooseLanguage({ message, conversation: "uk", supported: SUPPORTED }), "uk", message);
      assert.equal(chooseLanguage({ message, conversation: "ru", supported: SUPPORTED }), "ru", message);
    }
    // A Ukrainian letter decides against the conversation.
    assert.equal(chooseLanguage({ message: "давай ще одне", conversation: "ru", supported: SUPPORTED }), "uk");
  });

  it("keeps a Persian conversation Persian on a message Arabic writes the same", () => {
    assert.equal(detectLanguage("مربع", SUPPORTED), "ar");
    assert.equal(chooseLanguage({ message: "مربع", conversation: "fa", supported: SUPPORTED }), "fa");
    assert.equal(chooseLanguage({ message: "إلغاء", conversation: "fa", supported: SUPPORTED }), "ar");
  });

  it("documents surzhyk: Russian words with Ukrainian ones tie, and Russian stands", () => {
    assert.equal(detectLanguage("сделай видео, але вертикальне", SUPPORTED), "ru");
    assert.equal(chooseLanguage({ message: "сделай видео, але вертикальне", conversation: "uk", supported: SUPPORTED }), "uk");
  });
});
