/** `codex exec undo [SESSION_ID|--last [--all]]`: parsed flags -> runUndo. */
import { runUndo } from "@codex/exec";
import { flag } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";

export async function runUndoCommand(parsed: ParsedCommand): Promise<number> {
  const sessionId = parsed.positionals.SESSION_ID as string | undefined;
  const last = flag(parsed, "last");
  if ((sessionId === undefined) === !last) {
    process.stderr.write(
      "Error: `codex exec undo` needs either a SESSION_ID or --last (the newest session of this directory)\n",
    );
    return 2;
  }
  return runUndo({
    target: sessionId !== undefined ? { sessionId } : { last: true, allDirectories: flag(parsed, "all") },
    config: configOptionsFromFlags(parsed, "exec"),
  });
}
