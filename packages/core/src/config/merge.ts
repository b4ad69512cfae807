/** Layers merge as in Codex: tables merge key by key, any other value replaces the lower one. */
import { isTable } from "./validate.ts";

/**
 * A deep copy of a parsed TOML value. (structuredClone costs milliseconds on its first use in a
 * fresh process, which is on every start-up path.) Dates are immutable here and are shared.
 */
export function copyValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyValue) as T;
  if (isTable(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = copyValue(inner);
    return out as T;
  }
  return value;
}

export function mergeLayers(layers: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) mergeInto(out, layer);
  return out;
}

function mergeInto(base: Record<string, unknown>, overlay: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(overlay)) {
    const current = base[key];
    if (isTable(value) && isTable(current)) mergeInto(current, value);
    else base[key] = copyValue(value);
  }
}
