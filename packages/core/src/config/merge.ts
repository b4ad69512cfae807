/** Layers merge as in Codex: tables merge key by key, any other value replaces the lower one. */
import { isTable } from "./validate.ts";

export function mergeLayers(layers: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) mergeInto(out, layer);
  return out;
}

function mergeInto(base: Record<string, unknown>, overlay: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(overlay)) {
    const current = base[key];
    if (isTable(value) && isTable(current)) mergeInto(current, value);
    else base[key] = isTable(value) ? structuredClone(value) : value;
  }
}
