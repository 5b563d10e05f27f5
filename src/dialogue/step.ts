/**
 * The dialogue as a pure transition: (state, event, context) → (state, effects). It reads what the
 * brief already says, asks at most two short questions, recommends a model with its reason, fits
 * the plan to the model's limits, and offers a quote to confirm. It never calls a provider: a
 * confirmation leaves as an effect for the jobs layer.
 */
import type { Brief } from "../domain/brief.ts";
import type { Language } from "../domain/languages.ts";
import { parseBrief, stripSettings } from "../domain/brief-parser.ts";
import { findModel, modelRef, type ModelSpec } from "../domain/catalog.ts";
import { definitionName, settleDefinition } from "../domain/definition.ts";
import { MAX_PROMPT_CHARS, promptLength } from "../domain/guardrails.ts";
import { isCancellation, isConfirmation } from "../domain/intent.ts";
import { applyFix, fitPlan, reviseBrief, type Conflict, type FitOptions, type Fix, type Plan, type VideoPlan } from "../domain/plan.ts";
import { shotPrompt, structurePrompt } from "../domain/prompt.ts";
import { rewriteShot, storyboard, writtenBeats } from "../domain/storyboard.ts";
import { quotePlan } from "../domain/quote.ts";
import { NoModelError, recommend } from "../domain/recommend.ts";
import { text, type Action, type Button, type Message, type MessageKey, type Text } from "../domain/reply.ts";
import { parseAdmin } from "./admin.ts";
import { conflictLines, fixLabel, modelLabel, modelLimits, orientationKey, summaryLines } from "./summary.ts";
import {
  INITIAL_STATE,
  type DialogueEvent,
  type DialogueState,
  type Effect,
  type Question,
  type StepContext,
  type StepResult,
} from "./state.ts";

const MAX_QUESTIONS = 2;

function reply(lines: Text[], buttons?: Button[][]): Effect {
  const message: Message = buttons && buttons.length > 0 ? { lines, buttons } : { lines };
  return { type: "reply", message };
}

function button(key: MessageKey, action: Action, params?: Record<string, string | number>): Button {
  return { label: text(key, params), action };
}

/** Closing the pending quote, if any, when the conversation moves away from it. */
function closing(state: DialogueState, as: "superseded" | "cancelled"): Effect[] {
  return state.quoteId ? [{ type: "close_quote", quoteId: state.quoteId, state: as }] : [];
}

export function step(state: DialogueState, event: DialogueEvent, ctx: StepContext): StepResult {
  switch (event.type) {
    case "command":
      return command(state, event.name, event.args.trim(), ctx);
    case "press":
      return press(state, event.action, ctx);
    case "admin":
      return { state, effects: [{ type: "admin", command: event.command }] };
    case "images": {
      const base: Brief = state.brief ?? { kind: "video", prompt: "", referenceImages: [] };
      const withImages: Brief = { ...base, referenceImages: [...base.referenceImages, ...event.images] };
      const brief = event.caption?.trim() ? parseBrief(event.caption, ctx.catalog, withImages) : withImages;
      return proceed({ ...state, brief }, ctx, closing(state, "superseded"));
    }
    case "text":
      return message(state, event.text.trim(), ctx);
    case "request": {
      const fresh: Brief = { kind: event.kind, prompt: "", referenceImages: [...(state.brief?.referenceImages ?? []), ...event.images] };
      const read = event.idea.trim() ? { ...parseBrief(event.idea, ctx.catalog, fresh), kind: event.kind } : fresh;
      // An option is the user's explicit setting: it wins over anything the idea's words suggest.
      const options = Object.fromEntries(Object.entries(event.options).filter(([, v]) => v !== undefined));
      return proceed({ ...INITIAL_STATE, brief: { ...read, ...options } }, ctx, closing(state, "superseded"));
    }
  }
}

function message(state: DialogueState, input: string, ctx: StepContext): StepResult {
  // Nothing readable was left (only control characters, say): not a brief; say what to send instead.
  if (input.length === 0) return { state, effects: [reply([text(state.brief?.kind === "image" ? "ask.describe_image" : "ask.describe_video")])] };

  if (isCancellation(input)) {
    if (state.phase === "idle") return { state, effects: [reply([text("cancel.nothing")])] };
    return { state: INITIAL_STATE, effects: [...closing(state, "cancelled"), reply([text("cancel.done")])] };
  }

  if (isConfirmation(input)) {
    if (state.phase === "confirming" && state.quoteId) {
      return { state: INITIAL_STATE, effects: [{ type: "confirm", quoteId: state.quoteId }] };
    }
    if (state.phase === "fixing" && state.fixes && state.fixes.length > 0) {
      return fixChosen(state, 0, ctx);
    }
    // A "yes" with nothing on offer confirms nothing: no quote, no job, no charge.
    if (state.phase === "idle") return { state, effects: [reply([text("confirm.nothing_pending")])] };
  }

  if (state.phase === "clarifying" && state.brief && state.awaiting) {
    const brief = answer(state.brief, state.awaiting, input, ctx);
    return proceed({ ...state, brief, awaiting: undefined }, ctx, []);
  }

  if (state.phase === "rewriting" && state.brief && state.rewriting !== undefined) {
    if (promptLength(input) > MAX_PROMPT_CHARS) {
      return { state, effects: [reply([text("guard.prompt_too_long", { length: promptLength(input), max: MAX_PROMPT_CHARS })])] };
    }
    const at = state.rewriting;
    const next: DialogueState = at === "all"
      ? { ...state, beats: writtenBeats(input), shotEdits: undefined }
      : { ...state, shotEdits: [...(state.shotEdits ?? []).filter((e) => e.index !== at), { index: at, beat: input }] };
    return offer({ ...next, phase: "confirming", rewriting: undefined }, ctx, closing(state, "superseded"), state.modelRef);
  }

  if (state.phase === "remixing" && state.brief) {
    // One change, everything else kept: the seed's remix rule, as words the provider reads.
    const brief = { ...state.brief, prompt: remixPrompt(state.brief.prompt, input) };
    return offer({ ...state, brief }, ctx, [], state.chosenRef);
  }

  if (state.phase === "describing" && state.brief) {
    const brief = parseBrief(input, ctx.catalog, { ...state.brief, prompt: "" });
    return proceed({ ...state, brief }, ctx, []);
  }

  if ((state.phase === "confirming" || state.phase === "fixing") && state.brief) {
    // A message while an offer is open changes the offer ("make it square", "use veo").
    const brief = refine(state.brief, input, ctx);
    const named = brief.modelId !== undefined && brief.modelId !== state.brief.modelId;
    const chosenRef = named ? undefined : state.chosenRef;
    return offer({ ...state, brief, chosenRef }, ctx, closing(state, "superseded"), chosenRef);
  }

  const brief = parseBrief(input, ctx.catalog);
  return proceed({ ...INITIAL_STATE, brief }, ctx, closing(state, "superseded"));
}

/** A refinement keeps the creative request and changes only the settings the message names. */
function refine(brief: Brief, input: string, ctx: StepContext): Brief {
  const parsed = parseBrief(input, ctx.catalog, brief);
  return { ...parsed, prompt: brief.prompt };
}

/** An answer to the open question: a bare number is the length; anything else is read as a brief. */
function answer(brief: Brief, question: Question, input: string, ctx: StepContext): Brief {
  const bare = /^\s*(\d{1,3})\s*$/.exec(input);
  if (question === "seconds" && bare) return { ...brief, seconds: Number(bare[1]) };
  return refine(brief, input, ctx);
}

function command(state: DialogueState, name: string, args: string, ctx: StepContext): StepResult {
  switch (name) {
    case "start":
    case "help": {
      const lines = [text("help.intro"), text("help.examples"), text("help.commands")];
      if (ctx.sandbox) lines.push(text("sandbox.notice"));
      return { state, effects: [reply(lines)] };
    }
    case "video":
    case "image": {
      const kind = name;
      const fresh: Brief = { kind, prompt: "", referenceImages: state.brief?.referenceImages ?? [] };
      const brief = args ? { ...parseBrief(args, ctx.catalog, fresh), kind } : fresh;
      return proceed({ ...INITIAL_STATE, brief }, ctx, closing(state, "superseded"));
    }
    case "status": {
      const taskId = args.split(/\s+/)[0] ?? "";
      if (!taskId) return { state, effects: [reply([text("status.usage")])] };
      return { state, effects: [{ type: "status", taskId, follow: false }] };
    }
    case "models":
      return { state, effects: [reply(modelList(ctx))] };
    case "language": {
      const wanted = ctx.languages.find((l) => l.toLowerCase() === args.toLowerCase());
      if (wanted) return { state, effects: [{ type: "set_language", language: wanted }] };
      const buttons = ctx.languages.map((language) =>
        button(`language.name.${language as Language}`, { type: "language", language }),
      );
      return { state, effects: [reply([text("language.choose")], chunk(buttons, 3))] };
    }
    case "cancel":
      if (state.phase === "idle") return { state, effects: [{ type: "cancel_job" }] };
      return { state: INITIAL_STATE, effects: [...closing(state, "cancelled"), reply([text("cancel.done")])] };
    case "usage":
      return { state, effects: [{ type: "usage" }] };
    case "admin":
      return { state, effects: [{ type: "admin", command: parseAdmin(args) }] };
    default:
      return { state, effects: [reply([text("help.unknown_command")])] };
  }
}

function press(state: DialogueState, action: Action, ctx: StepContext): StepResult {
  switch (action.type) {
    case "answer": {
      if (!state.brief) return { state, effects: [reply([text("press.stale")])] };
      const brief: Brief = { ...state.brief };
      if (action.field === "seconds") brief.seconds = Number(action.value);
      else if (action.field === "orientation") brief.orientation = String(action.value) as Brief["orientation"];
      else if (action.field === "kind") brief.kind = action.value === "image" ? "image" : "video";
      else if (action.field === "speed") brief.speed = action.value === "fast" ? "fast" : "quality";
      else if (action.field === "resolution") brief.resolution = String(action.value);
      else if (action.field === "count") brief.count = Number(action.value);
      return proceed({ ...state, brief, awaiting: undefined }, ctx, []);
    }
    case "choose_model":
      if (!state.brief) return { state, effects: [reply([text("press.stale")])] };
      return offer({ ...state, chosenRef: action.ref }, ctx, closing(state, "superseded"), action.ref);
    case "apply_fix": {
      // A conflict's fixes (no quote yet) or a summary card's alternatives (this card only).
      const current = action.quoteId === undefined ? state.phase === "fixing" : state.phase === "confirming" && action.quoteId === state.quoteId;
      if (!current || !state.fixes?.[action.index]) {
        return { state, effects: [reply([text("press.stale")])] };
      }
      return fixChosen(state, action.index, ctx);
    }
    case "rewrite_shot": {
      if (state.phase !== "confirming" || state.quoteId !== action.quoteId || !state.brief) {
        return { state, effects: [reply([text("press.stale")])] };
      }
      const question = action.index === undefined ? text("ask.rewrite_shots") : text("ask.rewrite_shot", { index: action.index + 1 });
      return { state: { ...state, phase: "rewriting", rewriting: action.index ?? "all" }, effects: [reply([question])] };
    }
    case "confirm":
      // The jobs layer decides whether this quote can still be confirmed (pending, this requester,
      // not expired), so a stale or repeated press charges nothing.
      return {
        state: state.quoteId === action.quoteId ? INITIAL_STATE : state,
        effects: [{ type: "confirm", quoteId: action.quoteId }],
      };
    case "change": {
      if (state.phase !== "confirming" || state.quoteId !== action.quoteId || !state.brief) {
        return { state, effects: [reply([text("press.stale")])] };
      }
      const shots = state.shotCount ?? 0;
      const rewrite: Button[] = shots > 1
        ? [
            ...Array.from({ length: shots }, (_, index) => button("button.rewrite_shot", { type: "rewrite_shot", quoteId: action.quoteId, index }, { index: index + 1 })),
            button("button.rewrite_shots", { type: "rewrite_shot", quoteId: action.quoteId }),
          ]
        : [];
      return { state, effects: [reply([text("change.prompt")], [...chunk(rewrite, 4), ...modelButtons(state.brief, ctx, state.modelRef)])] };
    }
    case "cancel":
      if (action.quoteId && action.quoteId !== state.quoteId) {
        // Not the offer open now: it may have been confirmed already, so the jobs layer says what
        // cancelling it did (stopped and released, or running on and charged).
        return { state, effects: [{ type: "close_quote", quoteId: action.quoteId, state: "cancelled" }, { type: "cancel_job", quoteId: action.quoteId }] };
      }
      return { state: INITIAL_STATE, effects: [...closing(state, "cancelled"), reply([text("cancel.done")])] };
    case "language":
      return { state, effects: [{ type: "set_language", language: action.language }] };
    case "status_provider":
      return { state, effects: [{ type: "status", taskId: action.taskId, provider: action.provider, follow: false }] };
    case "follow":
      return { state, effects: [{ type: "status", taskId: action.taskId, provider: action.provider, follow: true }] };
    case "again":
      return { state, effects: [{ type: "again", jobId: action.jobId }] };
    case "remix":
      // The application layer has put the finished clip's brief and model in the state.
      if (!state.brief) return { state, effects: [reply([text("press.stale")])] };
      return { state: { ...state, phase: "remixing", quoteId: undefined }, effects: [reply([text("ask.remix")])] };
    case "animate":
      // The application layer turns this press into an images event carrying the picture.
      return { state, effects: [reply([text("press.stale")])] };
  }
}

/** Asks what is still missing, at most two questions per brief, or moves on to the offer. */
function proceed(state: DialogueState, ctx: StepContext, effects: Effect[]): StepResult {
  const brief = state.brief!;
  if (promptLength(brief.prompt) > MAX_PROMPT_CHARS) return tooLong(state, effects);
  if (brief.prompt.trim().length === 0) {
    // A picture alone says what, not how it should move: ask for the motion.
    const key = brief.kind === "image" ? "ask.describe_image" : brief.referenceImages.length > 0 ? "ask.describe_motion" : "ask.describe_video";
    return { state: { ...state, phase: "describing" }, effects: [...effects, reply([text(key)])] };
  }
  if (brief.animate && brief.referenceImages.length === 0 && !state.asked.includes("picture")) {
    // "Animate this photo" with no photo: one question, and a way on without one.
    return {
      state: { ...state, phase: "clarifying", asked: [...state.asked, "picture"], awaiting: "picture" },
      effects: [...effects, reply([text("ask.picture")], [[button("button.no_picture", { type: "answer", field: "picture", value: "skip" })]])],
    };
  }
  const question = nextQuestion(brief, state.asked);
  if (question && state.asked.length < MAX_QUESTIONS) {
    const asked = [...state.asked, question];
    return {
      state: { ...state, phase: "clarifying", asked, awaiting: question },
      effects: [...effects, reply([text(`ask.${question}`)], questionButtons(question, brief, ctx))],
    };
  }
  return offer(state, ctx, effects);
}

export function remixPrompt(original: string, change: string): string {
  return `${original.trim()}\nSame shot, framing, subject and camera move as before; change only this: ${change.trim()}`;
}

function nextQuestion(brief: Brief, asked: Question[]): Question | undefined {
  if (brief.kind !== "video" || brief.modelId) return undefined;
  const missing: Question[] = [];
  if (brief.seconds === undefined) missing.push("seconds");
  if (brief.orientation === undefined) missing.push("orientation");
  return missing.find((q) => !asked.includes(q));
}

function questionButtons(question: Question, brief: Brief, ctx: StepContext): Button[][] {
  if (question === "seconds") {
    return [[5, 8, 10, 15, 20].map((s) => button("ask.seconds_option", { type: "answer", field: "seconds", value: s }, { seconds: s }))];
  }
  const offered = new Set(ctx.catalog.models.filter((m) => m.kind === brief.kind).flatMap((m) => (m.kind === "video" ? m.orientations : m.aspectRatios)));
  const options = (["9:16", "16:9", "1:1"] as const).filter((o) => offered.size === 0 || offered.has(o));
  return [options.map((o) => button(orientationKey(o), { type: "answer", field: "orientation", value: o }))];
}

/**
 * Recommends (or takes the chosen model), fits the plan and offers a quote. A request longer than
 * the model's longest clip becomes a multi-segment plan whose limitation the summary explains;
 * any other conflict is explained with the workable fixes as buttons.
 */
function offer(state: DialogueState, ctx: StepContext, effects: Effect[], chosenRef?: string, lead: Text[] = []): StepResult {
  let brief = state.brief!;
  if (promptLength(brief.prompt) > MAX_PROMPT_CHARS) return tooLong(state, effects);
  let recommendation;
  try {
    recommendation = recommend(brief, ctx.catalog, { today: ctx.today });
  } catch (error) {
    if (!(error instanceof NoModelError)) throw error;
    return { state: INITIAL_STATE, effects: [...effects, reply([text(`offer.no_model_${brief.kind}`)])] };
  }
  const chosen = chosenRef ? findModel(ctx.catalog, chosenRef, ctx.today) : undefined;
  const model = chosen ?? recommendation.model;
  const reason: Text = chosen && modelRef(chosen) !== modelRef(recommendation.model)
    ? text("reason.user_choice")
    : text(`reason.${recommendation.reason}`);
  const lines: Text[] = [
    ...lead,
    text("offer.recommendation", { model: modelLabel(model), reason }),
    text("offer.limits", { limits: modelLimits(model) }),
  ];

  // Nothing stated is dropped silently: a definition above the model's best, or a model not offered here, is named.
  const settled = settleDefinition(brief, model);
  if (settled.short) {
    lines.push(text("offer.definition_best", { asked: definitionName(settled.short.asked), best: settled.short.best, model: modelLabel(model) }));
  }
  if (brief.unavailableModel && !chosen) lines.push(text("offer.model_unavailable", { named: brief.unavailableModel, model: modelLabel(model) }));
  let planBrief = settled.brief;
  const options: FitOptions = {
    catalog: ctx.catalog,
    today: ctx.today,
    ...(ctx.ceilings ? { ceilings: ctx.ceilings } : {}),
    ...(state.segments ? { segments: state.segments } : {}),
  };
  let fit = fitPlan(planBrief, model, options);
  const explained: Conflict[] = [];
  // Beyond the operator's ceilings alone: explained, and the longest plan within them offered.
  const ceiling = !fit.ok && fit.conflicts.length === 1 ? fit.conflicts[0] : undefined;
  const cap = ceiling?.code === "over_ceiling" ? ceiling.fixes[0] : undefined;
  if (ceiling && cap) {
    explained.push(ceiling);
    brief = reviseBrief(brief, cap);
    planBrief = settleDefinition(brief, model).brief;
    fit = fitPlan(planBrief, model, options);
  }
  let plan: Plan;
  let extraFixes: Fix[] = [];
  if (fit.ok) {
    plan = fit.plan;
  } else if (fit.conflicts.every((c) => c.code === "too_long") && fit.conflicts[0]?.fixes.some((f) => f.kind === "split")) {
    const conflict = fit.conflicts[0]!;
    const split = conflict.fixes.find((f) => f.kind === "split")!;
    plan = applyFix(planBrief, model, split, ctx.catalog, options);
    explained.push(conflict);
    extraFixes = conflict.fixes.filter((f) => f !== split);
  } else {
    // Two conflicts can share a fix (another model solves both); it is offered once.
    const fixes = fit.conflicts.flatMap((c) => c.fixes).filter((f, i, all) => all.findIndex((g) => JSON.stringify(g) === JSON.stringify(f)) === i);
    const fixButtons = fixes.map((f, index) => [{ label: fixLabel(f, ctx.catalog), action: { type: "apply_fix", index } as Action }]);
    return {
      state: { ...state, brief, phase: "fixing", modelRef: modelRef(model), fixes, quoteId: undefined, shotCount: undefined },
      effects: [
        ...effects,
        reply([...lines, ...conflictLines([...explained, ...fit.conflicts], model), text("fix.choose")], [
          ...fixButtons,
          [button("button.cancel", { type: "cancel" })],
        ]),
      ],
    };
  }
  lines.push(...conflictLines(explained, model));
  return quoteFor({ ...state, brief }, model, plan, lines, ctx, effects, extraFixes);
}

/**
 * A description over the cap is refused before any quote. Settings and reference images stay, so
 * the next message is read as the shorter description.
 */
function tooLong(state: DialogueState, effects: Effect[]): StepResult {
  const brief = state.brief!;
  return {
    state: { ...INITIAL_STATE, phase: "describing", brief: { ...brief, prompt: "" } },
    effects: [...effects, reply([text("guard.prompt_too_long", { length: promptLength(brief.prompt), max: MAX_PROMPT_CHARS })])],
  };
}

/**
 * A fix or alternative as pressed: the brief changes in that one respect and is offered again, so
 * every other setting the creator stated stays, and a conflict the fix leaves open is shown again
 * rather than settled silently.
 */
function fixChosen(state: DialogueState, index: number, ctx: StepContext): StepResult {
  const fix = state.fixes![index]!;
  const brief = reviseBrief(state.brief!, fix);
  const ref = fix.kind === "switch_model" ? `${fix.provider}:${fix.modelId}` : state.modelRef;
  if (!ref || !findModel(ctx.catalog, ref, ctx.today)) return { state: INITIAL_STATE, effects: [...closing(state, "superseded"), reply([text("press.stale")])] };
  const segments = fix.kind === "split" || fix.kind === "switch_model" ? fix.segments : fix.kind === "use_value" && fix.field === "seconds" ? undefined : state.segments;
  const next: DialogueState = { ...state, brief, chosenRef: ref, segments, fixes: undefined };
  return offer(next, ctx, closing(state, "superseded"), ref, [text("offer.fix_applied", { fix: fixLabel(fix, ctx.catalog) })]);
}

function quoteFor(
  state: DialogueState,
  model: ModelSpec,
  plan: Plan,
  lines: Text[],
  ctx: StepContext,
  effects: Effect[],
  extraFixes: Fix[] = [],
): StepResult {
  const brief = state.brief!;
  const id = ctx.newId;
  const idea = stripSettings(brief.prompt.trim(), ctx.catalog);
  const prompt = structurePrompt(brief, { catalog: ctx.catalog, stripped: idea });
  if (plan.kind === "video" && plan.segments.length > 1) plan = storyboarded(plan, model, state, idea, ctx);
  const quote = quotePlan(plan, model);
  const summary = summaryLines(plan, model, quote, {
    sandbox: ctx.sandbox,
    stitching: ctx.stitching,
    idea,
    ...(brief.kind === "video" && brief.seconds !== undefined ? { asked: brief.seconds } : {}),
    ...(ctx.spend ? { spend: ctx.spend } : {}),
  });
  const buttons: Button[][] = [[
    button("button.confirm", { type: "confirm", quoteId: id }),
    button("button.change", { type: "change", quoteId: id }),
    button("button.cancel", { type: "cancel", quoteId: id }),
  ]];
  const fixes = extraFixes.map((f, index) => ({ label: fixLabel(f, ctx.catalog), action: { type: "apply_fix", index, quoteId: id } as Action }));
  if (fixes.length > 0) buttons.push(fixes);
  const alternatives = modelButtons(brief, ctx, modelRef(model)).flat().slice(0, 2);
  if (alternatives.length > 0) buttons.push(alternatives);
  return {
    state: {
      ...state,
      phase: "confirming",
      modelRef: modelRef(model),
      fixes: extraFixes.length > 0 ? extraFixes : undefined,
      quoteId: id,
      awaiting: undefined,
      rewriting: undefined,
      shotCount: plan.kind === "video" && plan.shots ? plan.shots.length : undefined,
    },
    effects: [
      ...effects,
      {
        type: "create_quote",
        quote: {
          id,
          kind: plan.kind,
          provider: model.provider,
          modelId: model.id,
          plan,
          prompt,
          brief,
          amount: quote.total,
          currency: quote.currency,
          ...(quote.total !== null ? { segmentAmounts: quote.perSegment as number[] } : {}),
          expiresAt: ctx.now + ctx.quoteTtlMs,
        },
      },
      reply([...lines, ...summary, text("offer.ask_confirm")], buttons),
    ],
  };
}

/** A multi-clip plan as a storyboard: one shot per clip, each with its own prompt, the creator's rewrites applied. */
function storyboarded(plan: VideoPlan, model: ModelSpec, state: DialogueState, idea: string, ctx: StepContext): VideoPlan {
  const brief = state.brief!;
  const board = storyboard(idea, plan.segments, state.beats);
  let shots = board.shots;
  for (const edit of state.shotEdits ?? []) {
    if (edit.index < shots.length) shots = rewriteShot(shots, edit.index, edit.beat);
  }
  const told = { context: board.context, shots };
  return {
    ...plan,
    shots: shots.map((shot, i) => ({ ...shot, prompt: shotPrompt(brief, told, i, { catalog: ctx.catalog, stripped: idea }) })),
    chainable: model.modes.some((m) => m === "first_frame" || m === "reference_images" || m === "first_last"),
  };
}

/** The recommended model first, then other models of the same kind, as choice buttons. */
function modelButtons(brief: Brief, ctx: StepContext, exclude?: string): Button[][] {
  let recommendation;
  try {
    recommendation = recommend(brief, ctx.catalog, { today: ctx.today });
  } catch {
    return [];
  }
  const models = [recommendation.model, ...recommendation.alternatives.map((a) => a.model)]
    .filter((m, i, all) => all.findIndex((x) => modelRef(x) === modelRef(m)) === i)
    .filter((m) => modelRef(m) !== exclude);
  return chunk(models.map((m) => ({ label: text("button.use_model", { model: modelLabel(m) }), action: { type: "choose_model", ref: modelRef(m) } as Action })), 3);
}

function modelList(ctx: StepContext): Text[] {
  const live = ctx.catalog.models.filter((m) => !m.retired || ctx.today < m.retired.date || m.retired.host !== undefined);
  const lines: Text[] = [text("models.header")];
  for (const kind of ["video", "image"] as const) {
    const ofKind = live.filter((m) => m.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(text(`models.${kind}`, { list: ofKind.map((m) => text("models.entry", { model: modelLabel(m), limits: modelLimits(m) })) }));
  }
  if (ctx.sandbox) lines.push(text("sandbox.notice"));
  return lines;
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
