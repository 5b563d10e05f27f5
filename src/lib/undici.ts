/**
 * undici, loaded on the first outgoing request rather than at start: importing it costs about as
 * much as the rest of start-up's own modules together, and a bot running the sandbox, or one that
 * has not yet called a provider, does not need it. Types import from "undici" directly (erased).
 */
let loading: Promise<typeof import("undici")> | undefined;

export function undici(): Promise<typeof import("undici")> {
  loading ??= import("undici");
  return loading;
}
