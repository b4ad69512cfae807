/**
 * The `apply_patch` command: what the binary does when started as `apply_patch`/`applypatch`
 * (argv[0]) or as `codex --codex-run-as-apply-patch PATCH`. Applies PATCH in the current
 * directory, prints the summary on stdout or the error on stderr, and returns the exit code.
 */
import { applyHunks, formatSummary } from "./apply.ts";
import { ApplyPatchError, describeParseError, isParseError } from "./errors.ts";
import type { PatchFileSystem } from "./file-system.ts";
import { parsePatch } from "./parser.ts";

export type ApplyPatchCliIo = {
  /**
   * How the binary was entered. "apply_patch" (default): PATCH is the only argument, or stdin when
   * there is none. "codex-run-as-apply-patch": PATCH must be the first argument.
   */
  entry?: "apply_patch" | "codex-run-as-apply-patch";
  cwd?: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Reads all of stdin; defaults to process.stdin. */
  readStdin?: () => Promise<string>;
  fs?: PatchFileSystem;
};

const PRESERVE_CRLF_FLAG = "--preserve-crlf";

/** Runs apply_patch with `args` (the arguments after the program name or the mode flag). */
export async function runApplyPatchCli(args: string[], io: ApplyPatchCliIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  // CRLF files are always preserved here; accept the later reference's flag for compatibility.
  const rest = args[0] === PRESERVE_CRLF_FLAG ? args.slice(1) : args;
  let patch: string;
  if (io.entry === "codex-run-as-apply-patch") {
    if (rest[0] === undefined) {
      stderr("Error: --codex-run-as-apply-patch requires a UTF-8 PATCH argument.\n");
      return 1;
    }
    patch = rest[0];
  } else if (rest.length > 1) {
    stderr("Error: apply_patch accepts exactly one argument.\n");
    return 2;
  } else if (rest[0] !== undefined) {
    patch = rest[0];
  } else {
    try {
      patch = await (io.readStdin ?? readProcessStdin)();
    } catch (error) {
      stderr(`Error: Failed to read PATCH from stdin.\n${String(error)}\n`);
      return 1;
    }
    if (patch === "") {
      stderr("Usage: apply_patch 'PATCH'\n       echo 'PATCH' | apply-patch\n");
      return 2;
    }
  }
  return applyAndReport(patch, { cwd: io.cwd ?? process.cwd(), fs: io.fs, stdout, stderr });
}

async function applyAndReport(
  patch: string,
  options: {
    cwd: string;
    fs: PatchFileSystem | undefined;
    stdout: (text: string) => void;
    stderr: (text: string) => void;
  },
): Promise<number> {
  try {
    const { hunks } = parsePatch(patch);
    const { affected } = await applyHunks(hunks, { cwd: options.cwd, fs: options.fs });
    options.stdout(formatSummary(affected));
    return 0;
  } catch (error) {
    if (isParseError(error)) options.stderr(`${describeParseError(error)}\n`);
    else if (error instanceof ApplyPatchError) options.stderr(`${error.message}\n`);
    else options.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
