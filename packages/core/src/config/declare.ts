/**
 * The vocabulary of the config declaration (config/keys/*.ts). One declaration per key gives its
 * type, whether this build honours it, its default and its documentation; validation, the
 * defaults, the `Config` type (via `SettingsOf`), strict mode and docs/configuration.md's key
 * table are all derived from it, so a key cannot be accepted without a decision about it.
 */

export type ValueSpec =
  | { readonly kind: "string" }
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly min?: number }
  | { readonly kind: "number"; readonly min?: number }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "string_array" }
  | { readonly kind: "string_map" }
  /** A file or directory; a relative path is resolved from the folder of the file that sets it. */
  | { readonly kind: "path" }
  | { readonly kind: "path_array" }
  /** A table with known keys. */
  | { readonly kind: "table"; readonly keys: KeyTable }
  /** A table whose keys are user-chosen names (providers, MCP servers, projects). */
  | { readonly kind: "map"; readonly value: ValueSpec }
  /** Any value: for keys this build does not read, whose shape it does not check. */
  | { readonly kind: "any" }
  | { readonly kind: "one_of"; readonly options: readonly ValueSpec[]; readonly describe: string };

/**
 * - `honoured`: read and acted on.
 * - `unsupported`: accepted (Codex knows it) but this build has no such feature; setting it
 *   prints a warning that it has no effect.
 * - `inert`: accepted silently because it asks for nothing this build would do anyway (e.g.
 *   `analytics`: no analytics are sent); the docs say why.
 */
type Support = "honoured" | "unsupported" | "inert";

/**
 * Who defines the key: `codex` (Codex CLI 0.169), `legacy` (Codex CLI 0.47 only; 0.169 rejects
 * it under --strict-config), `ours` (codex-ts only; belongs in `$CODEX_HOME/codex-ts.toml`).
 */
export type Origin = "codex" | "legacy" | "ours";

export type KeyDecl = {
  readonly spec: ValueSpec;
  readonly support: Support;
  readonly origin: Origin;
  /** One line for the docs: what it does here (or why it does nothing). */
  readonly doc: string;
  readonly default?: unknown;
  /** A legacy spelling: its value is read as this key (a path from the same table). */
  readonly aliasOf?: readonly string[];
};

export type KeyTable = { readonly [key: string]: KeyDecl };

export const str = { kind: "string" } as const;
export const bool = { kind: "bool" } as const;
export const uint = { kind: "int", min: 0 } as const;
export const int = { kind: "int" } as const;
export const num = { kind: "number", min: 0 } as const;
export const strings = { kind: "string_array" } as const;
export const stringMap = { kind: "string_map" } as const;
export const path = { kind: "path" } as const;
export const paths = { kind: "path_array" } as const;
export const anyValue = { kind: "any" } as const;
export const enumOf = <const V extends readonly string[]>(values: V) => ({ kind: "enum", values }) as const;
export const table = <const K extends KeyTable>(keys: K) => ({ kind: "table", keys }) as const;
export const mapOf = <const V extends ValueSpec>(value: V) => ({ kind: "map", value }) as const;
export const oneOf = <const O extends readonly ValueSpec[]>(options: O, describe: string) =>
  ({ kind: "one_of", options, describe }) as const;

/** The TypeScript type of a value of `S`. */
type ValueOf<S> = S extends { kind: "string" | "path" }
  ? string
  : S extends { kind: "bool" }
    ? boolean
    : S extends { kind: "int" | "number" }
      ? number
      : S extends { kind: "enum"; values: readonly (infer V)[] }
        ? V
        : S extends { kind: "string_array" | "path_array" }
          ? string[]
          : S extends { kind: "string_map" }
            ? Record<string, string>
            : S extends { kind: "table"; keys: infer K extends KeyTable }
              ? SettingsOf<K>
              : S extends { kind: "map"; value: infer V }
                ? Record<string, ValueOf<V>>
                : S extends { kind: "one_of"; options: readonly (infer O)[] }
                  ? ValueOf<O>
                  : unknown;

type HonouredNames<K extends KeyTable> = {
  [P in keyof K]: K[P] extends { support: "honoured"; aliasOf: readonly string[] }
    ? never
    : K[P] extends { support: "honoured" }
      ? P
      : never;
}[keyof K];

/** Tables and maps always resolve (to their defaults); other keys without a default may be null. */
type SettingOf<D> = D extends { spec: { kind: "table" | "map" } }
  ? ValueOf<D extends { spec: infer S } ? S : never>
  : D extends { default: infer V }
    ? undefined extends V
      ? ValueOf<D extends { spec: infer S } ? S : never> | null
      : ValueOf<D extends { spec: infer S } ? S : never>
    : ValueOf<D extends { spec: infer S } ? S : never> | null;

/** The resolved settings a declaration yields: every honoured key, defaults applied. */
export type SettingsOf<K extends KeyTable> = { readonly [P in HonouredNames<K>]: SettingOf<K[P]> };

type Meta<D> = { doc: string; default?: D; origin?: Origin };

/**
 * A key this build reads. (The default's type is not tied to `S` here, which would make the
 * checker recurse through the whole declaration; a test checks every default against its spec.)
 */
export function honoured<const S extends ValueSpec, const D = undefined>(
  spec: S,
  meta: Meta<D>,
): { spec: S; support: "honoured"; origin: Origin; doc: string; default: D } {
  return {
    spec,
    support: "honoured",
    origin: meta.origin ?? "codex",
    doc: meta.doc,
    default: meta.default as D,
  };
}

/** A legacy spelling of another key of the same table. */
export function alias<const S extends ValueSpec>(
  spec: S,
  target: readonly string[],
  meta: { doc: string; origin?: Origin },
): { spec: S; support: "honoured"; origin: Origin; doc: string; aliasOf: readonly string[] } {
  return { spec, support: "honoured", origin: meta.origin ?? "legacy", doc: meta.doc, aliasOf: target };
}

/** A key Codex knows that this build does not implement: setting it warns. */
export function unsupported(doc: string, options: { origin?: Origin; spec?: ValueSpec } = {}): KeyDecl {
  return { spec: options.spec ?? anyValue, support: "unsupported", origin: options.origin ?? "codex", doc };
}

/** A key that needs nothing from this build (the reason is `doc`): accepted without a warning. */
export function inert(doc: string, options: { origin?: Origin; spec?: ValueSpec } = {}): KeyDecl {
  return { spec: options.spec ?? anyValue, support: "inert", origin: options.origin ?? "codex", doc };
}

/** Many unsupported keys at once (0.169 subsystems this build does not have). */
export function unsupportedKeys<const N extends string>(
  names: readonly N[],
  doc: string,
): Record<N, KeyDecl> {
  return Object.fromEntries(names.map((name) => [name, unsupported(doc)])) as Record<N, KeyDecl>;
}
