/** The hooks a session starts with, and the warnings the user sees about them. */
import { discoverHooks } from "./config.ts";
import { SessionHooks } from "./engine.ts";
import { hookEnvironment } from "./runner.ts";

const BYPASS_HOOK_TRUST_WARNING =
  "`--dangerously-bypass-hook-trust` is enabled. Enabled hooks may run without review for this invocation.";

export function loadSessionHooks(
  config: {
    codexHome: string;
    project_config_folders: readonly string[];
    hooks?: unknown;
    model_provider: { env_key: string | null };
  },
  options: {
    env: Record<string, string | undefined>;
    bypassTrust: boolean;
    onWarning: (message: string) => void;
  },
): SessionHooks {
  const discovered = discoverHooks({
    codexHome: config.codexHome,
    projectFolders: config.project_config_folders,
    hooksConfig: config.hooks,
    bypassTrust: options.bypassTrust,
  });
  if (options.bypassTrust) options.onWarning(BYPASS_HOOK_TRUST_WARNING);
  for (const warning of discovered.warnings) options.onWarning(warning);
  const untrustedFiles = [...new Set(discovered.untrusted.map((h) => h.source))];
  if (untrustedFiles.length > 0)
    options.onWarning(
      `${discovered.untrusted.length} hook(s) in ${untrustedFiles.join(", ")} will not run: not trusted yet, or changed since they were trusted. Review and trust them with /hooks in the TUI, or pass --dangerously-bypass-hook-trust for this run.`,
    );
  const credentials = config.model_provider.env_key ? [config.model_provider.env_key] : [];
  return new SessionHooks(discovered, hookEnvironment(options.env, credentials));
}
