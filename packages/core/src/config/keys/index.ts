/**
 * The configuration declaration: every key of Codex 0.169's config.toml, the Codex 0.47 keys
 * still read, and codex-ts's own keys, each honoured, unsupported or inert. The validator, the
 * defaults, the `Config` type, `--strict-config` and the key table of docs/configuration.md all
 * come from here.
 */
import { anyValue, bool, enumOf, honoured, mapOf, type SettingsOf, str, strings, table } from "../declare.ts";
import { FRONT_END_KEYS } from "./front-end.ts";
import { MODEL_KEYS } from "./model.ts";
import { RUNTIME_KEYS } from "./runtime.ts";

/** codex-ts's own keys: they belong in `$CODEX_HOME/codex-ts.toml`, which Codex 0.169 never reads. */
export const OUR_KEYS = {
  sandbox: honoured(
    table({
      linux_backend: honoured(enumOf(["auto", "bwrap", "landlock"]), {
        doc: "force a Linux sandbox tier (see docs/sandbox.md)",
        default: "auto",
        origin: "ours",
      }),
      network_presets: honoured(strings, {
        doc: "registry presets the network allow-list allows too: npm, pypi, crates, go, github (see docs/network.md)",
        default: [],
        origin: "ours",
      }),
    }),
    { doc: "codex-ts sandbox options", origin: "ours" },
  ),
} as const;

export const CONFIG_KEYS = {
  ...MODEL_KEYS,
  ...RUNTIME_KEYS,
  ...FRONT_END_KEYS,
  features: honoured(mapOf(bool), {
    doc: "feature flags: the ones `codex features list` shows; other Codex feature names are accepted and have no effect",
  }),
  profile: honoured(str, {
    doc: "legacy profile selector (Codex 0.47): selects `[profiles.NAME]`; prefer `-p NAME` with `NAME.config.toml`",
  }),
  profiles: honoured(mapOf(anyValue), {
    doc: "legacy profiles (Codex 0.47): `[profiles.NAME]` holds any top-level keys; read with a warning",
  }),
  ...OUR_KEYS,
} as const;

/** What the declaration resolves to: every honoured key with its default. */
export type Settings = SettingsOf<typeof CONFIG_KEYS>;
