/** English: the words the brief parser, the intent reader, the structured prompt and the language detector know. */
import type { LanguageLexicon } from "./types.ts";

const NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90,
};

const FORMAT_NOUNS = "(?:mode|orientation|format|video|videos|clip|clips|ratio|aspect|layout|version|screen|shot|image|images)";
/** A list item of its own: after the start or a separator, before a separator or the end ("…, portrait, 8s"). */
const LIST_ITEM = "(?<=^\\s*|[,;:(/|\\n]\\s*)";
const LIST_END = "(?=\\s*(?:[,.;:!?)/|\\n]|$|\\d|and\\b|with\\b|please\\b))";
const TURN_INTO = "(?:make|turn|switch|change|flip|rotate) (?:it |this |that )?(?:to |into )?";

export const en: LanguageLexicon = {
  code: "en",
  brief: {
    boundary: "\\p{Script=Latin}\\p{N}_",
    numberWords: NUMBERS,
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
        "^\\s*portrait(?=\\s*[.!]?\\s*$)", `${LIST_ITEM}portrait${LIST_END}`, "portrait (?:orientation|aspect)",
      ],
      "16:9": [
        "horizontal(?:ly)?", "widescreen", "wide screen", `landscape(?= ${FORMAT_NOUNS})`, "in landscape",
        `${TURN_INTO}landscape`, "^\\s*landscape(?=\\s*[.!]?\\s*$)", `${LIST_ITEM}landscape${LIST_END}`,
        "landscape (?:orientation|aspect)",
      ],
      "1:1": [
        `square(?= ${FORMAT_NOUNS}|[\\s-]*(?:crop|frame|post|posts|canvas|format|loop|gif|ad|banner|thumbnail|\\d))`,
        `${LIST_ITEM}square${LIST_END}`,
        // "a town square", "on the square" are places; elsewhere "square" is the format.
        "(?<!\\b(?:town|times|city|public|village|market|red|the|a|an|on|in|at|main)\\x20)square(?! (?:meters?|feet|foot|miles?|kilometers?))",
      ],
      "21:9": ["ultra[\\s-]?wide(?:[\\s-]?screen)?", "cinemascope", "cinema[\\s-]?scope", "anamorphic widescreen"],
    },
    platforms: {
      "9:16": [
        "tik[\\s-]?tok", "(?:instagram |ig )?reels?(?<!fishing reels?)", "youtube shorts", "(?:for|as|on) shorts",
        "shorts (?:video|format|clip)s?", "instagram stor(?:y|ies)", "snapchat", "(?:yt|youtube) shorts?",
        "(?:instagram|insta|ig|facebook|fb) (?:reels?|stor(?:y|ies))", "whatsapp status",
      ],
      "16:9": ["youtube(?! shorts?)", "yt video"],
      "1:1": ["(?:instagram|insta|ig) (?:feed|post|grid)s?", "instagram(?! (?:reels?|stor(?:y|ies)|feed|post|grid))"],
    },
    definitions: {
      // Beyond any definition a video model offers today: these ask for the best there is.
      "2160p": ["ultra[\\s-]?hd", "uhd", "4k uhd"],
      best: ["(?:highest|max(?:imum)?|best|top|full) (?:resolution|definition)", "high[\\s-]res(?:olution)?", "hi[\\s-]res"],
      "720p": ["(?<!(?:full|ultra|フル|풀)[\\s-]*)hd", "high[\\s-]definition"],
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
      "format", "orientation", "mode", "aspect ratio", "ratio", "resolution", "long", "model", "version", "please",
    ],
    fillers: [
      "yes", "yeah", "ok", "okay", "sure", "please", "make", "it", "this", "that", "change", "switch", "turn",
      "to", "into", "use", "instead", "rather", "and", "but", "actually", "the", "a", "an", "video", "videos",
      "clip", "image", "images", "version", "one", "can", "could", "would", "you", "i", "want", "need", "let's",
      "lets", "now", "also", "then", "just", "same", "with", "so", "go", "do", "be", "is", "should", "in", "as",
      "of", "for", "more", "bit", "little",
    ],
    animate: [
      "animate(?: (?:this|that|my|the|these|attached|uploaded)(?: [\\p{L}-]+)?? (?:photo|picture|pic|image|still|drawing|shot|selfie|portrait)s?)?",
      "(?:use|take|with|using) (?:this|that|my|the|attached|uploaded)(?: [\\p{L}-]+){0,2}? (?:photo|picture|pic|image|still|shot|selfie) as (?:the )?(?:first|starting|opening|start) (?:frame|shot|image)",
      "(?:as|for) (?:the )?(?:first|starting|opening|start) frame", "first[\\s-]frame",
      "bring (?:it|this|that|them|her|him|my [\\p{L}-]+|the [\\p{L}-]+|this [\\p{L}-]+) to life",
      "(?:make|let) (?:this|that|my|the) (?:photo|picture|pic|image|still|drawing|selfie) (?:move|come alive|come to life)",
      "(?:turn|make|convert) (?:this|that|my|the) (?:photo|picture|pic|image|still|drawing|selfie) into (?:a |an )?(?:video|clip|animation)",
      "image[\\s-]to[\\s-]video", "photo[\\s-]to[\\s-]video", "img2vid", "i2v",
    ],
    requests: [
      "(?:hey|hi|hello|yo|ok|okay|so|umm+|uhh*|hmm+|well|alright)(?: there| bot)?", "(?:and|also|then|of)",
      "(?:can|could|would|will) you(?: please| pls| plz| kindly)?(?: (?:make|create|generate|do|give|render|produce|show|draw|build|shoot|film)(?: me| us)?)?",
      "(?:please |pls |plz |kindly )?(?:make|create|generate|render|produce|draw|design|shoot|film)(?: me| us)?(?= (?:a|an|the|some|one|\\d)|\\s*[-–—,.:;\\n]|\\s*$)",
      "(?:i|we) (?:want|need|would like|'d like|wanna|would love)(?: to (?:see|get|have|make|create|generate|render))?",
      "(?:i'd|i would|we'd) (?:like|love)(?: to (?:see|get|have|make|create))?", "(?:i'm|i am) looking for", "looking for",
      "(?:give|get|show|send|make|build) (?:me|us)", "gimme", "lemme (?:see|get|have)", "let me (?:see|get|have)",
      "let's (?:make|do|create|generate|try|get)", "lets (?:make|do|create|generate|try|get)", "how about", "what about",
      "(?:do|make) (?:a|an)(?= (?:video|clip|image|picture|photo|reel|short|tiktok|ad))",
    ],
    requestEnds: ["for me", "for us", "thanks", "thank you", "thx", "ty", "if you can", "if possible"],
    politeness: ["please", "pls", "plz", "kindly"],
    variants: {
      fast: ["fast", "quick", "speedy", "faster"],
      pro: ["pro", "professional"],
      lite: ["lite", "light"],
      quality: ["quality", "hq"],
      turbo: ["turbo"],
    },
    sharpness: ["high[\\s-]quality", "highest quality", "best quality", "top quality", "premium quality", "max(?:imum)? quality", "best possible quality"],
  },
  intent: {
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
  prompt: {
    boundary: "\\p{Script=Latin}\\p{N}_",
    camera: [
      "extreme close-?ups?", "close-?ups?", "wide shots?", "wide-angle", "wide angle", "medium shots?", "long shots?",
      "establishing shots?", "aerial(?: shots?| views?)?", "drone (?:shots?|footage)", "tracking shots?",
      "dolly(?: in| out| zoom)?", "(?:slow |quick |smooth |gentle )?zoom(?:s|ing)?(?: in| out)?",
      "(?:slow |smooth |gentle )?pan(?:s|ning)?(?= left| right| across| over| to)(?: left| right| across)?", "panning",
      "(?:slow |smooth |gentle )?orbit(?:s|ing)?", "(?:slow )?(?:push[- ]in|pull[- ]back)", "tilt(?:s|ing)? (?:up|down)",
      "hand-?held", "pov", "point of view", "first-person", "overhead(?: shots?)?", "top-down", "bird'?s[- ]eye(?: view)?",
      "low[- ]angle", "high[- ]angle", "macro", "\\d{2,3}\\s?mm(?! film)", "shallow depth of field", "bokeh",
      "static shot", "locked-off", "slow[- ]motion", "slow-mo", "time-?lapse", "crane shots?", "steadicam", "gimbal",
    ],
    lighting: [
      "golden hour", "blue hour", "sunset", "sunrise", "dusk", "dawn", "twilight", "neon(?: lights?| glow)?",
      "candle-?light", "candlelit", "moonlight", "moonlit", "sunlight", "sunlit", "daylight", "backlight", "backlit",
      "rim light", "lighting",
      "lights?(?! (?:blue|green|pink|purple|yellow|red|orange|brown|gr[ae]y|weight|breeze|rain|snow|touch|meal|snack|jacket|dress|fabric|colou?r|colou?red|years?|speed))",
      "(?:dimly |brightly |softly )?lit",
      "moody", "dreamy", "cozy", "cosy", "epic", "melancholic", "melancholy", "cheerful", "eerie", "nostalgic", "serene",
      "tense", "romantic", "mysterious", "whimsical", "atmospheric",
    ],
    palette: ["colou?r palette", "palette", "colou?r scheme", "colou?r grading", "tones", "colou?rs"],
    style: [
      "anime", "cartoon", "watercolou?r", "oil painting", "pixel art", "3d render", "3d animation", "claymation",
      "stop[- ]motion", "cinematic", "film grain", "\\d{2}\\s?mm film", "vhs", "documentary", "photo-?realistic",
      "hyper-?realistic", "realistic", "minimalist", "flat design", "isometric", "cyberpunk", "vintage", "retro",
      "noir", "comic(?: book)?", "concept art", "illustration", "hand-?drawn", "sketch", "line art", "low[- ]poly",
      "ugc", "\\p{L}{3,}(?: \\p{L}{3,})? (?:style|aesthetic)(?! of)",
    ],
    audio: [
      "music", "soundtrack", "voice-?over", "narration", "sound effects", "sounds", "ambience", "ambient sound",
      "dialogue",
    ],
    constraint: ["no", "without"],
    avoid: ["avoid", "don't show", "do not show", "don't include", "do not include"],
    stopWords: [
      "a", "an", "the", "at", "in", "on", "with", "and", "or", "of", "for", "under", "during", "by", "to", "my",
      "our", "your", "their", "his", "her", "into", "from", "is", "are", "while", "as", "it", "its", "this",
      "that", "some", "has", "have", "add", "want", "need", "like", "make",
    ],
    audioObjects: ["sound", "audio", "music", "voice-?over", "soundtrack", "narration"],
  },
  detection: {
    words: `the a an of and or with without for in on at to from into about it its this that these those my me i you your
    our we he she they her his is are was be been will would could should can can't don't do does did make made
    please more less longer shorter longest use instead want need some any add put turn try again different how much
    what why where which when who cost costs fail failed go ahead yes no not look looks like cute cartoon dog cat
    dancing rain music sound final version background logo end new product sneakers realistic landscape portrait
    square vertical horizontal seconds second minute minutes sunset waves light morning over forest photo picture
    pictures ad cozy drone foggy cinematic orange have has let let's just now then but up out there here girl woman
    man people beach city night day slow motion quick high quality style show me give clip shot shots create generate
    thanks thank cancel stop never mind something bit little change same other another one two three`,
  },
};
