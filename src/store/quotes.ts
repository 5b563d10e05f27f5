/** Pending quotes: written by the dialogue engine, claimed by the jobs layer. */
import type { QuoteDraft } from "../dialogue/state.ts";
import type { Db } from "./database.ts";
import { column } from "./statement.ts";

export interface QuoteOwner {
  platform: string;
  chatId: string;
  requesterId: string;
  language: string;
  replyTo?: string;
}

export interface QuoteRow {
  id: string;
  platform: string;
  chat_id: string;
  requester_id: string;
  state: "pending" | "confirmed" | "cancelled" | "expired" | "superseded";
  kind: "video" | "image";
  provider: string;
  model_id: string;
  plan: string;
  prompt: string;
  brief: string;
  amount: number | null;
  currency: string | null;
  /** JSON array: each segment's estimate; null for older quotes. */
  segment_amounts: string | null;
  language: string;
  reply_to: string | null;
  expires_at: number;
}

export function createQuoteStore(db: Db) {
  const insert = db.prepare(
    `INSERT INTO quotes (id, platform, chat_id, requester_id, state, kind, provider, model_id, plan, prompt, brief,
                         amount, currency, segment_amounts, language, reply_to, created_at, expires_at)
     VALUES (@id, @platform, @chatId, @requesterId, 'pending', @kind, @provider, @modelId, @plan, @prompt, @brief,
             @amount, @currency, @segmentAmounts, @language, @replyTo, @now, @expiresAt)`,
  );
  const close = db.prepare("UPDATE quotes SET state = ? WHERE id = ? AND state = 'pending'");
  const get = db.prepare<[string], QuoteRow>("SELECT * FROM quotes WHERE id = ?");
  return {
    insert(draft: QuoteDraft, owner: QuoteOwner, now: number): void {
      insert.run({
        id: draft.id,
        platform: owner.platform,
        chatId: owner.chatId,
        requesterId: owner.requesterId,
        kind: draft.kind,
        provider: draft.provider,
        modelId: draft.modelId,
        plan: JSON.stringify(draft.plan),
        prompt: draft.prompt,
        brief: JSON.stringify(draft.brief),
        amount: draft.amount,
        currency: draft.currency,
        segmentAmounts: draft.segmentAmounts ? JSON.stringify(draft.segmentAmounts) : null,
        language: owner.language,
        replyTo: owner.replyTo ?? null,
        now,
        expiresAt: draft.expiresAt,
      });
    },
    /** Only a pending quote closes; a confirmed one is the jobs layer's. */
    close(id: string, state: "superseded" | "cancelled"): boolean {
      return close.run(state, id).changes === 1;
    },
    get(id: string): QuoteRow | undefined {
      return get.get(id);
    },
  };
}

export type QuoteStore = ReturnType<typeof createQuoteStore>;

/** Who asked for a quote; undefined when there is no such quote. */
export function quoteOwner(db: Db, id: string): string | undefined {
  return column<[string], string>(db, "SELECT requester_id FROM quotes WHERE id = ?").get(id);
}
