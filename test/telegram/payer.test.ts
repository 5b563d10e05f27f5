/**
 * Who pays in a Telegram group, end to end: the real transport against the fake Bot API, the real
 * engine, jobs layer and ledger, and the CreatOK fake. Budgets are set by an admin at run time, in
 * the chat, once the first offer has shown what a clip costs.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { UNLIMITED, type PayerPolicy } from "../../src/domain/budget.ts";
import { ledgerTotals } from "../../src/jobs/ledger.ts";
import type { ChatMessage, FakeUser } from "../fakes/telegram.ts";
import { until } from "../support/app.ts";
import { startHarness, user, type Harness } from "./harness.ts";

const CONFIRM = "✅ Confirm";
const hasConfirm = (m: ChatMessage) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === CONFIRM) ?? false;
const REQUEST = "/video an 8 second vertical clip of a lighthouse in a storm";

let nextGroup = -1002000000000;

describe("who pays in a Telegram group", () => {
  const harnesses: Harness[] = [];
  after(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
  });

  async function world(policy: PayerPolicy) {
    const admin = user("Ada", "en");
    const h = await startHarness({
      spending: { userBudget: UNLIMITED, chatBudget: UNLIMITED, groupPayer: policy, timeZone: "UTC" },
      access: { mode: "open", admins: [`telegram:${admin.id}`], users: [], chats: [], guilds: [] },
    });
    harnesses.push(h);
    const group = h.telegram.group(nextGroup--, "Creators");

    /** Sends a request and returns its offer and the estimate it shows. */
    async function offer(from: FakeUser, text = REQUEST): Promise<{ message: ChatMessage; cost: number }> {
      const seen = h.telegram.botMessages(group.id).length;
      h.telegram.sendText(group, from, text);
      const message = await h.telegram.waitForMessage(group.id, (m) => hasConfirm(m) && h.telegram.botMessages(group.id).indexOf(m) >= seen);
      const cost = /Estimated cost: (\d+(?:\.\d+)?) credits?/.exec(message.text ?? "");
      assert.ok(cost, `the offer shows an estimate:\n${message.text}`);
      return { message, cost: Number(cost[1]) };
    }

    function confirm(from: FakeUser, message: ChatMessage): string {
      return h.telegram.press(group, from, message.message_id, message.reply_markup!.inline_keyboard[0]![0]!.callback_data!);
    }

    /** Sends a command and waits for the bot's answer that matches. */
    async function say(from: FakeUser, text: string, answer: RegExp): Promise<ChatMessage> {
      h.telegram.sendText(group, from, text);
      return h.telegram.waitForMessage(group.id, (m) => answer.test(m.text ?? ""));
    }

    const videos = () => h.telegram.botMessages(group.id).filter((m) => m.media?.kind === "video");
    const holds = () => h.db.prepare("SELECT COUNT(*) FROM ledger WHERE kind = 'hold'").pluck().get() as number;
    /** Presses Confirm and waits until the claim has held the money (presses are answered before they are handled). */
    async function confirmed(from: FakeUser, message: ChatMessage): Promise<void> {
      const before = holds();
      await h.telegram.waitForAnswer(confirm(from, message));
      await until(() => holds() > before, 10_000, () => "the confirmation to be claimed");
    }
    return { h, group, admin, offer, confirm, confirmed, say, videos };
  }

  it("pays from the group's pool until it runs out mid-day; later confirmations are refused, earlier jobs are unaffected", async () => {
    const w = await world("pool");
    const [alice, bob, carol] = [user("Alice", "en"), user("Bob", "en"), user("Carol", "en")];

    const first = await w.offer(alice);
    // A pool for two clips and a half.
    const pool = Math.floor(first.cost * 2.5);
    await w.say(w.admin, `/admin budget chat credits:${pool}`, /this chat's daily budget is now/);
    await w.confirmed(alice, first.message);

    const second = await w.offer(bob);
    assert.match(second.message.text!, new RegExp(`Left of this group's daily budget after this: ${pool - 2 * first.cost} credits? of ${pool} credits`));
    await w.confirmed(bob, second.message);

    const third = await w.offer(carol);
    assert.match(third.message.text!, /More than this group's daily budget allows/);
    const submitted = w.h.creatok.submissions.length;
    await w.h.telegram.waitForAnswer(w.confirm(carol, third.message));
    const refusal = await w.h.telegram.waitForMessage(w.group.id, (m) => /I didn't start it/.test(m.text ?? ""));
    assert.match(refusal.text!, new RegExp(`this group's daily budget of ${pool} credits has only ${pool - 2 * first.cost} credits? left`));
    const options = await w.h.telegram.waitForMessage(w.group.id, (m) => /wait until the budget resets at \d{4}-\d\d-\d\d 00:00 UTC/.test(m.text ?? ""));
    assert.match(options.text!, /make it shorter/);
    assert.equal(refusal.reply_to_message_id, third.message.reply_to_message_id, "the refusal answers Carol's request");

    // Alice's and Bob's clips still arrive; Carol's never reached the provider.
    await w.h.telegram.waitForMessage(w.group.id, () => w.videos().length === 2, 15_000);
    assert.equal(w.h.creatok.submissions.length, 2);
    assert.ok(submitted <= 2);
    const totals = ledgerTotals(w.h.db);
    assert.equal(totals.holds.count, 2);
    assert.deepEqual(totals.anomalies, []);

    const usage = await w.say(carol, "/usage", /Your spending today/);
    assert.match(usage.text!, new RegExp(`This group: ${2 * first.cost} credits spent, ${pool - 2 * first.cost} credits? left`));
    assert.match(usage.text!, /paid from the group's shared daily budget/);
  });

  it("with requester pays, each member spends their own budget, and one member's limit does not stop another", async () => {
    const w = await world("requester");
    const [alice, bob] = [user("Alice", "en"), user("Bob", "en")];
    const first = await w.offer(alice);
    await w.say(w.admin, `/admin budget telegram:${alice.id} credits:${first.cost}`, /daily budget of telegram:\d+ is now/);
    await w.confirmed(alice, first.message);

    const again = await w.offer(alice);
    assert.match(again.message.text!, /More than your daily budget allows: 0 credits left today/);
    await w.h.telegram.waitForAnswer(w.confirm(alice, again.message));
    await w.h.telegram.waitForMessage(w.group.id, (m) => /your daily budget of \d+ credits has only 0 credits left/.test(m.text ?? ""));

    const bobs = await w.offer(bob);
    await w.confirmed(bob, bobs.message);
    await w.h.telegram.waitForMessage(w.group.id, () => w.videos().length === 2, 15_000);
    const payers = w.h.db.prepare("SELECT user_id, payer FROM ledger WHERE kind = 'hold' ORDER BY id").all();
    assert.deepEqual(payers, [{ user_id: String(alice.id), payer: "user" }, { user_id: String(bob.id), payer: "user" }]);
  });

  it("with admins only, a member's confirmation is refused and an admin's goes through, paid by the group", async () => {
    const w = await world("admins");
    const bob = user("Bob", "en");
    const bobs = await w.offer(bob);
    assert.match(bobs.message.text!, /In this group only admins can start paid requests/);
    await w.h.telegram.waitForAnswer(w.confirm(bob, bobs.message));
    await w.h.telegram.waitForMessage(w.group.id, (m) => /I didn't start it: in this group only admins can start paid requests/.test(m.text ?? ""));
    assert.equal(w.h.creatok.submissions.length, 0);

    // Bob may not change the policy; an admin may, and then Bob pays from the pool.
    await w.say(bob, "/admin payer pool", /Only the bot's admins can use \/admin/);
    const admins = await w.offer(w.admin);
    await w.confirmed(w.admin, admins.message);
    await w.h.telegram.waitForMessage(w.group.id, () => w.videos().length === 1, 15_000);
    await w.say(w.admin, "/admin payer pool", /Done\. Here requests are paid from the group's shared daily budget/);
    await w.confirmed(bob, bobs.message);
    await w.h.telegram.waitForMessage(w.group.id, () => w.videos().length === 2, 15_000);
    const payers = w.h.db.prepare("SELECT payer FROM ledger WHERE kind = 'hold'").pluck().all();
    assert.deepEqual(payers, ["chat", "chat"]);
  });
});

