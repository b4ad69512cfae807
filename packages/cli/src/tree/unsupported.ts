/**
 * Codex 0.169 commands this build does not have. They take any arguments and say "not supported
 * by this build" (commands/not-built.ts) rather than let the word reach the model as a prompt.
 * Hidden: left out of --help and completions.
 */
import type { CommandSpec } from "../args/spec.ts";

function unsupportedCommand([name, about]: readonly [string, string]): CommandSpec {
  return {
    name,
    about: `${about} (not supported by this build)`,
    options: [],
    positionals: [{ name: "ARGS", help: "Ignored", trailing: true }],
    passthrough: true,
    hidden: true,
  };
}

export const UNSUPPORTED_COMMANDS: CommandSpec[] = (
  [
    ["agents", "Open the agent command center to browse and switch sessions"],
    ["plugin", "Manage Codex plugins"],
    ["remote-control", "[experimental] Manage the app-server daemon with remote control enabled"],
    ["update", "Update Codex to the latest version"],
    ["queue", "Queue a message for an existing session"],
    ["archive", "Archive a saved session by id or session name"],
    ["delete", "Permanently delete a saved session by id or session name"],
    ["migrate-rollouts", "Inspect or migrate legacy local sessions to paginated thread history"],
    ["migrate-nfs-db", "[experimental] Migrate configured SQLite databases to DELETE mode in place"],
    ["unarchive", "Unarchive a saved session by id or session name"],
    ["exec-server", "[EXPERIMENTAL] Run the standalone exec-server service"],
  ] as const
).map(unsupportedCommand);
