/**
 * `codex features list|enable|disable` and `--enable/--disable`: what the flags are, and turning
 * one on or off in config.toml with the comment-preserving editor (as Codex 0.169 does).
 */
import { updateUserConfig } from "./config-file.ts";
import { ConfigError } from "./errors.ts";
import { CODEX_FEATURE_NAMES } from "./keys/codex-features.ts";
import { canonicalFeatureName, FEATURES, type FeatureName, isFeatureName } from "./keys/features.ts";
import type { ConfigOverride } from "./overrides.ts";
import type { Config } from "./types.ts";

/** A name `[features]` accepts: this build's flags, their Codex 0.47 names, and Codex 0.169's. */
function knownFeature(name: string): { canonical: string; implemented: boolean } {
  const canonical = canonicalFeatureName(name);
  if (isFeatureName(canonical)) return { canonical, implemented: true };
  if (CODEX_FEATURE_NAMES.includes(name)) return { canonical: name, implemented: false };
  throw new ConfigError(`Unknown feature flag: ${name}`);
}

/** `--enable NAME` / `--disable NAME` as a `-c features.NAME=…` override; unknown names are errors. */
export function featureOverride(name: string, enabled: boolean): ConfigOverride {
  return [`features.${knownFeature(name).canonical}`, enabled];
}

/** `codex features list`: `name  stage  true|false`, sorted, in columns (Codex 0.169's layout). */
export function featureListLines(config: Pick<Config, "features">): string[] {
  const rows = (Object.keys(FEATURES) as FeatureName[])
    .sort()
    .map((name) => [name, FEATURES[name].stage, String(config.features[name])] as const);
  const nameWidth = Math.max(...rows.map(([name]) => name.length)) + 2;
  const stageWidth = Math.max(...rows.map(([, stage]) => stage.length)) + 2;
  return rows.map(([name, stage, state]) => `${name.padEnd(nameWidth)}${stage.padEnd(stageWidth)}${state}`);
}

/**
 * `codex features enable|disable NAME`: writes `[features] NAME = true|false` to
 * `$CODEX_HOME/config.toml`. Returns the lines to print; an unknown name is an error and the
 * file is left as it was.
 */
export function setFeatureFlag(codexHome: string, name: string, enabled: boolean): string[] {
  const { canonical, implemented } = knownFeature(name);
  updateUserConfig(codexHome, [{ path: ["features", canonical], value: enabled }]);
  const lines = [`${enabled ? "Enabled" : "Disabled"} feature \`${canonical}\` in config.toml.`];
  if (!implemented)
    lines.push(
      `note: this build does not implement \`${canonical}\`; the setting only matters to Codex 0.169.`,
    );
  else if (!CODEX_FEATURE_NAMES.includes(canonical))
    lines.push(`note: Codex 0.169 does not know \`${canonical}\`; its --strict-config refuses this setting.`);
  return lines;
}
