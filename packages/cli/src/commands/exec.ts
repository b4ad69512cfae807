/** `codex exec [PROMPT]` and `codex exec resume [SESSION_ID|--last] [PROMPT]`: parsed flags -> runExec. */
import { resolve } from "node:path";
import { type ColorMode, runExec } from "@codex/exec";
import { flag, optionValue, optionValues } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";

export async function runExecCommand(parsed: ParsedCommand): Promise<number> {
  const isResume = parsed.path[parsed.path.length - 1] === "resume";
  const execLevel = isResume ? (parsed.parent as ParsedCommand) : parsed;
  let prompt =
    (parsed.positionals.PROMPT as string | undefined) ?? (execLevel.positionals.PROMPT as string | undefined);
  let resume: { sessionId: string } | { last: true; allDirectories: boolean } | undefined;
  if (isResume) {
    const sessionId = parsed.positionals.SESSION_ID as string | undefined;
    if (flag(parsed, "last")) {
      // With --last, a lone positional is the prompt, not a session id.
      if (sessionId !== undefined && prompt === undefined) prompt = sessionId;
      resume = { last: true, allDirectories: flag(parsed, "all") };
    } else if (sessionId !== undefined) {
      resume = { sessionId };
    } else {
      process.stderr.write("Error: `codex exec resume` needs a SESSION_ID or --last\n");
      return 1;
    }
  }
  if (flag(parsed, "trust")) {
    const { codexHomeDir, trustProject } = await import("@codex/core");
    const trust = trustProject({ codexHome: codexHomeDir(), cwd: resolve(optionValue(parsed, "cd") ?? ".") });
    if (!trust.trusted)
      process.stderr.write(
        `warning: --trust does not override the explicit trust_level = "untrusted" of ${trust.path}\n`,
      );
  }
  return runExec({
    prompt,
    images: optionValues(parsed, "image"),
    json: flag(parsed, "json"),
    outputLastMessage: optionValue(parsed, "output-last-message"),
    outputSchemaPath: optionValue(parsed, "output-schema"),
    skipGitRepoCheck: flag(parsed, "skip-git-repo-check"),
    color: (optionValue(parsed, "color") as ColorMode | undefined) ?? "auto",
    resume,
    ephemeral: flag(parsed, "ephemeral"),
    ignoreRules: flag(parsed, "ignore-rules"),
    config: configOptionsFromFlags(parsed, "exec"),
  });
}
