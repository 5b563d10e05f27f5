/** Italian: the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { LATIN } from "./shared.ts";

// "sei" is six and "you are": it counts only before a unit or a counted noun, as every number word does.
// "un", "uno", "una" are articles far more often than "one" ("una foto"): they are left out.
const NUMBERS: Record<string, number> = {
  due: 2, tre: 3, quattro: 4, cinque: 5, sei: 6, sette: 7, otto: 8, nove: 9, dieci: 10, dodici: 12,
  quindici: 15, venti: 20, venticinque: 25, trenta: 30, quaranta: 40, cinquanta: 50, sessanta: 60,
};

export const it: LanguageLexicon = {
  code: "it",
  brief: {
    boundary: LATIN,
    numberWords: NUMBERS,
    units: [["second[oi]", 1], ["sec", 1], ["minut[oi]", 60], ["min", 60]],
    fixedDurations: { "mezzo minuto": 30, "un minuto e mezzo": 90, "minuto e mezzo": 90, "un minuto": 60 },
    imageNouns: ["immagin[ei]", "locandin[ae]", "illustrazion[ei]", "sfond[oi]", "copertin[ae]", "disegn[oi]", "miniatur[ae]", "ritratt[oi] fotografic[oi]"],
    // Words English shares ("video", "clip", "foto", "poster") are read by the English table.
    videoNouns: ["filmat[oi]", "animazion[ei]", "cortometragg[io]"],
    referenceBefore: ["questa", "questo", "quest'", "la mia", "il mio", "mia", "mio", "dalla", "dal"],
    styleAfter: ["stile", "in stile"],
    imageCountNouns: ["immagini", "foto", "illustrazioni", "locandine", "copertine", "disegni"],
    variantNouns: ["varianti", "versioni", "opzioni"],
    orientation: {
      "9:16": ["vertical[ei]", "in verticale", "formato storia"],
      "16:9": ["orizzontal[ei]", "in orizzontale", "panoramic[oa]"],
      "1:1": ["quadrat[oa]", "formato quadrato"],
      "21:9": ["cinemascope"],
    },
    platforms: { "9:16": ["storie(?: (?:di )?instagram)?"] },
    definitions: { "720p": ["alta definizione"] },
    speed: {
      fast: ["anteprima", "bozza(?: veloce)?", "prova", "versione (?:veloce|rapida)", "provino"],
      quality: ["versione finale", "definitiv[oa]", "massima qualità", "alta qualità", "qualità alta", "miglior qualità"],
    },
    subject: {
      product: ["prodott[oi]", "articol[oi]", "il mio brand", "il mio marchio", "negozio online", "shop online"],
      people: ["person[ae]", "ragazz[aoei]", "donn[ae]", "uomo", "uomini", "bambin[aoei]", "ritratto di", "modell[ao]"],
      illustration: ["illustrazion[ei]", "cartone animato", "cartoni animati", "acquerello", "fumetto", "disegnat[oa] a mano"],
    },
    ad: ["pubblicità", "pubblicitari[oa]", "spot", "promo(?:zional[ei])?"],
    audio: {
      off: ["senza (?:audio|musica|suono|voce|sonoro)", "mut[oa]"],
      on: ["con (?:musica|audio|voce fuori campo|voce|sonoro)", "musica di sottofondo", "colonna sonora", "effetti sonori", "doppiaggio"],
    },
    negations: ["non", "senza", "invece di", "niente"],
    settingBefore: ["in", "di", "da", "con", "formato", "in formato", "per"],
    settingAfter: ["di durata", "per favore"],
    fillers: [
      "sì", "si", "fai", "fallo", "falla", "fammi", "rendilo", "rendila", "mettilo", "mettila", "cambia", "cambialo",
      "il", "lo", "la", "un", "una", "in", "e", "ma", "ora", "adesso", "usa", "con", "di", "più", "video", "immagine",
      "voglio", "vorrei", "formato", "anche", "di nuovo", "per favore", "meglio",
    ],
    animate: ["anima(?:re|la|lo)?(?: (?:questa|questo|la mia|il mio|la|il) (?:foto|immagine|fotografia|disegno))?", "(?:dai|dare) vita a (?:questa|la|questo) (?:foto|immagine)", "(?:come )?primo fotogramma", "(?:trasforma|fai diventare) (?:questa|la mia|la) (?:foto|immagine) in (?:un )?video"],
    requests: ["(?:ciao|ehi|allora|ok|e)", "(?:mi )?(?:puoi|potresti)(?: (?:fare|creare|generare)(?:mi)?)?", "(?:fammi|creami|generami|dammi|mostrami)", "(?:fai|crea|genera)(?= (?:un|una|uno|\\d)|\\s*[-–—,.:;\\n]|\\s*$)", "(?:voglio|vorrei|mi serve|ho bisogno di)(?: (?:vedere|avere|fare|creare))?"],
    requestEnds: ["grazie"],
    politeness: ["per favore", "perfavore", "per piacere"],
    variants: { fast: ["veloce", "rapid[oa]"], pro: ["professionale"], quality: ["qualità"] },
    sharpness: ["alta qualità", "massima qualità", "miglior qualità", "qualità alta"],
  },
  intent: {
    boundary: LATIN,
    confirm: [
      "sì", "si", "certo", "ok", "okay", "va bene", "vabbè", "vabbene", "perfetto", "ottimo", "d'accordo", "daccordo",
      "vai", "vai pure", "andiamo", "procedi", "conferma", "confermo", "confermato", "fallo", "falla", "facciamolo",
      "genera", "generalo", "generala", "crea", "crealo", "inizia", "parti", "partiamo", "va benissimo", "top",
      "perfetto così", "usa questa", "questa versione", "👍", "✅",
    ],
    cancel: [
      "annulla", "annullalo", "annullala", "cancella", "stop", "ferma", "fermati", "fermalo", "lascia stare",
      "lascia perdere", "non importa", "niente", "no grazie", "non farlo", "lascia", "❌",
    ],
    fillers: ["per favore", "perfavore", "grazie", "allora", "ora", "adesso", "pure", "dai", "🙏"],
    cancelFillers: ["no", "anzi", "scusa", "aspetta"],
  },
  detection: {
    words: `il lo gli le un uno una di del della dello dei delle che per con non è ma mi fammi fai fare crea creami voglio
    vorrei puoi può secondi secondo minuto minuti verticale orizzontale quadrato quadrata immagine immagini sì grazie
    perfetto annulla vai bene quanto costa perché ancora altra altro tramonto spiaggia mare gatto cane ragazza
    prodotto pubblicità sfondo luce mattina rendilo rendila fallo falla sono questa questo questi mio mia miei tuo
    musica senza sottofondo poi prima versione veloce qualità alta usa cambia solo colore cielo ritratto uomo barba
    morbida animazione volpe bosco copertine pronto ancora fanne nel nella sulla sul alla al dal dalla strade bici
    atmosfera cinematografica caffetteria varianti lago campo girasoli illustrazione acquerello tazzina vapore sale
    anima colori vivaci telefono stellato lentamente avvicina spot calda orologio argento pizzeria
    dieci due tre cinque mezzo allora adesso ora no`,
    // A grave accent ending a word (sì, così, può, però) is Italian; Vietnamese marks come in numbers.
    letters: [["[ìò](?!\\p{L})", 3], ["[ìò]", 1], ["[àù]", 1], ["è", 1], ["é", 1]],
  },
};
