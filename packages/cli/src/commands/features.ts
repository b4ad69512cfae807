/** `codex features list|enable|disable`: the feature flags, and turning one on or off in config.toml. */
import { codexHomeDir, featureListLines, loadConfig, setFeatureFlag } from "@codex/core";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";

export async function runFeaturesCommand(parsed: ParsedCommand): Promise<number> {
  const action = parsed.path[2];
  if (action === "list") {
    const { config } = loadConfig(configOptionsFromFlags(parsed, "tui"));
    for (const line of featureListLines(config)) console.log(line);
    return 0;
  }
  const name = parsed.positionals.FEATURE as string;
  for (const line of setFeatureFlag(codexHomeDir(), name, action === "enable")) console.log(line);
  return 0;
}
