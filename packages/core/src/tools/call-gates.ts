/**
 * The one place where the user's rules meet a tool call (the orchestrator calls it for every call;
 * handlers only say which command line a call would run, through `commandForRules`). The rules'
 * verdict is combined with the handler's own approval requirement, the strictest winning:
 * forbidden stops the call, prompt asks (or refuses under `never`), and an allow covering every
 * part of the command line runs it without the sandbox, as 0.169 does.
 *
 * Other command tools (exec_command) go through the same gate, and are shown to hooks as `Bash`,
 * by implementing `commandForRules` (a script as `["bash", "-lc", SCRIPT]`, so its commands are
 * checked one by one); `rulesRequirement` is the same decision for callers outside the orchestrator.
 */
import { appendAllowRule } from "../rules/amend.ts";
import { PROMPT_UNDER_NEVER, type RulesVerdict, rulesVerdict } from "../rules/decide.ts";
import type { RulesPolicy } from "../rules/policy.ts";
import { isKnownSafeCommand } from "./safety/safe-commands.ts";
import type { ApprovalRequirement, RulesTarget, ToolContext } from "./types.ts";

/** The session's rules: the policy in force and where "don't ask again" answers are written. */
export class SessionRules {
  constructor(
    private policy: RulesPolicy,
    private readonly codexHome: string,
  ) {}

  verdict(argv: readonly string[]): RulesVerdict {
    return rulesVerdict(this.policy, argv);
  }

  /** Appends an allow rule for `prefix` to `$CODEX_HOME/rules/default.rules` and applies it now. */
  rememberAllow(prefix: readonly string[]): string {
    const path = appendAllowRule(this.codexHome, prefix);
    const next = this.policy.clone();
    next.addRule({ pattern: prefix.map((word) => [word]), decision: "allow", justification: null });
    this.policy = next;
    return path;
  }
}

/**
 * The requirement for running `target` under the rules, given the handler's own requirement
 * (`base`) and the turn's approval policy.
 */
export function rulesRequirement(
  rules: SessionRules,
  target: RulesTarget,
  base: ApprovalRequirement,
  ctx: Pick<ToolContext, "approvalPolicy">,
): ApprovalRequirement {
  const verdict = rules.verdict(target.command);
  switch (verdict.type) {
    case "forbidden":
      return { type: "forbidden", reason: verdict.reason };
    case "prompt": {
      if (ctx.approvalPolicy === "never") return { type: "forbidden", reason: PROMPT_UNDER_NEVER };
      if (base.type === "forbidden") return base;
      const asked = base.type === "ask" && base.request.type === "exec" ? base : null;
      return {
        type: "ask",
        request: { type: "exec", command: target.command, cwd: target.cwd, reason: verdict.reason },
        ...(asked?.sessionKey !== undefined ? { sessionKey: asked.sessionKey } : {}),
        outsideSandbox: asked?.outsideSandbox === true,
      };
    }
    case "allow":
      if (verdict.allMatched) return { type: "skip", bypassSandbox: true };
      return withAmendment(
        base,
        verdict.commands.filter((_, i) => !verdict.matched[i]),
        ctx,
      );
    case "unmatched":
      return withAmendment(base, verdict.commands, ctx);
  }
}

/**
 * A question about a command offers "don't ask again for commands starting with …": the first
 * part of the command line that no rule covers and that made codex ask — under `untrusted` every
 * part asks, so the first uncovered one (0.169 proposes `ls` for `ls && touch x`); otherwise the
 * first that is not known to be harmless.
 */
function withAmendment(
  base: ApprovalRequirement,
  uncovered: readonly string[][],
  ctx: Pick<ToolContext, "approvalPolicy">,
): ApprovalRequirement {
  if (base.type !== "ask" || base.request.type !== "exec" || uncovered.length === 0) return base;
  const prefix =
    ctx.approvalPolicy === "untrusted"
      ? uncovered[0]
      : (uncovered.find((command) => !isKnownSafeCommand(command)) ?? uncovered[0]);
  return prefix ? { ...base, amendment: prefix } : base;
}
