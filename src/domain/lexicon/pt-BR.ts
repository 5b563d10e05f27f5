/** Brazilian Portuguese: the words the brief parser, the intent reader and the language detector know. */
import type { LanguageLexicon } from "./types.ts";
import { LATIN } from "./shared.ts";

const NUMBERS: Record<string, number> = {
  dois: 2, duas: 2, três: 3, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, doze: 12,
  quinze: 15, vinte: 20, trinta: 30, quarenta: 40, sessenta: 60,
};

export const ptBR: LanguageLexicon = {
  code: "pt-BR",
  brief: {
    boundary: LATIN,
    numberWords: NUMBERS,
    units: [["segundos?", 1], ["seg", 1], ["minutos?", 60], ["min", 60]],
    fixedDurations: { "meio minuto": 30, "um minuto e meio": 90, "minuto e meio": 90, "um minuto": 60 },
    imageNouns: ["image(?:m|ns)", "fotos?", "fotografias?", "pôsteres", "pôster", "cartaz(?:es)?", "ilustraç(?:ão|ões)", "papéis de parede", "papel de parede", "desenhos?", "miniaturas?"],
    videoNouns: ["vídeos?", "clipes?", "animaç(?:ão|ões)", "curta-metragem"],
    referenceBefore: ["esta", "este", "essa", "esse", "essas", "esses", "minha", "meu", "a", "o", "da", "do", "anexada", "anexo"],
    styleAfter: ["estilo", "tipo"],
    imageCountNouns: ["imagens", "fotos", "ilustrações", "pôsteres", "desenhos"],
    variantNouns: ["versões", "variações", "opções"],
    orientation: {
      "9:16": ["vertica(?:l|is|lmente)", "formato retrato"],
      "16:9": ["horizonta(?:l|is|lmente)", "formato paisagem"],
      "1:1": ["quadrad[oa]s?", "formato quadrado"],
    },
    platforms: { "9:16": ["stories do instagram", "status do whatsapp"] },
    definitions: { "720p": ["alta definição"] },
    speed: {
      fast: ["prévia", "previa", "teste(?: rápido)?", "rascunho", "esboço", "versão rápida", "o mais rápido possível"],
      quality: ["versão final", "alta qualidade", "máxima qualidade", "melhor qualidade", "qualidade profissional", "definitiv[oa]"],
    },
    subject: {
      product: ["produtos?", "e-?commerce", "comércio eletrônico", "minha marca", "nossa marca", "mercadoria"],
      people: ["pessoas?", "mulher(?:es)?", "home(?:m|ns)", "menin[oa]s?", "garot[oa]s?", "crianças?", "casal", "retrato de"],
      illustration: ["ilustraç(?:ão|ões)", "ilustrad[oa]", "arte conceitual", "desenho animado", "cartoon", "aquarela", "pixel art", "estilo anime", "feito à mão"],
    },
    ad: ["anúncios?", "anuncios?", "propaganda", "publicidade", "publicitári[oa]", "comercia(?:l|is)", "promo(?:ção|cional)?"],
    audio: {
      off: ["sem (?:som|áudio|audio|música|musica|voz)", "silencios[oa]", "mudo"],
      on: ["com (?:música|musica|som|áudio|audio|narração|locução)", "música de fundo", "trilha sonora", "narração", "locução", "efeitos sonoros"],
    },
    negations: ["não", "nao", "sem", "em vez de", "ao invés de", "nada de"],
    settingBefore: ["em", "de", "com", "usando", "formato", "no", "na", "pro", "para"],
    settingAfter: ["de duração", "por favor"],
    fillers: [
      "sim", "deixa", "deixe", "faz", "faça", "faca", "coloca", "coloque", "muda", "troca", "pra", "para", "por favor",
      "o", "a", "um", "uma", "em", "no", "na", "e", "mas", "agora", "usa", "com", "de", "mais", "vídeo", "video",
      "imagem", "quero", "formato", "fica", "isso", "de novo", "também",
    ],
    animate: ["anim(?:a|ar)(?: (?:esta|essa|este|esse|minha|meu|a|o)(?: [\\p{L}-]+)?? (?:foto|imagem|fotografia|desenho|selfie)s?)?", "anime (?:esta|essa|este|esse|minha|meu|a|o)(?: [\\p{L}-]+)?? (?:foto|imagem|fotografia|desenho|selfie)s?", "(?:dar|d[aê]) vida(?: (?:a|à|para) (?:esta|essa|minha|a) (?:foto|imagem))?", "ganhar vida", "(?:como|de) (?:primeiro|primeira) (?:quadro|frame|imagem)", "primeiro quadro", "(?:transforma|transforme|faz|fa[cç]a) (?:essa|esta|minha|a) (?:foto|imagem) (?:em|num|numa) (?:um )?v[ií]deo", "fa[zç]a? (?:ela|isso) se mexer"],
    requests: ["(?:oi|ol[aá]|ent[aã]o|beleza|e)", "(?:voc[eê] )?(?:pode|poderia|consegue)(?: (?:fazer|criar|gerar)(?: pra mim| para mim)?)?", "me (?:faz|fa[cç]a|cria|crie|gera|gere|manda|d[aá])", "(?:faz|fa[cç]a|cria|crie|gera|gere|manda)(?: pra mim| para mim)?(?= (?:um|uma|\\d)|\\s*[-–—,.:;\\n]|\\s*$)", "(?:eu )?(?:quero|queria|preciso(?: de)?|gostaria(?: de)?)(?: (?:ver|ter|fazer|criar|gerar))?", "de"],
    requestEnds: ["obrigad[oa]", "valeu", "pra mim", "para mim"],
    politeness: ["por favor", "pfv", "pf"],
    variants: {"fast": ["r[aá]pid[oa]"], "pro": ["profissional"], "quality": ["qualidade"]},
    sharpness: ["alta qualidade", "máxima qualidade", "melhor qualidade"],
  },
  intent: {
    boundary: LATIN,
    confirm: [
      "sim", "claro", "ok", "okay", "beleza", "blz", "fechado", "perfeito", "ótimo", "otimo", "pode", "pode gerar",
      "pode fazer", "pode ser", "manda", "manda ver", "bora", "vamos", "vai", "gera", "gerar", "faz", "faça", "faca",
      "começa", "comeca", "começar", "confirmo", "confirmar", "confirmado", "segue", "continua", "usa essa versão",
      "usa essa", "essa versão", "gostei", "tá bom", "ta bom", "está bom", "certo", "isso", "show",
    ],
    cancel: [
      "cancela", "cancelar", "cancelado", "para", "pare", "parar", "esquece", "deixa pra lá", "deixa pra la",
      "deixa quieto", "melhor não", "melhor nao", "não obrigado", "nao obrigado", "não, obrigado", "agora não",
      "agora nao", "não faz", "não gera", "desisto",
    ],
    fillers: ["por favor", "pfv", "obrigado", "obrigada", "valeu", "então", "entao", "e", "agora", "aí", "ai"],
    cancelFillers: ["não", "nao", "melhor", "espera", "pera", "desculpa"],
  },
  prompt: {
    boundary: LATIN,
    camera: ["close(?:-up)?", "plano (?:geral|médio|aberto|fechado|detalhe)", "tomada aérea", "vista aérea", "(?:com )?drone", "câmera lenta", "c[aâ]mera na mão", "zoom(?: lento)?", "panorâmica", "grande angular", "time-?lapse", "macro", "travelling"],
    lighting: ["luz (?:natural|suave|quente|fria|dourada|de velas|neon|da lua|do pôr do sol)", "hora dourada", "pôr do sol", "nascer do sol", "entardecer", "neon", "contraluz", "iluminação \\p{L}+", "clima (?:aconchegante|sombrio|misterioso|épico|romântico)", "aconchegante", "melancólic[oa]", "épic[oa]", "nostálgic[oa]"],
    palette: ["paleta(?: de cores)?", "tons \\p{L}+", "cores \\p{L}+"],
    style: ["estilo \\p{L}+(?: de \\p{L}+)?", "cinematográfic[oa]", "realista", "fotorrealista", "aquarela", "anime", "desenho animado", "pixel art", "vintage", "retrô", "retro", "minimalista", "documentário", "cyberpunk", "3d"],
    audio: ["música(?: \\p{L}+){0,2}", "trilha sonora", "narração", "locução", "efeitos sonoros", "som ambiente"],
    constraint: ["sem"],
    avoid: ["evit(?:e|ar)", "não mostre"],
    stopWords: ["um", "uma", "o", "a", "os", "as", "de", "do", "da", "em", "no", "na", "com", "e", "ou", "para", "pra", "meu", "minha"],
    audioObjects: ["som", "áudio", "audio", "música", "musica", "voz"],
  },
  detection: {
    words: `deixa deixe deixar na no nos nas um uma uns umas de do da dos das em para pra pro com sem que e ou meu minha
    meus minhas seu sua vídeo gato surfando pôr sol quero queria preciso anúncio anuncio segundos segundo minuto
    loja faz faça faca fazer mais longo longa curto curta música musica por favor troca trocar quanto custa produto
    menina dançando dancando praia pode gerar gera usa usar outro outra modelo quadrado quadrada não nao gostei tenta
    tente novo nova coloca coloque fundo imagem imagens relógio relogio prateado deu erro ilustração ilustracao dragão
    dragao muda mudar cor carro vermelho ficou ótimo otimo obrigado obrigada você voce está esta ser fica ficar agora
    também tambem sim legal beleza vertical horizontal cancela cancelar foto fotos isso esse essa ao à pro bem muito perfeito pronto`,
    letters: [["[ãõ]", 3], ["ç", 1], ["[àâêô]", 1], ["[áíóú]", 1], ["é", 1]],
  },
};
