/**
 * Leases on job rows: which rows are due for each stage, claiming one under a lease, renewing and
 * releasing. A lease is `lease_owner` + `lease_until`; a crashed worker's rows return when theirs
 * lapse. Every claim is one conditional statement (or one transaction for a delivery group), so two
 * workers never both win a row.
 */
import type { ProviderId } from "../../domain/catalog.ts";
import type { Db } from "../database.ts";
import { statement } from "../statement.ts";
import { GROUP_WHERE, isTerminal, type JobRow } from "./rows.ts";

/** A submission waiting for a slot: what fair ordering needs to rank it. */
export interface Waiting {
  id: string;
  quote_id: string | null;
  provider: ProviderId;
  platform: string;
  requester_id: string;
  created_at: number;
}

export interface Due {
  now: number;
  limit: number;
}

export interface Claim {
  id: string;
  owner: string;
  until: number;
  now: number;
}

const FREE = "(lease_until IS NULL OR lease_until <= @now)";
/** A chained shot waits, unsubmitted, until the shot it starts from has succeeded. */
export const CHAIN_READY = "(after_job_id IS NULL OR EXISTS (SELECT 1 FROM jobs p WHERE p.id = jobs.after_job_id AND p.state = 'succeeded'))";
const SUBMIT_DUE = `state = 'submitting' AND (next_poll_at IS NULL OR next_poll_at <= @now) AND ${FREE} AND ${CHAIN_READY}`;
const POLL_DUE = `state IN ('queued', 'running') AND next_poll_at <= @now AND ${FREE}`;
const TAKE = "UPDATE jobs SET lease_owner = @owner, lease_until = @until, updated_at = @now";

/** 'submitting' rows due now, oldest first. */
export function dueSubmissions(db: Db, due: Due): Waiting[] {
  return statement<Due, Waiting>(
    db,
    `SELECT id, quote_id, provider, platform, requester_id, created_at FROM jobs WHERE ${SUBMIT_DUE} ORDER BY created_at LIMIT @limit`,
  ).all(due);
}

export function claimSubmission(db: Db, claim: Claim): JobRow | undefined {
  return statement<Claim, JobRow>(db, `${TAKE} WHERE id = @id AND ${SUBMIT_DUE} RETURNING *`).get(claim);
}

/** Submitted rows whose next poll is due, most overdue first. */
export function duePolls(db: Db, due: Due): Pick<JobRow, "id" | "provider">[] {
  return statement<Due, Pick<JobRow, "id" | "provider">>(
    db,
    `SELECT id, provider FROM jobs WHERE ${POLL_DUE} ORDER BY next_poll_at LIMIT @limit`,
  ).all(due);
}

export function claimPoll(db: Db, claim: Claim): JobRow | undefined {
  return statement<Claim, JobRow>(db, `${TAKE} WHERE id = @id AND ${POLL_DUE} RETURNING *`).get(claim);
}

const DELIVERY_DUE = `delivered_at IS NULL AND finished_at IS NOT NULL AND ${FREE}`;

/** Finished, undelivered rows, earliest finished first. */
export function dueDeliveries(db: Db, due: Due): Pick<JobRow, "id" | "quote_id" | "provider">[] {
  return statement<Due, Pick<JobRow, "id" | "quote_id" | "provider">>(
    db,
    `SELECT id, quote_id, provider FROM jobs WHERE ${DELIVERY_DUE} AND (next_poll_at IS NULL OR next_poll_at <= @now)
     ORDER BY finished_at LIMIT @limit`,
  ).all(due);
}

/** Rolls back a partial group claim: another worker holds part of the group. */
class GroupBusy extends Error {}

/**
 * Leases every undelivered finished row of a group whose segments have all settled (ended, or
 * handed to the user at the hard deadline), or none: `rows` is the whole group, `pending` what was
 * leased.
 */
export function claimDeliveryGroup(
  db: Db,
  input: { key: string; owner: string; until: number; now: number },
): { rows: JobRow[]; pending: JobRow[] } | undefined {
  const claim = statement<Claim, never>(db, `UPDATE jobs SET lease_owner = @owner, lease_until = @until WHERE id = @id AND ${DELIVERY_DUE}`);
  const claimAll = db.transaction(() => {
    const rows = statement<{ key: string }, JobRow>(db, `SELECT * FROM jobs WHERE ${GROUP_WHERE} ORDER BY segment_index`).all({ key: input.key });
    const settled = rows.every((r) => isTerminal(r.state) || r.told_deadline_at !== null);
    const pending = rows.filter((r) => r.delivered_at === null && r.finished_at !== null);
    if (!settled || pending.length === 0) return undefined;
    for (const r of pending) {
      // Any row held elsewhere: roll the whole claim back and leave the group to its holder.
      if (claim.run({ id: r.id, owner: input.owner, until: input.until, now: input.now }).changes === 0) throw new GroupBusy();
    }
    return { rows, pending };
  });
  try {
    return claimAll.immediate();
  } catch (error) {
    if (error instanceof GroupBusy) return undefined;
    throw error;
  }
}

/** Extends this owner's leases on `ids`. */
export function renewLeases(db: Db, ids: readonly string[], owner: string, until: number): void {
  const renew = statement<[number, string, string], never>(db, "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ?");
  for (const id of ids) renew.run(until, id, owner);
}

/** Columns a release may set in the same statement. */
export type ReleaseSet = Partial<
  Pick<JobRow, "state" | "finished_at" | "next_poll_at" | "error" | "step_attempts" | "poll_count" | "submit_started_at">
>;

/** Frees a lease this owner holds; `set` adds column updates in the same statement. */
export function releaseLease(db: Db, id: string, owner: string, now: number, set: ReleaseSet = {}): void {
  const columns = Object.keys(set);
  const assignments = columns.map((c) => `${c} = @${c}`).join(", ");
  statement<ReleaseSet & { id: string; owner: string; now: number }, never>(
    db,
    `UPDATE jobs SET lease_owner = NULL, lease_until = NULL, updated_at = @now${assignments ? `, ${assignments}` : ""}
     WHERE id = @id AND lease_owner = @owner`,
  ).run({ ...set, id, owner, now });
}

/** Frees every lease of `owner`: at start (a process that is gone) and at stop. */
export function releaseOwner(db: Db, owner: string): void {
  statement<[string], never>(db, "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?").run(owner);
}
