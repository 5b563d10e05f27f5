/** German: the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { LATIN } from "./shared.ts";

const NUMBERS: Record<string, number> = {
  zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, zwölf: 12, fünfzehn: 15,
  zwanzig: 20, dreißig: 30, vierzig: 40, sechzig: 60,
};

export const de: LanguageLexicon = {
  code: "de",
  brief: {
    boundary: LATIN,
    numberWords: NUMBERS,
    units: [["sekunden\\p{L}*", 1], ["sekündig\\p{L}*", 1], ["sek", 1], ["minuten\\p{L}*", 60], ["minütig\\p{L}*", 60], ["min", 60]],
    fixedDurations: { "eine halbe minute": 30, "halbe minute": 30, "anderthalb minuten": 90, "eineinhalb minuten": 90, "eine minute": 60 },
    imageNouns: ["bild(?:er|ern)?", "fotos?", "plakate?", "illustrationen", "hintergrundbild(?:er)?", "zeichnung(?:en)?", "grafik(?:en)?"],
    videoNouns: ["videoclips?", "animationen", "kurzfilm", "\\p{L}+video(?:s)?"],
    referenceBefore: ["dieses", "diese", "dieser", "diesem", "mein", "meine", "meinem", "das", "dem", "angehängte", "angehängten", "aus"],
    styleAfter: ["stil", "look", "optik"],
    imageCountNouns: ["bilder", "fotos", "poster", "illustrationen", "grafiken"],
    variantNouns: ["varianten", "versionen", "optionen"],
    orientation: {
      "9:16": ["hochkant", "hochformat", "vertikal(?:e|en|er|es)?", "im hochformat"],
      "16:9": ["querformat", "quer", "horizontal(?:e|en|er|es)?", "breitbild"],
      "1:1": ["quadratisch(?:e|en|er|es)?", "quadrat"],
    },
    platforms: { "9:16": ["instagram[\\s-]stor(?:y|ies)"] },
    definitions: {},
    speed: {
      fast: ["vorschau", "test(?:lauf|version)?", "entwurf", "schnelle (?:version|vorschau|variante|probe)", "probelauf", "so schnell wie möglich"],
      quality: ["finale? (?:version|fassung)", "endfassung", "hohe qualität", "höchste qualität", "beste qualität", "top[\\s-]qualität", "hochwertig(?:e|en|er|es)?"],
    },
    subject: {
      product: ["produkt(?:e|en|s)?", "produktvideo", "e-?commerce", "onlineshop", "meine marke", "unsere marke"],
      people: ["person(?:en)?", "menschen", "frau(?:en)?", "mann", "männer", "mädchen", "jungen?", "kinder?", "pärchen", "liebespaar", "porträt von"],
      illustration: ["illustration(?:en)?", "illustriert", "konzeptkunst", "concept art", "anime", "zeichentrick", "cartoon", "comic", "aquarell", "pixel[\\s-]?art", "handgezeichnet"],
    },
    ad: ["werbung", "werbe\\p{L}+", "werbespot", "reklame", "promo(?:video)?", "anzeige"],
    audio: {
      off: ["ohne (?:ton|sound|musik|audio|sprecher)", "stumm", "tonlos", "ton aus"],
      on: ["mit (?:ton|sound|musik|audio|sprecher|voice-?over|erzähler)", "hintergrundmusik", "voice-?over", "soundeffekte", "soundtrack", "erzählstimme"],
    },
    negations: ["nicht", "kein", "keine", "keinen", "ohne", "statt", "anstatt", "lieber nicht"],
    settingBefore: ["im", "in", "als", "mit", "auf", "für"],
    settingAfter: ["format", "lang", "bitte"],
    fillers: [
      "ja", "ok", "okay", "mach", "mache", "machs", "es", "das", "den", "der", "ein", "eine", "bitte", "lieber", "doch",
      "stattdessen", "und", "aber", "jetzt", "nimm", "mit", "im", "in", "als", "video", "bild", "ich", "möchte",
      "hätte", "gern", "gerne", "noch", "mal", "etwas", "format", "daraus",
    ],
    animate: ["animier\\p{L}*(?: (?:dieses|das|mein|meine|dieses) (?:foto|bild))?", "(?:erwecke|erweck) (?:es|das (?:foto|bild)|mein (?:foto|bild)) zum leben", "zum leben erwecken", "(?:als )?(?:erstes|erster|erste) (?:frame|bild|einzelbild)", "(?:lass|lasse) (?:es|das (?:foto|bild)) (?:bewegen|lebendig werden)", "(?:mach|mache) aus (?:dem|diesem|meinem) (?:foto|bild) ein video"],
    requests: ["(?:hallo|hi|hey|also|okay|ok|und)", "(?:kannst|könntest) du(?: mir| uns)?(?: bitte)?", "(?:mach|mache|erstelle|erstell|generiere|erzeuge|zeig|gib)(?: mir| uns)?(?= (?:ein|eine|einen|\\d)|\\s*[-–—,.:;\\n]|\\s*$)", "ich (?:möchte|will|hätte gern|hätte gerne|brauche|wünsche mir)", "wir (?:möchten|wollen|brauchen)"],
    requestEnds: ["(?:machen|erstellen|generieren|erzeugen|zeigen)(?:\\?)?", "danke"],
    politeness: ["bitte"],
    variants: {"fast": ["schnell\\p{L}*"], "pro": ["profi"], "quality": ["qualität"]},
    sharpness: ["hohe qualität", "höchste qualität", "beste qualität", "top[\\s-]qualität"],
  },
  intent: {
    boundary: LATIN,
    confirm: [
      "ja", "jep", "jo", "ok", "okay", "klar", "gut", "sehr gut", "super", "perfekt", "passt", "passt so", "einverstanden",
      "los", "los geht's", "los gehts", "leg los", "mach", "mach es", "mach das", "mach mal", "machen", "starte", "starten",
      "start", "generiere", "generieren", "erstelle", "erstellen", "bestätige", "bestätigen", "bestätigt", "weiter",
      "diese version", "nimm diese version", "genau", "richtig", "gerne", "gern", "alles klar", "in ordnung", "auf jeden fall",
    ],
    cancel: [
      "abbrechen", "brich ab", "abbruch", "stopp", "stop", "halt", "vergiss es", "lass es", "lass mal", "lieber nicht",
      "nein danke", "jetzt nicht", "nicht generieren", "nicht machen", "storniere", "stornieren", "egal",
    ],
    fillers: ["bitte", "danke", "dann", "jetzt", "und", "doch", "einfach", "gleich"],
    cancelFillers: ["nein", "nee", "doch", "ach", "warte", "sorry", "entschuldigung"],
  },
  prompt: {
    boundary: LATIN,
    camera: ["nahaufnahme", "großaufnahme", "totale", "halbtotale", "luftaufnahme", "drohnen(?:aufnahme|flug|shot)\\p{L}*", "kamerafahrt", "zeitlupe", "handkamera", "zoom(?: \\p{L}+)?", "schwenk", "weitwinkel", "zeitraffer", "makro", "vogelperspektive", "froschperspektive"],
    lighting: ["(?:\\p{L}+es |\\p{L}+em )?licht", "goldene stunde", "sonnenuntergang", "sonnenaufgang", "dämmerung", "neon\\p{L}*", "gegenlicht", "kerzenlicht", "mondlicht", "beleuchtung", "gemütlich\\p{L}*", "düster\\p{L}*", "episch\\p{L}*", "verträumt\\p{L}*", "nostalgisch\\p{L}*"],
    palette: ["farbpalette", "farbtöne", "farben"],
    style: ["\\p{L}+-?stil", "im stil (?:von |eines |einer )?\\p{L}+", "filmisch\\p{L}*", "kinoreif\\p{L}*", "cinematic", "realistisch\\p{L}*", "fotorealistisch\\p{L}*", "aquarell", "anime", "zeichentrick", "pixel[\\s-]?art", "vintage", "retro", "minimalistisch\\p{L}*", "dokumentar\\p{L}*", "cyberpunk", "3d"],
    audio: ["\\p{L}*musik", "soundtrack", "erzählstimme", "sprecher", "soundeffekte", "geräusche"],
    constraint: ["ohne", "kein(?:e|en)?"],
    avoid: ["vermeide(?:n)?", "zeig(?:e)? kein(?:e|en)?"],
    stopWords: ["ein", "eine", "einem", "einer", "der", "die", "das", "den", "dem", "im", "in", "mit", "und", "oder", "für", "am", "auf", "von"],
    audioObjects: ["ton", "sound", "musik", "audio"],
  },
  detection: {
    words: `mach mache machen macht es ein eine einer einen einem von vom mit für fur und oder das der die den dem des ist
    bitte etwas länger laenger kürzer kuerzer ohne musik was kostet kosten ja los geht nimm andere anderes anderen
    modell meinem mein meine meinen quadratisch lieber im querformat hochformat hochkant quer warum hat nicht geklappt
    bild bilder silbernen uhr füg füge hinzu hintergrundmusik mädchen tanzt am strand abbrechen nochmal versuchen
    drachen sieht gut aus danke realistischer katze hund beim surfen sonnenuntergang sekunden sekunde minuten werbung
    auf zu ich du wir noch mal mehr weniger schneller erstelle erstell zeig vertikal horizontal abbruch stopp kein keine
    wie viel dauert schön toll gerne sie ihr fertig perfekt`,
    letters: [["[ßä]", 3], ["[öü]", 1]],
  },
};
