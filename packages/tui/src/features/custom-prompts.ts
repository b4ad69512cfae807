/**
 * Custom prompts, invoked as `/prompts:<name> args…` (the session lists them). `$1`..`$9` are
 * positional arguments, `$ARGUMENTS` is all of them, `$$` is a literal dollar. Quoted arguments
 * keep their spaces.
 */
import type { CustomPrompt } from "@codex/protocol";

export const PROMPTS_PREFIX = "prompts";

/** What the popup says of a prompt without a `description`. */
export const DEFAULT_PROMPT_DESCRIPTION = "send saved prompt";

/** Splits arguments like a shell would for simple quoting ("a b" 'c d' e). */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re))
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? m[3] ?? ""));
  return out;
}

export function expandPrompt(prompt: CustomPrompt, argsText: string): string {
  const args = splitArgs(argsText);
  return prompt.content.replace(/\$(\$|ARGUMENTS|[1-9])/g, (_m, what: string) => {
    if (what === "$") return "$";
    if (what === "ARGUMENTS") return args.join(" ");
    return args[Number(what) - 1] ?? "";
  });
}
