/**
 * The feature flags this build implements (`[features]`, `--enable`/`--disable`, `codex features`).
 * Each one changes what the model is offered; `default: "model"` means the model decides.
 */

type FeatureStage = "stable" | "experimental" | "deprecated";

export type FeatureDecl = {
  readonly stage: FeatureStage;
  readonly default: boolean | "model";
  readonly doc: string;
  /** A Codex 0.47 name that means the same. */
  readonly legacyName?: string;
};

export const FEATURES = {
  shell_tool: {
    stage: "stable",
    default: true,
    doc: "offer a command tool at all (`exec_command`/`write_stdin` or `shell`, per `unified_exec`)",
  },
  unified_exec: {
    stage: "stable",
    default: "model",
    doc: "commands as `exec_command`/`write_stdin` sessions (on) or the one-shot `shell` tool (off); default from the model catalog",
  },
  view_image: {
    stage: "stable",
    default: true,
    doc: "offer the `view_image` tool",
    legacyName: "view_image_tool",
  },
  apply_patch_freeform: {
    stage: "stable",
    default: "model",
    doc: "offer apply_patch as a freeform (grammar) tool; default from the model catalog (the gpt-5 Codex line and gpt-5.5)",
  },
  web_search_request: {
    stage: "deprecated",
    default: false,
    doc: 'web_search with live access, when `web_search` is not set (use `web_search = "live"`)',
  },
  web_search_cached: {
    stage: "deprecated",
    default: false,
    doc: 'web_search without live access, when `web_search` is not set (use `web_search = "cached"`)',
  },
  network_proxy: {
    stage: "experimental",
    default: false,
    doc: "send a permission profile's enabled network through the allow-list proxy (docs/network.md)",
  },
  plan_tool: {
    stage: "deprecated",
    default: false,
    doc: "offer the `update_plan` tool (Codex 0.47's flag; Codex 0.169 does not know it)",
  },
} as const satisfies Record<string, FeatureDecl>;

export type FeatureName = keyof typeof FEATURES;

export function isFeatureName(name: string): name is FeatureName {
  return Object.hasOwn(FEATURES, name);
}

/** Our name for a flag written under a Codex 0.47 name, else the name itself. */
export function canonicalFeatureName(name: string): string {
  for (const [canonical, decl] of Object.entries(FEATURES) as Array<[string, FeatureDecl]>)
    if (decl.legacyName === name) return canonical;
  return name;
}
