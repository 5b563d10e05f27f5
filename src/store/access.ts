/**
 * What admins set at run time: people allowed or blocked, daily budgets for one user or one chat,
 * and a group's payer policy. Each replaces the configured default for that user or chat.
 */
import { parseBudget, type Budget, type PayerPolicy } from "../domain/budget.ts";
import type { Db } from "./database.ts";

export type UserStatus = "allowed" | "blocked";

export function createAccessStore(db: Db) {
  const status = db.prepare<[string, string], { status: UserStatus }>("SELECT status FROM user_access WHERE platform = ? AND user_id = ?");
  const setStatus = db.prepare(
    `INSERT INTO user_access (platform, user_id, status, set_by, updated_at) VALUES (@platform, @userId, @status, @by, @now)
     ON CONFLICT (platform, user_id) DO UPDATE SET status = excluded.status, set_by = excluded.set_by, updated_at = excluded.updated_at`,
  );
  const budget = db.prepare<[string, string, string], { budget: string }>(
    "SELECT budget FROM budget_overrides WHERE scope = ? AND platform = ? AND id = ?",
  );
  const setBudget = db.prepare(
    `INSERT INTO budget_overrides (scope, platform, id, budget, set_by, updated_at) VALUES (@scope, @platform, @id, @budget, @by, @now)
     ON CONFLICT (scope, platform, id) DO UPDATE SET budget = excluded.budget, set_by = excluded.set_by, updated_at = excluded.updated_at`,
  );
  const payer = db.prepare<[string, string], { policy: PayerPolicy }>("SELECT policy FROM chat_payer WHERE platform = ? AND chat_id = ?");
  const setPayer = db.prepare(
    `INSERT INTO chat_payer (platform, chat_id, policy, set_by, updated_at) VALUES (@platform, @chatId, @policy, @by, @now)
     ON CONFLICT (platform, chat_id) DO UPDATE SET policy = excluded.policy, set_by = excluded.set_by, updated_at = excluded.updated_at`,
  );

  return {
    status(platform: string, userId: string): UserStatus | undefined {
      return status.get(platform, userId)?.status;
    },
    setStatus(input: { platform: string; userId: string; status: UserStatus; by: string; now: number }): void {
      setStatus.run(input);
    },
    /** An admin's budget for the user or chat; undefined when the configured default applies. */
    budget(scope: "user" | "chat", platform: string, id: string): Budget | undefined {
      const row = budget.get(scope, platform, id);
      return row ? parseBudget(row.budget) : undefined;
    },
    setBudget(input: { scope: "user" | "chat"; platform: string; id: string; budget: string; by: string; now: number }): void {
      parseBudget(input.budget); // never store what cannot be read back
      setBudget.run(input);
    },
    payer(platform: string, chatId: string): PayerPolicy | undefined {
      return payer.get(platform, chatId)?.policy;
    },
    setPayer(input: { platform: string; chatId: string; policy: PayerPolicy; by: string; now: number }): void {
      setPayer.run(input);
    },
  };
}

export type AccessStore = ReturnType<typeof createAccessStore>;
