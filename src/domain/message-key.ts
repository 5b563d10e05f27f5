/**
 * Every i18n key the English locales define, as a type: `text()` takes only these, so a key that is
 * missing from `locales/en/` (a typo, a renamed entry, a template literal whose parts can produce a
 * key nobody wrote) fails the type check instead of rendering the raw key to a user. English is the
 * reference; `test/i18n/parity.test.ts` keeps the other languages on the same keys.
 *
 * The imports are type-only: nothing is read at run time, so the domain stays free of I/O and the
 * build emits no JSON.
 */
import type common from "../../locales/en/common.json";
import type discord from "../../locales/en/discord.json";
import type jobs from "../../locales/en/jobs.json";
import type telegram from "../../locales/en/telegram.json";

/** i18next plural forms: `n_one` and `n_other` are both looked up as `n` (with a `count` param). */
type PluralSuffix = "_zero" | "_one" | "_two" | "_few" | "_many" | "_other";
type Singular<K extends string> = K extends `${infer Base}${PluralSuffix}` ? Base : K;

/** The dotted path of every string leaf of a locale file. */
type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? Singular<K> : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];

/** `common` is the default namespace, written without a prefix; the others as `ns:path`. */
export type MessageKey =
  | Leaves<typeof common>
  | `discord:${Leaves<typeof discord>}`
  | `jobs:${Leaves<typeof jobs>}`
  | `telegram:${Leaves<typeof telegram>}`;
