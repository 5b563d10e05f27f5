import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { harnessForSuite, user, waitForClip } from "./harness.ts";

const hasButtons = (m: { reply_markup?: { inline_keyboard: Array<Array<{ text: string }>> } }) =>
  (m.reply_markup?.inline_keyboard.flat().length ?? 0) > 0;

describe("the language a Telegram creator is answered in", () => {
  const h = harnessForSuite();

  it("registers the command menu in each of the 20 languages, under Telegram's two-letter codes", () => {
    const english = h.telegram.commands.get("en") ?? [];
    for (const code of ["zh", "es", "pt", "ru", "ja", "ko", "id", "vi", "tr", "ar", "hi", "de", "fr", "fa", "uk", "uz", "it", "pl", "th"]) {
      const menu = h.telegram.commands.get(code) ?? [];
      assert.deepEqual(menu.map((c) => c.command), english.map((c) => c.command), code);
      for (const [i, entry] of menu.entries()) assert.notEqual(entry.description, english[i]!.description, `${code} /${entry.command}`);
    }
    assert.match(h.telegram.commands.get("ru")!.find((c) => c.command === "video")!.description, /видео/i);
    assert.match(h.telegram.commands.get("uk")!.find((c) => c.command === "video")!.description, /відео/i);
    assert.match(h.telegram.commands.get("fa")!.find((c) => c.command === "video")!.description, /ویدیو|ویدئو/);
  });

  it("answers a Russian-writing user in Russian although the Telegram client is English, all the way to the clip", async () => {
    const ivan = user("Иван", "en");
    const chat = h.telegram.privateChat(ivan);
    const before = h.creatok.submissions.length;
    h.telegram.sendText(chat, ivan, "Сделай вертикальное видео на 8 секунд: рыжая лиса бежит по свежему снегу на рассвете");
    const offer = await h.telegram.waitForMessage(chat.id, hasButtons);
    assert.match(offer.text!, /Вот план/);
    assert.match(offer.text!, /Длина: 8 с/);
    assert.match(offer.text!, /Вертикальный 9:16/);
    assert.match(offer.text!, /Запускаю\?/);

    const query = h.telegram.pressButton(chat, ivan, "✅ Подтвердить");
    assert.deepEqual(await h.telegram.waitForAnswer(query), {});
    const clip = await waitForClip(h, chat.id);
    assert.equal(h.creatok.submissions.length, before + 1);
    const url = `${h.creatok.baseUrl}/files/${h.creatok.submissions.at(-1)!.taskId!}.mp4`;
    assert.equal(clip.caption, `Ваше видео готово:\n${url}`);
    assert.ok(clip.reply_markup!.inline_keyboard.flat().some((b) => b.text === "Сделать ещё"));
  });

  it("keeps the conversation's language when a follow-up carries none, then follows a Spanish message", async () => {
    const olga = user("Ольга", "en");
    const chat = h.telegram.privateChat(olga);
    h.telegram.sendText(chat, olga, "Видео: кот катается на сёрфе на закате");
    await h.telegram.waitForMessage(chat.id, hasButtons);
    const seen = h.telegram.botMessages(chat.id).length;
    h.telegram.sendText(chat, olga, "9:16");
    const reply = await h.telegram.waitForMessage(chat.id, (m) => h.telegram.botMessages(chat.id).indexOf(m) >= seen && /[\u0400-\u04ff]/.test(m.text ?? ""));
    assert.doesNotMatch(reply.text!, /Here's the plan|Shall I start/);

    const after = h.telegram.botMessages(chat.id).length;
    h.telegram.sendText(chat, olga, "mejor hazlo horizontal, por favor");
    const spanish = await h.telegram.waitForMessage(chat.id, (m) => h.telegram.botMessages(chat.id).indexOf(m) >= after && hasButtons(m));
    assert.match(spanish.text!, /Este es el plan|¿Empiezo\?/);
  });
});
