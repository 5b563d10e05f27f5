/** French: the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { LATIN } from "./shared.ts";

const NUMBERS: Record<string, number> = {
  deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, douze: 12, quinze: 15,
  vingt: 20, trente: 30, quarante: 40, soixante: 60,
};

export const fr: LanguageLexicon = {
  code: "fr",
  brief: {
    boundary: LATIN,
    numberWords: NUMBERS,
    units: [["secondes?", 1], ["sec", 1], ["minutes?", 60], ["min", 60]],
    fixedDurations: { "une demi-minute": 30, "demi-minute": 30, "une minute et demie": 90, "une minute trente": 90, "une minute": 60 },
    imageNouns: ["affiches?", "fonds? d'écran", "dessins?"],
    videoNouns: ["vidéos?", "court[\\s-]métrage"],
    referenceBefore: ["cette", "ces", "ce", "cet", "ma", "mon", "mes", "la", "le", "de la", "du", "jointe"],
    styleAfter: ["style", "façon", "esprit"],
    imageCountNouns: ["images", "photos", "affiches", "illustrations", "dessins"],
    variantNouns: ["versions", "variantes", "options"],
    orientation: {
      "9:16": ["vertica(?:l|le|les|ux|lement)", "format portrait", "en portrait"],
      "16:9": ["horizonta(?:l|le|les|ux|lement)", "format paysage", "en paysage", "écran large"],
      "1:1": ["carrée?s?", "carre", "format carré"],
    },
    platforms: { "9:16": ["stories instagram"] },
    definitions: { "720p": ["haute définition"] },
    speed: {
      fast: ["aperçu", "brouillon", "ébauche", "essai", "test rapide", "version rapide", "le plus vite possible", "maquette"],
      quality: ["version finale", "haute qualité", "meilleure qualité", "qualité maximale", "qualité pro(?:fessionnelle)?", "définiti(?:f|ve)"],
    },
    subject: {
      product: ["produits?", "e-?commerce", "ma marque", "notre marque", "boutique en ligne", "packshot"],
      people: ["personnes?", "gens", "femmes?", "hommes?", "filles?", "garçons?", "enfants?", "un couple", "portrait d"],
      illustration: ["illustrations?", "illustrée?", "art conceptuel", "anime", "dessin animé", "bande dessinée", "aquarelle", "pixel art", "dessinée? à la main"],
    },
    ad: ["pubs?", "publicités?", "publicitaires?", "réclame", "promo(?:tionnelle)?", "spot publicitaire"],
    audio: {
      off: ["sans (?:son|audio|musique|voix)", "muette?", "silencieu(?:x|se)", "coupe le son"],
      on: ["avec (?:de la |une )?(?:musique|son|audio|voix off|narration)", "musique de fond", "voix off", "narration", "effets sonores", "bande[\\s-]son"],
    },
    negations: ["pas", "pas en", "non", "sans", "au lieu de", "plutôt que"],
    settingBefore: ["en", "de", "au", "avec", "format", "pour"],
    settingAfter: ["format", "s'il te plaît", "s'il vous plaît", "stp", "svp"],
    fillers: [
      "oui", "ok", "fais", "fais-le", "mets", "mets-le", "mets-la", "passe", "passe-la", "le", "la", "l", "en", "au", "un", "une",
      "plutôt", "et", "mais", "maintenant", "utilise", "avec", "de", "plus", "vidéo", "image", "je", "veux", "voudrais",
      "s'il te plaît", "stp", "svp", "encore", "aussi",
    ],
    animate: ["anime (?:cette|ma|la|mon|ce)(?: [\\p{L}-]+)?? (?:photo|image|dessin|selfie)s?", "anim(?:er|ez)(?: (?:cette|ma|la|mon|ce)(?: [\\p{L}-]+)?? (?:photo|image|dessin|selfie)s?)?", "donne(?:-lui)? vie", "donner vie", "(?:comme|en) premi[eè]re image", "premi[eè]re image", "(?:transforme|fais) (?:cette|ma|la) (?:photo|image) en (?:une )?vid[ée]o", "fais(?:-la| la)? bouger"],
    requests: ["(?:salut|bonjour|coucou|alors|bon|ok|et)", "(?:tu peux|vous pouvez|peux-tu|pouvez-vous|est-ce que tu peux|pourrais-tu)(?: me)?(?: (?:faire|cr[ée]er|g[ée]n[ée]rer))?", "(?:fais|faites|cr[ée]e|cr[ée]ez|g[ée]n[èe]re|g[ée]n[ée]rez|donne|montre)(?:-moi|-nous)?(?= (?:un|une|des|\\d)|\\s*[-–—,.:;\\n]|\\s*$)", "(?:je veux|je voudrais|j'aimerais|il me faut|j'ai besoin d'?)"],
    requestEnds: ["merci", "stp", "svp"],
    politeness: ["s'il te pla[iî]t", "s'il vous pla[iî]t", "stp", "svp"],
    variants: {"fast": ["rapide"], "pro": ["professionnel\\p{L}*"], "quality": ["qualité"]},
    sharpness: ["haute qualité", "meilleure qualité", "qualité maximale"],
  },
  intent: {
    boundary: LATIN,
    confirm: [
      "oui", "ouais", "ok", "okay", "d'accord", "dac", "daccord", "parfait", "super", "génial", "genial", "très bien",
      "tres bien", "ça marche", "ca marche", "ça me va", "ca me va", "c'est bon", "c'est parfait", "vas-y", "vas y", "allez",
      "allez-y", "go", "lance", "lance-le", "lance la génération", "lancer", "génère", "genere", "génère-la", "génère-le",
      "crée-la", "crée-le", "fais-le", "fais-la", "commence", "je confirme", "confirme", "confirmé", "valide", "validé",
      "continue", "utilise cette version", "cette version", "exactement", "carrément", "bien sûr",
    ],
    cancel: [
      "annule", "annuler", "annule-le", "annule tout", "annulé", "stop", "arrête", "arrete", "arrête tout", "laisse tomber",
      "oublie", "oublie ça", "non merci", "pas maintenant", "ne génère pas", "ne le fais pas", "tant pis",
    ],
    fillers: ["s'il te plaît", "s'il vous plaît", "stp", "svp", "merci", "alors", "donc", "et", "maintenant", "bon"],
    cancelFillers: ["non", "en fait", "finalement", "attends", "désolé", "pardon"],
  },
  prompt: {
    boundary: LATIN,
    camera: ["gros plan", "très gros plan", "plan (?:large|moyen|séquence|d'ensemble|aérien)", "vue aérienne", "(?:au |en )?drone", "travelling", "ralenti", "caméra (?:à l'épaule|portée|fixe|subjective)", "zoom(?: lent)?", "panoramique", "grand angle", "time-?lapse", "macro"],
    lighting: ["lumière (?:naturelle|douce|chaude|froide|dorée|tamisée|de bougie|néon|du soir)", "heure dorée", "coucher de soleil", "lever de soleil", "crépuscule", "aube", "néons?", "contre-jour", "éclairage \\p{L}+", "ambiance (?:chaleureuse|sombre|mystérieuse|épique|romantique|cosy)", "chaleureu(?:x|se)", "mélancolique", "épique", "nostalgique"],
    palette: ["palette(?: de couleurs)?", "tons \\p{L}+", "couleurs \\p{L}+"],
    style: ["style \\p{L}+", "façon \\p{L}+", "cinématographique", "cinéma", "réaliste", "photoréaliste", "aquarelle", "anime", "dessin animé", "pixel art", "vintage", "rétro", "minimaliste", "documentaire", "cyberpunk", "3d"],
    audio: ["musique(?: \\p{L}+){0,2}", "bande[\\s-]son", "voix off", "narration", "effets sonores", "son d'ambiance"],
    constraint: ["sans"],
    avoid: ["évite(?:r)?", "ne montre pas"],
    stopWords: ["un", "une", "le", "la", "les", "de", "du", "des", "en", "avec", "et", "ou", "pour", "au", "aux", "mon", "ma"],
    audioObjects: ["son", "audio", "musique", "voix"],
  },
  detection: {
    words: `mets mettre le la les en un une des de du d qui que au aux et avec pour sans musique plus moins long longue court
    courte s il te plaît plait vous ça ca coûte coute combien vas y utilise utiliser autre modèle modele fais faire
    mon ma mes produit carré carre passe pourquoi échoué echoue image montre argentée argentee ajoute fond fille danse
    sur plage annule annuler réessaie reessaie rends réaliste realiste chat surfe coucher soleil pub publicité
    secondes seconde minute café est je tu veux voudrais peux oui non encore fois nouvelle nouveau vidéo videos
    vidéos chien photo paysage format vertical horizontal merci parfait c ce cette ça génial super arrête`,
    letters: [["ç", 1], ["[ûœëïî]", 2], ["è", 1], ["ù", 1], ["[àâêô]", 1], ["é", 1]],
  },
};
