/**
 * Who may use the bot and who may spend, through the real conversation runner, jobs layer and ledger on a real
 * database, with the terminal port as the chat and the CreatOK fake as the provider.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createAccess, type AccessConfig } from "../../src/app/access.ts";
import { createConversationRunner, type Incoming } from "../../src/app/conversation.ts";
import { parseBudget, UNLIMITED } from "../../src/domain/budget.ts";
import type { SpendRules } from "../../src/jobs/index.ts";
import { createCatalogService } from "../../src/providers/registry.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { assertLedgerBalanced, clock, creatokProvider, jobRows, makeJobs, terminalChat, testDb, tickUntil } from "../jobs/helpers.ts";

const REQUEST = "an 8 second vertical video of a lighthouse in a storm, veo fast";

describe("who may use the bot and spend", () => {
  const fakes: FakeCreatok[] = [];
  after(async () => {
    await Promise.all(fakes.map((f) => f.close()));
  });

  async function setup(options: { access?: Partial<AccessConfig>; spending?: Partial<SpendRules> } = {}) {
    const fake = await startFakeCreatok({ pollsToComplete: 1 });
    fakes.push(fake);
    const c = clock();
    const db = testDb();
    const chat = await terminalChat();
    const provider = creatokProvider(fake.baseUrl, fake.apiKey);
    const catalog = createCatalogService(new Map([["creatok", provider]]));
    await catalog.refresh();
    const spending: SpendRules = { userBudget: UNLIMITED, chatBudget: UNLIMITED, groupPayer: "requester", timeZone: "UTC", ...options.spending };
    const jobs = makeJobs({ db, providers: [["creatok", provider]], chat, clock: c, spending });
    const access = createAccess({ db, config: { mode: "open", admins: ["terminal:root"], users: [], chats: [], guilds: [], ...options.access } });
    const engine = createConversationRunner({ db, catalog: catalog.current, jobs, translator: chat.translator, ports: { terminal: chat.port }, now: c.now, quoteTtlMs: 30 * 60_000, sandbox: false, stitching: false, access });

    const as = (userId: string, extra: Partial<Incoming> = {}): Incoming => ({ platform: "terminal", chatId: "room", userId, ...extra });
    /** What the chat printed since the last call. */
    let mark = 0;
    const fresh = () => {
      const out = chat.text().slice(mark);
      mark = chat.text().length;
      return out;
    };
    async function request(who: Incoming, text = REQUEST): Promise<string> {
      fresh();
      await engine.handle(who, { type: "text", text });
      return fresh();
    }
    async function say(who: Incoming, text: string): Promise<string> {
      fresh();
      const event = text.startsWith("/")
        ? { type: "command" as const, name: text.slice(1).split(" ")[0] as "admin", args: text.split(" ").slice(1).join(" ") }
        : { type: "text" as const, text };
      const handled = await engine.handle(who, event);
      return fresh() + (handled.alert ? chat.translator.render("en", handled.alert) : "");
    }
    const costOf = (offer: string) => Number(/Estimated cost: (\d+) credits/.exec(offer)?.[1] ?? NaN);
    return { fake, c, db, chat, jobs, engine, as, request, say, costOf };
  }

  it("is open to anyone by default", async () => {
    const w = await setup();
    assert.match(await w.request(w.as("stranger")), /Here's the plan/);
  });

  it("with an allowlist, refuses strangers with their id and lets in listed users and chats and people an admin allowed", async () => {
    const w = await setup({ access: { mode: "allowlist", users: ["terminal:bob"], chats: ["terminal:studio"] } });
    const refused = await w.request(w.as("mallory"));
    assert.match(refused, /you're not on the list yet/);
    assert.match(refused, /terminal:mallory/);
    assert.doesNotMatch(refused, /Here's the plan|Error|at /);
    assert.equal(w.db.prepare("SELECT COUNT(*) FROM quotes").pluck().get(), 0, "nothing was quoted");

    assert.match(await w.request(w.as("bob")), /Here's the plan/);
    assert.match(await w.request(w.as("anyone", { chatId: "studio", group: true })), /Here's the plan/);
    assert.match(await w.request(w.as("root")), /Here's the plan/, "admins are always allowed");

    assert.match(await w.say(w.as("bob"), "/admin allow terminal:dave"), /Only the bot's admins can use \/admin/);
    assert.match(await w.say(w.as("root"), "/admin allow dave"), /Done: terminal:dave can use the bot now/);
    assert.match(await w.request(w.as("dave")), /Here's the plan/);
  });

  it("admits a whole Discord server listed in ALLOWED_GUILD_IDS and nobody from another", () => {
    const access = createAccess({ db: testDb(), config: { mode: "allowlist", admins: [], users: [], chats: [], guilds: ["discord:42"] } });
    assert.equal(access.check({ platform: "discord", chatId: "c1", userId: "u1", guildId: "42" }), "allowed");
    assert.equal(access.check({ platform: "discord", chatId: "c1", userId: "u1", guildId: "43" }), "not_allowed");
    assert.equal(access.check({ platform: "discord", chatId: "c1", userId: "u1" }), "not_allowed", "a DM is not the server");
  });

  it("refuses a blocked user everywhere, even when open, and never blocks an admin", async () => {
    const w = await setup();
    const offer = await w.request(w.as("eve"));
    const quoteId = w.db.prepare("SELECT id FROM quotes WHERE requester_id = 'eve'").pluck().get() as string;
    assert.match(offer, /Here's the plan/);
    assert.match(await w.say(w.as("root"), "/admin block eve"), /Done: terminal:eve can't use the bot any more/);

    assert.match(await w.request(w.as("eve")), /You can't use this bot any more/);
    assert.match(await w.request(w.as("eve", { chatId: "elsewhere", group: true })), /You can't use this bot any more/);
    // Her old offer's button is refused too: nothing is claimed, nothing is held.
    const press = await w.engine.handle(w.as("eve"), { type: "press", action: { type: "confirm", quoteId } });
    assert.equal(press.alert?.key, "access.blocked");
    assert.equal(jobRows(w.db).length, 0);

    assert.match(await w.say(w.as("root"), "/admin block root"), /terminal:root is an admin, so they can't be blocked/);
    assert.match(await w.say(w.as("root"), "/admin allow eve"), /can use the bot now/);
    assert.match(await w.request(w.as("eve")), /Here's the plan/);
  });

  it("keeps /admin to admins and answers a bad id or amount plainly", async () => {
    const w = await setup();
    assert.match(await w.say(w.as("bob"), "/admin overview"), /Only the bot's admins can use \/admin/);
    assert.match(await w.say(w.as("root"), "/admin"), /Admin commands:/);
    assert.match(await w.say(w.as("root"), "/admin block @someone"), /I can't read that id/);
    assert.match(await w.say(w.as("root"), "/admin budget bob lots"), /I can't read that amount/);
    assert.match(await w.say(w.as("root"), "/admin payer pool"), /That setting is for groups/);
  });

  it("holds a person to their daily budget: the summary shows what remains, a confirmation beyond it is refused with what to do instead", async () => {
    const w = await setup({ spending: { userBudget: parseBudget("credits:10") } });
    const alice = w.as("alice");
    const offer = await w.request(alice);
    const cost = w.costOf(offer);
    assert.ok(cost > 5 && cost <= 10, `a clip costs more than half the budget (${cost})`);
    assert.match(offer, new RegExp(`Left of your daily budget after this: ${10 - cost} credits? of 10 credits`));
    await w.say(alice, "yes");
    assert.equal(jobRows(w.db).length, 1);

    const second = await w.request(alice, "an 8 second vertical video of a paper boat in the rain, veo fast");
    assert.match(second, new RegExp(`More than your daily budget allows: ${10 - cost} credits? left today`));
    const refused = await w.say(alice, "yes");
    assert.match(refused, new RegExp(`I didn't start it: it would cost ${cost} credits, and your daily budget of 10 credits has only ${10 - cost} credits? left`));
    assert.match(refused, /make it shorter \(say "make it 5 seconds"\), pick a cheaper model, or wait until the budget resets at 2026-01-16 00:00 UTC/);
    assert.equal(jobRows(w.db).length, 1, "nothing was started");
    assert.equal(w.fake.submissions.length, 0, "and nothing reached the provider");

    // The offer stays open: a shorter clip fits.
    const shorter = await w.say(alice, "make it 4 seconds");
    assert.match(shorter, /Length: 4 s/);
    const shorterCost = w.costOf(shorter);
    assert.ok(shorterCost <= 10 - cost, `the 4 s clip (${shorterCost}) fits what is left (${10 - cost})`);
    await w.say(alice, "yes");
    assert.equal(jobRows(w.db).length, 2);

    await tickUntil(w.jobs, w.c, () => jobRows(w.db).every((r) => r.delivered_at !== null));
    const usage = await w.say(alice, "/usage");
    const spent = cost + shorterCost;
    assert.match(usage, new RegExp(`You: ${spent} credits spent, ${10 - spent} credits? left`));
    assert.match(usage, /budgets reset at 2026-01-16 00:00 UTC/);
    assert.match(usage, /Your id, if an admin asks for it: terminal:alice/);
    assertLedgerBalanced(w.db);

    // An admin raises Alice's budget; the overview shows what she spent.
    assert.match(await w.say(w.as("root"), "/admin budget alice credits:100"), /the daily budget of terminal:alice is now credits:100/);
    assert.match(await w.request(alice, "an 8 second vertical video of a kite on a beach, veo fast"), /Left of your daily budget after this/);
    assert.match(await w.say(w.as("root"), "/admin overview"), new RegExp(`terminal:alice: ${spent} credits, requests: ${jobRows(w.db).length}`));
  });

  it("caps a group chat's total with a per-chat budget, whoever pays", async () => {
    const w = await setup({ spending: { chatBudget: parseBudget("credits:10") } });
    const inGroup = (user: string) => w.as(user, { chatId: "crew", group: true });
    const first = await w.request(inGroup("alice"));
    const cost = w.costOf(first);
    assert.match(first, new RegExp(`Left of this group's daily budget after this: ${10 - cost} credits? of 10 credits`));
    await w.say(inGroup("alice"), "yes");
    await w.request(inGroup("bob"));
    const refused = await w.say(inGroup("bob"), "yes");
    assert.match(refused, /this group's daily budget of 10 credits has only/);
    // Bob's own private chat has no such cap.
    await w.request(w.as("bob", { chatId: "bob-dm" }));
    await w.say(w.as("bob", { chatId: "bob-dm" }), "yes");
    assert.equal(jobRows(w.db).length, 2);
  });
});
