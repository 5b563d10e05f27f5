/**
 * Briefs as creators type them, in every language: what the parser must read (kind, seconds, shape,
 * definition, image count, model) and, for many, the exact prompt the provider receives. Each
 * language's score is printed; every case must hold.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { parseBrief, stripSettings } from "../../src/domain/brief-parser.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { LANGUAGES, type Language } from "../../src/domain/languages.ts";

/** k: kind, s: seconds, o: shape, d: definition, n: image count, m: model id. Absent: not stated. */
interface Expected { k: "video" | "image"; s?: number; o?: string; d?: string; n?: number; m?: string }
type Case = [text: string, expected: Expected, clean?: string];

const V = (e: Omit<Expected, "k"> = {}): Expected => ({ k: "video", ...e });
const I = (e: Omit<Expected, "k"> = {}): Expected => ({ k: "image", ...e });

const CASES: Record<Language, Case[]> = {
  en: [
    ["cinematic 4k drone shot of a coastline at sunrise, widescreen, 8 seconds", V({ s: 8, o: "16:9", d: "2160p" }), "cinematic drone shot of a coastline at sunrise"],
    ["a lighthouse in a storm. 4K. Widescreen. 10 sec.", V({ s: 10, o: "16:9", d: "2160p" }), "a lighthouse in a storm."],
    ["portrait", V({ o: "9:16" })],
    ["a cat sleeping on a sofa, landscape", V({ o: "16:9" }), "a cat sleeping on a sofa"],
    ["a square 6 second loop of coffee pouring for instagram", V({ s: 6, o: "1:1" }), "a loop of coffee pouring"],
    // Found by the property test: a quality phrase just before the shape word hid it ("in 4K square").
    ["a red fox walking through fresh snow, in 4K square", V({ o: "1:1", d: "2160p" }), "a red fox walking through fresh snow"],
    ["use my product photo as the first frame and make it spin 360 degrees, 8s vertical", V({ s: 8, o: "9:16" }), "make it spin 360 degrees"],
    ["fast seedance version of a dog running on the beach", V({ m: "doubao-seedance-2-fast" }), "a dog running on the beach"],
    ["gimme a tiktok of a cat dancing", V({ o: "9:16" }), "a cat dancing"],
    ["can you please make me a 10 second video of a red fox in the snow, thanks", V({ s: 10 }), "a video of a red fox in the snow"],
    ["ultra-wide shot of a desert highway at dusk, 12 seconds", V({ s: 12, o: "21:9" })],
    ["a photorealistic portrait photo of an old fisherman", I()],
    ["3 pictures of a cozy cabin in the snow, square", I({ n: 3, o: "1:1" }), "pictures of a cozy cabin in the snow"],
    ["a 15s youtube intro with neon lights, in full hd", V({ s: 15, o: "16:9", d: "1080p" }), "an intro with neon lights"],
    ["shorts video: a chef flipping pancakes, 1080p", V({ o: "9:16", d: "1080p" }), "a chef flipping pancakes"],
    ["sora 2 pro, 12 seconds, a paper plane over a city", V({ s: 12, m: "sora-2-pro" }), "a paper plane over a city"],
    ["veo, the fast one: a hummingbird drinking nectar", V({ m: "veo-3.1-fast-exp" }), "a hummingbird drinking nectar"],
    ["a reel of my bakery, landscape please", V({ o: "16:9" }), "my bakery"],
    ["bring this photo to life, gentle wind in her hair", V(), "gentle wind in her hair"],
    ["hey, I want a 20 second vertical ad for my sneakers in HD", V({ s: 20, o: "9:16", d: "720p" }), "an ad for my sneakers"],
    ["a picture of a sunflower field in 2k", I({ d: "1440p" }), "a picture of a sunflower field"],
    ["highest resolution video of northern lights, 10s", V({ s: 10, d: "best" }), "video of northern lights"],
    ["a high quality 10 second clip of a waterfall in a jungle", V({ s: 10, d: "best" }), "a clip of a waterfall in a jungle"],
    ["2 images of a vintage car, portrait orientation", I({ n: 2, o: "9:16" })],
  ],
  "zh-CN": [
    ["用即梦做一个10秒的竖屏视频，一只熊猫在吃竹子", V({ s: 10, o: "9:16", m: "jimeng-video-3.0" }), "视频，一只熊猫在吃竹子"],
    ["生成3张猫的图片", I({ n: 3 }), "猫的图片"],
    ["把这张图做成视频，5秒，竖屏", V({ s: 5, o: "9:16" })],
    ["帮我做一个抖音视频，一个女孩在跳舞", V({ o: "9:16" }), "视频，一个女孩在跳舞"],
    ["4K画质，横屏，一段海浪拍打礁石的视频，15秒", V({ s: 15, o: "16:9", d: "2160p" }), "一段海浪拍打礁石的视频"],
    ["超清 竖屏 8秒 城市夜景延时摄影", V({ s: 8, o: "9:16", d: "1080p" }), "城市夜景延时摄影"],
    ["正方形的图片，一杯拿铁咖啡", I({ o: "1:1" })],
    ["让这张照片动起来，头发随风飘动", V(), "头发随风飘动"],
    ["即梦专业版，10秒，宽屏，雪山日出", V({ s: 10, o: "16:9", m: "jimeng-video-3.0-pro" }), "雪山日出"],
    ["B站横屏视频，讲解咖啡的制作过程，一分钟", V({ s: 60, o: "16:9" })],
    ["请给我生成两张海报，赛博朋克风格的城市", I({ n: 2 })],
    ["高画质竖屏视频，8秒，樱花飘落", V({ s: 8, o: "9:16", d: "best" })],
  ],
  es: [
    ["anima esta foto: 5 segundos, vertical", V({ s: 5, o: "9:16" })],
    ["estilo cinematográfico, un dron sobre montañas, 10 segundos, horizontal", V({ s: 10, o: "16:9" }), "estilo cinematográfico, un dron sobre montañas"],
    ["hazme un video de 8 segundos de un perro surfeando, vertical", V({ s: 8, o: "9:16" }), "un video de un perro surfeando"],
    ["quiero 3 imágenes de una cafetería acogedora", I({ n: 3 })],
    ["un video en 4K de una cascada, formato cuadrado", V({ o: "1:1", d: "2160p" })],
    ["para tiktok: una chica bailando en la playa", V({ o: "9:16" }), "una chica bailando en la playa"],
    ["seedance versión rápida, un gato en la luna", V({ m: "doubao-seedance-2-fast" })],
    ["una foto de un reloj plateado sobre mármol", I()],
    ["dale vida a esta imagen, que las olas se muevan", V(), "que las olas se muevan"],
    ["un anuncio de 15 segundos en alta definición para youtube", V({ s: 15, o: "16:9", d: "720p" }), "un anuncio"],
    ["por favor, crea un video panorámico de una ciudad de noche", V({ o: "16:9" }), "un video de una ciudad de noche"],
  ],
  "pt-BR": [
    ["anima essa foto, 6 segundos, vertical", V({ s: 6, o: "9:16" })],
    ["um vídeo de 10 segundos de um gato surfando, horizontal", V({ s: 10, o: "16:9" }), "um vídeo de um gato surfando"],
    ["faz um vídeo pro tiktok de uma menina dançando", V({ o: "9:16" }), "um vídeo de uma menina dançando"],
    ["quero 2 imagens de um relógio prateado, formato quadrado", I({ n: 2, o: "1:1" })],
    ["vídeo em 4K de uma cachoeira, 8 segundos", V({ s: 8, d: "2160p" })],
    ["estilo fotografia de comida, um hambúrguer suculento, vertical", V({ o: "9:16" })],
    ["uma foto de um carro vermelho na chuva", I()],
    ["dar vida a esta imagem, folhas caindo", V(), "folhas caindo"],
    ["seedance rápido, 5 segundos, praia ao pôr do sol", V({ s: 5, m: "doubao-seedance-2-fast" }), "praia ao pôr do sol"],
    ["um anúncio de meio minuto em full hd", V({ s: 30, d: "1080p" })],
    ["por favor, cria um vídeo de um dragão voando", V(), "um vídeo de um dragão voando"],
  ],
  ru: [
    ["сделай ролик, 10 секунд: кот на крыше", V({ s: 10 }), "ролик, кот на крыше"],
    ["в 4К видео заката над морем", V({ d: "2160p" }), "видео заката над морем"],
    ["вертикальное видео на 15 секунд, девушка танцует на пляже", V({ s: 15, o: "9:16" })],
    ["оживи это фото, 5 секунд", V({ s: 5 })],
    ["три картинки с котом в космосе, квадратные", I({ n: 3, o: "1:1" })],
    ["горизонтальный ролик для ютуба, 20 секунд, город ночью", V({ s: 20, o: "16:9" }), "ролик, город ночью"],
    ["фото серебряных часов на мраморе", I()],
    ["сора про, 12 секунд, бумажный самолётик над городом", V({ s: 12 })],
    ["для тиктока: собака на скейтборде", V({ o: "9:16" })],
    ["пожалуйста, сделай видео с дрона над горами, 1080p", V({ d: "1080p" }), "видео с дрона над горами"],
    ["полминуты, широкоформатное видео океана", V({ s: 30, o: "16:9" })],
  ],
  ja: [
    ["縦長の動画、10秒、猫がサーフィンしている", V({ s: 10, o: "9:16" })],
    ["この写真を動かして、5秒", V({ s: 5 })],
    ["横長 4K 15秒 富士山の日の出", V({ s: 15, o: "16:9", d: "2160p" }), "富士山の日の出"],
    ["画像を3枚、カフェの風景", I({ n: 3 }), "画像、カフェの風景"],
    ["正方形の画像、ラテアート", I({ o: "1:1" })],
    ["ティックトック用の動画、ダンスする女の子", V({ o: "9:16" }), "動画、ダンスする女の子"],
    ["フルHDで横向きの動画、夜の東京", V({ o: "16:9", d: "1080p" })],
    ["猫の動画を作ってください", V(), "猫の動画"],
    ["8秒の縦型動画、雨の街", V({ s: 8, o: "9:16" })],
    ["ポスターを2枚、レトロな喫茶店", I({ n: 2 })],
    ["ユーチューブ用の動画、料理の手順、1分", V({ s: 60, o: "16:9" })],
  ],
  ko: [
    ["세로 영상 10초, 해변에서 춤추는 소녀", V({ s: 10, o: "9:16" })],
    ["이 사진을 움직이게 해줘, 5초", V({ s: 5 })],
    ["가로 4K 영상, 15초, 서울 야경", V({ s: 15, o: "16:9", d: "2160p" })],
    ["이미지 3장, 아늑한 카페", I({ n: 3 })],
    ["정사각형 이미지, 라떼 아트", I({ o: "1:1" })],
    ["틱톡용 영상, 고양이가 피아노를 친다", V({ o: "9:16" }), "영상, 고양이가 피아노를 친다"],
    ["풀HD 가로 영상, 눈 내리는 산", V({ o: "16:9", d: "1080p" })],
    ["8초짜리 세로 영상, 비 오는 거리", V({ s: 8, o: "9:16" }), "영상, 비 오는 거리"],
    ["유튜브 영상, 요리 과정, 1분", V({ s: 60, o: "16:9" })],
    ["강아지 영상 만들어줘", V(), "강아지 영상"],
    ["포스터 2장, 레트로 카페", I({ n: 2 })],
  ],
  id: [
    ["video vertikal 10 detik, kucing berselancar", V({ s: 10, o: "9:16" })],
    ["animasikan foto ini, 5 detik", V({ s: 5 })],
    ["buatkan 3 gambar kopi di kafe", I({ n: 3 }), "gambar kopi di kafe"],
    ["video 4K horizontal, air terjun, 8 detik", V({ s: 8, o: "16:9", d: "2160p" })],
    ["gambar persegi, jam tangan perak", I({ o: "1:1" })],
    ["untuk tiktok: gadis menari di pantai", V({ o: "9:16" }), "gadis menari di pantai"],
    ["tolong bikin video naga terbang, 15 detik", V({ s: 15 }), "video naga terbang"],
    ["foto mobil merah di bawah hujan", I()],
    ["seedance versi cepat, kucing di bulan", V({ m: "doubao-seedance-2-fast" }), "kucing di bulan"],
    ["iklan setengah menit dalam full hd, layar lebar", V({ s: 30, o: "16:9", d: "1080p" })],
    ["video 12 detik pakai sora, kota di malam hari", V({ s: 12, m: "sora-2" })],
  ],
  vi: [
    ["video dọc 10 giây, con mèo lướt sóng", V({ s: 10, o: "9:16" })],
    ["làm cho bức ảnh này chuyển động, 5 giây", V({ s: 5 })],
    ["video 4K ngang, thác nước, 8 giây", V({ s: 8, o: "16:9", d: "2160p" })],
    ["3 ảnh quán cà phê ấm cúng", I({ n: 3 })],
    ["ảnh vuông, đồng hồ bạc", I({ o: "1:1" })],
    ["cho tiktok: cô gái nhảy trên bãi biển", V({ o: "9:16" })],
    ["làm cho tôi một video con rồng bay, 15 giây", V({ s: 15 }), "video con rồng bay"],
    ["video full hd về hoàng hôn, nửa phút", V({ s: 30, d: "1080p" })],
    ["video 12 giây với sora, thành phố về đêm", V({ s: 12, m: "sora-2" })],
    ["ảnh chiếc xe đỏ dưới mưa", I()],
    ["quảng cáo 20 giây khung dọc cho quán cà phê", V({ s: 20, o: "9:16" }), "quảng cáo cho quán cà phê"],
  ],
  tr: [
    ["dikey 10 saniyelik video, sörf yapan kedi", V({ s: 10, o: "9:16" })],
    ["bu fotoğrafı canlandır, 5 saniye", V({ s: 5 })],
    ["4K yatay video, şelale, 8 saniye", V({ s: 8, o: "16:9", d: "2160p" })],
    ["3 görsel, rahat bir kafe", I({ n: 3 })],
    ["kare görsel, gümüş saat", I({ o: "1:1" })],
    ["tiktok için: sahilde dans eden kız", V({ o: "9:16" }), "sahilde dans eden kız"],
    ["ejderha uçan video yap lütfen, 15 saniye", V({ s: 15 }), "ejderha uçan video"],
    ["full hd video, gün batımı, yarım dakika", V({ s: 30, d: "1080p" })],
    ["sora ile 12 saniyelik video, gece şehir", V({ s: 12, m: "sora-2" })],
    ["yağmurda kırmızı araba fotoğrafı", I()],
    ["seedance hızlı versiyon, ayda bir kedi", V({ m: "doubao-seedance-2-fast" }), "ayda bir kedi"],
  ],
  ar: [
    ["فيديو عمودي مدته 10 ثوان لقطة تركب الأمواج", V({ s: 10, o: "9:16" })],
    ["حرك هذه الصورة، 5 ثوان", V({ s: 5 })],
    ["فيديو أفقي بدقة 4K لشلال، 8 ثوان", V({ s: 8, o: "16:9", d: "2160p" }), "فيديو لشلال"],
    ["3 صور لمقهى دافئ", I({ n: 3 })],
    ["صورة مربعة لساعة فضية", I({ o: "1:1" })],
    ["لتيك توك: فتاة ترقص على الشاطئ", V({ o: "9:16" }), "فتاة ترقص على الشاطئ"],
    ["اصنع لي فيديو تنين يطير، 15 ثانية", V({ s: 15 })],
    ["فيديو فل اتش دي للغروب، نصف دقيقة", V({ s: 30, d: "1080p" })],
    ["فيديو 12 ثانية باستخدام سورا، مدينة ليلا", V({ s: 12 })],
    ["صورة سيارة حمراء تحت المطر", I()],
    ["إعلان مدته 20 ثانية لليوتيوب", V({ s: 20, o: "16:9" })],
  ],
  hi: [
    ["एक बिल्ली का 10 सेकंड का वीडियो", V({ s: 10 }), "एक बिल्ली का वीडियो"],
    ["इस फोटो को एनिमेट करो, 5 सेकंड", V({ s: 5 })],
    ["4K वर्टिकल वीडियो, झरना, 8 सेकंड", V({ s: 8, o: "9:16", d: "2160p" })],
    ["3 तस्वीरें, आरामदायक कैफे", I({ n: 3 })],
    ["चौकोर फोटो, चांदी की घड़ी", I({ o: "1:1" })],
    ["टिकटॉक के लिए: समुद्र तट पर नाचती लड़की", V({ o: "9:16" }), "समुद्र तट पर नाचती लड़की"],
    ["उड़ते ड्रैगन का वीडियो बनाओ, 15 सेकंड", V({ s: 15 }), "उड़ते ड्रैगन का वीडियो"],
    ["आधा मिनट का लैंडस्केप वीडियो, सूर्यास्त", V({ s: 30, o: "16:9" })],
    ["यूट्यूब के लिए 20 सेकंड का विज्ञापन", V({ s: 20, o: "16:9" })],
    ["बारिश में लाल कार की फोटो", I()],
    ["वाइडस्क्रीन वीडियो, पहाड़ों पर बर्फ, 12 सेकंड", V({ s: 12, o: "16:9" })],
  ],
  de: [
    ["ein 10 Sekunden Video im Hochformat von einer Katze beim Surfen", V({ s: 10, o: "9:16" })],
    ["animiere dieses Foto, 5 Sekunden", V({ s: 5 })],
    ["4K Video im Querformat, Wasserfall, 8 Sekunden", V({ s: 8, o: "16:9", d: "2160p" })],
    ["3 Bilder von einem gemütlichen Café", I({ n: 3 })],
    ["quadratisches Bild einer silbernen Uhr", I({ o: "1:1" })],
    ["für TikTok: ein Mädchen tanzt am Strand", V({ o: "9:16" }), "ein Mädchen tanzt am Strand"],
    ["kannst du mir ein Video von einem fliegenden Drachen machen, 15 Sekunden", V({ s: 15 }), "ein Video von einem fliegenden Drachen"],
    ["Full HD Video vom Sonnenuntergang, eine halbe Minute", V({ s: 30, d: "1080p" })],
    ["12 Sekunden mit Sora, eine Stadt bei Nacht", V({ s: 12, m: "sora-2" })],
    ["ein Foto von einem roten Auto im Regen", I()],
    ["Seedance schnelle Version, eine Katze auf dem Mond", V({ m: "doubao-seedance-2-fast" }), "eine Katze auf dem Mond"],
  ],
  fr: [
    ["une vidéo verticale de 10 secondes d'un chat qui surfe", V({ s: 10, o: "9:16" })],
    ["anime cette photo, 5 secondes", V({ s: 5 })],
    ["vidéo 4K horizontale, une cascade, 8 secondes", V({ s: 8, o: "16:9", d: "2160p" })],
    ["3 images d'un café cosy", I({ n: 3 })],
    ["image carrée d'une montre argentée", I({ o: "1:1" })],
    ["pour tiktok : une fille qui danse sur la plage", V({ o: "9:16" }), "une fille qui danse sur la plage"],
    ["fais-moi une vidéo d'un dragon qui vole, 15 secondes", V({ s: 15 }), "une vidéo d'un dragon qui vole"],
    ["vidéo en full hd d'un coucher de soleil, une demi-minute", V({ s: 30, d: "1080p" })],
    ["12 secondes avec sora, une ville la nuit", V({ s: 12, m: "sora-2" }), "une ville la nuit"],
    ["une photo d'une voiture rouge sous la pluie", I()],
    ["seedance version rapide, un chat sur la lune", V({ m: "doubao-seedance-2-fast" }), "un chat sur la lune"],
  ],
  fa: [
    ["یه ویدیو ۲۰ ثانیه‌ای عمودی برای تبلیغ ماچا بساز، با نور گرم صبح", V({ s: 20, o: "9:16" }), "یه ویدیو برای تبلیغ ماچا بساز، با نور گرم صبح"],
    ["کلیپ افقی ۸ ثانیه از موج‌های دریا موقع غروب", V({ s: 8, o: "16:9" }), "کلیپ از موج‌های دریا موقع غروب"],
    ["یک عکس محصول از ساعت نقره‌ای، کیفیت 4K", I({ d: "2160p" })],
    ["ویدیو ۱۵ ثانیه‌ای برای تیک‌تاک، یه گربه که داره می‌رقصه", V({ s: 15, o: "9:16" }), "ویدیو، یه گربه که داره می‌رقصه"],
    ["سه تا عکس پوستر برای کنسرت با سبک کارتونی", I({ n: 3 }), "عکس پوستر برای کنسرت با سبک کارتونی"],
    ["این عکس رو متحرک کن، بخار از فنجان بلند بشه", V(), "بخار از فنجان بلند بشه"],
    ["یه تیزر تبلیغاتی برای برند لباسم، ۳۰ ثانیه", V({ s: 30 })],
    ["عمودی نه، افقی برای یوتیوب", V({ o: "16:9" })],
    ["والپیپر موبایل از کهکشان، عمودی", I({ o: "9:16" }), "والپیپر موبایل از کهکشان"],
    ["فرمت ۱:۱ برای پست اینستاگرام", V({ o: "1:1" })],
    ["يه ويديو ده ثانيه اي مربع از يك گربه", V({ s: 10, o: "1:1" }), "يه ويديو از يك گربه"],
    ["یه ویدیو فول اچ‌دی از کوه دماوند، یک دقیقه", V({ s: 60, d: "1080p" }), "یه ویدیو از کوه دماوند"],
  ],
  uk: [
    ["Зроби вертикальне відео на 20 секунд: реклама мого матча, затишне ранкове світло", V({ s: 20, o: "9:16" }), "відео: реклама мого матча, затишне ранкове світло"],
    ["горизонтальний ролик 8 секунд, хвилі на заході сонця", V({ s: 8, o: "16:9" }), "ролик, хвилі на заході сонця"],
    ["предметне фото срібного годинника, 4K", I({ d: "2160p" })],
    ["Хочу рілс для кав'ярні, 15 секунд", V({ s: 15, o: "9:16" })],
    ["Три картинки з котом у стилі аніме", I({ n: 3 }), "картинки з котом у стилі аніме"],
    ["оживи це фото: пара піднімається над чашкою", V(), "пара піднімається над чашкою"],
    ["Потрібна реклама для мого бренду одягу, півхвилини", V({ s: 30 })],
    ["не вертикальне, а горизонтальне для ютуба", V({ o: "16:9" })],
    ["дві обкладинки для подкасту", I({ n: 2 })],
    ["Ролик хвилину, захід сонця над Дніпром", V({ s: 60 })],
    ["п’ять секунд, квадратне відео", V({ s: 5, o: "1:1" })],
    ["відео у фул хд, двадцять секунд", V({ s: 20, d: "1080p" })],
  ],
  uz: [
    ["Matcham uchun 20 soniyali vertikal reklama video qilib bering, iliq ertalabki yorug'lik", V({ s: 20, o: "9:16" })],
    ["quyosh botayotganda dengiz to'lqinlari, 8 soniyali gorizontal klip", V({ s: 8, o: "16:9" }), "quyosh botayotganda dengiz to'lqinlari, klip"],
    ["kumush soatning mahsulot surati kerak, 4K", I({ d: "2160p" })],
    ["Kafem uchun reels tayyorlab bering, 15 soniya", V({ s: 15, o: "9:16" })],
    ["3 ta rasm: anime uslubida mushuk", I({ n: 3 }), "rasm: anime uslubida mushuk"],
    ["shu rasmni jonlantiring, piyoladan bug' ko'tarilsin", V(), "piyoladan bug' ko'tarilsin"],
    ["kiyim brendim uchun reklama, yarim daqiqa", V({ s: 30 })],
    ["vertikal emas, YouTube uchun gorizontal", V({ o: "16:9" })],
    ["podkastim uchun ikkita muqova", I({ n: 2 })],
    ["bir daqiqalik rolik, Chorvoq suv ombori", V({ s: 60 }), "rolik, Chorvoq suv ombori"],
    ["to'rt soniyali kvadrat video", V({ s: 4, o: "1:1" })],
    ["oʻn soniya, full hd video", V({ s: 10, d: "1080p" })],
  ],
  it: [
    ["Fammi uno spot verticale di 20 secondi per il mio matcha, luce calda del mattino", V({ s: 20, o: "9:16" }), "uno spot per il mio matcha, luce calda del mattino"],
    ["clip orizzontale di 8 secondi con le onde al tramonto", V({ s: 8, o: "16:9" }), "clip con le onde al tramonto"],
    ["foto prodotto di un orologio d'argento, 4K", I({ d: "2160p" })],
    ["Vorrei un reel per la mia pizzeria, 15 secondi", V({ s: 15, o: "9:16" })],
    ["tre immagini di un gatto in stile anime", I({ n: 3 }), "immagini di un gatto in stile anime"],
    ["anima questa foto: vapore che sale dalla tazzina", V(), "vapore che sale dalla tazzina"],
    ["pubblicità per il mio brand di abbigliamento, mezzo minuto", V({ s: 30 })],
    ["non verticale, orizzontale per YouTube", V({ o: "16:9" })],
    ["due copertine per il mio podcast", I({ n: 2 })],
    ["un video di un minuto, tramonto sul lago di Como", V({ s: 60 }), "un video, tramonto sul lago di Como"],
    ["un video quadrato di dieci secondi in full hd", V({ s: 10, o: "1:1", d: "1080p" }), "un video"],
  ],
  pl: [
    ["Zrób 20-sekundową pionową reklamę mojej matchy, ciepłe poranne światło", V({ s: 20, o: "9:16" }), "reklamę mojej matchy, ciepłe poranne światło"],
    ["poziomy klip 8 sekund, fale o zachodzie słońca", V({ s: 8, o: "16:9" }), "klip, fale o zachodzie słońca"],
    ["zdjęcie produktowe srebrnego zegarka, 4K", I({ d: "2160p" })],
    ["Chcę rolkę dla mojej kawiarni, 15 sekund", V({ s: 15, o: "9:16" }), "dla mojej kawiarni"],
    ["trzy obrazki z kotem w stylu anime", I({ n: 3 }), "obrazki z kotem w stylu anime"],
    ["ożyw to zdjęcie: para unosi się z kubka", V(), "para unosi się z kubka"],
    ["reklama mojej marki odzieżowej, pół minuty", V({ s: 30 })],
    ["nie pionowo, poziomo na YouTube", V({ o: "16:9" })],
    ["dwie okładki do mojego podcastu", I({ n: 2 })],
    ["filmik na minutę, zachód słońca nad Bałtykiem", V({ s: 60 })],
    ["zrob pionowy filmik 15 sekund z psem na plazy", V({ s: 15, o: "9:16" }), "filmik z psem na plazy"],
    ["kwadratowy film, dziesięć sekund, full hd", V({ s: 10, o: "1:1", d: "1080p" })],
  ],
  th: [
    ["ขอโฆษณาแนวตั้ง 20 วินาทีสำหรับมัทฉะของฉัน แสงเช้าอบอุ่น", V({ s: 20, o: "9:16" }), "โฆษณา สำหรับมัทฉะของฉัน แสงเช้าอบอุ่น"],
    ["คลิปแนวนอน 8 วิ คลื่นทะเลตอนพระอาทิตย์ตก", V({ s: 8, o: "16:9" }), "คลิป คลื่นทะเลตอนพระอาทิตย์ตก"],
    ["ภาพสินค้านาฬิกาสีเงิน 4K", I({ d: "2160p" })],
    ["อยากได้รีลส์สำหรับร้านกาแฟ 15 วินาทีค่ะ", V({ s: 15, o: "9:16" }), "สำหรับร้านกาแฟ"],
    ["ขอรูปแมวสไตล์อนิเมะ 3 รูป", I({ n: 3 }), "รูปแมวสไตล์อนิเมะ"],
    ["ทำให้รูปนี้ขยับได้ ไอน้ำลอยขึ้นจากแก้ว", V(), "ไอน้ำลอยขึ้นจากแก้ว"],
    ["โฆษณาแบรนด์เสื้อผ้าของผม ครึ่งนาที", V({ s: 30 })],
    ["ไม่เอาแนวตั้ง เอาแนวนอนสำหรับยูทูบ", V({ o: "16:9" })],
    ["ขอปกพอดแคสต์ 2 แบบ", I({ n: 2 })],
    ["วิดีโอยาวหนึ่งนาที ทะเลภูเก็ตตอนเย็น", V({ s: 60 }), "วิดีโอ ทะเลภูเก็ตตอนเย็น"],
    ["๒๐ วินาที แนวตั้ง", V({ s: 20, o: "9:16" })],
    ["วิดีโอสิบห้าวินาที จัตุรัส ฟูลเอชดี", V({ s: 15, o: "1:1", d: "1080p" }), "วิดีโอ"],
  ],
};

function reading(text: string): Expected {
  const b = parseBrief(text, builtInCatalog);
  const e: Expected = { k: b.kind };
  if (b.seconds !== undefined) e.s = b.seconds;
  if (b.orientation !== undefined) e.o = b.orientation;
  if (b.definition !== undefined) e.d = b.definition;
  if (b.count !== undefined) e.n = b.count;
  if (b.modelId !== undefined) e.m = b.modelId;
  return e;
}

/** The fields in reading order, so the two compare as text. */
function reorder(e: Expected): Expected {
  const out: Expected = { k: e.k };
  for (const key of ["s", "o", "d", "n", "m"] as const) if (e[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = e[key];
  return out;
}

const score = new Map<Language, { right: number; total: number }>();
const failures: string[] = [];

describe("briefs as creators type them, in every language", () => {
  it("covers every language with at least ten briefs, at least 200 in all, 60 with their clean prompt", () => {
    for (const language of LANGUAGES) assert.ok(CASES[language].length >= 10, language);
    const all = Object.values(CASES).flat();
    assert.ok(all.length >= 200, `${all.length} briefs`);
    assert.ok(all.filter((c) => c[2] !== undefined).length >= 60, "clean prompts");
  });

  for (const language of LANGUAGES) {
    it(`reads ${language}`, () => {
      let right = 0;
      for (const [text, expected, clean] of CASES[language]) {
        const got = reading(text);
        const fields = JSON.stringify(got) === JSON.stringify(reorder(expected));
        const prompt = clean === undefined ? undefined : stripSettings(text, builtInCatalog);
        const cleanOk = clean === undefined || prompt === clean;
        if (fields && cleanOk) right++;
        else failures.push(`${language} ${JSON.stringify(text)}: ${fields ? "" : `read ${JSON.stringify(got)} not ${JSON.stringify(expected)} `}${cleanOk ? "" : `prompt ${JSON.stringify(prompt)} not ${JSON.stringify(clean)}`}`);
      }
      score.set(language, { right, total: CASES[language].length });
    });
  }

  after(() => {
    const rows = LANGUAGES.map((l) => {
      const s = score.get(l) ?? { right: 0, total: CASES[l].length };
      return `${l.padEnd(6)} ${String(s.right).padStart(3)}/${String(s.total).padEnd(3)} ${((100 * s.right) / s.total).toFixed(0)}%`;
    });
    console.log(`brief reading score per language:\n${rows.join("\n")}`);
    if (failures.length > 0) console.log(failures.join("\n"));
  });

  it("reads every brief as expected", () => {
    // Runs after the per-language cases (node:test keeps declaration order).
    assert.deepEqual(failures, []);
  });
});
