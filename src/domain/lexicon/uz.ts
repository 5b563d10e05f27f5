/** Uzbek (Latin script): the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { spellings } from "./shared.ts";

/**
 * Uzbek writes oʻ, gʻ and the tutuq belgisi (sunʼiy) with whatever apostrophe the keyboard has: the
 * official ʻ, the typed ', ‘, ’, ` or ʼ. Patterns are written with ʻ and read every one of them.
 */
const typed = spellings({ "ʻ": "ʻ'‘’`ʼ" });
const BOUNDARY = "\\p{Script=Latin}\\p{N}_ʻʼ'‘’`";

const NUMBERS: Record<string, number> = typed.numbers({
  bir: 1, bitta: 1, ikki: 2, ikkita: 2, uch: 3, uchta: 3, "toʻrt": 4, "toʻrtta": 4, besh: 5, beshta: 5, olti: 6,
  oltita: 6, yetti: 7, sakkiz: 8, "toʻqqiz": 9, "oʻn": 10, "oʻnta": 10, yigirma: 20, "oʻttiz": 30, qirq: 40,
  ellik: 50, oltmish: 60,
});

const L = typed.list;

export const uz: LanguageLexicon = {
  code: "uz",
  brief: {
    boundary: BOUNDARY,
    numberWords: NUMBERS,
    // Suffixes attach to the unit: "20 soniyali", "bir daqiqalik".
    units: [["soniya\\p{L}*", 1], ["sekund\\p{L}*", 1], ["daqiqa\\p{L}*", 60], ["minut\\p{L}*", 60]],
    fixedDurations: { "yarim daqiqa": 30, "yarim minut": 30, "bir yarim daqiqa": 90, "bir daqiqa": 60, "bir daqiqalik": 60, "bir minut": 60 },
    imageNouns: ["rasm\\p{L}*", "surat(?!ga)\\p{L}*", "afisha\\p{L}*", "illyustratsiya\\p{L}*", "oboy\\p{L}*", "muqova\\p{L}*", "ikonka\\p{L}*"],
    videoNouns: ["video(?:ni|lar\\p{L}*|si|ga|da|m)", "rolik\\p{L}*", "klip(?:ni|lar\\p{L}*|i)", "animatsiya\\p{L}*", "multfilm\\p{L}*"],
    referenceBefore: L(["bu", "shu", "mana shu", "mening"]),
    styleAfter: L(["uslub\\p{L}*", "stil\\p{L}*", "koʻrinishida"]),
    imageCountNouns: ["ta rasm\\p{L}*", "ta surat\\p{L}*", "rasm\\p{L}*", "surat\\p{L}*", "muqova\\p{L}*", "ta muqova\\p{L}*"],
    variantNouns: ["variant\\p{L}*", "versiya\\p{L}*"],
    orientation: {
      "9:16": L(["vertikal\\p{L}*", "boʻyiga"]),
      "16:9": ["gorizontal\\p{L}*", "yotiq", "eniga", "keng ekran\\p{L}*"],
      "1:1": ["kvadrat\\p{L}*"],
    },
    platforms: { "9:16": ["rils\\p{L}*", "storis\\p{L}*"], "16:9": ["yutub\\p{L}*"] },
    definitions: {},
    speed: {
      fast: ["sinov\\p{L}*", "qoralama\\p{L}*", "tezkor", "tez variant\\p{L}*"],
      quality: ["yakuniy", "yuqori sifat\\p{L}*", "eng yaxshi sifat\\p{L}*", "sifatli"],
    },
    subject: {
      product: L(["mahsulot\\p{L}*", "tovar\\p{L}*", "brend\\p{L}*", "internet[- ]doʻkon\\p{L}*", "onlayn doʻkon\\p{L}*"]),
      people: ["odam\\p{L}*", "inson\\p{L}*", "qiz(?:cha|lar|ni|ning)?", "ayol\\p{L}*", "erkak\\p{L}*", "yigit\\p{L}*", "bola(?:lar|ni|ning)?", "portret\\p{L}*"],
      illustration: ["illyustratsiya\\p{L}*", "multfilm\\p{L}*", "multik\\p{L}*", "akvarel\\p{L}*", "komiks\\p{L}*"],
    },
    ad: L(["reklama\\p{L}*", "eʻlon\\p{L}*"]),
    audio: {
      off: L(["ovozsiz", "musiqasiz", "ovoz kerak emas", "ovoz(?:i)? boʻlmasin"]),
      on: L(["ovoz bilan", "musiqa bilan", "ovozli", "musiqali", "fon musiqa\\p{L}*(?: bilan)?", "musiqa qoʻsh\\p{L}*", "ovoz qoʻsh\\p{L}*"]),
    },
    // Uzbek puts the negation after what it negates: "vertikal emas", "vertikal oʻrniga".
    negations: [],
    negationsAfter: L(["emas", "kerak emas", "kerakmas", "oʻrniga", "boʻlmasin"]),
    settingBefore: ["formatda", "formatli", "format\\p{L}*"],
    // "3 ta rasm": the counter ta goes with its number.
    settingAfter: L(["boʻlsin", "qilib", "iltimos", "ta"]),
    fillers: L([
      "ha", "qil", "qiling", "qilib", "ber", "bering", "qilsang", "boʻlsin", "endi", "va", "lekin", "iltimos", "video",
      "rasm", "xohlayman", "kerak", "format", "yana", "ham", "menga", "shuni", "buni", "uchun",
    ]),
    animate: L(["(?:shu|bu|mening) (?:rasm|surat)(?:ni|im|imni)? jonlantir\\p{L}*", "jonlantir\\p{L}*", "birinchi kadr\\p{L}*"]),
    requests: L(["(?:salom|xoʻsh|ok)", "(?:menga )?(?:iltimos )?(?:qilib bering|tayyorlab bering|yasab bering)"]),
    requestEnds: L(["qilib bering", "qilib ber", "qiling", "tayyorlab bering", "kerak", "rahmat"]),
    politeness: ["iltimos"],
    variants: { fast: ["tez(?:kor)?"], pro: ["professional\\p{L}*"] },
    sharpness: ["yuqori sifat\\p{L}*", "eng yaxshi sifat\\p{L}*"],
  },
  intent: {
    boundary: BOUNDARY,
    confirm: L([
      "ha", "xa", "albatta", "mayli", "xoʻp", "xop", "boʻpti", "bopti", "boʻldi", "ok", "okey", "tasdiqlayman",
      "tasdiqlash", "boshla", "boshlang", "boshlayver", "yarat", "yarating", "qil", "qiling", "ketdik", "zoʻr",
      "ajoyib", "toʻgʻri", "roziman", "shu boʻlsin", "shunisi", "👍", "✅",
    ]),
    cancel: L([
      "bekor qil", "bekor qiling", "bekor", "toʻxtat", "toʻxtating", "kerak emas", "kerakmas", "qoʻy", "qoʻying",
      "qilma", "qilmang", "❌",
    ]),
    fillers: ["iltimos", "rahmat", "endi", "unda", "shunchaki", "hozir", "🙏"],
    cancelFillers: L(["yoʻq", "kechirasiz", "voy", "aslida"]),
  },
  detection: {
    // The detector writes every oʻ and gʻ with ʻ before it reads words.
    words: `qil qiling qilib qilsang ber bering yasab yasa tayyorla tayyorlab kerak emas uchun bilan va yoki menga meni
    mening bu shu ham endi iltimos rahmat yoʻq xoʻp mayli boʻldi boʻlsin soniya soniyali soniyalik daqiqa
    daqiqali daqiqalik rasm rasmi rasmni surat surati videoni rolik vertikal gorizontal kvadrat qancha turadi
    narxi chiroyli quyosh botishi botayotganda dengiz mahsulot mahsulotga reklama qiz bola mushuk ta toʻlqinlari
    kumush soatning kafem tayyorlab uslubida jonlantiring piyoladan bugʻ koʻtarilsin ovozsiz fon musiqasi kiyim
    brendim yarim avval tezkor qoralama keyin yuqori sifatli yakuniy boshlang bekor koʻchalarida velosiped
    haydayotgan kino soqolli erkakning portreti yumshoq yorugʻlik oʻrmondagi tulki haqida animatsiya modelidan
    foydalaning yorqin podkastim ikkita muqova sekin yaqinlashsin oboy tungi osmon videom nega hali
    tayyor zoʻr chiqdi yana bitta faqat rangini oʻzgartiring maydoni tongda suratga olingandek bir suv ombori
    illyustratsiya paxta dalasi matcham iliq ertalabki xohlayman`,
    letters: [["[og][ʻ'‘’`ʼ](?=\\p{L})", 3]],
  },
};
