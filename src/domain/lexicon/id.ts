/** Indonesian: the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { LATIN } from "./shared.ts";

const NUMBERS: Record<string, number> = {
  satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9, sepuluh: 10,
  "lima belas": 15, "dua puluh": 20, "tiga puluh": 30, "enam puluh": 60,
};

export const id: LanguageLexicon = {
  code: "id",
  brief: {
    boundary: LATIN,
    numberWords: NUMBERS,
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
    settingBefore: ["dengan", "pakai", "dalam", "format", "jadi", "menjadi", "ke", "untuk"],
    settingAfter: ["saja", "aja", "ya"],
    fillers: [
      "ya", "iya", "oke", "buat", "bikin", "jadi", "jadikan", "ganti", "ubah", "ke", "dong", "deh", "aja", "saja", "tolong",
      "yang", "lebih", "dan", "tapi", "sekarang", "pakai", "dengan", "video", "gambar", "mau", "format", "lagi",
    ],
    animate: ["animasikan(?: (?:foto|gambar)(?: (?:ini|itu|saya))?)?", "hidupkan(?: (?:foto|gambar)(?: (?:ini|itu|saya))?)?", "(?:jadikan|ubah) (?:foto|gambar)(?: (?:ini|itu|saya))? (?:jadi|menjadi) video", "(?:sebagai )?frame pertama", "buat (?:foto|gambar) ini bergerak"],
    requests: ["(?:halo|hai|oke|jadi|dan)", "(?:tolong|bisa|bisakah|boleh)(?: (?:buatkan|bikinin|bikin|buat))?(?: saya| aku| gue)?", "(?:buatkan|bikinin|bikin|buat)(?: saya| aku| gue)?", "(?:saya|aku|gue) (?:mau|ingin|butuh|pengen)(?: (?:lihat|buat|bikin))?", "mau"],
    requestEnds: ["ya", "dong", "deh", "makasih", "terima kasih"],
    politeness: ["tolong"],
    variants: {"fast": ["cepat"], "pro": ["profesional"]},
    sharpness: ["kualitas tinggi", "kualitas terbaik"],
  },
  intent: {
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
  prompt: {
    boundary: LATIN,
    camera: ["close[\\s-]?up", "wide shot", "tampak atas", "dari drone", "(?:pakai |dengan )?drone", "gerak lambat", "slow[\\s-]?mo(?:tion)?", "kamera genggam", "zoom(?: in| out)?", "panning", "sudut lebar", "time-?lapse", "makro"],
    lighting: ["cahaya (?:alami|lembut|hangat|dingin|keemasan|lilin|bulan|neon)", "golden hour", "matahari terbenam", "matahari terbit", "senja", "fajar", "neon", "pencahayaan \\p{L}+", "suasana \\p{L}+", "hangat", "syahdu", "epik", "nostalgia"],
    palette: ["palet(?: warna)?", "warna \\p{L}+", "nuansa \\p{L}+"],
    style: ["gaya \\p{L}+", "bergaya \\p{L}+", "ala \\p{L}+", "sinematik", "realistis", "fotorealistis", "cat air", "anime", "kartun", "pixel art", "vintage", "retro", "minimalis", "dokumenter", "cyberpunk", "3d"],
    audio: ["musik(?: \\p{L}+){0,2}", "narasi", "sulih suara", "efek suara", "suara latar"],
    constraint: ["tanpa"],
    avoid: ["hindari", "jangan tampilkan"],
    stopWords: ["yang", "di", "ke", "dari", "dan", "atau", "dengan", "untuk", "sebuah", "seorang", "saya"],
    audioObjects: ["suara", "audio", "musik"],
  },
  detection: {
    words: `buat buatkan bikin bikinin jadi jadikan yang dan di ke dari untuk dengan saya aku kamu ini itu tanpa musik lebih
    panjang pendek dong ya saja aja coba lagi lain pakai pake gambar foto kucing berselancar saat matahari terbenam
    iklan detik menit kopi berapa harga harganya lanjut lanjutkan produk persegi ganti kenapa mengapa gagal jam tangan
    perak tambahkan tambah latar seorang gadis menari pantai batalkan batal ilustrasi naga keren mulai sekarang
    realistis tolong bisa mau ingin tegak mendatar kotak vertikal horizontal sudah belum tidak nggak gak sih deh
    kok warna merah bagus terima kasih oke sip model versi`,
  },
};
