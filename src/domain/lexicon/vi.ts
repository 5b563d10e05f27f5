/** Vietnamese: the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { LATIN } from "./shared.ts";

const NUMBERS: Record<string, number> = {
  hai: 2, ba: 3, bốn: 4, năm: 5, sáu: 6, bảy: 7, tám: 8, chín: 9, mười: 10, "mười lăm": 15, "hai mươi": 20, "ba mươi": 30,
};

export const vi: LanguageLexicon = {
  code: "vi",
  brief: {
    boundary: LATIN,
    numberWords: NUMBERS,
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
    settingBefore: ["dạng", "khung", "kiểu", "bằng", "dùng", "sang", "thành", "cho", "với"],
    settingAfter: ["nhé", "nha", "thôi"],
    fillers: [
      "ừ", "vâng", "được", "ok", "làm", "cho", "tôi", "mình", "chuyển", "sang", "đổi", "thành", "nhé", "nha", "đi", "thôi",
      "dùng", "video", "ảnh", "hơn", "và", "nhưng", "giờ", "muốn", "bản", "lại",
    ],
    animate: ["làm (?:cho )?(?:bức |tấm )?(?:ảnh|hình)(?: này)? (?:chuyển động|động)", "(?:biến|chuyển) (?:bức |tấm )?(?:ảnh|hình)(?: này)? thành video", "(?:làm )?khung hình đầu(?: tiên)?", "tạo chuyển động"],
    requests: ["(?:chào|ừ|ok|vậy)", "(?:hãy|giúp tôi|giúp mình|làm ơn)", "(?:làm|tạo)(?: giúp)?(?: cho)?(?: tôi| mình| em)(?: một| 1)?", "(?:tôi|mình|em) (?:muốn|cần)(?: (?:xem|có|làm|tạo))?(?: một| 1)?"],
    requestEnds: ["nhé", "nha", "với", "giúp tôi", "giúp mình", "cảm ơn", "ạ"],
    politeness: ["làm ơn"],
    variants: {"fast": ["nhanh"], "pro": ["chuyên nghiệp"]},
    sharpness: ["chất lượng cao", "chất lượng tốt nhất"],
  },
  intent: {
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
  prompt: {
    boundary: LATIN,
    camera: ["cận cảnh", "toàn cảnh", "trung cảnh", "góc rộng", "quay từ trên cao", "flycam", "quay bằng drone", "drone", "chuyển động chậm", "quay chậm", "máy quay cầm tay", "zoom(?: vào| ra)?", "lia máy", "tua nhanh thời gian", "time-?lapse", "macro"],
    lighting: ["ánh sáng (?:tự nhiên|dịu|ấm|lạnh|vàng|nến|trăng|neon)", "giờ vàng", "hoàng hôn", "bình minh", "chạng vạng", "đèn neon", "ngược sáng", "ấm cúng", "u buồn", "hùng vĩ", "hoài niệm", "lãng mạn"],
    palette: ["bảng màu", "tông màu \\p{L}+", "màu \\p{L}+"],
    style: ["phong cách \\p{L}+(?: \\p{L}+)?", "kiểu \\p{L}+", "điện ảnh", "chân thực", "siêu thực", "màu nước", "anime", "hoạt hình", "pixel art", "cổ điển", "retro", "tối giản", "tài liệu", "cyberpunk", "3d"],
    audio: ["nhạc(?: \\p{L}+){0,2}", "thuyết minh", "lồng tiếng", "hiệu ứng âm thanh", "âm thanh môi trường"],
    constraint: ["không có"],
    avoid: ["tránh", "đừng cho"],
    stopWords: ["một", "của", "và", "hoặc", "với", "cho", "trong", "trên", "dưới", "là", "tôi"],
    audioObjects: ["âm thanh", "nhạc", "tiếng"],
  },
  detection: {
    words: `làm lam cho tôi toi của cua con mèo meo lúc và với không khong có co nhạc nhac bao nhiêu tiền được duoc đi di dùng
    dung mô hình hinh khác sản phẩm chuyển sang vuông đổi ngang dọc doc sao lại lỗi tạo ảnh anh chiếc đồng hồ bạc thêm
    nền ngắn hơn chút cô gái nhảy trên bãi biển hủy huy thử tranh minh họa rồng bản chất lượng cao dài nữa giây phút
    quảng cáo quán cà phê con lướt sóng hoàng hôn một này đó là thì nhé nha ạ giúp mình muốn cần bạn`,
    letters: [["[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹìòĩũý]", 3], ["ù", 1]],
  },
};
