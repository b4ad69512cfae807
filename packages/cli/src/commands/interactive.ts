/** `codex [PROMPT]` and `codex resume`: the interactive TUI. */
import type { ParsedCommand } from "../args/spec.ts";

export async function runInteractive(_parsed: ParsedCommand): Promise<number> {
  process.stderr.write("The interactive TUI is not built yet in this version; use `codex exec PROMPT`.\n");
  return 1;
}
