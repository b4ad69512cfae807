import type { CommandSpec } from "../args/spec.ts";
import { flatten, names, shq } from "./walk.ts";

/** A fish completion script. */
export function fishCompletion(root: CommandSpec): string {
  const lines = [
    "# fish completion for codex. Install: codex completion fish > ~/.config/fish/completions/codex.fish",
  ];
  lines.push("function __codex_path_is");
  lines.push("    set -l tokens (commandline -opc)");
  lines.push("    set -e tokens[1]");
  lines.push("    set -l words");
  lines.push("    for t in $tokens");
  lines.push("        string match -q -- '-*' $t; and continue");
  lines.push("        set -a words $t");
  lines.push("    end");
  lines.push('    test "$words" = "$argv"');
  lines.push("end");
  const all = flatten(root);
  for (const c of all) {
    // Each alias path leads to the same command; fish tests the canonical words typed so far.
    const condition = `__codex_path_is ${c.path.join(" ")}`.trim();
    for (const sub of c.subcommands) {
      for (const n of names(sub)) {
        lines.push(`complete -c codex -f -n ${shq(condition)} -a ${shq(n)} -d ${shq(sub.about)}`);
      }
    }
    for (const o of c.options) {
      const parts = [`complete -c codex -n ${shq(condition)} -l ${o.long}`];
      if (o.short) parts.push(`-s ${o.short}`);
      if (o.value) parts.push("-r");
      if (o.possible) parts.push(`-f -a ${shq(o.possible.join(" "))}`);
      parts.push(`-d ${shq(o.help.split("\n")[0]?.slice(0, 80) ?? "")}`);
      lines.push(parts.join(" "));
    }
    const positional = c.spec.positionals.find((p) => p.possible);
    if (positional?.possible)
      lines.push(`complete -c codex -f -n ${shq(condition)} -a ${shq(positional.possible.join(" "))}`);
  }
  return `${lines.join("\n")}\n`;
}
