/** Spanish: the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { LATIN } from "./shared.ts";

const NUMBERS: Record<string, number> = {
  dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12,
  quince: 15, veinte: 20, treinta: 30, cuarenta: 40, sesenta: 60,
};

export const es: LanguageLexicon = {
  code: "es",
  brief: {
    boundary: LATIN,
    numberWords: NUMBERS,
    units: [["segundos?", 1], ["seg", 1], ["minutos?", 60], ["min", 60]],
    fixedDurations: { "medio minuto": 30, "un minuto y medio": 90, "minuto y medio": 90, "un minuto": 60 },
    imageNouns: ["imagen(?:es)?", "fotos?", "fotografías?", "pósters?", "carteles?", "ilustraciones?(?! de video)", "fondos? de pantalla", "dibujos?", "miniaturas?"],
    // Words English shares ("clip", "video") are read by the English table, with its exceptions.
    videoNouns: ["vídeos?", "animaci[oó]n(?:es)?", "cortometraje"],
    referenceBefore: ["esta", "este", "estas", "estos", "esa", "ese", "mi", "mis", "la", "el", "adjunta", "adjunto", "de la", "del"],
    styleAfter: ["estilo", "tipo"],
    imageCountNouns: ["imágenes", "imagenes", "fotos", "ilustraciones", "pósters", "carteles", "dibujos"],
    variantNouns: ["versiones", "variaciones", "opciones"],
    orientation: {
      "9:16": ["vertical(?:es|mente)?", "en formato vertical", "formato retrato"],
      "16:9": ["horizontal(?:es|mente)?", "apaisad[oa]s?", "panorámic[oa]", "pantalla ancha", "formato paisaje"],
      "1:1": ["cuadrad[oa]s?", "formato cuadrado"],
    },
    platforms: { "9:16": ["historias de instagram"] },
    definitions: { "720p": ["alta definición"] },
    speed: {
      fast: ["vista previa", "prueba(?: rápida)?", "borrador", "boceto", "versión rápida", "lo más rápido posible"],
      quality: ["versión final", "alta calidad", "máxima calidad", "mejor calidad", "calidad profesional", "definitiv[oa]"],
    },
    subject: {
      product: ["productos?", "comercio electrónico", "e-?commerce", "mi marca", "nuestra marca", "mercancía"],
      people: ["personas?", "gente", "mujer(?:es)?", "hombres?", "chicas?", "chicos?", "niñ[oa]s?", "pareja", "retrato de", "modelos? (?:caminando|posando)"],
      illustration: ["ilustraci[oó]n(?:es)?", "ilustrad[oa]", "arte conceptual", "dibujos animados", "caricatura", "acuarela", "arte pixel", "estilo anime", "dibujad[oa] a mano"],
    },
    ad: ["anuncios?", "publicidad", "publicitari[oa]", "comercial(?:es)?", "promo(?:ción|cional)?"],
    audio: {
      off: ["sin (?:sonido|audio|música|musica|voz)", "silencios[oa]", "mudo", "sin banda sonora"],
      on: ["con (?:música|musica|sonido|audio|voz en off|narración)", "música de fondo", "voz en off", "narración", "efectos de sonido", "banda sonora"],
    },
    negations: ["no", "no en", "sin", "en vez de", "en lugar de", "nada de"],
    settingBefore: ["en", "de", "con", "usando", "formato", "para"],
    settingAfter: ["de duración", "de largo", "por favor"],
    fillers: [
      "sí", "si", "vale", "hazlo", "hazla", "haz", "ponlo", "ponla", "pon", "cámbialo", "cámbiala", "cambialo", "cambia",
      "mejor", "por favor", "que", "el", "la", "lo", "un", "una", "en", "a", "y", "pero", "ahora", "usa", "con",
      "de", "para", "más", "mas", "video", "vídeo", "imagen", "quiero", "mejor", "formato", "otra vez", "también",
    ],
    animate: ["anima(?:r|la|lo|las|los)?(?: (?:esta|este|mi|la|el|estas|estos)(?: [\\p{L}-]+)?? (?:foto|imagen|fotograf[ií]a|dibujo|selfie)s?)?", "(?:dale|dar(?:le)?) vida(?: a (?:esta|la|mi|este|el) (?:foto|imagen|fotograf[ií]a|dibujo))?", "cobrar vida", "(?:como|de) (?:primer|primera) (?:fotograma|cuadro|imagen)", "primer fotograma", "(?:convierte|transforma|haz) (?:esta|mi|la) (?:foto|imagen) (?:en|a) (?:un )?v[ií]deo", "haz que (?:se mueva|cobre vida)"],
    requests: ["(?:hola|oye|bueno|vale|venga|ok|y|pues)", "(?:me )?(?:puedes|podr[ií]as|pod[eé]s)(?: (?:hacer|crear|generar)(?:me)?)?", "(?:por favor )?(?:hazme|cr[eé]ame|gen[eé]rame|dame|mu[eé]strame)", "(?:haz|crea|genera)(?= (?:un|una|unos|unas|\\d)|\\s*[-–—,.:;\\n]|\\s*$)", "(?:quiero|quisiera|necesito|me gustar[ií]a)(?: (?:ver|tener|hacer|crear|generar))?", "de"],
    requestEnds: ["gracias", "porfa"],
    politeness: ["por favor", "porfa", "porfis"],
    variants: {"fast": ["r[aá]pid[oa]"], "pro": ["profesional"], "quality": ["calidad"]},
    sharpness: ["alta calidad", "máxima calidad", "mejor calidad"],
  },
  intent: {
    boundary: LATIN,
    confirm: [
      "sí", "si", "claro", "vale", "dale", "ok", "okey", "de acuerdo", "perfecto", "genial", "adelante", "hazlo", "házlo",
      "genera", "generalo", "genéralo", "créalo", "crealo", "empieza", "empezar", "comienza", "confirmo", "confirmar",
      "confirmado", "listo", "va", "vamos", "sigue", "continúa", "continua", "usa esta versión", "usa esta", "esta versión",
      "me gusta", "está bien", "esta bien", "bien", "correcto", "así está bien", "asi esta bien",
    ],
    cancel: [
      "cancela", "cancelar", "cancélalo", "cancelalo", "cancelado", "para", "detente", "déjalo", "dejalo", "olvídalo",
      "olvidalo", "mejor no", "no gracias", "ahora no", "no lo hagas", "no generes", "anula", "anúlalo",
    ],
    fillers: ["por favor", "porfa", "gracias", "ya", "entonces", "pues", "y", "ahora"],
    cancelFillers: ["no", "mejor", "espera", "perdón", "oye"],
  },
  prompt: {
    boundary: LATIN,
    camera: ["primer(?:ísimo)? plano", "plano (?:general|medio|cenital|aéreo|detalle|secuencia)", "toma aérea", "vista aérea", "(?:con )?dron", "travelling", "cámara lenta", "c[aá]mara en mano", "zoom(?: lento)?", "paneo", "c[aá]mara (?:subjetiva|fija|lenta)", "gran angular", "time-?lapse", "macro"],
    lighting: ["luz (?:natural|suave|cálida|fría|dorada|tenue|de velas|de neón|de luna|del atardecer)", "hora dorada", "atardecer", "amanecer", "anochecer", "neón", "contraluz", "iluminación \\p{L}+", "ambiente (?:acogedor|oscuro|misterioso|épico|romántico|alegre)", "acogedor[ae]?", "melancólic[oa]", "épic[oa]", "nostálgic[oa]"],
    palette: ["paleta(?: de colores)?", "tonos \\p{L}+", "colores \\p{L}+"],
    style: ["estilo \\p{L}+(?: de \\p{L}+)?", "cinematográfic[oa]", "realista", "fotorrealista", "acuarela", "anime", "dibujos animados", "pixel art", "vintage", "retro", "minimalista", "documental", "cyberpunk", "3d"],
    audio: ["música(?: \\p{L}+){0,2}", "banda sonora", "voz en off", "narración", "efectos de sonido", "sonido ambiente"],
    constraint: ["sin"],
    avoid: ["evita(?:r)?", "no muestres"],
    stopWords: ["un", "una", "el", "la", "los", "las", "de", "del", "en", "con", "y", "o", "para", "por", "al", "mi", "su"],
    audioObjects: ["sonido", "audio", "música", "musica", "voz"],
  },
  detection: {
    words: `hazlo haz hace hacer haga hagas hazme crea crear genera generar un una unos unas de del el la los las para por
    con sin que y o mi mis tu tus su es son está esta este esto eso más mas largo larga corto corta favor quiero
    quisiera necesito gato surfeando atardecer anuncio segundos segundo minuto minutos cámbialo cambialo cambia cambiar
    música musica cuánto cuanto cuesta cuadrado cuadrada usa usar otro otra modelo chica chico bailando playa dale perro
    sea naranja imagen imágenes imagenes reloj plateado falló fallo qué por qué porque vez pero ilustración ilustracion
    dragón dragon ponle pon fondo realista producto ahora también tambien sí si gracias genial perfecto hola puedes
    puede foto fotos vídeo vertical horizontal cancela cancelar vale bueno mejor hay como muy al lo le me gusta listo perfecta`,
    letters: [["[ñ¿¡]", 3], ["[áíóú]", 1], ["é", 1]],
  },
};
