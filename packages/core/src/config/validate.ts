/**
 * Checks one config layer against the declaration. A value of the wrong type is an error (with
 * file:line:column when the layer is a file); keys the declaration does not know, keys this build
 * does not support and codex-ts keys outside codex-ts.toml are returned as findings, which the
 * loader turns into warnings (or, under --strict-config, unknown keys into an error).
 */
import type { KeyDecl, KeyTable, ValueSpec } from "./declare.ts";
import { ConfigError } from "./errors.ts";
import { CODEX_FEATURE_NAMES } from "./keys/codex-features.ts";
import { canonicalFeatureName, FEATURES, isFeatureName } from "./keys/features.ts";
import { CONFIG_KEYS } from "./keys/index.ts";

type FindingKind =
  /** Not a key of Codex 0.169, 0.47 or codex-ts. */
  | "unknown"
  /** A key this build accepts but does not implement. */
  | "unsupported"
  /** A codex-ts key in a file Codex 0.169 also reads. */
  | "ours-outside-own-file";

export type Finding = { path: string[]; kind: FindingKind };

export type CheckOptions = {
  /** Names the layer in messages (a file path, or `-c/--config override`). */
  where: string;
  /** `file:line:column: ` for a key path, when the layer is a file. */
  locate?: (path: readonly string[]) => string;
  /** The layer is `codex-ts.toml`: only codex-ts keys belong there. */
  ownFile?: boolean;
};

function describe(spec: ValueSpec): string {
  switch (spec.kind) {
    case "string":
      return "a string";
    case "path":
      return "a path";
    case "bool":
      return "true or false";
    case "int":
      return spec.min === 0 ? "a non-negative integer" : "an integer";
    case "number":
      return spec.min === 0 ? "a non-negative number" : "a number";
    case "enum":
      return `one of ${spec.values.map((v) => `"${v}"`).join(", ")}`;
    case "string_array":
      return "an array of strings";
    case "path_array":
      return "an array of paths";
    case "string_map":
      return "a table of strings";
    case "table":
    case "map":
      return "a table";
    case "any":
      return "any value";
    case "one_of":
      return spec.describe;
  }
}

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isNumber(value: unknown): value is number | bigint {
  return typeof value === "number" || typeof value === "bigint";
}

/** Whether `value` is a value of `spec` (the top level only; tables are walked separately). */
export function matches(spec: ValueSpec, value: unknown): boolean {
  switch (spec.kind) {
    case "string":
    case "path":
      return typeof value === "string";
    case "bool":
      return typeof value === "boolean";
    case "int":
      return (
        isNumber(value) &&
        Number.isInteger(Number(value)) &&
        (spec.min === undefined || Number(value) >= spec.min)
      );
    case "number":
      return isNumber(value) && (spec.min === undefined || Number(value) >= spec.min);
    case "enum":
      return typeof value === "string" && spec.values.includes(value);
    case "string_array":
    case "path_array":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "string_map":
      return isTable(value) && Object.values(value).every((v) => typeof v === "string");
    case "table":
    case "map":
      return isTable(value);
    case "any":
      return true;
    case "one_of":
      return spec.options.some((option) => matches(option, value));
  }
}

function show(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const PROFILE_TABLE_KEYS: KeyTable = Object.fromEntries(
  Object.entries(CONFIG_KEYS).filter(
    ([name]) => name !== "profile" && name !== "profiles" && name !== "projects",
  ),
);

/** Checks `layer` (a parsed TOML table) and returns what it found; throws on a wrong value. */
export function checkLayer(layer: Record<string, unknown>, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const fail = (path: string[], value: unknown, spec: ValueSpec): never => {
    const at = options.locate?.(path) ?? "";
    throw new ConfigError(
      `${at}invalid value for \`${path.join(".")}\` in ${options.where}: ${show(value)}; expected ${describe(spec)}`,
    );
  };

  const checkValue = (spec: ValueSpec, value: unknown, path: string[]): void => {
    if (!matches(spec, value)) fail(path, value, spec);
    if (spec.kind === "table") walk(value as Record<string, unknown>, spec.keys, path);
    if (spec.kind === "one_of") {
      const table = spec.options.find((o) => o.kind === "table" && matches(o, value));
      if (table?.kind === "table" && isTable(value)) walk(value, table.keys, path);
    }
    if (spec.kind === "map")
      for (const [name, inner] of Object.entries(value as Record<string, unknown>))
        checkValue(spec.value, inner, [...path, name]);
  };

  const checkFeatures = (features: Record<string, unknown>, prefix: string[]): void => {
    for (const [name, value] of Object.entries(features)) {
      const path = [...prefix, name];
      const canonical = canonicalFeatureName(name);
      if (isFeatureName(canonical) || name in FEATURES) {
        if (typeof value !== "boolean") fail(path, value, { kind: "bool" });
      } else if (CODEX_FEATURE_NAMES.includes(name)) {
        if (value !== false) findings.push({ path, kind: "unsupported" });
      } else {
        findings.push({ path, kind: "unknown" });
      }
    }
  };

  function walk(node: Record<string, unknown>, keys: KeyTable, prefix: string[]): void {
    for (const [key, value] of Object.entries(node)) {
      const path = [...prefix, key];
      const decl: KeyDecl | undefined = Object.hasOwn(keys, key) ? keys[key] : undefined;
      if (!decl) {
        findings.push({ path, kind: "unknown" });
        continue;
      }
      if (prefix.length === 0 && options.ownFile && decl.origin !== "ours") {
        findings.push({ path, kind: "unknown" });
        continue;
      }
      if (prefix.length === 0 && !options.ownFile && decl.origin === "ours")
        findings.push({ path, kind: "ours-outside-own-file" });
      if (decl.support === "unsupported") findings.push({ path, kind: "unsupported" });
      if (keys === CONFIG_KEYS || keys === PROFILE_TABLE_KEYS) {
        if (key === "features") {
          if (!isTable(value)) fail(path, value, decl.spec);
          checkFeatures(value as Record<string, unknown>, path);
          continue;
        }
        if (key === "profiles" && keys === CONFIG_KEYS) {
          if (!isTable(value)) fail(path, value, decl.spec);
          for (const [name, profile] of Object.entries(value as Record<string, unknown>)) {
            if (!isTable(profile))
              fail([...path, name], profile, { kind: "table", keys: PROFILE_TABLE_KEYS });
            walk(profile as Record<string, unknown>, PROFILE_TABLE_KEYS, [...path, name]);
          }
          continue;
        }
      }
      checkValue(decl.spec, value, path);
    }
  }

  walk(layer, CONFIG_KEYS, []);
  return findings;
}
