/** `codex execpolicy check --rules FILE… [--pretty] [--resolve-host-executables] CMD…`. */
import { execpolicyCheck } from "@codex/core";
import { flag, optionValues } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";

export async function runExecpolicyCheck(parsed: ParsedCommand): Promise<number> {
  const rulesFiles = optionValues(parsed, "rules");
  if (rulesFiles.length === 0) {
    process.stderr.write(
      "error: the following required arguments were not provided:\n  --rules <PATH>\n\nUsage: codex execpolicy check --rules <PATH> <COMMAND>...\n\nFor more information, try '--help'.\n",
    );
    return 2;
  }
  const output = execpolicyCheck({
    rulesFiles,
    command: (parsed.positionals.COMMAND as string[] | undefined) ?? [],
    pretty: flag(parsed, "pretty"),
    resolveHostExecutables: flag(parsed, "resolve-host-executables"),
  });
  process.stdout.write(`${output}\n`);
  return 0;
}
