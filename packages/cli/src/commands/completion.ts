/** `codex completion [SHELL]`: prints a completion script generated from the command tree. */
import type { ParsedCommand } from "../args/spec.ts";
import { bashCompletion } from "../completion/bash.ts";
import { fishCompletion } from "../completion/fish.ts";
import { elvishCompletion, powershellCompletion } from "../completion/other-shells.ts";
import { zshCompletion } from "../completion/zsh.ts";
import { CODEX } from "../tree.ts";

export async function runCompletion(parsed: ParsedCommand): Promise<number> {
  const shell = (parsed.positionals.SHELL as string | undefined) ?? "bash";
  const generators: Record<string, () => string> = {
    bash: () => bashCompletion(CODEX),
    zsh: () => zshCompletion(CODEX),
    fish: () => fishCompletion(CODEX),
    elvish: () => elvishCompletion(CODEX),
    powershell: () => powershellCompletion(CODEX),
  };
  process.stdout.write((generators[shell] as () => string)());
  return 0;
}
