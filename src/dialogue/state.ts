/**
 * A conversation's dialogue state, events and effects. The state is plain JSON, persisted after
 * every step; effects are what the application layer carries out (replies, quotes, confirmations).
 */
import type { Brief, ReferenceImage } from "../domain/brief.ts";
import type { BudgetSnapshot } from "../domain/budget.ts";
import type { Catalog, ProviderId } from "../domain/catalog.ts";
import type { Ceilings, Conflict, Fix, Plan } from "../domain/plan.ts";
import type { Action, Message } from "../domain/reply.ts";
import type { AdminCommand } from "./admin.ts";

export type Phase = "idle" | "describing" | "clarifying" | "fixing" | "confirming" | "remixing" | "rewriting";

/** A question the dialogue may ask; at most two per brief. */
/** "picture": an image-to-video brief with no picture attached. */
export type Question = "seconds" | "orientation" | "picture";

export interface DialogueState {
  phase: Phase;
  brief?: Brief;
  /** Questions already asked for this brief. */
  asked: Question[];
  /** The question whose answer is expected now. */
  awaiting?: Question;
  /** The model the offer is for, as `provider:id`. */
  modelRef?: string;
  /** A model the user picked with a button; a refinement keeps it, otherwise the recommendation is redone. */
  chosenRef?: string;
  /** The fixes offered while fixing, in button order. */
  fixes?: Fix[];
  /** The pending quote while confirming. */
  quoteId?: string;
  /** A split the creator chose with a button; kept while the length and model stay. */
  segments?: number[];
  /** The shots as the creator rewrote the whole list, in order. */
  beats?: string[];
  /** Single shots the creator rewrote (0-based), on top of `beats` or the drawn storyboard. */
  shotEdits?: { index: number; beat: string }[];
  /** How many shots the pending card lists (a storyboard has two or more). */
  shotCount?: number;
  /** While rewriting: the shot (0-based) whose new words are expected, or "all" for the whole list. */
  rewriting?: number | "all";
}

export const INITIAL_STATE: DialogueState = { phase: "idle", asked: [] };

export type CommandName = "start" | "help" | "video" | "image" | "status" | "models" | "language" | "cancel" | "usage" | "admin";

/** Brief fields a platform's command options state directly, each already the domain's value. */
export type RequestOptions = Partial<Pick<Brief, "seconds" | "orientation" | "modelId" | "resolution" | "count">>;

export type DialogueEvent =
  | { type: "text"; text: string }
  /**
   * A command with its options and pictures in one (Discord's /video and /image): the options set
   * the brief's fields, the idea is read as a brief, the pictures are its references.
   */
  | { type: "request"; kind: "video" | "image"; idea: string; options: RequestOptions; images: ReferenceImage[] }
  /** /admin from a platform's options, already typed. */
  | { type: "admin"; command: AdminCommand }
  | { type: "images"; images: ReferenceImage[]; caption?: string }
  | { type: "command"; name: CommandName; args: string }
  | { type: "press"; action: Action };

/** A quote to store as pending before the summary that offers it is shown. */
export interface QuoteDraft {
  id: string;
  kind: "video" | "image";
  provider: ProviderId;
  modelId: string;
  plan: Plan;
  prompt: string;
  brief: Brief;
  amount: number | null;
  currency: string | null;
  /** Each segment's own estimate, when there is an estimate. */
  segmentAmounts?: number[];
  expiresAt: number;
}

export type Effect =
  | { type: "reply"; message: Message }
  | { type: "create_quote"; quote: QuoteDraft }
  /** A pending quote is replaced by a newer offer or cancelled; its buttons stop working. */
  | { type: "close_quote"; quoteId: string; state: "superseded" | "cancelled" }
  | { type: "confirm"; quoteId: string }
  | { type: "status"; taskId: string; provider?: ProviderId; follow: boolean }
  /** Cancels the request of `quoteId` (a Cancel pressed on an offer already confirmed), else the user's newest one. */
  | { type: "cancel_job"; quoteId?: string }
  | { type: "set_language"; language: string }
  | { type: "again"; jobId: string }
  /** /usage: what this person spent today and what remains. */
  | { type: "usage" }
  /** An admin command; the application layer checks that the sender is an admin before anything changes. */
  | { type: "admin"; command: AdminCommand };

export interface StepContext {
  /** Models of the configured providers only. */
  catalog: Catalog;
  /** YYYY-MM-DD, for retirements. */
  today: string;
  now: number;
  /** Id for a quote created in this step (the conversation runner makes it, so the step stays pure). */
  newId: string;
  quoteTtlMs: number;
  /** The built-in sandbox is the provider: say so. */
  sandbox: boolean;
  /** ffmpeg is available, so multi-segment clips are joined into one. */
  stitching: boolean;
  languages: readonly string[];
  /** Who would pay here and the budgets that apply, for the summary; absent: nothing is limited. */
  spend?: BudgetSnapshot;
  /** The operator's caps on one request (MAX_CLIPS_PER_REQUEST, MAX_SECONDS_PER_REQUEST); absent: none. */
  ceilings?: Ceilings;
}

export interface StepResult {
  state: DialogueState;
  effects: Effect[];
}
