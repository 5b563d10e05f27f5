import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { budgetDay, judgeBudget, limitFor, nextReset, parseBudget, payerFor, resetLabel } from "../../src/domain/budget.ts";
import { fairOrder, type Waiting } from "../../src/jobs/fairness.ts";

describe("daily budgets", () => {
  it("reads one amount for every unit, or amounts per unit", () => {
    assert.equal(limitFor(parseBudget("50"), "credits"), 50);
    assert.equal(limitFor(parseBudget("50"), "USD"), 50);
    const perUnit = parseBudget("Credits:100, usd:5.5");
    assert.equal(limitFor(perUnit, "credits"), 100);
    assert.equal(limitFor(perUnit, "USD"), 5.5);
    assert.equal(limitFor(perUnit, "EUR"), undefined, "a unit it does not name is not limited");
    assert.equal(limitFor(parseBudget(""), "credits"), undefined);
    assert.throws(() => parseBudget("lots"), /not a budget/);
  });

  it("lets an estimate through up to the limit and no further, and an unknown cost only where nothing is limited", () => {
    const line = { scope: "user" as const, limit: 10, unlimited: false, spent: 6 };
    assert.deepEqual(judgeBudget(4, [line]), { ok: true });
    assert.deepEqual(judgeBudget(4.5, [line]), { ok: false, reason: "over_budget", scope: "user", limit: 10, spent: 6, remaining: 4 });
    assert.deepEqual(judgeBudget(null, [line]), { ok: false, reason: "no_estimate", scope: "user" });
    assert.deepEqual(judgeBudget(null, [{ scope: "chat", limit: undefined, unlimited: true, spent: 0 }]), { ok: true });
  });

  it("starts a budget day at midnight in the configured zone", () => {
    const at = Date.UTC(2026, 0, 15, 23, 30);
    assert.equal(budgetDay(at, "UTC"), "2026-01-15");
    assert.equal(budgetDay(at, "Europe/Berlin"), "2026-01-16");
    assert.equal(nextReset(at, "UTC"), Date.UTC(2026, 0, 16));
    assert.equal(nextReset(at, "Europe/Berlin"), Date.UTC(2026, 0, 16, 23), "midnight in Berlin is 23:00 UTC in winter");
    assert.equal(nextReset(Date.UTC(2026, 6, 1, 12), "America/New_York"), Date.UTC(2026, 6, 2, 4), "and 04:00 UTC in New York in summer");
    assert.equal(resetLabel(nextReset(at, "UTC"), "UTC"), "2026-01-16 00:00 UTC");
  });

  it("makes the requester pay in private, and follows the group's policy in a group", () => {
    assert.deepEqual(payerFor({ group: false, policy: "admins", admin: false }), { ok: true, payer: { kind: "user" } });
    assert.deepEqual(payerFor({ group: true, policy: "requester", admin: false }), { ok: true, payer: { kind: "user" } });
    assert.deepEqual(payerFor({ group: true, policy: "pool", admin: false }), { ok: true, payer: { kind: "chat" } });
    assert.deepEqual(payerFor({ group: true, policy: "admins", admin: false }), { ok: false, reason: "admins_only" });
    assert.deepEqual(payerFor({ group: true, policy: "admins", admin: true }), { ok: true, payer: { kind: "chat" } });
  });
});

describe("fair order", () => {
  const waiting = (id: string, user: string, at: number): Waiting => ({ id, quote_id: null, provider: "creatok", platform: "telegram", requester_id: user, created_at: at });

  it("takes one job from each user in turn, least recently served first", () => {
    const jobs = [waiting("a1", "a", 1), waiting("a2", "a", 2), waiting("a3", "a", 3), waiting("b1", "b", 4), waiting("c1", "c", 5), waiting("c2", "c", 6)];
    const order = fairOrder(jobs, (_p, _pl, user) => (user === "a" ? 100 : user === "c" ? 50 : undefined));
    assert.deepEqual(order.map((j) => j.id), ["b1", "c1", "a1", "c2", "a2", "a3"]);
  });

  it("is first come first served for one user", () => {
    const jobs = [waiting("x2", "x", 2), waiting("x1", "x", 1)];
    assert.deepEqual(fairOrder(jobs, () => undefined).map((j) => j.id), ["x1", "x2"]);
  });
});
