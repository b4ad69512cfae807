/**
 * Turns the statements of a rules file into rules: `prefix_rule`, `host_executable` and
 * `network_rule` (accepted as 0.169 writes them; the command policy does not use them). Arguments
 * are checked as 0.169 checks them, and each rule's `match`/`not_match` examples are tried against
 * it before the file is accepted.
 */
import { basename, isAbsolute } from "node:path";
import { shellJoin } from "../tools/exec/shell-join.ts";
import { type Decision, type PrefixRule, RulesPolicy } from "./policy.ts";
import { splitShellWords } from "./shell-words.ts";
import { type Argument, type Position, RulesError, type Statement, type Value } from "./syntax.ts";

type Resolved = string | Resolved[];

const SIGNATURES: Record<string, { params: string[]; required: string[] }> = {
  prefix_rule: {
    params: ["pattern", "decision", "match", "not_match", "justification"],
    required: ["pattern"],
  },
  host_executable: { params: ["name", "paths"], required: ["name", "paths"] },
  network_rule: {
    params: ["host", "protocol", "decision", "justification"],
    required: ["host", "protocol", "decision"],
  },
};

export type NetworkRule = {
  host: string;
  protocol: string;
  decision: Decision;
  justification: string | null;
};

type Pending = { rules: PrefixRule[]; match: string[][]; notMatch: string[][]; at: Position };

export class RulesBuilder {
  readonly policy = new RulesPolicy();
  readonly networkRules: NetworkRule[] = [];

  /** Adds one file's statements; throws `RulesError` naming the file and line of the problem. */
  add(file: string, statements: readonly Statement[]): void {
    const variables = new Map<string, Resolved>();
    const pending: Pending[] = [];
    const fail = (at: Position, detail: string): never => {
      throw new RulesError(file, at, detail);
    };
    const resolve = (value: Value): Resolved => {
      if (value.kind === "string") return value.value;
      if (value.kind === "list") return value.items.map(resolve);
      const bound = variables.get(value.name);
      if (bound === undefined) return fail(value.at, `unknown name \`${value.name}\``);
      return bound;
    };
    for (const statement of statements) {
      if (statement.kind === "assign") {
        if (statement.name in SIGNATURES) fail(statement.at, `\`${statement.name}\` cannot be reassigned`);
        variables.set(statement.name, resolve(statement.value));
        continue;
      }
      const signature = SIGNATURES[statement.callee];
      if (!signature)
        fail(
          statement.at,
          `unknown function \`${statement.callee}\` (rules files use prefix_rule, host_executable and network_rule)`,
        );
      const args = bindArguments(statement.callee, statement.args, statement.at, fail);
      const values = new Map(
        [...args].map(([name, arg]) => [name, { value: resolve(arg.value), at: arg.value.at }]),
      );
      const context = { fail, at: statement.at };
      if (statement.callee === "prefix_rule") pending.push(this.prefixRule(values, context));
      else if (statement.callee === "host_executable") this.hostExecutable(values, context);
      else this.networkRule(values, context);
    }
    for (const check of pending) validateExamples(check, this.policy, fail);
  }

  private prefixRule(values: ArgValues, { fail, at }: Ctx): Pending {
    const decision = decisionOf(values.get("decision"), fail) ?? "allow";
    const justification = optionalString(values.get("justification"), "justification", fail);
    if (justification !== null && justification.trim() === "") fail(at, "justification cannot be empty");
    const raw = values.get("pattern") as ArgValue;
    if (!Array.isArray(raw.value))
      fail(raw.at, "pattern must be a list of strings (or lists of alternatives)");
    const pattern = (raw.value as Resolved[]).map((word) => {
      if (typeof word === "string") return [word];
      if (word.length === 0) fail(raw.at, "pattern alternatives cannot be empty");
      if (!word.every((alt) => typeof alt === "string")) fail(raw.at, "pattern alternative must be a string");
      return word as string[];
    });
    if (pattern.length === 0) fail(raw.at, "pattern cannot be empty");
    const rules = (pattern[0] as string[]).map((first) => ({
      pattern: [[first], ...pattern.slice(1)],
      decision,
      justification,
    }));
    for (const rule of rules) this.policy.addRule(rule);
    return {
      rules,
      match: examplesOf(values.get("match"), fail),
      notMatch: examplesOf(values.get("not_match"), fail),
      at,
    };
  }

  private hostExecutable(values: ArgValues, { fail }: Ctx): void {
    const name = values.get("name") as ArgValue;
    if (typeof name.value !== "string" || name.value === "" || name.value.includes("/"))
      fail(name.at, "host_executable name must be a bare executable name");
    const paths = values.get("paths") as ArgValue;
    if (!Array.isArray(paths.value)) fail(paths.at, "host_executable paths must be a list of strings");
    const list: string[] = [];
    for (const path of paths.value) {
      if (typeof path !== "string") fail(paths.at, "host_executable paths must be strings");
      const p = path as string;
      if (!isAbsolute(p)) fail(paths.at, `host_executable paths must be absolute (got ${p})`);
      if (basename(p) !== name.value)
        fail(paths.at, `host_executable path \`${p}\` must have basename \`${name.value}\``);
      if (!list.includes(p)) list.push(p);
    }
    this.policy.setHostExecutable(name.value as string, list);
  }

  private networkRule(values: ArgValues, { fail }: Ctx): void {
    const host = optionalString(values.get("host"), "host", fail) ?? "";
    if (host.trim() === "") fail((values.get("host") as ArgValue).at, "network_rule host cannot be empty");
    const protocol = optionalString(values.get("protocol"), "protocol", fail) ?? "";
    const known = ["http", "https", "https_connect", "http-connect", "socks5_tcp", "socks5_udp"];
    if (!known.includes(protocol))
      fail(
        (values.get("protocol") as ArgValue).at,
        `network_rule protocol must be one of http, https, socks5_tcp, socks5_udp (got ${protocol})`,
      );
    const rawDecision = values.get("decision") as ArgValue;
    const decision = rawDecision.value === "deny" ? "forbidden" : decisionOf(rawDecision, fail);
    this.networkRules.push({
      host: host.trim().toLowerCase(),
      protocol,
      decision: decision as Decision,
      justification: optionalString(values.get("justification"), "justification", fail),
    });
  }
}

type ArgValue = { value: Resolved; at: Position };
type ArgValues = Map<string, ArgValue>;
type Fail = (at: Position, detail: string) => never;
type Ctx = { fail: Fail; at: Position };

function bindArguments(
  callee: string,
  args: readonly Argument[],
  at: Position,
  fail: Fail,
): Map<string, Argument> {
  const { params, required } = SIGNATURES[callee] as { params: string[]; required: string[] };
  const bound = new Map<string, Argument>();
  args.forEach((arg, index) => {
    const name = arg.name ?? params[index];
    if (name === undefined) fail(arg.at, `${callee} takes at most ${params.length} arguments`);
    if (!params.includes(name as string)) fail(arg.at, `${callee} has no argument \`${name}\``);
    if (bound.has(name as string)) fail(arg.at, `${callee} got \`${name}\` twice`);
    bound.set(name as string, arg);
  });
  for (const name of required) if (!bound.has(name)) fail(at, `${callee} needs \`${name}\``);
  return bound;
}

function optionalString(arg: ArgValue | undefined, what: string, fail: Fail): string | null {
  if (arg === undefined) return null;
  if (typeof arg.value !== "string") fail(arg.at, `${what} must be a string`);
  return arg.value as string;
}

function decisionOf(arg: ArgValue | undefined, fail: Fail): Decision | null {
  if (arg === undefined) return null;
  const value = arg.value;
  if (value === "allow" || value === "prompt" || value === "forbidden") return value;
  return fail(
    arg.at,
    `invalid decision: ${typeof value === "string" ? value : "a list"} (use "allow", "prompt" or "forbidden")`,
  );
}

function examplesOf(arg: ArgValue | undefined, fail: Fail): string[][] {
  if (arg === undefined) return [];
  if (!Array.isArray(arg.value)) return fail(arg.at, "examples must be a list");
  return arg.value.map((example) => {
    if (typeof example === "string") {
      const words = splitShellWords(example);
      if (words === null) fail(arg.at, `example \`${example}\` has invalid shell syntax`);
      if ((words as string[]).length === 0) fail(arg.at, "example cannot be an empty string");
      return words as string[];
    }
    if (example.length === 0) fail(arg.at, "example cannot be an empty list");
    if (!example.every((w) => typeof w === "string")) fail(arg.at, "example tokens must be strings");
    return example as string[];
  });
}

function validateExamples(check: Pending, all: RulesPolicy, fail: Fail): void {
  // Examples are tried against this call's rules alone (with every host_executable of the file).
  const scoped = all.scopedTo(check.rules);
  const matchesOwn = (example: string[]) =>
    scoped.matches(example, { resolveHostExecutables: true }).length > 0;
  for (const example of check.notMatch)
    if (matchesOwn(example))
      fail(
        check.at,
        `not_match example \`${shellJoin(example)}\` matches this rule; fix the rule or the example`,
      );
  const unmatched = check.match.filter((example) => !matchesOwn(example));
  if (unmatched.length > 0)
    fail(
      check.at,
      `match example ${unmatched.map((e) => `\`${shellJoin(e)}\``).join(", ")} does not match this rule; fix the rule or the example`,
    );
}
