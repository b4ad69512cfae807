/**
 * `codex exec [PROMPT]`, `codex exec resume [SESSION_ID|--last] [PROMPT]` and the reviews
 * (`codex exec review`, `codex review`): parsed flags -> runExec.
 */
import { resolve } from "node:path";
import { type ColorMode, runExec } from "@codex/exec";
import type { ReviewTarget } from "@codex/protocol";
import { flag, optionValue, optionValues } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";

/** `--uncommitted | --base BRANCH | --commit SHA [--title T]`; a usage error (exit 2) for bad mixes. */
function reviewTarget(parsed: ParsedCommand): { target?: ReviewTarget } | string {
  const prompt = parsed.positionals.PROMPT as string | undefined;
  const base = optionValue(parsed, "base");
  const commit = optionValue(parsed, "commit");
  const title = optionValue(parsed, "title");
  const given = [
    flag(parsed, "uncommitted") && "--uncommitted",
    base && "--base <BRANCH>",
    commit && "--commit <SHA>",
  ];
  const target = given.find((name) => typeof name === "string");
  if (target && prompt !== undefined) return `the argument '${target}' cannot be used with '[PROMPT]'`;
  if (title !== undefined && commit === undefined)
    return "the argument '--title <TITLE>' can only be used with '--commit <SHA>'";
  if (flag(parsed, "uncommitted")) return { target: { type: "uncommittedChanges" } };
  if (base !== undefined) return { target: { type: "baseBranch", branch: base } };
  if (commit !== undefined) return { target: { type: "commit", sha: commit, ...(title ? { title } : {}) } };
  return {};
}

export async function runExecCommand(parsed: ParsedCommand): Promise<number> {
  const isReview = parsed.path[parsed.path.length - 1] === "review";
  const review = isReview ? reviewTarget(parsed) : undefined;
  if (typeof review === "string") {
    process.stderr.write(`error: ${review}\n\nFor more information, try '--help'.\n`);
    return 2;
  }
  const isResume = parsed.path[parsed.path.length - 1] === "resume";
  const isFork = parsed.path[parsed.path.length - 1] === "fork";
  const execLevel = isResume || isFork ? (parsed.parent as ParsedCommand) : parsed;
  let prompt =
    (parsed.positionals.PROMPT as string | undefined) ??
    (isReview || isFork ? undefined : (execLevel.positionals.PROMPT as string | undefined));
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
    review,
    ...(isFork ? { fork: { sessionId: parsed.positionals.SESSION_ID as string } } : {}),
    ephemeral: flag(parsed, "ephemeral"),
    ignoreRules: flag(parsed, "ignore-rules"),
    bypassHookTrust: flag(parsed, "dangerously-bypass-hook-trust"),
    config: configOptionsFromFlags(parsed, "exec"),
  });
}
