/**
 * The hooks review (the TUI's /hooks, as in 0.169): every declared hook with whether it is
 * trusted, and trusting one — its current hash written to `[hooks.state."<key>"]` of the user's
 * config.toml, where 0.169 keeps it, through core's config editor.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { updateUserConfig } from "../config/config-file.ts";
import { discoverHooks, type HookEventName } from "./config.ts";

export type HookReviewEntry = {
  key: string;
  hash: string;
  event: HookEventName;
  matcher: string | null;
  command: string;
  source: string;
  trusted: boolean;
};

/** The hooks declared for this directory, trusted or not, read afresh from the files. */
export function reviewHooks(config: {
  codexHome: string;
  project_config_folders: readonly string[];
}): HookReviewEntry[] {
  let hooksConfig: unknown;
  try {
    hooksConfig = (parse(readFileSync(join(config.codexHome, "config.toml"), "utf8")) as { hooks?: unknown })
      .hooks;
  } catch {
    hooksConfig = undefined;
  }
  const found = discoverHooks({
    codexHome: config.codexHome,
    projectFolders: config.project_config_folders,
    hooksConfig,
    bypassTrust: false,
  });
  const entry =
    (trusted: boolean) =>
    (h: (typeof found.handlers)[number]): HookReviewEntry => ({
      key: h.key,
      hash: h.hash,
      event: h.event,
      matcher: h.matcher,
      command: h.command,
      source: h.source,
      trusted,
    });
  return [...found.handlers.map(entry(true)), ...found.untrusted.map(entry(false))].sort((a, b) =>
    a.key.localeCompare(b.key),
  );
}

/** Trusts the hook as it is now; a later change to it makes it untrusted again. */
export function trustHook(codexHome: string, hook: Pick<HookReviewEntry, "key" | "hash">): void {
  updateUserConfig(codexHome, [{ path: ["hooks", "state", hook.key, "trusted_hash"], value: hook.hash }]);
}
