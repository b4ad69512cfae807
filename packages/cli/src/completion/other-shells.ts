import type { CommandSpec } from "../args/spec.ts";
import { flatten, names, optionWords } from "./walk.ts";

/** An elvish completion script. */
export function elvishCompletion(root: CommandSpec): string {
  const entries = flatten(root).map((c) => {
    const words = [...c.subcommands.flatMap((s) => names(s)), ...c.options.flatMap(optionWords), "--help"];
    return `    &'${["codex", ...c.path].join(";")}'= [${words.map((w) => `'${w}'`).join(" ")}]`;
  });
  return `# elvish completion for codex. Install: codex completion elvish > ~/.config/elvish/lib/codex.elv and \`use codex\`
var codex-completions = [
${entries.join("\n")}
]
set edit:completion:arg-completer[codex] = {|@words|
    var path = 'codex'
    for w $words[1..-1] {
        if (has-key $codex-completions $path';'$w) { set path = $path';'$w }
    }
    if (has-key $codex-completions $path) { put $@codex-completions[$path] }
}
`;
}

/** A PowerShell completion script. */
export function powershellCompletion(root: CommandSpec): string {
  const entries = flatten(root).map((c) => {
    const words = [...c.subcommands.flatMap((s) => names(s)), ...c.options.flatMap(optionWords), "--help"];
    return `    '${["codex", ...c.path].join(";")}' = @(${words.map((w) => `'${w}'`).join(", ")})`;
  });
  return `# PowerShell completion for codex. Install: codex completion powershell | Out-String | Invoke-Expression
$codexCompletions = @{
${entries.join("\n")}
}
Register-ArgumentCompleter -Native -CommandName 'codex' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $path = 'codex'
    foreach ($element in $commandAst.CommandElements | Select-Object -Skip 1) {
        $text = $element.ToString()
        if ($text -eq $wordToComplete) { break }
        if ($codexCompletions.ContainsKey("$path;$text")) { $path = "$path;$text" }
    }
    $codexCompletions[$path] | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
`;
}
