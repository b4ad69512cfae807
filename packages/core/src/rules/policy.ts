/**
 * The rules in force and how a command matches them (Codex 0.169's execpolicy): a prefix rule
 * matches a command whose first words equal its pattern (a list in the pattern is a set of
 * alternatives for that word). Several commands (the parts of `bash -c "a && b"`) are checked
 * together; the strictest decision wins: forbidden > prompt > allow.
 */
import { basename, isAbsolute } from "node:path";

export type Decision = "allow" | "prompt" | "forbidden";
const STRICTNESS: Record<Decision, number> = { allow: 0, prompt: 1, forbidden: 2 };

export function strictest(decisions: Iterable<Decision>): Decision | null {
  let out: Decision | null = null;
  for (const d of decisions) if (out === null || STRICTNESS[d] > STRICTNESS[out]) out = d;
  return out;
}

export type PrefixRule = {
  /** Each word of the pattern: the alternatives it accepts (one for a plain string). */
  pattern: string[][];
  decision: Decision;
  justification: string | null;
};

/** One rule matching one command, as `codex execpolicy check` prints it. */
export type RuleMatch = {
  matchedPrefix: string[];
  decision: Decision;
  /** The absolute program path that was matched by its basename. */
  resolvedProgram: string | null;
  justification: string | null;
};

export type MatchOptions = {
  /**
   * Let `/usr/bin/git` match rules for `git` (when a `host_executable(name="git")` lists paths,
   * only those paths).
   */
  resolveHostExecutables: boolean;
};

export class RulesPolicy {
  private readonly byProgram = new Map<string, PrefixRule[]>();
  private readonly hostExecutables = new Map<string, string[]>();

  addRule(rule: PrefixRule): void {
    for (const program of rule.pattern[0] ?? []) {
      const list = this.byProgram.get(program) ?? [];
      list.push({ ...rule, pattern: [[program], ...rule.pattern.slice(1)] });
      this.byProgram.set(program, list);
    }
  }

  setHostExecutable(name: string, paths: string[]): void {
    this.hostExecutables.set(name, paths);
  }

  get isEmpty(): boolean {
    return this.byProgram.size === 0;
  }

  /** A copy to try a rule on without changing this policy. */
  clone(): RulesPolicy {
    const copy = new RulesPolicy();
    for (const [program, rules] of this.byProgram) copy.byProgram.set(program, [...rules]);
    for (const [name, paths] of this.hostExecutables) copy.hostExecutables.set(name, paths);
    return copy;
  }

  /** A policy with only `rules`, and the same host executables (to try a rule's examples). */
  scopedTo(rules: readonly PrefixRule[]): RulesPolicy {
    const scoped = new RulesPolicy();
    for (const rule of rules) scoped.addRule(rule);
    for (const [name, paths] of this.hostExecutables) scoped.hostExecutables.set(name, paths);
    return scoped;
  }

  /** Every rule matching `command`, in the order they were added. */
  matches(command: readonly string[], options: MatchOptions): RuleMatch[] {
    const program = command[0];
    if (program === undefined) return [];
    const direct = this.matchProgram(program, command, null);
    if (direct.length > 0 || !options.resolveHostExecutables || !isAbsolute(program)) return direct;
    const name = basename(program);
    const allowed = this.hostExecutables.get(name);
    if (allowed !== undefined && !allowed.includes(program)) return [];
    return this.matchProgram(name, [name, ...command.slice(1)], program);
  }

  private matchProgram(program: string, command: readonly string[], resolved: string | null): RuleMatch[] {
    const out: RuleMatch[] = [];
    for (const rule of this.byProgram.get(program) ?? []) {
      if (command.length < rule.pattern.length) continue;
      if (!rule.pattern.every((alternatives, i) => alternatives.includes(command[i] as string))) continue;
      out.push({
        matchedPrefix: command.slice(0, rule.pattern.length),
        decision: rule.decision,
        resolvedProgram: resolved,
        justification: rule.justification,
      });
    }
    return out;
  }
}

/** The JSON `codex execpolicy check` prints (0.169's field names and order). */
export function evaluationJson(matches: readonly RuleMatch[]): Record<string, unknown> {
  const matchedRules = matches.map((m) => ({
    prefixRuleMatch: {
      matchedPrefix: m.matchedPrefix,
      decision: m.decision,
      ...(m.resolvedProgram !== null ? { resolvedProgram: m.resolvedProgram } : {}),
      ...(m.justification !== null ? { justification: m.justification } : {}),
    },
  }));
  const decision = strictest(matches.map((m) => m.decision));
  return decision === null ? { matchedRules } : { matchedRules, decision };
}
