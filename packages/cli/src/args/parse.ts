/** Parses argv against a CommandSpec tree. Errors are UsageError (printed clap-style, exit 2). */

import { usageLine } from "./help.ts";
import { type CommandSpec, type OptionSpec, type ParsedCommand, UsageError } from "./spec.ts";

function findSub(spec: CommandSpec, token: string): CommandSpec | undefined {
  return spec.subcommands?.find((c) => c.name === token || c.aliases?.includes(token));
}

function lookupLong(options: OptionSpec[], name: string): OptionSpec | undefined {
  return options.find(
    (o) => o.long === name || o.aliases?.includes(name) || o.visibleAliases?.includes(name),
  );
}

function describeOption(option: OptionSpec): string {
  return option.value ? `--${option.long} <${option.value}>` : `--${option.long}`;
}

export function parseArgs(root: CommandSpec, argv: string[]): ParsedCommand {
  return parseCommand({ spec: root, argv, path: [root.name], parent: null, inherited: [] });
}

type ParseInput = {
  spec: CommandSpec;
  argv: string[];
  path: string[];
  parent: ParsedCommand | null;
  inherited: OptionSpec[];
};

function parseCommand(input: ParseInput): ParsedCommand {
  const { spec, argv, path } = input;
  const options = [
    ...spec.options,
    ...input.inherited.filter((g) => !spec.options.some((o) => o.long === g.long)),
    { long: "help", short: "h", help: "Print help" },
    ...(spec.version ? [{ long: "version", short: "V", help: "Print version" }] : []),
  ];
  const usage = usageLine(spec, path);
  const fail = (message: string): never => {
    throw new UsageError(message, usage);
  };
  const parsed: ParsedCommand = {
    path,
    spec,
    options: {},
    positionals: {},
    parent: input.parent,
    child: null,
  };
  let positionalIndex = 0;
  let onlyPositionals = false;
  if (spec.passthrough) {
    const slot = spec.positionals[0];
    if (argv[0] === "--help" || argv[0] === "-h") parsed.options.help = true;
    else if (slot) parsed.positionals[slot.name] = [...argv];
    return parsed;
  }

  const setOption = (option: OptionSpec, value: string | undefined): void => {
    if (!option.value) {
      parsed.options[option.long] = true;
      return;
    }
    if (value === undefined)
      fail(`a value is required for '${describeOption(option)}' but none was supplied`);
    const values = option.commaSeparated ? (value as string).split(",").filter(Boolean) : [value as string];
    for (const v of values) {
      const problem = option.check?.(v);
      if (problem) fail(`invalid value '${v}' for '${describeOption(option)}': ${problem}`);
      if (option.possible && !option.possible.includes(v)) {
        fail(
          `invalid value '${v}' for '${describeOption(option)}'\n  [possible values: ${option.possible.join(", ")}]`,
        );
      }
    }
    const previous = parsed.options[option.long];
    if (Array.isArray(previous) && !option.multiple) {
      fail(`the argument '${describeOption(option)}' cannot be used multiple times`);
    }
    parsed.options[option.long] = [...(Array.isArray(previous) ? previous : []), ...values];
  };

  const pushPositional = (token: string): boolean => {
    const slot = spec.positionals[positionalIndex];
    if (!slot) return false;
    if (slot.trailing) {
      const list = (parsed.positionals[slot.name] as string[] | undefined) ?? [];
      list.push(token);
      parsed.positionals[slot.name] = list;
      onlyPositionals = true;
      return true;
    }
    if (slot.possible && !slot.possible.includes(token)) {
      fail(`invalid value '${token}' for '[${slot.name}]'\n  [possible values: ${slot.possible.join(", ")}]`);
    }
    parsed.positionals[slot.name] = token;
    positionalIndex++;
    return true;
  };

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (onlyPositionals) {
      if (!pushPositional(token)) fail(`unexpected argument '${token}' found`);
      continue;
    }
    if (token === "--") {
      onlyPositionals = true;
      const slot = spec.positionals[positionalIndex];
      if (slot && !slot.trailing && positionalIndex + 1 < spec.positionals.length) {
        // `--` before several positionals: keep filling them in order.
        onlyPositionals = false;
        for (const rest of argv.slice(i + 1))
          if (!pushPositional(rest)) fail(`unexpected argument '${rest}' found`);
        break;
      }
      continue;
    }
    if (token.startsWith("--") && token.length > 2) {
      const eq = token.indexOf("=");
      const name = eq > 0 ? token.slice(2, eq) : token.slice(2);
      const option = lookupLong(options, name);
      if (!option) fail(`unexpected argument '--${name}' found`);
      const o = option as OptionSpec;
      if (o.value) setOption(o, eq > 0 ? token.slice(eq + 1) : argv[++i]);
      else if (eq > 0)
        fail(`unexpected value '${token.slice(eq + 1)}' for '--${o.long}' found; no more were expected`);
      else setOption(o, undefined);
      continue;
    }
    if (token.startsWith("-") && token.length > 1 && !/^-\d/.test(token)) {
      for (let j = 1; j < token.length; j++) {
        const ch = token[j] as string;
        const option = options.find((o) => o.short === ch);
        if (!option) fail(`unexpected argument '-${ch}' found`);
        const o = option as OptionSpec;
        if (o.value) {
          const attached = token.slice(j + 1).replace(/^=/, "");
          setOption(o, attached !== "" ? attached : argv[++i]);
          break;
        }
        setOption(o, undefined);
      }
      continue;
    }
    const sub = positionalIndex === 0 ? findSub(spec, token) : undefined;
    if (!sub && token === "help" && positionalIndex === 0 && spec.subcommands?.length) {
      // `codex help exec` is `codex exec --help`.
      const target = argv[i + 1] ? findSub(spec, argv[i + 1] as string) : undefined;
      if (target) {
        parsed.child = parseCommand({
          spec: target,
          argv: ["--help"],
          path: [...path, target.name],
          parent: parsed,
          inherited: [...input.inherited, ...spec.options.filter((o) => o.global)],
        });
      } else {
        parsed.options.help = true;
      }
      break;
    }
    if (sub) {
      const globals = [...input.inherited, ...spec.options.filter((o) => o.global)];
      parsed.child = parseCommand({
        spec: sub,
        argv: argv.slice(i + 1),
        path: [...path, sub.name],
        parent: parsed,
        inherited: globals,
      });
      break;
    }
    if (!pushPositional(token)) fail(`unexpected argument '${token}' found`);
  }

  for (const option of options) {
    for (const other of option.conflicts ?? []) {
      if (parsed.options[option.long] !== undefined && parsed.options[other] !== undefined) {
        const o = lookupLong(options, other) as OptionSpec;
        fail(`the argument '${describeOption(option)}' cannot be used with '${describeOption(o)}'`);
      }
    }
  }
  if (!parsed.child) {
    if (spec.subcommandRequired && !parsed.options.help)
      fail("a subcommand is required but one was not provided");
    for (const slot of spec.positionals) {
      if (slot.required && parsed.positionals[slot.name] === undefined && !parsed.options.help) {
        fail(`the following required arguments were not provided:\n  <${slot.name}>`);
      }
      if (slot.default !== undefined && parsed.positionals[slot.name] === undefined)
        parsed.positionals[slot.name] = slot.default;
    }
  }
  return parsed;
}

/** The deepest command that was parsed. */
export function leaf(parsed: ParsedCommand): ParsedCommand {
  let node = parsed;
  while (node.child) node = node.child;
  return node;
}

/** Reads an option from the deepest command that set it (a subcommand wins over its parents). */
export function optionValues(parsed: ParsedCommand, long: string): string[] {
  const out: string[] = [];
  for (let node: ParsedCommand | null = parsed; node; node = node.parent) {
    const v = node.options[long];
    if (Array.isArray(v)) out.unshift(...v);
  }
  return out;
}

export function optionValue(parsed: ParsedCommand, long: string): string | undefined {
  for (let node: ParsedCommand | null = parsed; node; node = node.parent) {
    const v = node.options[long];
    if (Array.isArray(v)) return v[v.length - 1];
  }
  return undefined;
}

export function flag(parsed: ParsedCommand, long: string): boolean {
  for (let node: ParsedCommand | null = parsed; node; node = node.parent)
    if (node.options[long] === true) return true;
  return false;
}
