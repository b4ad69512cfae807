/** Flattens the command tree for the completion generators. */
import type { CommandSpec, OptionSpec } from "../args/spec.ts";

export type FlatCommand = {
  /** Path without the program name, e.g. ["exec", "resume"]; [] is the root. */
  path: string[];
  spec: CommandSpec;
  options: OptionSpec[];
  subcommands: CommandSpec[];
};

export function flatten(root: CommandSpec): FlatCommand[] {
  const out: FlatCommand[] = [];
  const visit = (spec: CommandSpec, path: string[], globals: OptionSpec[]): void => {
    const options = [
      ...spec.options,
      ...globals.filter((g) => !spec.options.some((o) => o.long === g.long)),
    ].filter((o) => !o.hidden);
    const subcommands = (spec.subcommands ?? []).filter((c) => !c.hidden);
    out.push({ path, spec, options, subcommands });
    const inherited = [...globals, ...spec.options.filter((o) => o.global)];
    for (const sub of subcommands) visit(sub, [...path, sub.name], inherited);
  };
  visit(root, [], []);
  return out;
}

/** Every name a subcommand answers to (its name and aliases). */
export function names(spec: CommandSpec): string[] {
  return [spec.name, ...(spec.aliases ?? [])];
}

export function optionWords(option: OptionSpec): string[] {
  return [
    `--${option.long}`,
    ...(option.visibleAliases ?? []).map((a) => `--${a}`),
    ...(option.short ? [`-${option.short}`] : []),
  ];
}

/** Single-quotes a string for POSIX shells. */
export function shq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
