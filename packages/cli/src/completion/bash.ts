import type { CommandSpec } from "../args/spec.ts";
import { flatten, names, optionWords } from "./walk.ts";

/** A bash completion script: subcommands, options, and the values of enumerated options. */
export function bashCompletion(root: CommandSpec): string {
  const commands = flatten(root);
  const transitions: string[] = [];
  const cases: string[] = [];
  for (const c of commands) {
    const key = ["codex", ...c.path].join("__");
    for (const sub of c.subcommands) {
      for (const n of names(sub)) transitions.push(`        ${key},${n}) cmd="${key}__${sub.name}" ;;`);
    }
    const words = [...c.options.flatMap(optionWords), "--help", ...c.subcommands.map((s) => s.name)];
    const valueCases: string[] = [];
    for (const o of c.options) {
      if (!o.value) continue;
      const list = o.possible ? `compgen -W "${o.possible.join(" ")}" -- "$cur"` : `compgen -f -- "$cur"`;
      valueCases.push(`                ${optionWords(o).join("|")}) COMPREPLY=( $(${list}) ); return 0 ;;`);
    }
    const positional = c.spec.positionals.find((p) => p.possible);
    const positionalWords = positional?.possible ? ` ${positional.possible.join(" ")}` : "";
    cases.push(
      `        ${key})\n            case "$prev" in\n${valueCases.join("\n")}${valueCases.length ? "\n" : ""}            esac\n            COMPREPLY=( $(compgen -W "${words.join(" ")}${positionalWords}" -- "$cur") )\n            ;;`,
    );
  }
  return `# bash completion for codex. Install: codex completion bash > /etc/bash_completion.d/codex
# or add \`eval "$(codex completion bash)"\` to ~/.bashrc.
_codex() {
    local cur prev cmd i word
    COMPREPLY=()
    cur="\${COMP_WORDS[COMP_CWORD]}"
    prev="\${COMP_WORDS[COMP_CWORD-1]}"
    cmd="codex"
    for (( i=1; i<COMP_CWORD; i++ )); do
        word="\${COMP_WORDS[i]}"
        [[ "$word" == "--" ]] && return 0
        case "$cmd,$word" in
${transitions.join("\n")}
        esac
    done
    case "$cmd" in
${cases.join("\n")}
    esac
    return 0
}
complete -F _codex -o bashdefault -o default codex
`;
}
