/** Polish: the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { LATIN } from "./shared.ts";

// Many Poles type without diacritics ("piec sekund"), so the commonest numbers are there both ways.
const NUMBERS: Record<string, number> = {
  jeden: 1, jedna: 1, jedno: 1, jedną: 1, dwa: 2, dwie: 2, trzy: 3, cztery: 4, pięć: 5, piec: 5, sześć: 6, szesc: 6,
  siedem: 7, osiem: 8, dziewięć: 9, dziewiec: 9, dziesięć: 10, dziesiec: 10, dwanaście: 12, dwanascie: 12,
  piętnaście: 15, pietnascie: 15, dwadzieścia: 20, dwadziescia: 20, trzydzieści: 30, trzydziesci: 30,
  czterdzieści: 40, pięćdziesiąt: 50, sześćdziesiąt: 60,
};

export const pl: LanguageLexicon = {
  code: "pl",
  brief: {
    boundary: LATIN,
    numberWords: NUMBERS,
    // "20-sekundowy", "8-sekundowa": the number, a hyphen and the unit's adjective.
    units: [["sekund\\p{L}*", 1], ["sek", 1], ["minut\\p{L}*", 60], ["min", 60]],
    fixedDurations: { "pół minuty": 30, "pol minuty": 30, "półtorej minuty": 90, "poltorej minuty": 90, "jedną minutę": 60, "minutę": 60, "na minutę": 60 },
    imageNouns: ["obraz(?:y|ów|u|ek|ki|ka|kiem|kami|kach)?", "zdjęci\\p{L}*", "zdjeci\\p{L}*", "fotk\\p{L}*", "grafik\\p{L}*", "plakat\\p{L}*", "ilustracj\\p{L}*", "tapet\\p{L}*", "okładk\\p{L}*", "okladk\\p{L}*", "miniaturk\\p{L}*", "rysun\\p{L}*"],
    videoNouns: ["wideo", "film(?:ik)?\\p{L}*", "klip(?:ie|u|y|ów|em)", "animacj\\p{L}*", "rolk\\p{L}*"],
    referenceBefore: ["to", "ten", "tę", "te", "tego", "tej", "moje", "mój", "moją", "moim", "na podstawie"],
    styleAfter: ["styl\\p{L}*", "w stylu"],
    imageCountNouns: ["obraz(?:y|ów|ki|ków)", "zdjęć", "zdjęcia", "zdjec", "zdjecia", "grafik\\p{L}*", "ilustracj\\p{L}*", "plakat\\p{L}*", "okład(?:ki|ek)", "tapet(?:y)?"],
    variantNouns: ["wariant\\p{L}*", "wersj\\p{L}*", "propozycj\\p{L}*"],
    orientation: {
      "9:16": ["pionow\\p{L}*", "w pionie"],
      "16:9": ["poziom(?:o|y|e|a|ą|ego|ej|ym)", "w poziomie", "panoramiczn\\p{L}*"],
      "1:1": ["kwadrat\\p{L}*"],
      "21:9": ["kinow\\p{L}* format\\p{L}*"],
    },
    platforms: { "9:16": ["tik ?tok(?:a|u|iem)", "rolk(?:a|ę|i|ą|ach)", "relacj(?:a|ę|i) (?:na )?insta(?:gramie)?"], "16:9": ["youtub(?:a|ie)"] },
    definitions: { "720p": ["wysok\\p{L}* rozdzielczoś\\p{L}*"] },
    speed: {
      fast: ["podgląd\\p{L}*", "szkic\\p{L}*", "próbn\\p{L}*", "probn\\p{L}*", "wstępn\\p{L}*", "szybk\\p{L}* wersj\\p{L}*"],
      quality: ["finaln\\p{L}*", "ostateczn\\p{L}*", "najwyższ\\p{L}* jakoś\\p{L}*", "wysok\\p{L}* jakoś\\p{L}*", "najlepsz\\p{L}* jakoś\\p{L}*"],
    },
    subject: {
      product: ["produkt\\p{L}*", "towar\\p{L}*", "moj\\p{L}* mark\\p{L}*", "sklep\\p{L}* internetow\\p{L}*"],
      people: ["osob\\p{L}*", "ludzi\\p{L}*", "ludzie", "dziewczyn\\p{L}*", "kobiet\\p{L}*", "mężczyzn\\p{L}*", "chłopak\\p{L}*", "dzieck\\p{L}*", "dzieci", "portret\\p{L}*"],
      illustration: ["ilustracj\\p{L}*", "kreskówk\\p{L}*", "akwarel\\p{L}*", "komiks\\p{L}*"],
    },
    ad: ["reklam\\p{L}*", "promocj\\p{L}*", "spot(?:u|y|em)"],
    audio: {
      off: ["bez (?:dźwięku|dzwieku|muzyki|głosu|glosu|lektora)", "wyciszon\\p{L}*"],
      on: ["z (?:muzyką|muzyka|dźwiękiem|dzwiekiem|lektorem|głosem)", "muzyk\\p{L}* w tle", "podkład\\p{L}* muzyczn\\p{L}*", "efekt\\p{L}* dźwiękow\\p{L}*"],
    },
    negations: ["nie", "bez", "zamiast"],
    settingBefore: ["w", "na", "z", "ze", "w formacie", "format\\p{L}*", "do"],
    settingAfter: ["proszę", "prosze"],
    fillers: [
      "tak", "zrób", "zrob", "zróbmy", "daj", "ustaw", "zmień", "zmien", "niech", "będzie", "bedzie", "to", "w", "na",
      "i", "a", "ale", "teraz", "lepiej", "proszę", "prosze", "wideo", "film", "obraz", "chcę", "chce", "format",
      "jeszcze", "też", "tez", "z", "mi",
    ],
    animate: ["ożyw(?: (?:to|moje|te))?(?: (?:zdjęcie|zdjecie|obraz|obrazek|fotkę))?", "animuj(?: (?:to|moje))?(?: (?:zdjęcie|zdjecie|obraz))?", "(?:jako )?pierwsz\\p{L}* klatk\\p{L}*", "(?:zamień|zrób z) (?:to|tego|mojego|moje) (?:zdjęci\\p{L}*|obraz\\p{L}*) (?:w |na )?(?:wideo|film\\p{L}*)"],
    requests: ["(?:cześć|czesc|hej|no|ok|okej|i)", "(?:czy )?(?:możesz|mozesz|mógłbyś|moglbys|mogłabyś)(?: mi)?(?: (?:zrobić|zrobic|stworzyć|wygenerować))?", "(?:zrób|zrob|stwórz|stworz|wygeneruj|pokaż|daj)(?: mi| nam)?", "(?:chcę|chce|chciałbym|chciałabym|potrzebuję|potrzebuje)"],
    requestEnds: ["dzięki", "dzieki", "dziękuję"],
    politeness: ["proszę", "prosze"],
    variants: { fast: ["szybk\\p{L}*"], pro: ["profesjonaln\\p{L}*"], quality: ["jakoś\\p{L}*"] },
    sharpness: ["najwyższ\\p{L}* jakoś\\p{L}*", "wysok\\p{L}* jakoś\\p{L}*", "najlepsz\\p{L}* jakoś\\p{L}*"],
  },
  intent: {
    boundary: LATIN,
    confirm: [
      "tak", "ok", "okej", "okey", "oki", "dobra", "dobrze", "jasne", "pewnie", "zgoda", "potwierdzam", "potwierdź",
      "zaczynaj", "zacznij", "startuj", "generuj", "rób", "rob", "zrób to", "zrob to", "dawaj", "jedziemy", "lecimy",
      "leć", "śmiało", "super", "świetnie", "idealnie", "spoko", "git", "pasuje", "może być", "ta wersja", "👍", "✅",
    ],
    cancel: [
      "anuluj", "anulować", "anuluję", "stop", "przestań", "zatrzymaj", "nieważne", "niewazne", "zapomnij", "odpuść",
      "nie rób", "nie rob", "nie trzeba", "rezygnuję", "daj spokój", "❌",
    ],
    fillers: ["proszę", "prosze", "dzięki", "dzieki", "dziękuję", "to", "teraz", "już", "no", "po prostu", "🙏"],
    cancelFillers: ["nie", "sorry", "przepraszam", "czekaj", "jednak"],
  },
  detection: {
    words: `i w z ze na do się sie jest to nie tak że ze ale mi mnie chcę chce zrób zrob zróbcie proszę prosze dzięki dzieki
    sekund sekundy sekundowy sekundową minut minuta minutę pionowy pionowe pionowa pionowo poziomy poziome poziomo
    kwadrat kwadratowy obraz obrazek obrazki zdjęcie zdjecie film filmik wideo grafika jeszcze ile kosztuje anuluj
    dobra okej zachód zachodzie słońca slonca plaża plazy kot kotem pies psem dziewczyna produkt reklama reklamę tło
    światło rano moja mojej mojego mój moje dla niech będzie bedzie trzy dwie pięć dziesięć dziesiec stylu najpierw
    potem szybki szkic wersja wersji wysokiej jakości czemu gotowy zmień zmien tylko kolor nieba jeden użyj żywe
    kolory okładki podcastu kamera powoli tapeta telefon nocne niebo wariantów kawiarni kawiarnia ulicami miękkie
    portret mężczyzny brodą lesie lis zimowym fale poranne ciepłe odzieżowej marki muzyką tle dźwięku ożyw kubka`,
    letters: [["[ąęłńśźżć]", 3], ["ó", 1]],
  },
};
