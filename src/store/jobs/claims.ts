/**
 * The confirmation claim's writes: the one place a quote turns into paid work. One conditional
 * UPDATE moves the quote from pending to confirmed and, in the same IMMEDIATE transaction, one job
 * row and one ledger hold per segment are written (the intent, before any provider call).
 *
 * What to write is decided by the caller's `steps`, synchronously and inside the transaction (the
 * budget check reads the ledger there, so two presses cannot both fit the last of a budget); they
 * may read the store but never wait on anything.
 */
import type { Db } from "../database.ts";
import type { QuoteRow } from "../quotes.ts";
import { column, statement } from "../statement.ts";
import { hold } from "./ledger.ts";

/** One segment's job row and hold. */
export interface NewJob {
  id: string;
  /** The provider request, as JSON. */
  request: string;
  amount: number;
  payer: "user" | "chat";
  day: string;
  /** A chained shot: not submitted before the job at this index (of the same claim) has succeeded. */
  afterIndex?: number;
}

export interface ConfirmSteps<T> {
  /** Judges the quote as it was before confirming; a result stops here with nothing written. */
  check(quote: QuoteRow | undefined): T | undefined;
  /** The quote was no longer confirmable by the time of the UPDATE. */
  lost(quote: QuoteRow): T;
  /** The jobs to write for the confirmed quote, and the result to return. May throw to roll back. */
  jobs(quote: QuoteRow): { jobs: NewJob[]; result: T };
}

export function confirmQuote<T>(db: Db, input: { quoteId: string; userId: string; now: number }, steps: ConfirmSteps<T>): T {
  const read = statement<[string], QuoteRow>(db, "SELECT * FROM quotes WHERE id = ?");
  const confirm = statement<typeof input, never>(
    db,
    `UPDATE quotes SET state = 'confirmed', confirmed_at = @now, confirmed_by = @userId
     WHERE id = @quoteId AND state = 'pending' AND requester_id = @userId AND expires_at > @now`,
  );
  const insert = statement<Record<string, string | number | null>, never>(
    db,
    `INSERT INTO jobs (id, quote_id, segment_index, segment_count, platform, chat_id, requester_id, language,
       reply_to, kind, provider, model_id, request, state, origin, created_at, updated_at, after_job_id)
     VALUES (@id, @quoteId, @index, @count, @platform, @chatId, @requesterId, @language,
       @replyTo, @kind, @provider, @modelId, @request, 'submitting', 'bot', @now, @now, @afterJobId)`,
  );

  return db.transaction((): T => {
    const stop = steps.check(read.get(input.quoteId));
    if (stop !== undefined) return stop;
    const { changes } = confirm.run(input);
    const quote = read.get(input.quoteId);
    if (!quote) throw new Error(`quote ${input.quoteId} vanished inside its claim`);
    if (changes === 0) return steps.lost(quote);
    const { jobs, result } = steps.jobs(quote);
    jobs.forEach((job, index) => {
      insert.run({
        id: job.id,
        quoteId: quote.id,
        index,
        count: jobs.length,
        platform: quote.platform,
        chatId: quote.chat_id,
        requesterId: quote.requester_id,
        language: quote.language,
        replyTo: quote.reply_to,
        kind: quote.kind,
        provider: quote.provider,
        modelId: quote.model_id,
        request: job.request,
        now: input.now,
        afterJobId: job.afterIndex === undefined ? null : (jobs[job.afterIndex]?.id ?? null),
      });
      hold(db, {
        jobId: job.id,
        quoteId: quote.id,
        amount: job.amount,
        currency: quote.currency,
        platform: quote.platform,
        chatId: quote.chat_id,
        userId: quote.requester_id,
        payer: job.payer,
        day: job.day,
        now: input.now,
      });
    });
    return result;
  }).immediate();
}

/**
 * Requests (a quote's segments count once) a person has waiting or running through the bot, on one
 * platform, in every chat. Read inside the claim's transaction, so two presses cannot both take the
 * last free place. Jobs left at the hard deadline are the user's to continue and do not count.
 */
export function activeRequests(db: Db, platform: string, userId: string): number {
  return (
    column<[string, string], number>(
      db,
      `SELECT COUNT(DISTINCT COALESCE(quote_id, id)) FROM jobs
       WHERE state IN ('submitting', 'queued', 'running') AND platform = ? AND requester_id = ?
         AND origin = 'bot' AND told_deadline_at IS NULL`,
    ).get(platform, userId) ?? 0
  );
}
