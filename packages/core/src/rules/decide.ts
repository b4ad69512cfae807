/**
 * What the rules say about one command line the model wants to run, as 0.169 decides it:
 * `bash -c`/`-lc` scripts of plain commands are split (`a && b; c | d`) and each command is
 * checked; the strictest matching decision wins. "allow" runs the command outside the sandbox only
 * when every command matched an allow rule. The messages are the ones the model reads from 0.169.
 */
import { shellJoin } from "../tools/exec/shell-join.ts";
import { parseShellLcPlainCommands } from "../tools/safety/shell-parse.ts";
import { type Decision, type RuleMatch, type RulesPolicy, strictest } from "./policy.ts";

export const PROMPT_UNDER_NEVER = "approval required by policy, but AskForApproval is set to Never";

export type RulesVerdict =
  /** No rule matched any part: the usual approval logic decides alone. */
  | { type: "unmatched"; commands: string[][] }
  | { type: "forbidden"; reason: string }
  | { type: "prompt"; reason: string }
  /** Some parts matched allow rules; `allMatched`: every part did (then it runs unsandboxed). */
  | { type: "allow"; allMatched: boolean; commands: string[][]; matched: boolean[] };

/** The commands a command line is checked as: the parts of a plain `bash -c` script, or argv itself. */
function commandsForRules(argv: readonly string[]): string[][] {
  const parts = parseShellLcPlainCommands(argv);
  return parts !== null && parts.length > 0 ? parts : [[...argv]];
}

const OPTIONS = { resolveHostExecutables: true };

export function rulesVerdict(policy: RulesPolicy, argv: readonly string[]): RulesVerdict {
  const commands = commandsForRules(argv);
  const perCommand = commands.map((command) => policy.matches(command, OPTIONS));
  const all = perCommand.flat();
  const decision: Decision | null = strictest(all.map((m) => m.decision));
  if (decision === null) return { type: "unmatched", commands };
  const shown = shellJoin(argv);
  if (decision === "forbidden") return { type: "forbidden", reason: forbiddenReason(shown, all) };
  if (decision === "prompt") return { type: "prompt", reason: promptReason(shown, all) };
  const matched = perCommand.map((matches) => matches.some((m) => m.decision === "allow"));
  return { type: "allow", allMatched: matched.every(Boolean), commands, matched };
}

function mostSpecific(matches: readonly RuleMatch[], decision: Decision): RuleMatch | undefined {
  let best: RuleMatch | undefined;
  for (const m of matches)
    if (m.decision === decision && (best === undefined || m.matchedPrefix.length > best.matchedPrefix.length))
      best = m;
  return best;
}

function forbiddenReason(command: string, matches: readonly RuleMatch[]): string {
  const rule = mostSpecific(matches, "forbidden");
  if (rule?.justification) return `\`${command}\` rejected: ${rule.justification}`;
  if (rule)
    return `\`${command}\` rejected: policy forbids commands starting with \`${shellJoin(rule.matchedPrefix)}\``;
  return `\`${command}\` rejected: blocked by policy`;
}

function promptReason(command: string, matches: readonly RuleMatch[]): string {
  const rule = mostSpecific(matches, "prompt");
  return rule?.justification
    ? `\`${command}\` requires approval: ${rule.justification}`
    : `\`${command}\` requires approval by policy`;
}
