/** `-c key=value` overrides: a dotted path and a TOML value (a plain string when it is not TOML). */
import { parse } from "smol-toml";
import { ConfigError } from "./errors.ts";
import { copyValue } from "./merge.ts";

export type ConfigOverride = [path: string, value: unknown];

/** Parses one `-c` argument, as Codex CLI does: the value is TOML, else the raw text with quotes trimmed. */
export function parseConfigOverride(raw: string): ConfigOverride {
  const eq = raw.indexOf("=");
  if (eq <= 0) {
    throw new ConfigError(
      `invalid -c/--config override ${JSON.stringify(raw)}: expected key=value, e.g. -c model="o3"`,
    );
  }
  const path = raw.slice(0, eq).trim();
  const text = raw.slice(eq + 1).trim();
  if (!/^[A-Za-z0-9_\-."/]+$/.test(path)) {
    throw new ConfigError(
      `invalid -c/--config key ${JSON.stringify(path)}: use a dotted path such as model_providers.ollama.base_url`,
    );
  }
  try {
    const parsed = parse(`__value__ = ${text}`) as { __value__?: unknown };
    if ("__value__" in parsed) return [path, parsed.__value__];
  } catch {
    // Not a TOML value: fall through to the literal string.
  }
  return [path, text.replace(/^["']|["']$/g, "")];
}

function splitPath(path: string): string[] {
  // Allows quoted segments such as projects."/home/me/repo".trust_level.
  const parts: string[] = [];
  const re = /"([^"]*)"|([^.]+)/g;
  for (let m = re.exec(path); m; m = re.exec(path)) parts.push(m[1] ?? m[2] ?? "");
  return parts;
}

/** Returns a copy of `table` with `value` set at the dotted `path`, creating tables on the way. */
export function applyOverride(
  table: Record<string, unknown>,
  [path, value]: ConfigOverride,
): Record<string, unknown> {
  const root = copyValue(table);
  const parts = splitPath(path);
  let node: Record<string, unknown> = root;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
  return root;
}
