/**
 * Commands known to be read-only, which Codex runs without a sandbox and without asking.
 * The set follows Codex 0.47 (`cat cd echo false grep head ls nl pwd tail true wc which`, `find`
 * without its writing/executing actions, `rg` without `--pre`/`--hostname-bin`/`-z`, read-only
 * `git status|log|diff|show|branch`, `sed -n Np FILE`), hardened as later Codex versions do: git
 * `-c` config overrides, `--output`, `--ext-diff`, `--exec` and mutating `git branch` forms are not
 * safe. `cargo check` (in 0.47's list) is left out on purpose: it runs build scripts and proc
 * macros, i.e. arbitrary code, outside any sandbox.
 */
import { parseShellLcPlainCommands } from "./shell-parse.ts";

const PLAIN_SAFE = new Set([
  "cat",
  "cd",
  "echo",
  "false",
  "grep",
  "head",
  "ls",
  "nl",
  "pwd",
  "tail",
  "true",
  "wc",
  "which",
]);

const UNSAFE_FIND_OPTIONS = new Set([
  "-exec",
  "-execdir",
  "-ok",
  "-okdir",
  "-delete",
  "-fls",
  "-fprint",
  "-fprint0",
  "-fprintf",
]);
const UNSAFE_RG_FLAGS = new Set(["--search-zip", "-z"]);
const UNSAFE_RG_OPTIONS_WITH_VALUE = ["--pre", "--hostname-bin"];
const UNSAFE_GIT_FLAGS = new Set(["--output", "--ext-diff", "--textconv", "--exec", "--paginate"]);
const READ_ONLY_BRANCH_FLAGS = new Set([
  "--list",
  "-l",
  "--show-current",
  "-a",
  "--all",
  "-r",
  "--remotes",
  "-v",
  "-vv",
  "--verbose",
]);

function baseName(program: string): string {
  return program.slice(program.lastIndexOf("/") + 1);
}

/** `sed -n` argument of the form `N` + `p` or `M,N` + `p`. */
function isSedPrintRange(arg: string | undefined): boolean {
  return arg !== undefined && /^\d+(,\d+)?p$/.test(arg);
}

/** Index of git's subcommand, skipping only harmless global options, or -1. */
function safeGitSubcommandIndex(argv: readonly string[]): number {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "-C") {
      i++;
      continue;
    }
    if (arg === "--no-pager" || arg === "-P" || arg === "--no-optional-locks") continue;
    if (arg.startsWith("-")) return -1; // -c, --git-dir, --exec-path, ... can run other programs
    return i;
  }
  return -1;
}

function gitArgsReadOnly(args: readonly string[]): boolean {
  return !args.some((a) => UNSAFE_GIT_FLAGS.has(a) || a.startsWith("--output=") || a.startsWith("--exec="));
}

function gitBranchReadOnly(args: readonly string[]): boolean {
  if (args.length === 0) return true;
  return args.every((a) => READ_ONLY_BRANCH_FLAGS.has(a) || a.startsWith("--format="));
}

function isSafeGit(argv: readonly string[]): boolean {
  const index = safeGitSubcommandIndex(argv);
  if (index === -1) return false;
  const sub = argv[index];
  const rest = argv.slice(index + 1);
  switch (sub) {
    case "status":
    case "log":
    case "diff":
    case "show":
      return gitArgsReadOnly(rest);
    case "branch":
      return gitArgsReadOnly(rest) && gitBranchReadOnly(rest);
    default:
      return false;
  }
}

/** Whether this argv, run directly (execvp), is known to be safe. */
function isSafeToCallWithExec(argv: readonly string[]): boolean {
  const first = argv[0];
  if (first === undefined) return false;
  const program = baseName(first);
  if (PLAIN_SAFE.has(program)) return true;
  switch (program) {
    case "find":
      return !argv.some((a) => UNSAFE_FIND_OPTIONS.has(a));
    case "rg":
      return !argv.some(
        (a) =>
          UNSAFE_RG_FLAGS.has(a) ||
          UNSAFE_RG_OPTIONS_WITH_VALUE.some((o) => a === o || a.startsWith(`${o}=`)),
      );
    case "git":
      return isSafeGit(argv);
    case "sed":
      return argv.length <= 4 && argv[1] === "-n" && isSedPrintRange(argv[2]);
    default:
      return false;
  }
}

/**
 * Codex's `is_known_safe_command`: a safe argv, or `bash -lc` with a plain script whose every
 * command is safe. `zsh` is treated like `bash`.
 */
export function isKnownSafeCommand(argv: readonly string[]): boolean {
  if (isSafeToCallWithExec(argv)) return true;
  const commands = parseShellLcPlainCommands(argv);
  return commands !== null && commands.length > 0 && commands.every(isSafeToCallWithExec);
}
