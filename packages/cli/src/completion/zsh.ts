import type { CommandSpec } from "../args/spec.ts";
import { type FlatCommand, flatten, names } from "./walk.ts";

function zq(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/'/g, "'\\''")
    .replace(/\[/g, "\\[")
    .replace(/\]/g, "\\]")
    .replace(/:/g, "\\:");
}

function fnName(c: FlatCommand): string {
  return ["_codex", ...c.path].join("__").replace(/-/g, "_");
}

/** A zsh completion script (`#compdef codex`) built on _arguments. */
export function zshCompletion(root: CommandSpec): string {
  const all = flatten(root);
  const functions: string[] = [];
  for (const c of all) {
    const specs: string[] = [];
    for (const o of c.options) {
      const help = zq(o.help.split("\n")[0]?.slice(0, 80) ?? "");
      const value = o.value ? `:${zq(o.value)}:${o.possible ? `(${o.possible.join(" ")})` : "_files"}` : "";
      const repeat = o.multiple ? "*" : "";
      if (o.short) specs.push(`'${repeat}-${o.short}+[${help}]${value}'`);
      specs.push(`'${repeat}--${o.long}${o.value ? "=" : ""}[${help}]${value}'`);
    }
    specs.push("'(-h --help)'{-h,--help}'[Print help]'");
    if (c.subcommands.length) {
      specs.push("'1: :->command'", "'*:: :->args'");
      const list = c.subcommands.flatMap((s) => names(s).map((n) => `'${n}:${zq(s.about)}'`));
      const dispatch = c.subcommands
        .map(
          (s) => `                (${names(s).join("|")}) ${fnName({ ...c, path: [...c.path, s.name] })} ;;`,
        )
        .join("\n");
      functions.push(`${fnName(c)}() {
    local context state line
    _arguments -s -S \\
        ${specs.join(" \\\n        ")}
    case $state in
        command)
            local -a commands
            commands=(${list.join(" ")})
            _describe -t commands 'codex command' commands ;;
        args)
            case $words[1] in
${dispatch}
            esac ;;
    esac
}`);
    } else {
      for (const p of c.spec.positionals) {
        const action = p.possible ? `(${p.possible.join(" ")})` : "_files";
        specs.push(p.trailing ? `'*::${zq(p.name)}:_normal'` : `':${zq(p.name)}:${action}'`);
      }
      functions.push(`${fnName(c)}() {
    _arguments -s -S \\
        ${specs.join(" \\\n        ")}
}`);
    }
  }
  return `#compdef codex
# zsh completion for codex. Install: codex completion zsh > "\${fpath[1]}/_codex"

${functions.join("\n\n")}

if [ "$funcstack[1]" = "_codex" ]; then
    _codex "$@"
else
    compdef _codex codex
fi
`;
}
