/** `codex features list`: each known feature flag with its stage and whether it is on. */
import { loadConfig } from "@codex/core";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";

const FEATURES: Array<[name: string, stage: string, defaultOn: boolean]> = [
  ["plan_tool", "stable", false],
  ["apply_patch_freeform", "beta", false],
  ["view_image_tool", "stable", true],
  ["web_search_request", "stable", false],
];

export async function runFeaturesList(parsed: ParsedCommand): Promise<number> {
  const { config } = loadConfig(configOptionsFromFlags(parsed, "tui"));
  for (const [name, stage, defaultOn] of FEATURES) {
    console.log(`${name}\t${stage}\t${config.features[name] ?? defaultOn}`);
  }
  return 0;
}
