import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { findBeats, rewriteShot, storyboard, writtenBeats } from "../../src/domain/storyboard.ts";
import { shotPrompt } from "../../src/domain/prompt.ts";
import type { Brief } from "../../src/domain/brief.ts";

/** "A cat in a kitchen: first it sniffs the bowl, then it jumps, finally it sleeps", as people write it. */
const SEQUENCES: Record<string, { idea: string; context: string; beats: string[] }> = {
  en: { idea: "A cat in a kitchen: first it sniffs the bowl, then it jumps on the counter, finally it falls asleep", context: "A cat in a kitchen", beats: ["it sniffs the bowl", "it jumps on the counter", "it falls asleep"] },
  de: { idea: "Eine Katze in der Küche: zuerst schnüffelt sie am Napf, dann springt sie, schließlich schläft sie ein", context: "Eine Katze in der Küche", beats: ["schnüffelt sie am Napf", "springt sie", "schläft sie ein"] },
  es: { idea: "Un gato en la cocina: primero huele el plato, luego salta a la mesa, finalmente se duerme", context: "Un gato en la cocina", beats: ["huele el plato", "salta a la mesa", "se duerme"] },
  fr: { idea: "Un chat dans la cuisine : d'abord il renifle le bol, puis il saute, enfin il s'endort", context: "Un chat dans la cuisine", beats: ["il renifle le bol", "il saute", "il s'endort"] },
  "pt-BR": { idea: "Um gato na cozinha: primeiro cheira a tigela, depois pula no balcão, por fim dorme", context: "Um gato na cozinha", beats: ["cheira a tigela", "pula no balcão", "dorme"] },
  ru: { idea: "Кот на кухне: сначала нюхает миску, потом прыгает на стол, наконец засыпает", context: "Кот на кухне", beats: ["нюхает миску", "прыгает на стол", "засыпает"] },
  tr: { idea: "Mutfakta bir kedi: önce kaseyi koklar, sonra tezgâha zıplar, son olarak uyur", context: "Mutfakta bir kedi", beats: ["kaseyi koklar", "tezgâha zıplar", "uyur"] },
  vi: { idea: "Một con mèo trong bếp: đầu tiên nó ngửi bát, sau đó nhảy lên bàn, cuối cùng ngủ thiếp đi", context: "Một con mèo trong bếp", beats: ["nó ngửi bát", "nhảy lên bàn", "ngủ thiếp đi"] },
  id: { idea: "Seekor kucing di dapur: pertama mengendus mangkuk, kemudian melompat ke meja, akhirnya tertidur", context: "Seekor kucing di dapur", beats: ["mengendus mangkuk", "melompat ke meja", "tertidur"] },
  ar: { idea: "قطة في المطبخ: أولاً تشم الوعاء، ثم تقفز على الطاولة، وأخيراً تنام", context: "قطة في المطبخ", beats: ["تشم الوعاء", "تقفز على الطاولة", "تنام"] },
  hi: { idea: "रसोई में एक बिल्ली: पहले कटोरा सूंघती है, फिर काउंटर पर कूदती है, अंत में सो जाती है", context: "रसोई में एक बिल्ली", beats: ["कटोरा सूंघती है", "काउंटर पर कूदती है", "सो जाती है"] },
  ja: { idea: "台所の猫。まずボウルを嗅ぎ、次に台に飛び乗り、最後に眠る", context: "台所の猫", beats: ["ボウルを嗅ぎ", "台に飛び乗り", "眠る"] },
  ko: { idea: "부엌의 고양이: 먼저 그릇 냄새를 맡고, 그 다음 조리대로 뛰어오르고, 마지막으로 잠든다", context: "부엌의 고양이", beats: ["그릇 냄새를 맡고", "조리대로 뛰어오르고", "잠든다"] },
  "zh-CN": { idea: "厨房里的一只猫：首先闻了闻碗，然后跳上台面，最后睡着了", context: "厨房里的一只猫", beats: ["闻了闻碗", "跳上台面", "睡着了"] },
};

const SCENES: Record<string, string> = {
  en: "scene 1: a rocket on the pad. scene 2: liftoff in smoke",
  de: "Szene 1: eine Rakete auf der Rampe. Szene 2: der Start im Rauch",
  es: "escena 1: un cohete en la plataforma. escena 2: el despegue",
  fr: "scène 1 : une fusée sur le pas de tir. scène 2 : le décollage",
  "pt-BR": "cena 1: um foguete na plataforma. cena 2: a decolagem",
  ru: "сцена 1: ракета на старте. сцена 2: взлёт в дыму",
  tr: "sahne 1: rampada bir roket. sahne 2: dumanlar içinde kalkış",
  vi: "cảnh 1: tên lửa trên bệ phóng. cảnh 2: cất cánh trong khói",
  id: "adegan 1: roket di landasan. adegan 2: lepas landas",
  ar: "مشهد 1: صاروخ على المنصة. مشهد 2: الإقلاع وسط الدخان",
  hi: "दृश्य 1: लॉन्च पैड पर रॉकेट। दृश्य 2: धुएँ में उड़ान",
  ja: "シーン1：発射台のロケット。シーン2：煙の中の打ち上げ",
  ko: "장면 1: 발사대 위의 로켓. 장면 2: 연기 속 이륙",
  "zh-CN": "场景1：发射台上的火箭。场景2：在烟雾中升空",
};

describe("findBeats", () => {
  for (const [language, sample] of Object.entries(SEQUENCES)) {
    it(`reads "first …, then …, finally …" in ${language}`, () => {
      assert.deepEqual(findBeats(sample.idea), { context: sample.context, beats: sample.beats });
    });
  }

  for (const [language, idea] of Object.entries(SCENES)) {
    it(`reads "scene 1: …" labels in ${language}`, () => {
      const found = findBeats(idea);
      assert.equal(found?.beats.length, 2, JSON.stringify(found));
      assert.ok(found.beats.every((b) => b.length > 2 && !/\d\s*[:：]/u.test(b)), JSON.stringify(found));
    });
  }

  it("reads numbered lines, keeping the unnumbered lines as the shared context", () => {
    assert.deepEqual(findBeats("Coffee ad, warm light\n1. beans pour into a grinder\n2) espresso drips\n3、a barista smiles"), {
      context: "Coffee ad, warm light",
      beats: ["beans pour into a grinder", "espresso drips", "a barista smiles"],
    });
  });

  it("does not read ordinary prose as a sequence", () => {
    assert.equal(findBeats("the first snow falls on a quiet village at dusk"), undefined);
    assert.equal(findBeats("a dog runs and then jumps into the lake"), undefined);
    assert.equal(findBeats("先生在雨中走路"), undefined);
  });
});

describe("storyboard", () => {
  it("draws an opening, development and ending from an idea with no beats", () => {
    const board = storyboard("a paper boat sails down a rainy street", [10, 10, 10]);
    assert.deepEqual(board.shots.map((s) => s.role), ["opening", "build", "ending"]);
    assert.deepEqual(board.shots.map((s) => s.seconds), [10, 10, 10]);
    assert.equal(new Set(board.shots.map((s) => s.beat)).size, 3, "each shot tells its own part");
  });

  it("gives every middle shot of a longer arc its own part, up to six clips", () => {
    const six = storyboard("a kite over a beach", [10, 10, 10, 10, 10, 10]).shots.map((s) => s.role);
    assert.deepEqual(six, ["opening", "build", "turn", "rise", "peak", "ending"]);
    const eight = storyboard("a kite over a beach", Array(8).fill(15)).shots;
    assert.equal(new Set(eight.map((s) => s.beat)).size, 8, "eight prompts, eight descriptions");
  });

  it("spreads the creator's beats over the clips in order", () => {
    const idea = SEQUENCES.en!.idea;
    assert.deepEqual(storyboard(idea, [13, 12]).shots.map((s) => s.beat), ["it sniffs the bowl", "it jumps on the counter; then it falls asleep"]);
    assert.deepEqual(storyboard(idea, [8, 8, 8]).shots.map((s) => s.beat), SEQUENCES.en!.beats);
    const long = storyboard(idea, [6, 6, 6, 6]).shots.map((s) => s.beat);
    assert.equal(long.length, 4);
    assert.equal(new Set(long).size, 4, "a beat carried over two clips is told differently in each");
  });

  it("takes a rewritten shot or a rewritten list", () => {
    const board = storyboard("a paper boat sails down a rainy street", [13, 12]);
    const edited = rewriteShot(board.shots, 1, "the boat reaches a puddle and spins");
    assert.equal(edited[1]!.beat, "the boat reaches a puddle and spins");
    assert.equal(edited[1]!.role, "beat");
    assert.equal(edited[0]!.beat, board.shots[0]!.beat);
    assert.deepEqual(writtenBeats("the boat sets off\nit spins in a puddle"), ["the boat sets off", "it spins in a puddle"]);
    assert.deepEqual(storyboard("a paper boat", [13, 12], ["sets off", "spins"]).shots.map((s) => s.beat), ["sets off", "spins"]);
  });
});

describe("shotPrompt", () => {
  const brief: Brief = { kind: "video", prompt: SEQUENCES.en!.idea + ", cinematic, golden hour, close-up", seconds: 25, referenceImages: [] };
  const board = storyboard(brief.prompt, [13, 12]);
  const prompts = board.shots.map((_, i) => shotPrompt(brief, board, i));

  it("describes each shot's own beat with its own timing", () => {
    assert.notEqual(prompts[0], prompts[1]);
    assert.match(prompts[0]!, /^Primary request: it sniffs the bowl$/m);
    assert.match(prompts[1]!, /^Primary request: it jumps on the counter; then it falls asleep/m);
    assert.match(prompts[0]!, /^Timing\/beats: 13 seconds$/m);
    assert.match(prompts[1]!, /^Timing\/beats: 12 seconds$/m);
    for (const p of prompts) {
      assert.doesNotMatch(p, /25 seconds|Part \d of \d/);
    }
  });

  it("carries the shared continuity in every shot", () => {
    for (const p of prompts) {
      assert.match(p, /^Scene\/background: A cat in a kitchen/m);
      assert.match(p, /^Style\/format: cinematic$/m);
      assert.match(p, /^Lighting\/mood: golden hour$/m);
      assert.match(p, /^Camera: close-up$/m);
      assert.match(p, /same subject, setting, style, lighting, colour palette and camera language/);
    }
    assert.match(prompts[1]!, /previous shot ended \(it sniffs the bowl\)/);
  });
});
