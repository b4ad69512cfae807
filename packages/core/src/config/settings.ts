/**
 * Reads the merged layers through the declaration: every honoured key, with its declared default
 * (tables and maps always resolve, keys without a default to null). Keys that are unsupported or
 * inert are not carried over, so code cannot come to depend on a key this build says it ignores.
 */
import type { KeyDecl, KeyTable } from "./declare.ts";
import { CONFIG_KEYS, type Settings } from "./keys/index.ts";
import { copyValue } from "./merge.ts";
import { isTable } from "./validate.ts";

function readValue(decl: KeyDecl, value: unknown): unknown {
  const spec = decl.spec;
  if (spec.kind === "table") return readTable(isTable(value) ? value : {}, spec.keys);
  if (spec.kind === "one_of" && isTable(value)) {
    const tableSpec = spec.options.find((option) => option.kind === "table");
    if (tableSpec?.kind === "table") return readTable(value, tableSpec.keys);
  }
  if (spec.kind === "map") {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(isTable(value) ? value : {})) {
      out[name] =
        spec.value.kind === "table" ? readTable(isTable(inner) ? inner : {}, spec.value.keys) : inner;
    }
    return out;
  }
  if (value !== undefined) return value;
  return decl.default === undefined ? null : copyValue(decl.default);
}

function readTable(node: Record<string, unknown>, keys: KeyTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, decl] of Object.entries(keys)) {
    if (decl.support !== "honoured" || decl.aliasOf) continue;
    out[key] = readValue(decl, node[key]);
  }
  return out;
}

export function readSettings(merged: Record<string, unknown>): Settings {
  return readTable(merged, CONFIG_KEYS) as Settings;
}
