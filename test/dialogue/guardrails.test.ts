import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseAdmin } from "../../src/dialogue/admin.ts";
import { step } from "../../src/dialogue/step.ts";
import { INITIAL_STATE, type Effect, type StepContext } from "../../src/dialogue/state.ts";
import { parseBudget } from "../../src/domain/budget.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders } from "../../src/domain/catalog.ts";
import type { Text } from "../../src/domain/reply.ts";

function ctx(overrides: Partial<StepContext> = {}): StepContext {
  return {
    catalog: forProviders(builtInCatalog, ["creatok", "openai"]),
    today: "2026-05-01",
    now: 1_000_000,
    newId: "q1",
    quoteTtlMs: 600_000,
    sandbox: false,
    stitching: false,
    languages: ["en"],
    ...overrides,
  };
}

const lines = (effects: Effect[]): Text[] =>
  effects.flatMap((e) => (e.type === "reply" ? e.message.lines : [])).flatMap((l) => [l, ...((l.params?.items as Text[] | undefined) ?? [])]);
const keys = (effects: Effect[]) => lines(effects).map((l) => l.key);

describe("guardrails before anything is quoted", () => {
  it("refuses a description over 2,000 characters before any quote, and reads the next message as the shorter one", () => {
    const long = `an 8 second vertical video of ${"a very long winding road ".repeat(90)}`;
    const result = step(INITIAL_STATE, { type: "text", text: long }, ctx());
    assert.deepEqual(keys(result.effects), ["guard.prompt_too_long"]);
    assert.equal(lines(result.effects)[0]!.params?.max, 2000);
    assert.ok(Number(lines(result.effects)[0]!.params?.length) > 2000);
    assert.ok(!result.effects.some((e) => e.type === "create_quote"), "no quote");
    assert.equal(result.state.phase, "describing");
    assert.equal(result.state.brief?.seconds, 8, "the settings stay");

    const next = step(result.state, { type: "text", text: "a winding road at dusk, drone shot" }, ctx());
    assert.ok(next.effects.some((e) => e.type === "create_quote"));
  });

  it("accepts exactly 2,000 characters", () => {
    const exact = "an 8 second vertical video of a fox. ".padEnd(2000, "x");
    const result = step(INITIAL_STATE, { type: "text", text: exact }, ctx());
    assert.ok(!keys(result.effects).includes("guard.prompt_too_long"));
  });

  it("pre-warns the content rules for the Sora models only, as a warning that still offers Confirm", () => {
    const sora = step(INITIAL_STATE, { type: "text", text: "a 12 second vertical video of a robot dancing, sora 2" }, ctx());
    assert.ok(keys(sora.effects).includes("guard.content_rules"), keys(sora.effects).join());
    assert.ok(sora.effects.some((e) => e.type === "create_quote"), "a warning, not a block");
    const veo = step(INITIAL_STATE, { type: "text", text: "an 8 second vertical video of a robot dancing, veo fast" }, ctx());
    assert.ok(!keys(veo.effects).includes("guard.content_rules"));
  });

  it("shows what remains of the budget after the estimate, or that it does not fit, or that only admins may confirm", () => {
    const request = { type: "text" as const, text: "an 8 second vertical video of a robot dancing, veo fast" };
    const budgets = (spent: number) => ({ payer: "user" as const, budgets: [{ scope: "user" as const, budget: parseBudget("credits:10"), spent: { credits: spent } }] });
    const fits = lines(step(INITIAL_STATE, request, ctx({ spend: budgets(1) })).effects).find((l) => l.key.startsWith("summary.budget"));
    assert.equal(fits?.key, "summary.budget_left_user");
    assert.deepEqual(fits?.params, { left: { key: "currency.credits", params: { count: 3 } }, limit: { key: "currency.credits", params: { count: 10 } } });
    const over = lines(step(INITIAL_STATE, request, ctx({ spend: budgets(5) })).effects).find((l) => l.key.startsWith("summary.budget"));
    assert.equal(over?.key, "summary.budget_over_user");
    assert.deepEqual(over?.params, { left: { key: "currency.credits", params: { count: 5 } } });
    const admins = keys(step(INITIAL_STATE, request, ctx({ spend: { payer: "admins_only", budgets: [] } })).effects);
    assert.ok(admins.includes("summary.admins_only"));
    const none = keys(step(INITIAL_STATE, request, ctx({ spend: { payer: "user", budgets: [{ scope: "user", budget: parseBudget(""), spent: {} }] } })).effects);
    assert.ok(!none.some((k) => k.startsWith("summary.budget")), "no budget, no budget line");
  });

  it("warns that a model without an estimate cannot be started under a budget", () => {
    const openai = step(INITIAL_STATE, { type: "text", text: "a 4 second landscape video of waves, sora 2" }, ctx({
      catalog: forProviders(builtInCatalog, ["openai"]),
      spend: { payer: "user", budgets: [{ scope: "user", budget: parseBudget("USD:5"), spent: {} }] },
    }));
    assert.ok(keys(openai.effects).includes("summary.budget_no_estimate"), keys(openai.effects).join());
  });
});

describe("admin commands as words", () => {
  it("reads ids in every form an admin may write them", () => {
    assert.deepEqual(parseAdmin("allow telegram:123"), { type: "allow", user: { platform: "telegram", id: "123" } });
    assert.deepEqual(parseAdmin("block <@!4567>"), { type: "block", user: { platform: "discord", id: "4567" } });
    assert.deepEqual(parseAdmin("allow 42"), { type: "allow", user: { id: "42" } });
    assert.deepEqual(parseAdmin("block @name"), { type: "invalid", problem: "user" });
  });

  it("reads budgets for a person or the chat, the payer policy and the overview", () => {
    assert.deepEqual(parseAdmin("budget discord:9 credits:100 USD:5"), { type: "budget", scope: "user", user: { platform: "discord", id: "9" }, budget: "credits:100,USD:5" });
    assert.deepEqual(parseAdmin("budget chat off"), { type: "budget", scope: "chat", budget: "off" });
    assert.deepEqual(parseAdmin("budget chat lots"), { type: "invalid", problem: "amount" });
    assert.deepEqual(parseAdmin("payer POOL"), { type: "payer", policy: "pool" });
    assert.deepEqual(parseAdmin("payer everyone"), { type: "invalid", problem: "policy" });
    assert.deepEqual(parseAdmin("overview"), { type: "overview" });
    assert.deepEqual(parseAdmin(""), { type: "help" });
  });
});
