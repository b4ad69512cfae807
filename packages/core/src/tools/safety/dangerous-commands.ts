/**
 * Commands that always need a human's yes, even inside a sandbox (and are refused under
 * `never`): `git reset`, `git rm`, forced `rm` (`-f`, `-rf`, `-fr`, `--force`, …), and `sudo`
 * in front of any of these. Checked on a direct argv and on each command of a plain `bash -lc`.
 */
import { parseShellLcPlainCommands } from "./shell-parse.ts";

const GIT_OPTIONS_WITH_VALUE = new Set([
  "-C",
  "-c",
  "--git-dir",
  "--work-tree",
  "--namespace",
  "--config-env",
]);

function gitSubcommand(argv: readonly string[]): string | undefined {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (GIT_OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith("-")) continue;
    return arg;
  }
  return undefined;
}

function isForcedRm(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === "--") return false;
    if (arg === "--force") return true;
    if (/^-[a-zA-Z]+$/.test(arg) && arg.includes("f")) return true;
  }
  return false;
}

function isDangerousToCallWithExec(argv: readonly string[]): boolean {
  const first = argv[0];
  if (first === undefined) return false;
  const program = first.slice(first.lastIndexOf("/") + 1);
  if (program === "git") {
    const sub = gitSubcommand(argv);
    return sub === "reset" || sub === "rm";
  }
  if (program === "rm") return isForcedRm(argv.slice(1));
  if (program === "sudo") return isDangerousToCallWithExec(argv.slice(1));
  return false;
}

export function commandMightBeDangerous(argv: readonly string[]): boolean {
  if (isDangerousToCallWithExec(argv)) return true;
  const commands = parseShellLcPlainCommands(argv);
  return commands?.some(isDangerousToCallWithExec) ?? false;
}
