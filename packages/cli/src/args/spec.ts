/** Declarative description of a command line: commands, options and positionals (like clap's derive). */

export type OptionSpec = {
  /** Long name without dashes; also the key in the parsed result. */
  long: string;
  short?: string;
  /** Other long names accepted (visible in help when `visibleAliases`). */
  aliases?: string[];
  visibleAliases?: string[];
  /** Name of the value (e.g. `MODEL`); absent for a switch. */
  value?: string;
  /** May be given more than once (values accumulate). */
  multiple?: boolean;
  /** Values are also split on commas (`-i a.png,b.png`). */
  commaSeparated?: boolean;
  possible?: readonly string[];
  /** Per-value help for `possible` (shown as "Possible values:" like clap). */
  possibleHelp?: Record<string, string>;
  default?: string;
  help: string;
  hidden?: boolean;
  /** Inherited by every subcommand (e.g. `-c`). */
  global?: boolean;
  /** Long names this option cannot be combined with. */
  conflicts?: string[];
  /** Checks a value; returns the problem (a usage error) or null. */
  check?: (value: string) => string | null;
};

export type PositionalSpec = {
  name: string;
  help: string;
  required?: boolean;
  /** Collects every remaining token, flags included (clap's trailing_var_arg). */
  trailing?: boolean;
  possible?: readonly string[];
  default?: string;
};

export type CommandSpec = {
  name: string;
  aliases?: string[];
  about: string;
  /** Extra paragraph shown in `--help`. */
  details?: string;
  options: OptionSpec[];
  positionals: PositionalSpec[];
  subcommands?: CommandSpec[];
  /** The subcommand must be given (e.g. `codex mcp`). */
  subcommandRequired?: boolean;
  hidden?: boolean;
  /** Prints `-V, --version`. */
  version?: boolean;
  /** Takes every argument as is (into its trailing positional); only a leading -h/--help is read. */
  passthrough?: boolean;
};

export type ParsedCommand = {
  /** Command names from the root, e.g. ["codex", "exec", "resume"]. */
  path: string[];
  spec: CommandSpec;
  /** Option values by long name: `true` for switches, string[] for values. */
  options: Record<string, true | string[]>;
  positionals: Record<string, string | string[]>;
  /** The parent's parse, for options given before the subcommand. */
  parent: ParsedCommand | null;
  child: ParsedCommand | null;
};

export class UsageError extends Error {
  override name = "UsageError";
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}

/** A trailing COMMAND positional: every token after it is the command to run, flags included. */
export function commandArgs(help: string): PositionalSpec {
  return { name: "COMMAND", help, trailing: true };
}
