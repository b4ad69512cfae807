/**
 * Puts one checked layer into canonical form before layers are merged: legacy spellings move to
 * the key they stand for (unless the layer also sets that key), Codex 0.47 feature names become
 * today's, and relative paths are resolved from the folder of the file that holds them (as Codex
 * does), so a project's `.codex/config.toml` can say `model_instructions_file = "prompt.md"`.
 */
import { isAbsolute, join, resolve } from "node:path";
import { homeDir } from "../os-facts.ts";
import type { KeyTable, ValueSpec } from "./declare.ts";
import { canonicalFeatureName } from "./keys/features.ts";
import { CONFIG_KEYS } from "./keys/index.ts";
import { copyValue } from "./merge.ts";
import { isTable } from "./validate.ts";

function expandPath(path: string, baseDir: string): string {
  if (path === "~") return homeDir();
  if (path.startsWith("~/")) return join(homeDir(), path.slice(2));
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

function setIn(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = root;
  for (const segment of path.slice(0, -1)) {
    if (!isTable(node[segment])) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (!(last in node)) node[last] = value;
}

/** A normalized deep copy of `layer`; `baseDir` resolves relative paths. */
export function normalizeLayer(layer: Record<string, unknown>, baseDir: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};

  const normalizeValue = (spec: ValueSpec, value: unknown, layerRoot: Record<string, unknown>): unknown => {
    if (spec.kind === "path" && typeof value === "string") return expandPath(value, baseDir);
    if (spec.kind === "path_array" && Array.isArray(value))
      return value.map((v) => (typeof v === "string" ? expandPath(v, baseDir) : v));
    if (spec.kind === "table" && isTable(value)) return normalizeTable(value, spec.keys, layerRoot);
    if (spec.kind === "one_of" && isTable(value)) {
      const tableSpec = spec.options.find((o) => o.kind === "table");
      if (tableSpec?.kind === "table") return normalizeTable(value, tableSpec.keys, layerRoot);
    }
    if (spec.kind === "map" && isTable(value)) {
      const out: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(value))
        out[name] = normalizeValue(spec.value, inner, layerRoot);
      return out;
    }
    return copyValue(value);
  };

  function normalizeTable(
    node: Record<string, unknown>,
    keys: KeyTable,
    layerRoot: Record<string, unknown>,
    out: Record<string, unknown> = {},
  ): Record<string, unknown> {
    const aliases: Array<[readonly string[], unknown]> = [];
    for (const [key, value] of Object.entries(node)) {
      const decl = Object.hasOwn(keys, key) ? keys[key] : undefined;
      if (!decl) {
        out[key] = copyValue(value);
      } else if (decl.aliasOf) {
        aliases.push([decl.aliasOf, normalizeValue(decl.spec, value, layerRoot)]);
      } else if (keys === CONFIG_KEYS && key === "features" && isTable(value)) {
        const features = isTable(out.features) ? out.features : {};
        for (const [name, flag] of Object.entries(value)) features[canonicalFeatureName(name)] = flag;
        out.features = features;
      } else if (keys === CONFIG_KEYS && key === "profiles" && isTable(value)) {
        const profiles: Record<string, unknown> = {};
        for (const [name, profile] of Object.entries(value)) {
          const profileRoot: Record<string, unknown> = {};
          profiles[name] = isTable(profile)
            ? normalizeTable(profile, CONFIG_KEYS, profileRoot, profileRoot)
            : profile;
        }
        out.profiles = profiles;
      } else {
        out[key] = normalizeValue(decl.spec, value, layerRoot);
      }
    }
    // Aliases give way to the key they stand for when both are set.
    for (const [target, value] of aliases) setIn(layerRoot, target, value);
    return out;
  }

  return normalizeTable(layer, CONFIG_KEYS, root, root);
}
