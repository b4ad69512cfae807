/**
 * Detects an apply_patch call inside a shell tool's argv, so core can apply it itself (with
 * approval and a file_change item) instead of running a process: `["apply_patch", PATCH]`,
 * `["applypatch", PATCH]`, `["bash", "-lc", "[cd DIR && ]apply_patch <<'EOF'\n...\nEOF"]` (also
 * `sh`/`zsh` with `-c`/`-lc`, `pwsh`/`powershell [-NoProfile] -Command`, `cmd /c`).
 */
import { isAbsolute, resolve } from "node:path";
import { isParseError, type ParseError } from "./errors.ts";
import { extractHeredocCall } from "./heredoc-script.ts";
import { parsePatch } from "./parser.ts";
import type { ParsedPatch } from "./types.ts";

export const IMPLICIT_INVOCATION_MESSAGE =
  'patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]';

export type ApplyPatchInvocation =
  /** An apply_patch call with a valid patch. `cwd` is where to apply it (the cd applied). */
  | { type: "patch"; patch: string; parsed: ParsedPatch; workdir: string | null; cwd: string }
  /** An apply_patch call whose patch does not parse; report the error to the model. */
  | { type: "parse_error"; error: ParseError; workdir: string | null; cwd: string }
  /** A bare patch body run as a command; tell the model to call apply_patch explicitly. */
  | { type: "implicit"; message: string }
  | { type: "not_apply_patch" };

const APPLY_COMMANDS = new Set(["apply_patch", "applypatch"]);

/** Classifies `argv`. `cwd` (absolute) is the command's working directory. */
export function detectApplyPatchInvocation(
  argv: readonly string[],
  options: { cwd: string },
): ApplyPatchInvocation {
  const script = shellScript(argv);
  if ((argv.length === 1 && parses(argv[0] as string)) || (script !== null && parses(script))) {
    return { type: "implicit", message: IMPLICIT_INVOCATION_MESSAGE };
  }
  let body: string;
  let workdir: string | null = null;
  if (argv.length === 2 && APPLY_COMMANDS.has(argv[0] as string)) {
    body = argv[1] as string;
  } else if (script !== null) {
    const call = extractHeredocCall(script);
    if (call === null) return { type: "not_apply_patch" };
    body = call.body;
    workdir = call.workdir;
  } else {
    return { type: "not_apply_patch" };
  }
  const cwd = workdir === null ? options.cwd : isAbsolute(workdir) ? workdir : resolve(options.cwd, workdir);
  try {
    const parsed = parsePatch(body);
    return { type: "patch", patch: parsed.patch, parsed, workdir, cwd };
  } catch (error) {
    if (isParseError(error)) return { type: "parse_error", error, workdir, cwd };
    throw error;
  }
}

function parses(text: string): boolean {
  try {
    parsePatch(text);
    return true;
  } catch {
    return false;
  }
}

/** The script of `[shell, flag, script]` (or `[pwsh, -NoProfile, -Command, script]`), else null. */
function shellScript(argv: readonly string[]): string | null {
  const [shell, ...rest] = argv;
  if (shell === undefined) return null;
  const name = shellName(shell);
  const isPowerShell = name === "pwsh" || name === "powershell";
  const args =
    isPowerShell && rest.length === 3 && rest[0]?.toLowerCase() === "-noprofile" ? rest.slice(1) : rest;
  if (args.length !== 2) return null;
  const flag = args[0] as string;
  if ((name === "bash" || name === "zsh" || name === "sh") && (flag === "-lc" || flag === "-c")) {
    return args[1] as string;
  }
  if (isPowerShell && flag.toLowerCase() === "-command") return args[1] as string;
  if (name === "cmd" && flag.toLowerCase() === "/c") return args[1] as string;
  return null;
}

/** File name without directory or extension, lower-cased: "/bin/bash" -> "bash", "cmd.exe" -> "cmd". */
function shellName(program: string): string {
  const base = program.split(/[\\/]/).pop() ?? program;
  const dot = base.lastIndexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
}
